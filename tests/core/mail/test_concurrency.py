"""No message is sent twice: two workers at once, a worker that dies (lease expiry, and a
real `kill -9` of `ecandidat worker`), a worker that lost its claim. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ecandidat_app.core import config
from ecandidat_app.core.clock import FixedClock, system_clock
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.mail.sender import SmtpSender
from ecandidat_app.core.mail.worker import OutboxWorker, run_senders, sender_pool
from ecandidat_app.core.models import OutboxMessage
from tests.core.mail.conftest import SmtpServer
from tests.core.test_statement_budget import counted

ROOT = Path(__file__).resolve().parents[3]


def _enqueue_many(session: Session, n: int, clock=system_clock) -> list[str]:  # type: ignore[no-untyped-def]
    rows = [
        enqueue(
            session,
            "password_reset",
            f"candidat{i}@example.org",
            {"first_name": f"C{i}", "hours": 2, "link": f"http://localhost/r/{i}"},
            clock=clock,
        )
        for i in range(n)
    ]
    session.commit()
    return [r.message_id for r in rows]


def _statuses(session: Session) -> Counter[str]:
    session.expire_all()
    return Counter(str(r.status) for r in session.exec(select(OutboxMessage)).all())


def _assert_each_once(server: SmtpServer, expected: list[str]) -> None:
    seen = Counter(server.message_ids())
    assert [mid for mid, n in seen.items() if n > 1] == []  # no duplicate
    assert sorted(seen) == sorted(expected)


def test_two_workers_on_one_database_never_send_the_same_message(
    session: Session, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    expected = _enqueue_many(session, 40)
    smtp_server.handler.delay_s = 0.01
    errors: list[BaseException] = []

    def work(name: str) -> None:
        worker = OutboxWorker(settings=settings, worker_id=name, batch_size=5)

        async def drain() -> None:
            while (await worker.run_once()).claimed:
                pass

        try:
            asyncio.run(drain())
        except BaseException as exc:  # noqa: BLE001  a thread cannot raise: reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    _assert_each_once(smtp_server, expected)
    assert _statuses(session) == {"sent": 40}


def test_workers_claiming_at_once_each_take_at_most_their_batch(
    session: Session, settings: config.Settings
) -> None:
    _enqueue_many(session, 8)
    workers = [OutboxWorker(settings=settings, worker_id=f"w{i}", batch_size=2) for i in range(4)]
    claims: dict[str, list[int]] = {}

    def take(worker: OutboxWorker) -> None:
        claims[worker.worker_id] = [c.mail.id for c in worker.claim()]

    threads = [threading.Thread(target=take, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(len(ids) for ids in claims.values()) == [2, 2, 2, 2]
    assert len({i for ids in claims.values() for i in ids}) == 8


async def test_claims_of_a_crashed_worker_are_taken_over_after_their_lease(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    expected = _enqueue_many(session, 3, clock)
    crashed = OutboxWorker(settings=settings, clock=clock, worker_id="crashed")
    assert len(crashed.claim()) == 3  # ...and then the process died

    survivor = OutboxWorker(settings=settings, clock=clock, worker_id="survivor")
    assert (await survivor.run_once()).claimed == 0  # still held
    clock.advance(seconds=survivor.lease.total_seconds() + 1)
    assert (await survivor.run_once()).sent == 3
    _assert_each_once(smtp_server, expected)


async def test_a_worker_that_lost_its_claim_does_not_send(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    expected = _enqueue_many(session, 2, clock)
    slow = OutboxWorker(settings=settings, clock=clock, worker_id="slow")
    [first, second] = slow.claim()
    clock.advance(seconds=slow.lease.total_seconds() + 1)  # slow stalls past its lease
    fast = OutboxWorker(settings=settings, clock=clock, worker_id="fast")
    assert (await fast.run_once()).sent == 2

    assert slow.renew(first.mail.id) is None and slow.renew(second.mail.id) is None
    async with SmtpSender(settings) as sender:  # slow carries on with its batch
        assert [await slow.deliver(sender, c) for c in (first, second)] == ["skipped"] * 2
    _assert_each_once(smtp_server, expected)


async def test_a_claim_is_renewed_once_its_lease_may_not_cover_a_send(
    engine: Engine,
    session: Session,
    clock: FixedClock,
    settings: config.Settings,
    smtp_server: SmtpServer,
) -> None:
    """A fresh claim is sent without asking the database again (nobody can take it over
    before its lease ends); late in a long batch the claim is renewed first."""
    expected = _enqueue_many(session, 2, clock)
    worker = OutboxWorker(settings=settings, clock=clock, worker_id="w")
    [fresh, late] = worker.claim()
    async with SmtpSender(settings) as sender:
        with counted(engine) as statements:
            assert await worker.deliver(sender, fresh) == "sent"
        assert [s.split()[0] for s in statements] == ["UPDATE"]  # only the record of `sent`

        clock.advance(seconds=(late.until - clock.now() - worker.send_bound).total_seconds() + 1)
        with counted(engine) as statements:
            assert await worker.deliver(sender, late) == "sent"
        assert [s.split()[0] for s in statements] == ["UPDATE", "SELECT", "UPDATE"]
    session.expire_all()
    row = session.exec(
        select(OutboxMessage).where(OutboxMessage.message_id == late.mail.message_id)
    ).one()
    assert row.status == "sent" and row.claimed_by is None
    _assert_each_once(smtp_server, expected)


def _start_worker_process() -> subprocess.Popen[bytes]:
    env = {**os.environ, "ECANDIDAT_MAIL_BATCH_SIZE": "10", "ECANDIDAT_MAIL_POLL_INTERVAL_S": "0.2"}
    code = "from ecandidat_app.cli import main; raise SystemExit(main(['worker']))"
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_worker_killed_mid_batch_then_restarted_sends_no_duplicate(
    session: Session, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    expected = _enqueue_many(session, 10)
    # Slow answers: the kill lands while a 4th message is being received (its senders work
    # side by side). aiosmtpd drops the messages whose sender vanished mid-DATA, as a real
    # server does.
    smtp_server.handler.delay_s = 0.5
    proc = _start_worker_process()
    try:
        await asyncio.to_thread(smtp_server.wait_started, 4, 60.0)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    # What its senders had finished is sent; the rest is still claimed by the dead process
    # (or was not claimed yet).
    received = len(smtp_server.received)
    statuses = _statuses(session)
    assert received < 4 and statuses["sent"] == received and statuses["sending"] >= 4
    assert statuses["sending"] + statuses["pending"] == 10 - received

    smtp_server.handler.delay_s = 0
    worker = OutboxWorker(settings=settings)
    # Restarted at once: the dead worker's claims still hold; only unclaimed rows go out.
    assert (await worker.run_once()).claimed == statuses["pending"]
    assert _statuses(session)["sending"] == statuses["sending"]
    # Once they expire (the process had its own, longer lease), the rest goes out once.
    later = FixedClock(datetime.now(UTC) + timedelta(hours=1))
    restarted = OutboxWorker(settings=settings, clock=later)
    while (await restarted.run_once()).claimed:
        pass
    _assert_each_once(smtp_server, expected)
    assert _statuses(session) == {"sent": 10}


async def test_worker_command_stops_cleanly_on_sigterm(
    session: Session, smtp_server: SmtpServer
) -> None:
    expected = _enqueue_many(session, 2)
    proc = _start_worker_process()
    try:
        for _ in range(300):
            if len(smtp_server.received) == 2 and _statuses(session) == {"sent": 2}:
                break
            await asyncio.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    _assert_each_once(smtp_server, expected)


async def test_a_slow_server_gets_several_messages_at_once(
    session: Session, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    """A mail server taking its time per message: the process's sending loops, each on
    its own connection with its own claims, deliver side by side, each message once."""
    expected = _enqueue_many(session, 8)
    smtp_server.handler.delay_s = 0.3
    settings.mail_senders, settings.mail_batch_size = 4, 8
    assert [w.batch_size for w in sender_pool(settings)] == [2, 2, 2, 2]
    assert len({w.worker_id for w in sender_pool(settings)}) == 4
    stop = asyncio.Event()
    senders = asyncio.create_task(run_senders(stop, settings))
    try:
        for _ in range(400):
            if _statuses(session) == {"sent": 8}:
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await asyncio.wait_for(senders, 15)
    _assert_each_once(smtp_server, expected)
    assert smtp_server.handler.most_active >= 2
