"""Malformed arguments sent by hand to every event handler, through Reflex's own event
processor (queue, state manager, payload preparation, our argument check, the app's
backend exception handler), as a signed-in applicant, gestionnaire and admin.

Generated from the app itself: every handler that takes arguments, of every page state
the route table registers, gets each malicious value in each argument position (the
other positions hold a value the page would send). For each event: no English or generic
error reaches the browser, no error or traceback is logged, and the database is the same
afterwards (every table's row count and a hash of its rows)."""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import itertools
import logging
import uuid
from typing import Any, Literal

import pytest
import reflex as rx
from reflex.istate.manager.memory import StateManagerMemory
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor
from reflex_base.utils.format import format_event_handler
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import ecandidat_app.ecandidat_app as app_module
from ecandidat_app.web.pages import mailbox
from ecandidat_app.web.state import checked_handlers, event_args
from tests.security.conftest import World, state_for
from tests.security.test_authorization_matrix import candidates, page_states, url_for

MALICIOUS: tuple[Any, ...] = (
    2**70,
    2**63,
    -1,
    0,
    "abc",
    None,
    [],
    {},
    "x" * 100_000,
    1.5,
    True,
    # In range and well typed, but designating nothing: the core's French NotFound.
    2**63 - 1,
    2**31 - 1,
    "2147483648",
    "99999999999999999999999",
    "\x00",
)
PERSONAS = ("applicant_a", "gest_in", "admin")
# What Reflex's default handler shows, and the toast id of any unexpected failure (Reflex's
# or ours: an event that needed it crashed). Looked for in the events' JavaScript text.
FORBIDDEN_TEXTS = (
    "An error occurred",
    "Contact the website administrator",
    "See logs for details",
    "Traceback",
    "Une erreur inattendue",  # our handler's message: an event that needed it crashed
)
# A login form sent with junk is a failed sign-in like any other: the throttle counts it
# (that is the point of the table), so its rows may change; nothing else may.
COUNTED_ATTEMPTS = {"loginthrottle"}
REFUSAL_TOAST = "Cette action n"  # event_args.INVALID_ACTION, as the notice carries it


