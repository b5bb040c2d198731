"""The admin view of the outbox: counts, pages in SQL, and "Réessayer"."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.mail import monitor
from ecandidat_app.core.models import MailStatus, OutboxMessage


def _row(session: Session, clock: FixedClock, n: int, status: MailStatus) -> OutboxMessage:
    clock.advance(minutes=1)
    row = OutboxMessage(
        event="status_RE",
        to_addr=f"c{n}@example.org",
        subject=f"Sujet {n}",
        body_text="Bonjour",
        message_id=f"<{n}@t>",
        status=status,
        created_at=clock.now(),
        next_attempt_at=clock.now(),
        last_error="550 refusé" if status == MailStatus.FAILED else "",
    )
    session.add(row)
    session.flush()
    return row


def test_counts_and_pages_newest_first(session: Session, clock: FixedClock) -> None:
    for n in range(25):
        _row(session, clock, n, MailStatus.SENT)
    _row(session, clock, 100, MailStatus.PENDING)
    _row(session, clock, 101, MailStatus.SENDING)
    _row(session, clock, 102, MailStatus.FAILED)
    session.commit()

    assert monitor.counts(session) == {"pending": 2, "sent": 25, "failed": 1}
    first = monitor.page_of(session, "sent", page=1, page_size=10)
    third = monitor.page_of(session, "sent", page=3, page_size=10)
    assert first.total == 25 and first.pages == 3
    assert [line.subject for line in first.lines[:2]] == ["Sujet 24", "Sujet 23"]
    assert [line.subject for line in third.lines] == [f"Sujet {n}" for n in range(4, -1, -1)]
    pending = monitor.page_of(session, "pending")
    assert {line.status for line in pending.lines} == {MailStatus.PENDING, MailStatus.SENDING}
    assert pending.lines[0].created_at.tzinfo is not None
    with pytest.raises(DomainError):
        monitor.page_of(session, "tout")


def test_retry_only_a_failed_message(session: Session, clock: FixedClock) -> None:
    failed = _row(session, clock, 1, MailStatus.FAILED)
    failed.attempts = 12
    sent = _row(session, clock, 2, MailStatus.SENT)
    clock.advance(hours=2)

    again = monitor.retry(session, failed.id or 0, clock=clock)
    assert again.status == MailStatus.PENDING and again.attempts == 0
    assert again.next_attempt_at == clock.now()
    assert again.last_error == "550 refusé"  # visible until the next attempt
    with pytest.raises(DomainError, match="en échec"):
        monitor.retry(session, sent.id or 0, clock=clock)
    with pytest.raises(NotFound):
        monitor.retry(session, 999_999, clock=clock)
