"""Long-running tasks started with the backend (Reflex lifespan tasks): the demo SMTP
mailbox, the outbox worker, the deadlines job and presence housekeeping. Each is an async context manager, so Reflex enters it at
startup and leaves it at shutdown, where it stops cleanly; and the drain time given to the
events still running at a stop (SIGTERM: `finish_events_at_shutdown`)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from ecandidat_app.core.applications import deadlines
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.mail.demo_mailbox import start_demo_mailbox
from ecandidat_app.core.mail.worker import run_senders
from ecandidat_app.core.review import presence
from ecandidat_app.web import live
from ecandidat_app.web.gc_tuning import tuned_collector

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def demo_mailbox() -> AsyncIterator[None]:
    """Demo mode: receive the app's mail on loopback (another process may already do it)."""
    server = await start_demo_mailbox(get_settings())
    try:
        yield
    finally:
        if server is not None:
            server.close()
            await server.wait_closed()


def _loop_task(
    name: str, run: Callable[[asyncio.Event], Coroutine[Any, Any, None]], stop_timeout: float
) -> Callable[[], contextlib.AbstractAsyncContextManager[None]]:
    """A lifespan task running `run(stop_event)` until shutdown, then letting it finish."""

    @contextlib.asynccontextmanager
    async def task_context() -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(run(stop))
        try:
            yield
        finally:
            stop.set()
            try:
                await asyncio.wait_for(task, timeout=stop_timeout)
            except TimeoutError:
                log.warning("%s did not stop in time", name)
            except Exception:
                log.exception("%s ended with an error", name)

    task_context.__name__ = name
    return task_context


async def _presence_sweep(stop: asyncio.Event, interval_s: float = 300) -> None:
    """Housekeeping of "who is looking at this dossier" rows."""
    while not stop.is_set():
        try:
            await asyncio.to_thread(_sweep_presence_once)
        except Exception:
            log.exception("presence sweep failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_s)


def _sweep_presence_once() -> None:
    with session_scope() as s:
        presence.sweep(s)


def background_tasks() -> list[Callable[..., Any]]:
    settings = get_settings()
    tasks: list[Callable[..., Any]] = [tuned_collector]
    # The mailbox first: Reflex leaves the tasks in reverse, so the worker stops first.
    if settings.demo and settings.demo_mailbox_enabled:
        tasks.append(demo_mailbox)
    if settings.mail_worker_enabled:
        # At a stop the current send finishes and is recorded (no message sent twice); one
        # send is up to four SMTP commands, each bounded by the timeout. Untried claims are
        # given back at once (core/mail/worker.py).
        senders = functools.partial(run_senders, settings=settings)
        tasks.append(_loop_task("mail_worker", senders, 4 * settings.smtp_timeout_s + 5))
    # Reminders and automatic withdrawals; idempotent, so one per worker process is safe.
    tasks.append(_loop_task("deadlines", deadlines.deadlines_loop, 30))
    tasks.append(_loop_task("presence_sweep", _presence_sweep, 5))
    # Last registered, so left first at shutdown (ends the live loops); sets the drain time.
    tasks.append(finish_events_at_shutdown)
    return tasks


@contextlib.asynccontextmanager
async def finish_events_at_shutdown(app: Any) -> AsyncIterator[None]:
    """At SIGTERM Granian closes the websockets at once and waits for the HTTP requests
    in flight (uploads); then Reflex stops its event processor, which by default CANCELS
    the event handlers still running (a transmission, the background handler storing an
    upload). Give them `shutdown_drain_s` to finish instead: their database work commits,
    their state is saved, and the browser, which reconnects by itself, finds the result
    when it hydrates again. An upload cut by the deadline removes its temp file, writes
    no row (web/upload_stream.py)."""
    app.event_processor.graceful_shutdown_timeout = get_settings().shutdown_drain_s
    yield
    live.stop_all()  # the live loops run until their tab goes: not work to wait for
