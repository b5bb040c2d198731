"""Login sessions: random token to the browser, its hash in the database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.models import Account, LoginSession
from ecandidat_app.core.security import hash_token, new_token


def open_session(s: Session, account_id: int, *, clock: Clock = system_clock) -> str:
    token = new_token()
    now = clock.now()
    s.add(
        LoginSession(
            account_id=account_id,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(hours=get_settings().session_hours),
        )
    )
    s.flush()
    return token


# Asked on every event of every signed-in page: one query, and one statement object built
# once, so SQLAlchemy neither rebuilds it nor recomputes its cache key on each call.
_SESSION_ACCOUNT = (
    select(LoginSession.expires_at, LoginSession.revoked_at, Account)
    .join(Account, col(Account.id) == LoginSession.account_id)
    .where(col(LoginSession.token_hash) == bindparam("token_hash"))
)


def resolve_session(s: Session, token: str, *, clock: Clock = system_clock) -> Account | None:
    """The account behind a browser's token, or None when unknown, revoked or expired."""
    if not token:
        return None
    row = s.execute(_SESSION_ACCOUNT, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    expires_at, revoked_at, account = row
    if revoked_at is not None or expires_at <= clock.now():
        return None
    if not account.is_active or account.deleted_at is not None:
        return None
    return account


def revoke_session(s: Session, token: str, *, clock: Clock = system_clock) -> None:
    row = s.exec(
        select(LoginSession).where(col(LoginSession.token_hash) == hash_token(token))
    ).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = clock.now()


def revoke_all_sessions(
    s: Session, account_id: int, *, keep_token: str | None = None, clock: Clock = system_clock
) -> int:
    """End every session of an account (password change, logout everywhere)."""
    keep = hash_token(keep_token) if keep_token else None
    rows = s.exec(
        select(LoginSession).where(
            col(LoginSession.account_id) == account_id,
            col(LoginSession.revoked_at).is_(None),
        )
    ).all()
    count = 0
    for row in rows:
        if row.token_hash != keep:
            row.revoked_at = clock.now()
            count += 1
    return count
