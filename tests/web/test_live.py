"""web/live.py: the rules every live loop relies on (one loop per tab, nothing sent when
nothing moved, a failed round tried again, stop when the work says so or the tab is gone).

The page side (board, dossier presence, mailbox) runs for real in test_staff_two_dossiers,
test_mail_pages and the e2e live board; here the state is a small stand-in with the three
things the helper touches (the state lock, the loop number, the tab's token), so that
each rule is shown alone and fast."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from ecandidat_app.web import live


@pytest.fixture(autouse=True)
def _no_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """No app bound (another test module may have imported the real one): a tab counts
    as connected unless a test binds an app that says otherwise."""
    monkeypatch.setattr(live, "_connected", None)


class _Tab:
    """A background event's `self`: `async with` is the state lock."""

    def __init__(self) -> None:
        self._live_id = 0
        self.router = SimpleNamespace(session=SimpleNamespace(client_token="tab-1"))
        self.locked = 0

    async def __aenter__(self) -> _Tab:
        self.locked += 1
        return self

    async def __aexit__(self, *exc: Any) -> None:
        return None


async def test_a_newer_loop_of_the_same_tab_stops_the_older_one() -> None:
    tab = _Tab()
    live.start(tab)
    shown: list[str] = []
    rounds = 0

    def work(snap: str) -> str:
        nonlocal rounds
        rounds += 1
        if rounds == 2:
            live.start(tab)  # the page is loaded again: a new loop takes over
        return snap

    ran_out = await live.run(
        tab,
        every=0,
        lifetime=5,
        read=lambda: "old",
        work=work,
        show=lambda _snap, result: shown.append(result),
    )
    assert ran_out is False and shown == ["old"] and rounds == 2


async def test_unchanged_takes_no_lock_and_a_failed_round_is_tried_again() -> None:
    tab = _Tab()
    live.start(tab)
    answers: list[Any] = [live.UNCHANGED, RuntimeError("base indisponible"), "nouveau", None]
    shown: list[str] = []

    def work(_snap: int) -> Any:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    ran_out = await live.run(
        tab, every=0, lifetime=5, read=lambda: 1, work=work, show=lambda _s, r: shown.append(r)
    )
    # None (signed out) ended it; the error and the unchanged round showed nothing.
    assert ran_out is False and shown == ["nouveau"] and answers == []
    # One lock to start, one read per round (4), one show: none for UNCHANGED or the error.
    assert tab.locked == 1 + 4 + 1


async def test_a_page_that_no_longer_wants_the_loop_stops_it_and_the_lifetime_ends_it() -> None:
    tab = _Tab()
    live.start(tab)
    assert (
        await live.run(tab, every=0, lifetime=5, read=lambda: None, work=str, show=print) is False
    )
    ran_out = await live.run(
        tab, every=0.01, lifetime=0.05, read=lambda: 1, work=lambda _s: live.UNCHANGED, show=print
    )
    assert ran_out is True


async def test_a_closed_tab_stops_the_loop() -> None:
    tab = _Tab()
    live.start(tab)
    asked: list[str] = []

    async def is_token_connected(token: str) -> bool:
        asked.append(token)
        return False

    # What `live.bind` reads of Reflex's app: its namespace's token manager.
    app = SimpleNamespace(
        event_namespace=SimpleNamespace(
            _token_manager=SimpleNamespace(is_token_connected=is_token_connected)
        )
    )
    live.bind(app)
    ran_out = await live.run(tab, every=0, lifetime=5, read=lambda: 1, work=lambda s: s, show=print)
    assert ran_out is False and asked == ["tab-1"]


async def test_a_server_stopping_ends_every_loop_without_waiting_for_its_pause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At SIGTERM the shutdown waits for the events still running: a board loop pausing
    30 s must not hold it (web/background.py calls stop_all)."""
    import asyncio
    import time

    monkeypatch.setattr(live, "_stopping", False)
    tab = _Tab()
    live.start(tab)
    loop = asyncio.create_task(
        live.run(
            tab, every=30, lifetime=300, read=lambda: 1, work=lambda s: s, show=lambda *_: None
        )
    )
    await asyncio.sleep(0.1)
    started = time.monotonic()
    live.stop_all()
    assert await asyncio.wait_for(loop, 5) is False
    assert time.monotonic() - started < 1.5
