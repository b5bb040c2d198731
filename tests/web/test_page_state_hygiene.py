"""Page state hygiene, generated from the route table (`web/state/page_state.py`).

For every route whose path carries an id, the same browser tab opens the page for object A,
every client var of the page's state is given a value typed or chosen there (form fields,
messages, selections, open dialogs), then the tab opens the page for object B: each var
must then hold exactly what a fresh tab opening B holds. A new parametrised page is covered
as soon as it is in `routes.ROUTES`; a new kind of id needs a pair of objects below.

The administration pages (one route, an edit form inside) follow the same rule between two
visits: a form opened, typed into and left is empty when the page is opened again."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.web.routes import ROUTES, Route, load_events
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.crud import CrudMixin
from tests.web.staff_world import StaffWorld, build, navigate, state_for

PARAMETRISED = [r for r in ROUTES if "[" in r.path]
ADMIN_FORMS = [
    r for r in ROUTES if any(issubclass(h.state, CrudMixin) for h in r.on_load if h.state)
]

# For each kind of id and audience: who opens the page, object A, object B.
PAIRS: dict[tuple[str, str], Callable[[StaffWorld], tuple[str, int, int]]] = {
    # A staff member goes from Alice's dossier to Bruno's.
    ("application_id", "staff"): lambda w: ("gestionnaire", w.app_alice, w.app_bruno),
    # An applicant goes from one of her candidatures to the other.
    ("application_id", "applicant"): lambda w: ("alice", w.app_alice_2, w.app_alice),
}
TYPED = "Saisi sur la page de l'objet A"


def _page_states(route: Route) -> list[type]:
    states = {h.state for h in route.on_load if h.state is not None and h.state is not AuthState}
    assert states, f"{route.path}: aucune page d'état à vérifier"
    return sorted(states, key=lambda c: c.get_full_name())


def _substate(tab: Any, cls: type) -> Any:
    root = tab
    while root.parent_state is not None:
        root = root.parent_state
    return root.get_substate(cls.get_full_name().split(".")[1:])


def _open(tab: Any, route: Route) -> None:
    """Run the route's load events on the tab as Reflex does when the page opens."""
    for handler in load_events(route):
        result = handler.fn(_substate(tab, handler.state))
        assert "redirect" not in str(result), f"{route.path}: refusé ({result})"


def _typed_value(annotation: Any, current: Any) -> Any:
    """A value someone could have typed or chosen, different from `current`; None when the
    var holds data of a shape we cannot invent (it then keeps A's data, loaded above)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is str:
        return TYPED
    if annotation is bool:
        return not current
    if annotation is int:
        return current + 7
    if origin is list and args and args[0] is str:
        return [*current, TYPED]
    if origin is list and args and typing.get_origin(args[0]) is dict:
        return [*current, {"id": "999", "label": TYPED}]
    if origin is dict and args == (str, str):
        return {**current, "saisi": TYPED}
    return None


def _type_everything(state: Any) -> list[str]:
    """Fill every client var of the page's own state; the names of those filled."""
    cls = type(state)
    filled = []
    for name in cls.base_vars:
        value = _typed_value(cls.__fields__[name].outer_type_, getattr(state, name))
        if value is not None:
            setattr(state, name, value)
            filled.append(name)
        elif getattr(state, name) != cls.__fields__[name].default_value():
            filled.append(name)  # A's own data, loaded by the page
    return filled


def _leftovers(route: Route, token: str, url_a: str, url_b: str) -> dict[str, Any]:
    """Vars of the tab that went A then B and differ from a fresh tab that opened B."""
    states = _page_states(route)
    tab = state_for(states[0], url_a, token=token)
    _open(tab, route)
    filled = {cls: _type_everything(_substate(tab, cls)) for cls in states}
    navigate(tab, url_b)
    _open(tab, route)
    fresh = state_for(states[0], url_b, token=token)
    _open(fresh, route)
    left: dict[str, Any] = {}
    for cls, names in filled.items():
        assert names, f"{cls.__name__}: aucun champ rempli, le test ne prouverait rien"
        after, clean = _substate(tab, cls), _substate(fresh, cls)
        for name in names:
            if getattr(after, name) != getattr(clean, name):
                left[f"{cls.__name__}.{name}"] = getattr(after, name)
    return left


def _url(path: str, value: int) -> str:
    return re.sub(r"\[[^/]+\]", str(value), path)


def test_every_parametrised_route_has_a_pair_of_objects() -> None:
    assert PARAMETRISED, "la table des routes n'a plus de page avec un identifiant ?"
    for route in PARAMETRISED:
        for param in re.findall(r"\[([^/\]]+)\]", route.path):
            assert (param, route.audience) in PAIRS, (
                f"{route.path} : ajoutez à PAIRS deux objets « {param} » pour {route.audience}"
            )


@pytest.mark.parametrize("route", PARAMETRISED, ids=[r.path for r in PARAMETRISED])
def test_a_page_with_an_id_starts_clean_for_the_next_object(session: Session, route: Route) -> None:
    world = build(session)
    param = re.findall(r"\[([^/\]]+)\]", route.path)[0]
    persona, a, b = PAIRS[(param, route.audience)](world)
    left = _leftovers(route, world.tokens[persona], _url(route.path, a), _url(route.path, b))
    assert not left, f"{route.path} : valeurs de l'objet A restées sur la page de B : {left}"


@pytest.mark.parametrize("route", ADMIN_FORMS, ids=[r.path for r in ADMIN_FORMS])
def test_an_admin_page_opens_with_an_empty_form(session: Session, route: Route) -> None:
    world = build(session)
    left = _leftovers(route, world.tokens["admin"], route.path, route.path)
    assert not left, f"{route.path} : formulaire ou sélection restés d'une visite : {left}"
