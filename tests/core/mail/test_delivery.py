"""The worker against a real SMTP server: content and headers, server down, 4xx, 5xx."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import config
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.mail import monitor
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.mail.worker import OutboxWorker
from ecandidat_app.core.models import MailStatus, OutboxMessage
from tests.core.mail.conftest import SmtpServer

ACCOUNT_CONTEXT = {
    "first_name": "Zoé",
    "file_number": "2027-00042",
    "hours": 72,
    "link": "http://localhost:8000/valider?jeton=abc123",
}


def _enqueue(session: Session, clock: FixedClock, to: str = "zoe@example.org") -> OutboxMessage:
    row = enqueue(session, "account_created", to, ACCOUNT_CONTEXT, clock=clock)
    session.commit()
    return row


def _row(session: Session, row_id: int | None) -> OutboxMessage:
    session.expire_all()
    row = session.get(OutboxMessage, row_id)
    assert row is not None
    return row


async def test_delivers_text_and_html_with_headers(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    row = _enqueue(session, clock)
    report = await OutboxWorker(settings=settings, clock=clock).run_once()
    assert report.sent == 1

    [mail] = smtp_server.received
    assert mail["From"] == settings.mail_from
    assert mail["To"] == "zoe@example.org"
    assert mail["Subject"] == row.subject
    assert "eCandidat" in row.subject
    assert mail["Message-ID"] == row.message_id
    assert mail["Date"].datetime == clock.now()
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "2027-00042" in text and ACCOUNT_CONTEXT["link"] in text
    assert f'href="{ACCOUNT_CONTEXT["link"]}"' in html and 'lang="fr"' in html

    sent = _row(session, row.id)
    assert sent.status == MailStatus.SENT
    assert sent.attempts == 1 and sent.claimed_by is None and sent.sent_at is not None


async def test_server_down_then_up_delivers_once(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_port: int
) -> None:
    row = _enqueue(session, clock)
    worker = OutboxWorker(settings=settings, clock=clock)

    report = await worker.run_once()  # nothing listens on the port yet
    assert report.retried == 1
    waiting = _row(session, row.id)
    assert waiting.status == MailStatus.PENDING
    assert waiting.attempts == 1
    assert "injoignable" in waiting.last_error
    assert waiting.next_attempt_at.replace(tzinfo=None) > clock.now().replace(tzinfo=None)
    assert (await worker.run_once()).claimed == 0  # not due yet: backoff

    server = SmtpServer(smtp_port).start()
    try:
        clock.advance(seconds=settings.mail_retry_base_s + 1)
        assert (await worker.run_once()).sent == 1
        clock.advance(hours=1)
        assert (await worker.run_once()).claimed == 0
        assert server.message_ids() == [row.message_id]
    finally:
        server.stop()
    assert _row(session, row.id).status == MailStatus.SENT


@pytest.mark.usefixtures("smtp_port")
async def test_server_down_stops_the_batch_without_counting_untried_messages(
    session: Session, clock: FixedClock, settings: config.Settings
) -> None:
    rows = [_enqueue(session, clock, f"c{i}@example.org") for i in range(3)]
    report = await OutboxWorker(settings=settings, clock=clock).run_once()
    assert report.claimed == 3 and report.retried == 1
    attempts = sorted(_row(session, r.id).attempts for r in rows)
    assert attempts == [0, 0, 1]
    assert all(_row(session, r.id).status == MailStatus.PENDING for r in rows)
    assert all(_row(session, r.id).claimed_by is None for r in rows)


async def test_4xx_is_retried_with_backoff_then_delivered(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    row = _enqueue(session, clock)
    smtp_server.answer_next("451 4.3.0 Mailbox busy, try later", times=2)
    worker = OutboxWorker(settings=settings, clock=clock)

    assert (await worker.run_once()).retried == 1
    first = _row(session, row.id)
    assert first.status == MailStatus.PENDING and "451" in first.last_error
    first_delay = first.next_attempt_at.replace(tzinfo=None) - clock.now().replace(tzinfo=None)

    clock.advance(seconds=first_delay.total_seconds())
    assert (await worker.run_once()).retried == 1
    second = _row(session, row.id)
    second_delay = second.next_attempt_at.replace(tzinfo=None) - clock.now().replace(tzinfo=None)
    assert second.attempts == 2 and second_delay == 2 * first_delay  # exponential

    clock.advance(seconds=second_delay.total_seconds())
    assert (await worker.run_once()).sent == 1
    assert smtp_server.message_ids() == [row.message_id]
    done = _row(session, row.id)
    assert done.status == MailStatus.SENT and done.attempts == 3 and done.last_error == ""


async def test_5xx_fails_for_good_and_shows_its_error_until_retried(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    row = _enqueue(session, clock)
    other = _enqueue(session, clock, "autre@example.org")
    smtp_server.answer_next("550 5.1.1 Mailbox unavailable")
    worker = OutboxWorker(settings=settings, clock=clock)

    report = await worker.run_once()
    assert report.failed == 1 and report.sent == 1  # a 5xx does not stop the batch
    failed = _row(session, row.id)
    assert failed.status == MailStatus.FAILED and "550" in failed.last_error
    clock.advance(days=1)
    assert (await worker.run_once()).claimed == 0  # never retried on its own

    assert monitor.counts(session) == {"pending": 0, "sent": 1, "failed": 1}
    [line] = monitor.page_of(session, "failed").lines
    assert line.id == row.id and "Mailbox unavailable" in line.last_error

    monitor.retry(session, row.id, clock=clock)
    session.commit()
    assert (await worker.run_once()).sent == 1
    assert sorted(smtp_server.message_ids()) == sorted([row.message_id, other.message_id])
    assert monitor.counts(session) == {"pending": 0, "sent": 2, "failed": 0}


async def test_temporary_failures_give_up_after_the_last_attempt(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    settings.mail_max_attempts = 2
    row = _enqueue(session, clock)
    smtp_server.answer_next("421 4.7.0 Too many connections", times=2)
    worker = OutboxWorker(settings=settings, clock=clock)
    assert (await worker.run_once()).retried == 1
    clock.advance(hours=1)
    assert (await worker.run_once()).failed == 1
    assert _row(session, row.id).status == MailStatus.FAILED
    assert smtp_server.received == []


async def test_a_recipient_refused_with_5xx_is_permanent(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    smtp_server.handler.unknown_users.add("parti@example.org")
    row = _enqueue(session, clock, to="parti@example.org")
    await OutboxWorker(settings=settings, clock=clock).run_once()
    failed = _row(session, row.id)
    assert failed.status == MailStatus.FAILED
    assert failed.last_error.startswith("Destinataire refusé : 550")


async def test_a_malformed_address_is_permanent(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    row = _enqueue(session, clock, to="pas-une-adresse@")
    await OutboxWorker(settings=settings, clock=clock).run_once()
    failed = _row(session, row.id)
    assert failed.status == MailStatus.FAILED
    assert failed.last_error.startswith("Message invalide")
    assert smtp_server.handler.started == 0


def test_nothing_is_sent_by_enqueue(session: Session, clock: FixedClock) -> None:
    _enqueue(session, clock)
    rows = session.exec(select(OutboxMessage)).all()
    assert [r.status for r in rows] == [MailStatus.PENDING]
