"""The one table of pages: path, page function, title, on_load guard.

Every page is registered from here; `tests/web/test_routes.py` checks that no two collide
and that every non-public page has a guard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from ecandidat_app.web.pages import catalogue, home, profile
from ecandidat_app.web.state.auth import AuthState


@dataclass(frozen=True)
class Route:
    path: str
    page: Callable[[], rx.Component]
    title: str
    # "public", "applicant", "staff" or "admin": who may open the page.
    audience: str = "public"
    on_load: list[Any] = field(default_factory=list)


GUARDS: dict[str, Any] = {
    "public": AuthState.refresh_user,
    "applicant": AuthState.require_applicant,
    "staff": AuthState.require_staff,
    "admin": AuthState.require_admin,
}

ROUTES: list[Route] = [
    Route("/", home.page, "Accueil"),
    Route("/formations", catalogue.page, "Formations", on_load=[catalogue.CatalogueState.load]),
    Route("/mon-dossier", profile.page, "Mon dossier", "applicant", [profile.ProfileState.load]),
]


def register(app: rx.App) -> None:
    for route in ROUTES:
        app.add_page(
            route.page,
            route=route.path,
            title=f"{route.title} · eCandidat",
            on_load=[GUARDS[route.audience], *route.on_load],
        )
