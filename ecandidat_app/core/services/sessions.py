"""Login sessions: random token to the browser, its hash in the database."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

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


def resolve_session(s: Session, token: str, *, clock: Clock = system_clock) -> Account | None:
    """The account behind a browser's token, or None when unknown, revoked or expired."""
    if not token:
        return None
    row = s.exec(select(LoginSession).where(LoginSession.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= clock.now():
        return None
    account = s.get(Account, row.account_id)
    if account is None or not account.is_active or account.deleted_at is not None:
        return None
    return account


def revoke_session(s: Session, token: str, *, clock: Clock = system_clock) -> None:
    row = s.exec(select(LoginSession).where(LoginSession.token_hash == hash_token(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = clock.now()


def revoke_all_sessions(
    s: Session, account_id: int, *, keep_token: str | None = None, clock: Clock = system_clock
) -> int:
    """End every session of an account (password change, logout everywhere)."""
    keep = hash_token(keep_token) if keep_token else None
    rows = s.exec(
        select(LoginSession).where(
            LoginSession.account_id == account_id,
            LoginSession.revoked_at.is_(None),  # type: ignore[union-attr]
        )
    ).all()
    count = 0
    for row in rows:
        if row.token_hash != keep:
            row.revoked_at = clock.now()
            count += 1
    return count
