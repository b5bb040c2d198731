"""`ecandidat worker` (send the outbox until stopped) and `ecandidat mailbox` (what the
outbox holds: pending, sent, failed with their errors; in demo, the last mail received)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from ecandidat_app.cli import command
from ecandidat_app.core.config import get_settings


@command("worker", "envoie les courriels en attente, jusqu'à l'arrêt (Ctrl+C)")
def _worker(_args: argparse.Namespace) -> int:
    from ecandidat_app.core.mail.worker import run_senders

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run_senders(stop, get_settings())

    asyncio.run(run())
    return 0


@command("mailbox", "affiche l'état des courriels : en attente, envoyés, en échec")
def _mailbox(_args: argparse.Namespace) -> int:
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.mail import demo_mailbox, monitor

    settings = get_settings()
    with session_scope() as s:
        counts = monitor.counts(s)
        failed = monitor.page_of(s, "failed", page=1, page_size=20)
    print(
        f"Courriels : {counts['pending']} en attente, {counts['sent']} envoyés, "
        f"{counts['failed']} en échec."
    )
    for line in failed.lines:
        print(f"  échec #{line.id} {line.to_addr} « {line.subject} » : {line.last_error}")
    if settings.demo:
        received = demo_mailbox.list_messages(settings, limit=10)
        print(f"Boîte mail de démo ({demo_mailbox.mailbox_dir(settings)}) :")
        for mail in received:
            when = mail.date.strftime("%d/%m/%Y %H:%M") if mail.date else "?"
            print(f"  {when}  {mail.to}  « {mail.subject} »")
        if not received:
            print("  (vide)")
    return 0
