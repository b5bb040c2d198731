"""One helper for a page's live loop: the board's watch, the dossier's presence, the mailbox.

A live loop is a background event of a page state that, every few seconds, reads what it
needs from the state (under the state lock), does its work in a thread (off the event loop
and outside the lock, so neither the server nor the user's own clicks wait), then shows the
result (under the lock again). The helper owns what every such loop must get right:

- one loop per tab: `start(state)` numbers the loop in a server-only var; an older loop of
  the same tab sees a newer number and stops;
- a lifetime: a forgotten tab stops after `lifetime` seconds (the next page load restarts);
- the tab is gone: checked after each pause, against every worker (with Redis);
- the server stops (SIGTERM): `stop_all()` ends every loop within half a second;
- a failed round (database hiccup) is logged and tried again at the next round.

The app binds itself with `bind(app)` after creating it (`ecandidat_app.py`): pages never
import the app module.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Final, TypeVar

logger = logging.getLogger(__name__)

# The server-only var each live page declares (`_live_id: int = 0`).
LOOP_VAR: Final = "_live_id"


class Unchanged:
    """The type of `UNCHANGED`."""


# What `work` returns when nothing moved: no lock taken, nothing sent to the browser.
UNCHANGED: Final = Unchanged()

_connected: Callable[[str], Awaitable[bool]] | None = None
# Set when the server stops (SIGTERM): every loop ends within a slice, so the events still
# running that the shutdown waits for are the short ones (web/background.py).
_stopping = False
STOP_CHECK_S = 0.5

Snap = TypeVar("Snap")
Result = TypeVar("Result")


def bind(app: Any) -> None:
    """Let the loops ask the app whether a tab is still connected (to any worker)."""
    global _connected

    async def connected(token: str) -> bool:
        namespace = app.event_namespace
        if namespace is None:
            return True
        # Reflex has no public call for this: its token manager is the one place that knows.
        return await namespace._token_manager.is_token_connected(token)

    _connected = connected


async def tab_connected(token: str) -> bool:
    """Is the browser tab still connected? True when we cannot tell (the lifetime still
    stops the loop)."""
    if _connected is None:
        return True
    try:
        return await _connected(token)
    except Exception:  # noqa: BLE001 - unknown: the lifetime cap still stops the loop
        return True


def stop_all() -> None:
    """The server is stopping: every live loop of this process ends within half a second."""
    global _stopping
    _stopping = True


async def _pause(seconds: float) -> bool:
    """Sleep `seconds` (in slices); False when the server began to stop meanwhile."""
    end = time.monotonic() + seconds
    while not _stopping and (left := end - time.monotonic()) > 0:
        await asyncio.sleep(min(left, STOP_CHECK_S))
    return not _stopping


async def _pause_then_still_wanted(seconds: float, client: str) -> bool:
    return await _pause(seconds) and await tab_connected(client)


def start(state: Any) -> None:
    """Number a new loop for this tab (call in the handler that returns the loop event):
    the loop already running, if any, stops at its next round."""
    setattr(state, LOOP_VAR, getattr(state, LOOP_VAR) + 1)


async def run(
    state: Any,
    *,
    every: float,
    lifetime: float,
    read: Callable[[], Snap | None],
    work: Callable[[Snap], Result | Unchanged | None],
    show: Callable[[Snap, Result], None],
    pause_first: bool = True,
) -> bool:
    """Run the loop of `state` (a background event's `self`) until it stops.

    Each round: `read()` under the state lock (None stops: the page no longer wants it);
    `work(snap)` in a thread (None stops: signed out, no longer allowed; `UNCHANGED`
    skips the show); `show(snap, result)` under the lock. Returns True when the loop ran
    out its lifetime, False when it stopped for another reason."""
    async with state:
        my_id = getattr(state, LOOP_VAR)
        client = state.router.session.client_token
    started = time.monotonic()
    first = True
    while time.monotonic() - started < lifetime:
        if (not first or pause_first) and not await _pause_then_still_wanted(every, client):
            return False
        first = False
        async with state:
            if getattr(state, LOOP_VAR) != my_id:
                return False
            snap = read()
        if snap is None:
            return False
        try:
            result = await asyncio.to_thread(work, snap)
        except Exception:  # a database hiccup: logged, tried again at the next round
            logger.warning("live loop of %s: a round failed", type(state).__name__, exc_info=True)
            continue
        if result is None:
            return False
        if isinstance(result, Unchanged):  # UNCHANGED
            continue
        async with state:
            if getattr(state, LOOP_VAR) != my_id:
                return False
            show(snap, result)
    return True
