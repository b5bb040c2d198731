"""Who may do what, generated from the app itself rather than listed by hand:

(a) every route of `web.routes.ROUTES`: its audience guard, run for each persona;
(b) every event handler of every page state the route modules register, called by each
    persona who should be refused, with ids of objects that belong to applicant A, in two
    ways: on a page the persona opened itself ("fresh"), and on a page an entitled user
    had open when the session changed under it ("hijacked": the private ids and the form
    already point at A's dossier, the cookie is now someone else's);
(c) every file URL `/api/fichiers/{id}` through a real Starlette app and the cookie.

A success for a wrong persona is a LEAK: data it does not own changed (database
fingerprint), or A's data, staff notes or secrets reached its client vars or came back
from the handler. The test prints the number of cases and asserts that no leak exists.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest
import reflex as rx
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.testclient import TestClient

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.web import routes
from ecandidat_app.web.api import api_routes
from ecandidat_app.web.state.auth import SESSION_COOKIE, AuthState
from tests.security.conftest import (
    A_MARKERS,
    NOTE_MARKER,
    PERSONAS,
    World,
    call,
    client_vars,
    diff,
    fingerprint,
    pdf_bytes,
    secret_var_names,
    state_for,
    visible_markers,
)
from tests.web.harness import with_session

# Pages anyone may use on purpose: they act only on what the visitor typed (a search, a
# new account, credentials, a link's token), never on an id of someone's object.
PUBLIC_STATES = {
    "CatalogueState": "catalogue search and details (apply is checked: it is not public)",
    "SignupState": "account creation",
    "LoginState": "login with credentials",
    "StudentLoginState": "ENT login with directory credentials",
    "ForgotState": "reset link request (same answer for every address)",
    "ResetState": "password reset with the link's token",
    "LinkState": "activation / e-mail confirmation with the link's token",
    "MailboxState": "demo mailbox, off outside demo mode (the tests run in dev mode)",
}
NOT_PUBLIC_IN_PUBLIC_STATES = {("CatalogueState", "apply")}
# Loops started by a handler of the same state after it checked the account; each round
# re-reads the account itself. They need a live websocket proxy to run at all.
BACKGROUND_LOOPS = {"watch", "keep_presence", "poll"}
# `setvar(name, v)` only dispatches to the `set_<name>` handlers, which are all tested.
SKIPPED = {"setvar"}
# Handlers named like setters that write to the database: never part of a "prep".
WRITING_SETTERS = {"set_incomplete", "set_complete"}

AUDIENCE_ALLOWED = {
    "public": set(PERSONAS),
    "applicant": {"applicant_a", "applicant_b"},
    "staff": {"member_other", "gest_other", "gest_in", "admin", "centre_admin_other", "reader_in"},
    "centre": {"admin", "centre_admin_other"},
    "admin": {"admin"},
}
# Whose actions on A's objects are legitimate, by the audience of the page.
ACTS_ON_A = {
    "applicant": {"applicant_a"},
    "staff": {"gest_in", "admin"},
    "centre": {"admin"},
    "admin": {"admin"},
    "self": {"applicant_a"},
}
PREPARER = {
    "applicant": "applicant_a",
    "staff": "gest_in",
    "centre": "admin",
    "admin": "admin",
    "self": "applicant_a",
}


def page_states() -> list[tuple[type, str, str]]:
    """(state class, audience, URL pointing at A's objects) for every route module's state."""
    found: dict[type, tuple[str, str]] = {}
    for route in routes.ROUTES:
        module = importlib.import_module(route.page.__module__)
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, rx.State)
                and obj.__module__ == module.__name__
                and obj not in found
            ):
                audience = route.audience
                if route.path == "/mon-compte":
                    audience = "self"  # any signed-in user, on their own account
                found[obj] = (audience, route.path)
    return [(cls, aud, path) for cls, (aud, path) in found.items()]


def url_for(path: str, w: World) -> str:
    if "[application_id]" not in path:
        return path
    target = w.app_sent if path.startswith("/gestion") else w.app_open
    return path.replace("[application_id]", str(target.id))


class AnyForm(dict):
    """A submitted form with every field filled (whatever the handler asks for)."""

    def get(self, key: Any, _default: Any = None) -> Any:
        return super().get(key, "Valeur-1")

    def __getitem__(self, key: Any) -> Any:
        return self.get(key)


def candidates(w: World, param: inspect.Parameter) -> list[Any]:
    """Values to try for one handler parameter: ids of A's objects where it takes ids."""
    ids = w.ids
    by_name: dict[str, list[Any]] = {
        "application_id": [w.app_open.id, w.app_sent.id],
        "stored_file_id": [f.id for f in w.files],
        "document_type_id": [w.cv.id, w.grant.id],
        "doc_id": [str(i) for i in w.doc_ids],
        "entry_id": list(w.entries.values()),
        "kind": list(w.entries),
        "item_id": [str(i) for i in ids["admin_items"]],
        "member_id": [str(i) for i in ids["members"]],
        "message_id": [str(i) for i in ids["outbox"]] or ["1"],
        "formation_id": ids["formations"],
        "status": ["CO", "IN"],
        "action": ["delete", "archive", "activate", "reset"],
        "section_name": ["civil", "contact"],
        "event": ["status_CO"],
        "view": ["failed", "all"],
        "files": [[UploadFile(file=io.BytesIO(pdf_bytes()), filename="pirate.pdf")]],
        "prog": [{"progress": 0.5}],
        "page": [2],
        "name": ["label", "phone"],
    }
    annotation = str(param.annotation)
    if param.name in by_name:
        values = by_name[param.name]
        # Handlers receive what the browser sends: ids typed `str` arrive as strings.
        return [str(v) for v in values] if annotation == "str" else values
    if "dict" in annotation:
        return [AnyForm()]
    if "bool" in annotation:
        return [True]
    if "int" in annotation:
        return [w.app_sent.id]
    return ["Valeur-1"]


def handler_cases(cls: type, w: World) -> list[tuple[str, tuple]]:
    cases = []
    for name, handler in sorted(cls.event_handlers.items()):
        if name in SKIPPED or name in BACKGROUND_LOOPS:
            continue
        params = list(inspect.signature(handler.fn).parameters.values())[1:]
        combos = list(itertools.product(*(candidates(w, p) for p in params)))[:6]
        cases += [(name, combo) for combo in combos]
    return cases


def _prepare(cls: type, url: str, w: World, persona: str) -> Any:
    """The page as an entitled user left it: loaded, forms filled, an item being edited."""
    st = state_for(cls, url, token=w.tokens[persona])
    for loader in ("load", "start"):
        if loader in cls.event_handlers:
            call(st, loader)
    rows = getattr(st, "rows", None)
    if "edit" in cls.event_handlers and isinstance(rows, list) and rows:
        first = rows[0]
        item = first.get("id") if isinstance(first, dict) else None
        if item:
            call(st, "edit", str(item))
    for name, handler in cls.event_handlers.items():
        if name.startswith("set_") and name not in WRITING_SETTERS:
            params = list(inspect.signature(handler.fn).parameters.values())[1:]
            args = [candidates(w, p)[0] for p in params]
            with contextlib.suppress(Exception):  # a setter refusing a value is fine here
                call(st, name, *args)
    if "open_refuse" in cls.event_handlers and w.doc_ids:
        call(st, "open_refuse", str(w.doc_ids[0]), "CV")
        call(st, "set_refuse_comment", "Refus pirate")
    return st


def _blob(value: Any) -> str:
    return repr(value)


def _is_redirect(result: Any) -> bool:
    events = result if isinstance(result, list | tuple) else [result]
    return any(
        getattr(getattr(e, "handler", None), "fn", None) is not None
        and e.handler.fn.__qualname__ == "_redirect"
        for e in events
    )


def test_route_guards(world: World) -> None:
    """(a) every route: the first event that runs when the page opens (the audience guard,
    or a page load that guards itself) lets in exactly the right personas, and runs for
    every persona without an error."""
    cases = leaks = 0
    for route in routes.ROUTES:
        first = routes.load_events(route)[0]
        for persona in PERSONAS:
            st = state_for(first.state, route.path, token=world.tokens[persona])
            result = first.fn(st)
            # A public page lets everyone in; its own logic may still send someone on
            # (/connexion sends a signed-in user home), which is not access control.
            allowed = route.audience == "public" or not _is_redirect(result)
            cases += 1
            if allowed != (persona in AUDIENCE_ALLOWED[route.audience]):
                leaks += 1
                print("GUARD", route.path, persona, allowed)
    print(f"route guard cases: {cases}, wrong answers: {leaks}")
    assert cases == len(routes.ROUTES) * len(PERSONAS)
    assert leaks == 0


def test_no_client_var_is_named_like_a_secret() -> None:
    offenders = {
        cls.__name__: secret_var_names(cls) for cls, _a, _p in page_states() + [(AuthState, "", "")]
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def _run_case(
    w: World, engine: Engine, cls: type, audience: str, url: str, case: tuple, public: bool
) -> tuple[list[str], str]:
    """One call by a persona who should be refused: (problems found, error text)."""
    name, args, persona, mode = case
    if mode == "fresh":
        st = state_for(cls, url, token=w.tokens[persona])
        for loader in ("load", "start"):
            if loader in cls.event_handlers and loader != name:
                call(st, loader)  # a crash here fails the test: no traceback
    else:
        st = _prepare(cls, url, w, PREPARER.get(audience, "admin"))
        with_session(st, w.tokens[persona])
    before = fingerprint(engine, w, persona)
    error, returned = "", None
    try:
        returned = call(st, name, *args)
    except Exception as exc:  # noqa: BLE001 - counted and shown in the report
        error = repr(exc)
    problems = []
    if not public:
        changed = diff(before, fingerprint(engine, w, persona))
        if changed:
            problems.append(f"changed {changed}")
    seen = visible_markers(persona, _blob(returned))
    if mode == "fresh":  # a hijacked page showed A's data to A before: only new data counts
        seen += visible_markers(persona, _blob(client_vars(st)))
    if seen:
        problems.append(f"sees {sorted(set(seen))}")
    return problems, error


def test_event_handlers_matrix(world: World, engine: Engine) -> None:
    """(b) every handler of every page state, every persona that should be refused."""
    w = world
    total = leaks = errors = 0
    per_persona: dict[str, int] = dict.fromkeys(PERSONAS, 0)
    report: list[str] = []
    # Every fresh case runs before any hijacked one: a hijacked call may write the form it
    # found into the persona's OWN file, which a later fresh view would then show.
    for mode, (cls, audience, path) in itertools.product(("fresh", "hijacked"), page_states()):
        url = url_for(path, w)
        for name, args in handler_cases(cls, w):
            public = (
                cls.__name__ in PUBLIC_STATES
                and (cls.__name__, name) not in NOT_PUBLIC_IN_PUBLIC_STATES
            )
            if public and mode == "hijacked":
                continue
            for persona in PERSONAS:
                if not public and persona in ACTS_ON_A.get(audience, set()):
                    continue  # entitled: see test_entitled_users_do_see_and_act
                total += 1
                per_persona[persona] += 1
                case = (name, args, persona, mode)
                problems, error = _run_case(w, engine, cls, audience, url, case, public)
                label = f"{cls.__name__}.{name}{args} {persona} {mode}"
                if error:
                    errors += 1
                    report.append(f"ERROR {label}: {error}")
                if problems:
                    leaks += 1
                    report.append(f"LEAK {label}: {problems}")
    summary = {"handler_cases": total, "leaks": leaks, "errors": errors, "per_persona": per_persona}
    print(f"event handler cases: {total}, leaks: {leaks}, errors: {errors}")
    print(f"cases per persona: {per_persona}")
    _record("handlers", engine, summary, report)
    assert leaks == 0, "\n".join(report)
    assert errors == 0, "\n".join(report)
    assert total > 1000


def test_entitled_users_do_see_and_act(world: World) -> None:
    """The oracle is not blind: the right people see A's data and may act on it."""
    from ecandidat_app.web.pages.application import ApplicationState
    from ecandidat_app.web.pages.my_applications import MyApplicationsState
    from ecandidat_app.web.pages.profile import ProfileState
    from ecandidat_app.web.pages.staff_board import StaffBoardState
    from ecandidat_app.web.pages.staff_dossier import StaffDossierState

    w = world
    app_url = f"/candidature/{w.app_open.id}"
    for cls, url in (
        (ApplicationState, app_url),
        (MyApplicationsState, "/mes-candidatures"),
        (ProfileState, "/mon-dossier"),
    ):
        st = state_for(cls, url, token=w.tokens["applicant_a"])
        call(st, "load")
        blob = _blob(client_vars(st))
        assert any(m in blob for m in (*A_MARKERS, "releve-zarkovitch", "Licence")), cls
        assert NOTE_MARKER not in blob  # the applicant never sees internal notes
    for persona in ("gest_in", "admin"):
        st = state_for(
            StaffDossierState, f"/gestion/dossier/{w.app_sent.id}", token=w.tokens[persona]
        )
        call(st, "load")
        blob = _blob(client_vars(st))
        assert "Zarkovitch" in blob and NOTE_MARKER in blob
        board = state_for(StaffBoardState, "/gestion", token=w.tokens[persona])
        call(board, "load")
        assert "Zarkovitch" in _blob(client_vars(board))
    # The reader sees A's dossier with no action, and is refused a note; the other
    # centre's administrator lists their own centre's formations only.
    from ecandidat_app.web.pages.admin_formations import FormationsState

    st = state_for(
        StaffDossierState, f"/gestion/dossier/{w.app_sent.id}", token=w.tokens["reader_in"]
    )
    call(st, "load")
    assert "Zarkovitch" in _blob(client_vars(st))
    assert not st.can_review and not st.can_decide and st.deadline_kind == ""
    call(st, "set_note", "Note du lecteur")
    call(st, "add_note")
    assert st.message_kind == "error", st.message
    formations = state_for(
        FormationsState, "/admin/formations", token=w.tokens["centre_admin_other"]
    )
    call(formations, "load")
    assert [r["label"] for r in formations.rows] == ["Licence Lettres"]
    # And they may act: the owner removes a file, the gestionnaire adds a note.
    st = state_for(ApplicationState, app_url, token=w.tokens["applicant_a"])
    call(st, "load")
    call(st, "remove", w.files[1].id)
    assert st.message_kind == "success", st.message
    st = state_for(
        StaffDossierState, f"/gestion/dossier/{w.app_sent.id}", token=w.tokens["gest_in"]
    )
    call(st, "load")
    call(st, "set_note", "Note du gestionnaire")
    call(st, "add_note")
    assert st.message_kind == "success", st.message


def test_file_urls(world: World, engine: Engine) -> None:
    """(c) every stored file, every persona, through the real route with the cookie."""
    client = TestClient(Starlette(routes=api_routes()))
    owners_and_staff = {"applicant_a", "gest_in", "admin", "reader_in"}
    total = leaks = 0
    report = []
    for stored in world.files:
        for persona in PERSONAS:
            client.cookies.clear()
            token = world.tokens[persona]
            resp = client.get(
                f"/api/fichiers/{stored.id}", cookies={SESSION_COOKIE: token} if token else {}
            )
            total += 1
            ok = resp.status_code == 200
            # The open application's file answers no dossier staff can see yet (not
            # transmitted is still in scope): staff in scope may read both.
            expected = persona in owners_and_staff
            if ok and not expected:
                leaks += 1
                report.append(f"LEAK file {stored.id} {persona}")
            if expected and not ok:
                report.append(f"REFUSED file {stored.id} {persona} {resp.status_code}")
    for bogus in ("0", "999999", "-1", "abc", "1%2F..%2F..", "%00"):
        client.cookies.clear()
        resp = client.get(f"/api/fichiers/{bogus}", cookies={SESSION_COOKIE: world.tokens["admin"]})
        total += 1
        if resp.status_code == 200:
            leaks += 1
            report.append(f"LEAK bogus id {bogus}")
    print(f"file URL cases: {total}, leaks: {leaks}")
    _record("files", engine, {"file_cases": total, "leaks": leaks}, report)
    assert leaks == 0 and not report, "\n".join(report)


def _record(kind: str, engine: Engine, summary: dict, report: list[str]) -> None:
    """Keep the counts where the team can read them (test-artifacts/ is git-ignored)."""
    out = Path(os.environ.get("ECANDIDAT_TEST_ARTIFACTS", "test-artifacts"))
    out.mkdir(exist_ok=True)
    backend = engine.url.get_backend_name()
    (out / f"security-matrix-{kind}-{backend}.json").write_text(
        json.dumps({**summary, "report": report[:200]}, indent=2, ensure_ascii=False)
    )


@pytest.fixture(autouse=True)
def _quiet_reflex_logs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFLEX_TELEMETRY_ENABLED", "false")
