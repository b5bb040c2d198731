"""Login sessions: random token to the browser, its hash in the database.

The token reaches the browser only in an HttpOnly cookie set by an HTTP response. A sign-in
happens in a websocket event, which cannot set cookies: it asks for a one-time handoff code
(`issue_handoff`), the browser opens `/api/session/ouvrir?code=…`, and that request
exchanges the code (`redeem_handoff`) for a fresh token of the same session, set as the
cookie. The token the sign-in produced is thus never sent anywhere."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, delete
from sqlmodel import Session, col, select

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.models import Account, LoginSession, SessionHandoff
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
    .where(LoginSession.token_hash == bindparam("token_hash"))
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


# Long enough for a slow page to navigate, short enough that a code seen on a screen or in
# a log is already dead.
HANDOFF_SECONDS = 60
CODE_MAX_LENGTH = 64  # new_token() gives 43 characters; anything longer is not ours


def issue_handoff(s: Session, token: str, *, clock: Clock = system_clock) -> str:
    """A single-use code, valid HANDOFF_SECONDS, that `redeem_handoff` turns into the cookie
    value of the session behind `token`."""
    row = s.exec(select(LoginSession).where(LoginSession.token_hash == hash_token(token))).one()
    code = new_token()
    assert row.id is not None
    s.add(
        SessionHandoff(
            code_hash=hash_token(code),
            session_id=row.id,
            expires_at=clock.now() + timedelta(seconds=HANDOFF_SECONDS),
        )
    )
    s.flush()
    return code


def redeem_handoff(s: Session, code: str, *, clock: Clock = system_clock) -> str | None:
    """Exchange a handoff code once for a new token of its session (the old token stops
    working); None when the code is unknown, used, expired or its session ended."""
    if not code or len(code) > CODE_MAX_LENGTH:
        return None
    now = clock.now()
    # Deleting first makes the code single-use even with two workers racing on it.
    session_id = s.exec(  # type: ignore[call-overload]
        delete(SessionHandoff)
        .where(col(SessionHandoff.code_hash) == hash_token(code))
        .returning(SessionHandoff.session_id, SessionHandoff.expires_at)
    ).first()
    s.exec(delete(SessionHandoff).where(col(SessionHandoff.expires_at) <= now))  # type: ignore[call-overload]
    if session_id is None or session_id[1] <= now:
        return None
    row = s.get(LoginSession, session_id[0])
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    token = new_token()
    row.token_hash = hash_token(token)
    s.flush()
    return token
