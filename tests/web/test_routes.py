"""The route table: no two routes collide, and every page has a guard for its audience."""

from __future__ import annotations

import re

import pytest
import reflex as rx

from ecandidat_app.web.routes import GUARDS, ROUTES, Route, guarding_audience, load_events


def _shape(path: str) -> str:
    """Dynamic segments ([id]) collide with each other whatever their names."""
    return re.sub(r"\[[^/]+\]", "[]", path.rstrip("/") or "/")


def test_no_two_routes_collide() -> None:
    shapes = [_shape(r.path) for r in ROUTES]
    assert len(shapes) == len(set(shapes)), shapes


def test_every_route_has_a_known_audience_and_title() -> None:
    for route in ROUTES:
        assert route.audience in GUARDS, route
        assert route.title.strip(), route


def test_private_areas_are_guarded() -> None:
    """Pages under the applicant and staff areas are never public."""
    prefixes = {
        "/candidature": "applicant",
        "/mes-candidatures": "applicant",
        "/mon-dossier": "applicant",
        "/gestion": "staff",
        "/admin": "admin",
    }
    for route in ROUTES:
        for prefix, audience in prefixes.items():
            if route.path.startswith(prefix):
                # /admin pages: admin-only, or shared with centre administrators ("centre").
                allowed = {audience, "admin"} | ({"centre"} if prefix == "/admin" else set())
                assert route.audience in allowed, route


def test_every_page_opens_with_a_guard_for_its_own_audience() -> None:
    """The first event of every page is the audience guard, or the page's own load made
    with page_load for that same audience (the guard then runs inside the load)."""
    for route in ROUTES:
        first = load_events(route)[0]
        assert first in GUARDS.values() or guarding_audience(first) == route.audience, route
        if first in GUARDS.values():
            assert first is GUARDS[route.audience], route


def test_a_load_guarding_another_audience_is_refused() -> None:
    applicant_load = next(r for r in ROUTES if r.path == "/mon-dossier").on_load[0]
    wrong = Route("/gestion/essai", lambda: rx.box(), "Essai", "staff", [applicant_load])
    with pytest.raises(ValueError, match="applicant"):
        load_events(wrong)
