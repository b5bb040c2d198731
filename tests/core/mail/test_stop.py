"""A worker asked to stop (SIGTERM of the server or of `ecandidat worker`) loses no message
and sends none twice: the message being sent is sent and recorded even when the stop
cancels its loop; the rows it had claimed but not tried are given back at once, so the
next worker sends them without waiting for the lease. Only a hard crash between the SMTP
server's acceptance and the commit of `sent` sends a second copy, with the same
Message-ID. SQLite and PostgreSQL, a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
from collections import Counter

from sqlmodel import Session, select

from ecandidat_app.core import config
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.mail.sender import SmtpSender
from ecandidat_app.core.mail.worker import OutboxWorker
from ecandidat_app.core.models import MailStatus, OutboxMessage
from tests.core.mail.conftest import SmtpServer
from tests.core.mail.test_concurrency import _assert_each_once, _enqueue_many, _statuses


def _rows(session: Session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


async def test_stop_mid_batch_finishes_the_current_send_and_gives_back_the_rest(
    session: Session, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    expected = _enqueue_many(session, 5)
    smtp_server.handler.delay_s = 0.3
    stop = asyncio.Event()
    worker = OutboxWorker(settings=settings, batch_size=5)
    run = asyncio.create_task(worker.run_once(stop))
    await asyncio.to_thread(smtp_server.wait_started, 1)
    stop.set()  # while the first message is being received
    report = await asyncio.wait_for(run, 10)

    assert (report.claimed, report.sent) == (5, 1)
    rows = _rows(session)
    assert [r.status for r in rows].count(MailStatus.SENT) == 1
    given_back = [r for r in rows if r.status == MailStatus.PENDING]
    assert len(given_back) == 4
    assert all(r.claimed_by is None and r.attempts == 0 for r in given_back)

    # The next worker (another process, the restarted server) sends them at once.
    smtp_server.handler.delay_s = 0
    assert (await OutboxWorker(settings=settings).run_once()).sent == 4
    _assert_each_once(smtp_server, expected)


async def test_cancelled_during_a_send_the_send_is_recorded_and_the_rest_given_back(
    session: Session, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    """A stop that cannot wait (the loop's stop timeout, the server shutting down) cancels
    the task while the SMTP server is receiving a message: that message is still sent and
    marked sent, never sent again."""
    expected = _enqueue_many(session, 3)
    smtp_server.handler.delay_s = 0.5
    worker = OutboxWorker(settings=settings, batch_size=3)
    run = asyncio.create_task(worker.run_once())
    await asyncio.to_thread(smtp_server.wait_started, 1)
    run.cancel()
    try:
        await asyncio.wait_for(run, 10)
    except asyncio.CancelledError:
        pass
    else:  # pragma: no cover
        raise AssertionError("run_once should end cancelled")

    assert Counter(r.status for r in _rows(session)) == {
        MailStatus.SENT: 1,
        MailStatus.PENDING: 2,
    }
    assert len(smtp_server.received) == 1
    smtp_server.handler.delay_s = 0
    assert (await OutboxWorker(settings=settings).run_once()).sent == 2
    _assert_each_once(smtp_server, expected)
    assert _statuses(session) == {"sent": 3}


async def test_a_crash_between_acceptance_and_record_sends_one_copy_with_the_same_id(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    """The one case left: the process dies (kill -9) after the server accepted the message
    and before `sent` is committed. After the lease another worker sends it again: one
    extra copy, same Message-ID, and the row ends sent."""
    [message_id] = _enqueue_many(session, 1, clock)
    crashed = OutboxWorker(settings=settings, clock=clock, worker_id="crashed")
    [claimed] = crashed.claim()
    mail = crashed.renew(claimed.mail.id)
    assert mail is not None
    async with SmtpSender(settings) as sender:
        await sender.send(mail)  # accepted... and the process dies before mark_sent

    clock.advance(seconds=crashed.lease.total_seconds() + 1)
    assert (await OutboxWorker(settings=settings, clock=clock).run_once()).sent == 1
    assert smtp_server.message_ids() == [message_id, message_id]
    assert _statuses(session) == {"sent": 1}
