"""A signed-in person typing the address of a page that is not for them lands on a French
403 page, not silently on the home page; a visitor who is not signed in still goes to the
login page."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.web.pages import forbidden
from ecandidat_app.web.routes import ROUTES, load_events
from ecandidat_app.web.state.auth import FORBIDDEN_PATH
from tests.web.staff_world import build, state_for

# (persona, audience of the page) -> where the page's guard sends them (None: let in).
CASES = [
    ("alice", "staff", FORBIDDEN_PATH),
    ("alice", "admin", FORBIDDEN_PATH),
    ("member", "admin", FORBIDDEN_PATH),
    ("gestionnaire", "admin", FORBIDDEN_PATH),
    ("member", "staff", None),
    ("admin", "admin", None),
    ("", "staff", "/connexion"),
    ("", "admin", "/connexion"),
]


@pytest.mark.parametrize(("persona", "audience", "target"), CASES)
def test_guards_send_the_wrong_people_to_the_403_page(
    session: Session, persona: str, audience: str, target: str | None
) -> None:
    world = build(session)
    token = world.tokens.get(persona, "")
    for route in (r for r in ROUTES if r.audience == audience and "[" not in r.path):
        guard = load_events(route)[0]
        result = guard.fn(state_for(guard.state, route.path, token=token))
        if target is None:
            assert "redirect" not in str(result), route.path
        else:
            assert "_redirect" in str(result) and f'"{target}"' in str(result), (route, result)


def test_the_403_page_is_public_and_says_so_in_french() -> None:
    route = next(r for r in ROUTES if r.path == FORBIDDEN_PATH)
    assert route.audience == "public"
    rendered = str(forbidden.page())
    for text in ("Vous n'avez pas accès à cette page", "Aller au tableau de bord", "Se connecter"):
        assert json.dumps(text)[1:-1] in rendered, text  # the page's JS escapes accents
