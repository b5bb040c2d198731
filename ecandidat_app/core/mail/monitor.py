"""What the outbox holds, for the admin page and the `ecandidat mailbox` command, and the
"send again" action for a message that failed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from ecandidat_app.core.clock import Clock, as_utc, system_clock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import MailStatus, OutboxMessage

T = OutboxMessage

# What an admin sees: "sending" rows are still waiting as far as anyone is concerned.
VIEWS: dict[str, tuple[MailStatus, ...]] = {
    "pending": (MailStatus.PENDING, MailStatus.SENDING),
    "sent": (MailStatus.SENT,),
    "failed": (MailStatus.FAILED,),
}


@dataclass(frozen=True)
class OutboxLine:
    id: int
    event: str
    to_addr: str
    subject: str
    status: MailStatus
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True)
class OutboxPage:
    lines: list[OutboxLine]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def counts(s: Session) -> dict[str, int]:
    """{"pending": n, "sent": n, "failed": n}."""
    rows = s.exec(select(T.status, func.count()).group_by(T.status)).all()
    by_status = {MailStatus(status): n for status, n in rows}
    return {view: sum(by_status.get(st, 0) for st in sts) for view, sts in VIEWS.items()}


def page_of(s: Session, view: str, *, page: int = 1, page_size: int = 20) -> OutboxPage:
    """One page of messages in a view, newest first (paged in SQL)."""
    if view not in VIEWS:
        raise DomainError(_("Filtre de courriels inconnu."))
    page = max(1, page)
    where = col(T.status).in_(VIEWS[view])
    total = s.exec(select(func.count()).select_from(T).where(where)).one()
    rows = s.exec(
        select(T)
        .where(where)
        .order_by(col(T.created_at).desc(), col(T.id).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    lines = [
        OutboxLine(
            id=r.id or 0,
            event=r.event,
            to_addr=r.to_addr,
            subject=r.subject,
            status=MailStatus(r.status),
            attempts=r.attempts,
            last_error=r.last_error,
            created_at=as_utc(r.created_at),
            next_attempt_at=as_utc(r.next_attempt_at),
            sent_at=as_utc(r.sent_at) if r.sent_at else None,
        )
        for r in rows
    ]
    return OutboxPage(lines=lines, total=total, page=page, page_size=page_size)


def retry(s: Session, message_id: int, *, clock: Clock = system_clock) -> OutboxMessage:
    """Put a failed message (outbox row id) back in the queue, due now. The last error
    stays visible until the next attempt replaces it."""
    row = s.get(T, message_id)
    if row is None:
        raise NotFound(_("Ce courriel n'existe pas."))
    if row.status != MailStatus.FAILED:
        raise DomainError(_("Seul un courriel en échec peut être renvoyé."))
    row.status = MailStatus.PENDING
    row.attempts = 0
    row.next_attempt_at = clock.now()
    row.claimed_by = None
    row.claimed_until = None
    s.add(row)
    s.flush()
    return row
