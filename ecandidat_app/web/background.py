"""Long-running tasks started with the backend (Reflex lifespan tasks): the demo SMTP
mailbox and the outbox worker. Each is an async context manager, so Reflex enters it at
startup and leaves it at shutdown, where it stops cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.mail.demo_mailbox import start_demo_mailbox
from ecandidat_app.core.mail.worker import OutboxWorker

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


@contextlib.asynccontextmanager
async def mail_worker() -> AsyncIterator[None]:
    """Send the outbox while the backend runs; at shutdown let the current send finish."""
    settings = get_settings()
    stop = asyncio.Event()
    task = asyncio.create_task(OutboxWorker(settings=settings).run_forever(stop))
    try:
        yield
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, timeout=settings.smtp_timeout_s + 5)
        except TimeoutError:
            log.warning("mail worker did not stop in time; its claims expire on their own")
        except Exception:
            log.exception("mail worker ended with an error")


def background_tasks() -> list[Callable[..., Any]]:
    settings = get_settings()
    tasks: list[Callable[..., Any]] = []
    # The mailbox first: Reflex leaves the tasks in reverse, so the worker stops first.
    if settings.demo and settings.demo_mailbox_enabled:
        tasks.append(demo_mailbox)
    if settings.mail_worker_enabled:
        tasks.append(mail_worker)
    return tasks