class BrowserSide:
    """Where the event processor sends what the browser would receive (the socket's
    place): deltas and frontend events (toasts), kept as text to search."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    # Reflex calls it as emit_update(update=..., token=...): the names are its own.
    async def emit_update(self, update: Any, token: str) -> None:  # noqa: ARG002
        self.sent.append(repr(update))


def db_snapshot(engine: Engine) -> dict[str, tuple[int, str]]:
    """Every table: its row count and a hash of its rows (in a stable order)."""
    out = {}
    with Session(engine) as s:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in COUNTED_ATTEMPTS:
                continue
            rows = sorted(repr(tuple(r)) for r in s.connection().execute(table.select()))
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            out[table.name] = (len(rows), digest)
    return out


def argument_cases(cls: type, w: World) -> list[tuple[str, tuple[Any, ...]]]:
    """(handler, args) for each handler with arguments, position and malicious value."""
    cases = []
    for name, handler in sorted(cls.event_handlers.items()):
        params = list(inspect.signature(handler.fn).parameters.values())[1:]
        if not params:
            continue
        good = [_plain(candidates(w, p)[0]) for p in params]
        for position in range(len(params)):
            for value in MALICIOUS:
                args = list(good)
                args[position] = value
                cases.append((name, tuple(args)))
    return cases


def _plain(value: Any) -> Any:
    """What JSON from the browser can carry (the matrix's AnyForm is a dict subclass)."""
    return dict(value) if isinstance(value, dict) else value


async def _run_cases(
    w: World, engine: Engine, cls: type, url: str, persona: str, cases: list
) -> tuple[list[str], int]:
    browser = BrowserSide()
    processor = BaseStateEventProcessor(
        middleware=app_module.app,
        backend_exception_handler=app_module.app.backend_exception_handler,
    )
    processor.configure(state_manager=StateManagerMemory(), event_namespace=browser)
    problems: list[str] = []
    refused = 0
    client = str(uuid.uuid4())
    root = state_for(cls, url, token=w.tokens[persona])._get_root_state()
    router_data = {"pathname": url.split("?")[0], "asPath": url, "query": {}, "token": client}
    root.router_data = router_data
    async with processor:
        await processor._root_context.state_manager.set_state(  # type: ignore[union-attr]
            _token(client), root
        )
        # The database is compared around each handler's batch of malformed events (one
        # snapshot per event would take minutes); a change names the handler.
        for name, batch in itertools.groupby(cases, key=lambda case: case[0]):
            handler = cls.event_handlers[name]
            params = list(inspect.signature(handler.fn).parameters)[1:]
            before = db_snapshot(engine)
            for _name, args in batch:
                browser.sent.clear()
                event = Event(
                    name=format_event_handler(handler),
                    payload=dict(zip(params, args, strict=True)),
                    router_data=router_data,
                )
                label = f"{cls.__name__}.{name}{_short(args)} as {persona}"
                try:
                    await (await processor.enqueue(client, event)).wait_all()
                except Exception as exc:  # noqa: BLE001 - the handler crashed: listed below
                    problems.append(f"{label}: raised {exc!r}"[:300])
                sent = "\n".join(browser.sent)
                refused += REFUSAL_TOAST in sent
                problems += [f"{label}: shows {t!r}" for t in FORBIDDEN_TEXTS if t in sent]
            changed = [t for t, v in db_snapshot(engine).items() if before.get(t) != v]
            if changed:
                problems.append(f"{cls.__name__}.{name} as {persona}: changed {changed}")
    return problems, refused


def _token(client: str) -> Any:
    from reflex.istate.manager.token import BaseStateToken
    from reflex.state import State

    return BaseStateToken(ident=client, cls=State)


def _short(args: tuple) -> str:
    return repr(tuple(a[:10] + "…" if isinstance(a, str) and len(a) > 10 else a for a in args))


@pytest.mark.parametrize("persona", PERSONAS)
def test_malformed_arguments_to_every_handler(
    world: World,
    engine: Engine,
    persona: str,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.WARNING)
    # `True` to the demo mailbox's auto-refresh starts its polling loop (10 minutes):
    # a zero-length refresh period lets that chained event end at once.
    monkeypatch.setattr(mailbox, "REFRESH_FOR_S", 0)
    total = refused = 0
    handlers: set[str] = set()
    problems: list[str] = []
    for cls, _audience, path in page_states():
        cases = argument_cases(cls, world)
        if not cases:
            continue
        handlers |= {f"{cls.__name__}.{name}" for name, _ in cases}
        found, n_refused = asyncio.run(
            _run_cases(world, engine, cls, url_for(path, world), persona, cases)
        )
        problems += found
        total += len(cases)
        refused += n_refused
    logged = [
        f"{r.levelname} {r.name}: {r.getMessage()[:200]}"
        for r in caplog.records
        if r.levelno >= logging.ERROR or r.exc_info or "Traceback" in r.getMessage()
    ]
    print(
        f"{persona}: {len(handlers)} handlers, {total} malformed events, "
        f"{refused} refused with the French toast, problems: {len(problems)}, "
        f"errors logged: {len(logged)}"
    )
    assert not problems, "\n".join(problems[:50])
    assert not logged, "\n".join(logged[:30])
    assert len(handlers) > 100 and total > 1500
    # Most malformed values are refused before the handler runs (the rest are valid
    # values, e.g. "abc" where any text is allowed, answered by the handler itself).
    assert refused > total // 2


def test_refusal_is_one_warning_line_without_the_value(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    from ecandidat_app.web.pages.my_applications import MyApplicationsState

    caplog.set_level(logging.WARNING)
    st = state_for(MyApplicationsState, "/mes-candidatures", token=world.tokens["applicant_a"])
    fn = type(st).event_handlers["withdraw"].fn
    spec = fn(st, "9" * 100_000)
    assert event_args.INVALID_ACTION in repr(spec)
    records = [r for r in caplog.records if r.name == "ecandidat.events"]
    assert len(records) == 1 and records[0].levelno == logging.WARNING
    assert not records[0].exc_info and len(records[0].getMessage()) < 300


def test_every_handler_says_precisely_what_it_takes() -> None:
    """No handler takes an unannotated, `Any` or bare dict/list argument (setvar aside:
    it only dispatches to the `set_<name>` handlers, which are checked)."""
    loose = {
        f"{cls.__name__}.{name}": checked_handlers.loose_parameters(handler.fn)
        for cls, _a, _p in page_states()
        for name, handler in cls.event_handlers.items()
        if name != "setvar"
    }
    assert {k: v for k, v in loose.items() if v} == {}


@pytest.mark.parametrize(
    ("value", "hint", "expected"),
    [
        ("12", event_args.Id, 12),
        (12, event_args.Id, 12),
        ("12", event_args.IdText, "12"),
        ({"a": "b"}, event_args.FormData, {"a": "b"}),
        (None, event_args.FormData | None, None),
        (0.5, float, 0.5),
        ([1, "2"], list[int], [1, 2]),
        (True, str | bool, True),
    ],
)
def test_values_the_pages_send_are_accepted(value: Any, hint: Any, expected: Any) -> None:
    assert event_args.convert(value, hint) == expected


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        (True, int),
        (" 7", int),
        ("+7", int),
        ("1_0", int),
        ("٧", int),
        (2**63, int),
        (-1, int),
        (0, event_args.Id),
        ("0", event_args.IdText),
        ("abc", event_args.IdText),
        (1, str),
        ("\ud800", str),
        ("a\x00b", str),
        ("x" * (event_args.MAX_TEXT + 1), str),
        ({"a": 1}, event_args.FormData),
        (["a"], event_args.FormData),
        (float("nan"), float),
        ("other", Literal["one", "two"]),
        (list(range(event_args.MAX_ITEMS + 1)), list[int]),
        ({"a": 1}, rx.UploadChunkIterator),
    ],
)
def test_malformed_values_are_refused(value: Any, hint: Any) -> None:
    with pytest.raises(event_args.Refused):
        event_args.convert(value, hint)
