"""The login throttle through the real login: a growing delay per (identifier, address) and
per address, the same for known and unknown identifiers, never a lock of the owner, counts
that survive the rollback and hold across parallel workers. Run on every backend of the
`engine` fixture."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import accounts
from ecandidat_app.core.accounts import MSG_BAD_CREDENTIALS, BadCredentials
from ecandidat_app.core.accounts import throttle as login_throttle
from ecandidat_app.core.accounts.throttle import (
    FIRST_DELAY,
    MAX_DELAY,
    PER_ADDRESS,
    PER_IDENTIFIER,
    LoginThrottled,
    delay_after,
    wait_message,
)
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import LoginThrottle
from tests import factories

EMAIL = "lea.martin@example.org"
WRONG = "Mauvais-mot-2027"
GUESSER = "203.0.113.9"
OWNER = "198.51.100.1"
T = PER_IDENTIFIER.threshold


@pytest.fixture
def owner(session: Session, clock):
    campaign = factories.campaign(session, today=clock.today())
    account = factories.applicant(session, campaign, email=EMAIL)
    session.commit()
    return account


def _try(s: Session, clock, ident: str = EMAIL, pw: str = WRONG, ip: str = GUESSER) -> str:
    """One login attempt as the page makes it (its unit of work rolls back on error);
    returns the answer: "ok" or the French message."""
    try:
        accounts.login(s, identifier=ident, password=pw, client_key=ip, clock=clock)
    except DomainError as exc:
        s.rollback()
        return exc.message
    s.commit()
    return "ok"


def test_delay_schedule_and_message() -> None:
    assert [delay_after(n, PER_IDENTIFIER) for n in range(T)] == [None] * T
    assert delay_after(T, PER_IDENTIFIER) == FIRST_DELAY == timedelta(seconds=30)
    assert delay_after(T + 1, PER_IDENTIFIER) == timedelta(seconds=60)
    assert delay_after(T + 4, PER_IDENTIFIER) == timedelta(minutes=8)
    assert delay_after(T + 5, PER_IDENTIFIER) == MAX_DELAY == timedelta(minutes=15)
    assert delay_after(10**6, PER_IDENTIFIER) == MAX_DELAY
    assert wait_message(30) == "Trop de tentatives de connexion. Réessayez dans 30 secondes."
    assert wait_message(1).endswith("dans 1 seconde.")
    assert wait_message(60).endswith("dans 1 minute.")
    assert wait_message(61).endswith("dans 2 minutes.")


@pytest.mark.usefixtures("owner")
def test_growing_delay_then_the_right_password_after_the_wait(session, clock) -> None:
    answers = [_try(session, clock) for _ in range(T)]
    assert answers == [MSG_BAD_CREDENTIALS] * T
    # Waiting now, even with the right password (it is not even checked).
    assert _try(session, clock, pw=factories.PASSWORD) == wait_message(30)
    clock.advance(seconds=29)
    assert _try(session, clock) == wait_message(1)
    wait = 1
    for _ in range(4):  # each failure after a wait doubles the next one
        clock.advance(seconds=wait)
        assert _try(session, clock) == MSG_BAD_CREDENTIALS
        wait = 60 if wait == 1 else wait * 2
        assert _try(session, clock) == wait_message(wait)
    assert wait == 480
    clock.advance(seconds=wait)
    assert _try(session, clock, pw=factories.PASSWORD) == "ok"
    # The right password starts this identifier afresh on this address.
    assert [_try(session, clock) for _ in range(T)] == [MSG_BAD_CREDENTIALS] * T


@pytest.mark.usefixtures("owner")
def test_failures_drain_away(session, clock) -> None:
    """One failure of an identifier is forgotten every 15 minutes: someone who mistyped
    five times yesterday starts afresh; a guesser who keeps going keeps waiting."""
    for _ in range(T):
        _try(session, clock)
    clock.advance(minutes=15)  # one failure drained: one free try, then the wait again
    assert _try(session, clock) == MSG_BAD_CREDENTIALS
    assert _try(session, clock) == wait_message(30)
    clock.advance(hours=2)
    assert [_try(session, clock) for _ in range(T)] == [MSG_BAD_CREDENTIALS] * T


def test_known_and_unknown_identifiers_behave_alike(session, clock, owner) -> None:
    """The keys come from what was typed, never from the account: same answers, same
    waits, for a real account, an unknown address and an unknown file number."""

    def run(ident: str, ip: str) -> list[str]:
        answers = [_try(session, clock, ident=ident, ip=ip) for _ in range(T + 2)]
        clock.advance(seconds=30)
        answers += [_try(session, clock, ident=ident, ip=ip) for _ in range(2)]
        return answers

    known = run(EMAIL, "192.0.2.1")
    assert known == run("personne@example.org", "192.0.2.2")
    assert known == run("2027000000", "192.0.2.3")
    assert known == run(owner.file_number, "192.0.2.4")
    assert known[T:] == [wait_message(30)] * 2 + [MSG_BAD_CREDENTIALS, wait_message(60)]


@pytest.mark.usefixtures("owner")
def test_identifier_is_normalised(session, clock) -> None:
    for ident in (EMAIL, EMAIL.upper(), f"  {EMAIL}", "Lea.Martin@Example.org"):
        for _ in range(2):
            _try(session, clock, ident=ident)
    assert _try(session, clock, ident=f"{EMAIL.upper()} ") == wait_message(30)


@pytest.mark.usefixtures("owner")
def test_the_owner_is_never_locked_out(session, clock) -> None:
    for _ in range(T + 3):
        _try(session, clock)
    assert "Réessayez" in _try(session, clock, pw=factories.PASSWORD)  # the guesser's address
    assert _try(session, clock, pw=factories.PASSWORD, ip=OWNER) == "ok"  # the owner's
    # ... as often as the owner likes, a mistyped password included.
    assert _try(session, clock, ip=OWNER) == MSG_BAD_CREDENTIALS
    assert _try(session, clock, pw=factories.PASSWORD, ip=OWNER) == "ok"


@pytest.mark.usefixtures("owner")
def test_many_identifiers_from_one_address(session, clock) -> None:
    n = PER_ADDRESS.threshold
    answers = {_try(session, clock, ident=f"inconnu{i}@example.org") for i in range(n)}
    assert answers == {MSG_BAD_CREDENTIALS}
    # Any identifier from that address now waits, a fresh one and the owner's included.
    assert _try(session, clock, ident="nouveau@example.org") == wait_message(30)
    assert _try(session, clock, pw=factories.PASSWORD) == wait_message(30)
    assert _try(session, clock, pw=factories.PASSWORD, ip=OWNER) == "ok"  # other address
    # The count drains (one a minute): after a quiet while the address is free again.
    clock.advance(minutes=5)
    assert _try(session, clock, pw=factories.PASSWORD) == "ok"


@pytest.mark.usefixtures("owner")
def test_right_passwords_from_a_shared_address_never_add_up(session, clock) -> None:
    """A campus network: many people sign in from one address. Right passwords take their
    count back, so only failures count against the address."""
    for _ in range(PER_ADDRESS.threshold + 5):
        assert _try(session, clock, pw=factories.PASSWORD) == "ok"
    assert session.exec(select(LoginThrottle.failures)).all() == [0]  # the address row only


@pytest.mark.usefixtures("owner")
def test_counts_survive_the_rollback_and_store_no_identifier(engine, session, clock):
    for _ in range(3):
        _try(session, clock)  # rolls back after each failure, as the page's unit of work
    with Session(engine) as fresh:
        rows = fresh.exec(select(LoginThrottle)).all()
    assert sorted(r.failures for r in rows) == [3, 3]
    stored = repr([r.model_dump() for r in rows])
    assert "lea" not in stored and GUESSER not in stored  # hashed keys only


@pytest.mark.usefixtures("owner")
def test_old_rows_are_pruned(session, clock) -> None:
    _try(session, clock)
    clock.advance(days=2)
    _try(session, clock, ip=OWNER)
    assert len(session.exec(select(LoginThrottle)).all()) == 2  # the new attempt's two keys


@pytest.mark.usefixtures("owner")
def test_parallel_guesses_from_two_workers_get_one_try(engine, clock) -> None:
    """At the threshold, parallel tries race for the last allowed one: exactly one gets its
    password checked, the others are told to wait (compare-and-set on the row)."""
    with Session(engine) as s:
        assert [_try(s, clock) for _ in range(T - 1)] == [MSG_BAD_CREDENTIALS] * (T - 1)
    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def guess() -> None:
        barrier.wait()
        try:
            with session_scope(engine) as s:
                accounts.login(s, identifier=EMAIL, password=WRONG, client_key=GUESSER, clock=clock)
        except LoginThrottled:
            outcomes.append("attendre")
        except BadCredentials:
            outcomes.append("incorrect")

    threads = [threading.Thread(target=guess) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(outcomes) == ["attendre"] * 5 + ["incorrect"]


def test_release_gives_the_address_its_count_back(session, clock) -> None:
    """`release` (right password, or no password checked): the pair row goes, the address
    row loses one failure and any wait it no longer deserves."""
    attempt = login_throttle.begin(session, EMAIL, GUESSER, clock=clock)
    assert sorted(session.exec(select(LoginThrottle.failures)).all()) == [1, 1]
    login_throttle.release(session, attempt)
    assert session.exec(select(LoginThrottle.failures)).all() == [0]
    # No client address (a test, a script): only the identifier is counted.
    login_throttle.begin(session, EMAIL, "", clock=clock)
    assert len(session.exec(select(LoginThrottle)).all()) == 2
