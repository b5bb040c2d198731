"""The one-time code that carries a new session from the sign-in event to the HTTP response
that sets the HttpOnly cookie: single use, short-lived, and the cookie gets a fresh token."""

from __future__ import annotations

from sqlmodel import Session, select

from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import Role, SessionHandoff
from ecandidat_app.core.services import sessions
from tests import factories as f


def _signed_in(session: Session, clock: FixedClock) -> tuple[int, str]:
    account = f.staff(session, role=Role.GESTIONNAIRE)
    token = sessions.open_session(session, account.id, clock=clock)
    session.commit()
    assert account.id is not None
    return account.id, token


def test_the_code_turns_once_into_a_new_token_of_the_same_session(
    session: Session, clock: FixedClock
) -> None:
    account_id, login_token = _signed_in(session, clock)
    code = sessions.issue_handoff(session, login_token, clock=clock)
    session.commit()
    assert session.exec(select(SessionHandoff.code_hash)).one() != code  # only its hash

    cookie = sessions.redeem_handoff(session, code, clock=clock)
    session.commit()
    assert cookie and cookie not in (code, login_token)
    assert sessions.resolve_session(session, cookie, clock=clock).id == account_id  # type: ignore[union-attr]
    # The sign-in's own token was never sent anywhere and now opens nothing.
    assert sessions.resolve_session(session, login_token, clock=clock) is None
    # Single use: a second exchange (replay, second worker) gets nothing.
    assert sessions.redeem_handoff(session, code, clock=clock) is None
    assert session.exec(select(SessionHandoff)).all() == []


def test_an_expired_code_or_ended_session_gives_nothing(
    session: Session, clock: FixedClock
) -> None:
    _account_id, token = _signed_in(session, clock)
    late = sessions.issue_handoff(session, token, clock=clock)
    clock.advance(seconds=sessions.HANDOFF_SECONDS + 1)
    assert sessions.redeem_handoff(session, late, clock=clock) is None

    revoked = sessions.issue_handoff(session, token, clock=clock)
    sessions.revoke_session(session, token, clock=clock)
    assert sessions.redeem_handoff(session, revoked, clock=clock) is None


def test_unknown_empty_or_oversized_codes_give_nothing(session: Session, clock: FixedClock) -> None:
    _signed_in(session, clock)
    for code in ("", "inconnu", "x" * 10_000, "\x00"):
        assert sessions.redeem_handoff(session, code, clock=clock) is None


def test_expired_codes_are_swept(session: Session, clock: FixedClock) -> None:
    _account_id, token = _signed_in(session, clock)
    for _ in range(3):
        sessions.issue_handoff(session, token, clock=clock)
    clock.advance(minutes=5)
    sessions.redeem_handoff(session, "quelconque", clock=clock)
    assert session.exec(select(SessionHandoff)).all() == []
