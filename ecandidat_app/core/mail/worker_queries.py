"""The outbox worker's statements, built once with named parameters and run on a plain
connection: per message, building an ORM statement and going through the Session cost
more CPU than the database took to answer it (`bench/RESULTS.md`, "The mail worker and the garbage collector").

Parameters: `now`, `worker_id`, `until` (the claim's lease end), `limit`, `row_id`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, or_, select, update
from sqlalchemy.sql.dml import ReturningUpdate, Update
from sqlalchemy.sql.selectable import Select
from sqlmodel import col

from ecandidat_app.core.models import MailStatus, OutboxMessage

T = OutboxMessage

# What a send needs of a row (the fields of `sender.OutgoingMail`), and its due time.
_MAIL_COLUMNS = (
    col(T.id),
    col(T.to_addr),
    col(T.subject),
    col(T.body_text),
    col(T.body_html),
    col(T.message_id),
    col(T.created_at),
    col(T.next_attempt_at),  # the batch's order
)


def due(now: ColumnElement[datetime]) -> ColumnElement[bool]:
    """Rows a worker may take: pending and due, or held by a claim that has expired."""
    return or_(
        and_(col(T.status) == MailStatus.PENDING, col(T.next_attempt_at) <= now),
        and_(col(T.status) == MailStatus.SENDING, col(T.claimed_until) < now),
    )


def mine(row_id: object, worker_id: object) -> ColumnElement[bool]:
    """The row, still claimed by this worker (values or bind parameters)."""
    return and_(
        col(T.id) == row_id,
        col(T.status) == MailStatus.SENDING,
        col(T.claimed_by) == worker_id,
    )


_NOW: BindParameter[datetime] = bindparam("now")
_CLAIM_VALUES = {
    "status": MailStatus.SENDING,
    "claimed_by": bindparam("worker_id"),
    "claimed_until": bindparam("until"),
}


def _claim(*, skip_locked: bool) -> ReturningUpdate[*tuple[Any, ...]]:
    """Take up to `limit` due rows in one statement and return them. SQLite runs the whole
    UPDATE under its single write lock; PostgreSQL locks the picked rows and skips those
    another worker holds. The picked rows are a materialised CTE: written as
    `id IN (subquery)`, one PostgreSQL worker took every due row, past the LIMIT."""
    pick: Select[tuple[int | None]] = (
        select(col(T.id).label("id"))
        .where(due(_NOW))
        .order_by(col(T.next_attempt_at), col(T.id))
        .limit(bindparam("limit"))
    )
    if skip_locked:
        pick = pick.with_for_update(skip_locked=True)
    picked = pick.cte("picked").prefix_with("MATERIALIZED", dialect="postgresql")
    return (
        update(T)
        .where(col(T.id) == picked.c.id, due(_NOW))
        .values(**_CLAIM_VALUES)
        .returning(*_MAIL_COLUMNS)
    )


CLAIM_SQLITE = _claim(skip_locked=False)
CLAIM_POSTGRESQL = _claim(skip_locked=True)

# Extend this worker's claim on one row and read it back (row_id, worker_id, until).
RENEW = (
    update(T)
    .where(mine(bindparam("row_id"), bindparam("worker_id")))
    .values(claimed_until=bindparam("until"))
    .returning(*_MAIL_COLUMNS)
)

# Accepted by the SMTP server: sent, in its own commit (row_id, worker_id, now).
MARK_SENT: Update = (
    update(T)
    .where(mine(bindparam("row_id"), bindparam("worker_id")))
    .values(
        claimed_by=None,
        claimed_until=None,
        status=MailStatus.SENT,
        sent_at=_NOW,
        attempts=col(T.attempts) + 1,
        last_error="",
    )
)
