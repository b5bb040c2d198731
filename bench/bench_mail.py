"""How long does "Transmettre ma candidature" take when the SMTP server is slow?

Not a test: a script that prints JSON figures. A real aiosmtpd server on loopback answers
every message after `--smtp-delay` seconds (2 s by default). Two variants of the same action,
`applications.transmit` on data built with the test factories:

- outbox: the status change and its outbox rows are written in one transaction (the app's
  design); the worker sends later.
- sync_smtp: the same change, but the mail is sent with aiosmtplib inside the action,
  before the commit (the design the outbox avoids).

Usage: .venv/bin/python bench/bench_mail.py [--runs 20] [--smtp-delay 2] [--database-url URL]
(SQLite in a temporary folder by default; a PostgreSQL URL must point to an empty database.)
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import functools
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SlowHandler:
    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s
        self.received = 0

    async def handle_DATA(self, _server: Any, _session: Any, _envelope: Any) -> str:
        await asyncio.sleep(self.delay_s)
        self.received += 1
        return "250 Message accepted for delivery"


def _figures(samples_s: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples_s)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {
        "median_ms": round(statistics.median(ms), 1),
        "p95_ms": round(p95, 1),
        "min_ms": round(ms[0], 1),
        "max_ms": round(ms[-1], 1),
    }


# The actions timed (called once `main` has pointed the settings at the temporary setup).


def _transmit_outbox(clock: Any, account_id: int, application_id: int) -> None:
    from ecandidat_app.core import applications, db
    from ecandidat_app.core.models import Account

    with db.session_scope() as s:
        account = s.get(Account, account_id)
        applications.transmit(s, account, application_id, clock=clock)


def _transmit_sync_smtp(clock: Any, settings: Any, account_id: int, application_id: int) -> None:
    from sqlmodel import select

    from ecandidat_app.core import applications, db
    from ecandidat_app.core.mail.sender import OutgoingMail, send_one
    from ecandidat_app.core.models import Account, OutboxMessage

    with db.session_scope() as s:
        account = s.get(Account, account_id)
        before = set(s.exec(select(OutboxMessage.id)).all())
        applications.transmit(s, account, application_id, clock=clock)
        s.flush()
        # Only the mail this action causes, sent before the commit, as a handler that
        # sends its own mail would do.
        for row in s.exec(select(OutboxMessage).where(OutboxMessage.id.not_in(before))):
            asyncio.run(send_one(OutgoingMail.of(row), settings))
            s.delete(row)


def _drain(settings: Any, senders: int, count: int) -> dict[str, float]:
    """Queue `count` mails, then time the process's sending loops until all are sent."""
    from sqlmodel import select

    from ecandidat_app.core import db
    from ecandidat_app.core.mail.outbox import enqueue
    from ecandidat_app.core.mail.worker import run_senders
    from ecandidat_app.core.models import MailStatus, OutboxMessage

    with db.session_scope() as s:
        queued = [
            enqueue(
                s,
                "password_reset",
                f"debit{senders}-{i}@example.org",
                {"first_name": "B", "hours": 2, "link": "http://localhost/r"},
            )
            for i in range(count)
        ]
        s.flush()
        ids = [m.id for m in queued]
    tuned = settings.model_copy(update={"mail_senders": senders, "mail_batch_size": count})

    async def run() -> float:
        stop = asyncio.Event()
        start = time.perf_counter()
        task = asyncio.create_task(run_senders(stop, tuned))
        while True:
            with db.session_scope() as s:
                rows = s.exec(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()
                if all(r.status == MailStatus.SENT for r in rows):
                    break
            await asyncio.sleep(0.05)
        seconds = time.perf_counter() - start
        stop.set()
        await task
        return seconds

    seconds = asyncio.run(run())
    return {
        "mails": count,
        "seconds": round(seconds, 2),
        "mails_per_s": round(count / seconds, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--smtp-delay", type=float, default=2.0)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    port = _free_port()
    os.environ.update(
        {
            "ECANDIDAT_MODE": "dev",
            "ECANDIDAT_DATA_DIR": str(workdir / "var"),
            "ECANDIDAT_SMTP_HOST": "127.0.0.1",
            "ECANDIDAT_SMTP_PORT": str(port),
            "ECANDIDAT_DATABASE_URL": args.database_url,
        }
    )

    from aiosmtpd.controller import Controller
    from sqlmodel import SQLModel, select

    import ecandidat_app.core.models  # noqa: F401
    from ecandidat_app.core import db
    from ecandidat_app.core.clock import FixedClock
    from ecandidat_app.core.config import get_settings
    from ecandidat_app.core.models import OutboxMessage
    from tests import factories
    from tests.core import dossier_world as dw

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    SQLModel.metadata.create_all(db.get_engine())
    clock = FixedClock(datetime.now(UTC))

    # Data: one formation, 2 x runs applicants, each with a complete application (AT).
    ready: list[tuple[int, int]] = []
    with db.session_scope() as s:
        world = dw.build(s, clock)
        for _ in range(2 * args.runs):
            person = factories.applicant(s, world.campaign)
            s.commit()
            w = dataclasses.replace(world, applicant=person)
            app = dw.apply(s, w, clock)
            dw.complete(s, w, app, clock)
            ready.append((person.id, app.id))

    handler = SlowHandler(args.smtp_delay)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()

    results: dict[str, Any] = {}
    try:
        for name, action, pairs in (
            ("outbox", functools.partial(_transmit_outbox, clock), ready[: args.runs]),
            (
                "sync_smtp",
                functools.partial(_transmit_sync_smtp, clock, settings),
                ready[args.runs :],
            ),
        ):
            samples = []
            for account_id, application_id in pairs:
                start = time.perf_counter()
                action(account_id, application_id)
                samples.append(time.perf_counter() - start)
            results[name] = _figures(samples)
        received_sync = handler.received
        # Draining the outbox through a slow server: one sending loop, then four. What the
        # transmit runs queued goes out first (not timed), so each drain sends its own 8.
        from ecandidat_app.core.mail.worker import OutboxWorker

        async def send_everything() -> None:
            while (await OutboxWorker(settings=settings, batch_size=50).run_once()).claimed:
                pass

        asyncio.run(send_everything())
        results["drain"] = {f"senders_{k}": _drain(settings, k, 8) for k in (1, 4)}
    finally:
        controller.stop()

    with db.session_scope() as s:
        queued = len(
            s.exec(select(OutboxMessage).where(OutboxMessage.event != "application_created")).all()
        )
    print(
        json.dumps(
            {
                "action": "ecandidat_app.core.applications.submission.transmit",
                "database": "postgresql" if args.database_url else "sqlite",
                "runs": args.runs,
                "smtp_delay_s": args.smtp_delay,
                "outbox": results["outbox"],
                "sync_smtp": results["sync_smtp"],
                "outbox_rows_written_by_transmit_for_the_worker": queued,
                "smtp_messages_received_during_sync_runs": received_sync,
                "outbox_drain_through_slow_server": results["drain"],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
