"""Who else is looking at a dossier ("Claire Bernard consulte aussi ce dossier").

Kept in the database, not in a worker's memory, so it works across several workers.
A page touches its row every few seconds; rows older than PRESENCE_TTL are ignored.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.db import rows_changed
from ecandidat_app.core.models import Account, DossierPresence
from ecandidat_app.core.models.ids import id_of

PRESENCE_TTL = timedelta(seconds=20)


def touch(
    s: Session, account: Account, application_id: int, *, clock: Clock = system_clock
) -> None:
    """Record that this staff member has the dossier open now (call it on every poll)."""
    now = clock.now()
    row = s.get(DossierPresence, (application_id, account.id))
    if row is not None:
        row.last_seen = now
        s.add(row)
        s.flush()
        return
    savepoint = s.begin_nested()  # two tabs of the same person may insert at once
    try:
        s.add(
            DossierPresence(application_id=application_id, account_id=id_of(account), last_seen=now)
        )
        s.flush()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        row = s.get(DossierPresence, (application_id, account.id))
        if row is not None:
            row.last_seen = now
            s.add(row)
            s.flush()


def leave(s: Session, account: Account, application_id: int) -> None:
    """The page was closed: stop showing this person at once."""
    s.exec(
        delete(DossierPresence).where(
            col(DossierPresence.application_id) == application_id,
            col(DossierPresence.account_id) == account.id,
        )
    )


def present(
    s: Session, application_id: int, exclude_account_id: int | None, *, clock: Clock = system_clock
) -> list[str]:
    """Names of the other staff members seen on this dossier within the last seconds."""
    since = clock.now() - PRESENCE_TTL
    query = (
        select(Account.first_name, Account.last_name)
        .join(DossierPresence, col(DossierPresence.account_id) == Account.id)
        .where(
            col(DossierPresence.application_id) == application_id,
            col(DossierPresence.last_seen) >= since,
        )
        .order_by(col(Account.last_name), col(Account.first_name))
    )
    if exclude_account_id is not None:
        query = query.where(col(DossierPresence.account_id) != exclude_account_id)
    return [f"{first} {last}" for first, last in s.exec(query).all()]


def sweep(s: Session, *, clock: Clock = system_clock) -> int:
    """Delete stale rows (housekeeping; `present` already ignores them)."""
    result = s.exec(
        delete(DossierPresence).where(
            col(DossierPresence.last_seen) < clock.now() - PRESENCE_TTL * 10
        )
    )
    return rows_changed(result)
