"""The route table: no two routes collide, and every page has a guard for its audience."""

from __future__ import annotations

import re

from ecandidat_app.web.routes import GUARDS, ROUTES


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
                assert route.audience in {audience, "admin"}, route
