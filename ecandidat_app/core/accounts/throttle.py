"""Login throttling: slow a guesser down, never lock the owner out, and never tell whether
an account exists.

Attempts are counted under two keys, built from what the browser sent and nothing else
(the account's existence plays no part, so a known and an unknown identifier behave alike):
- the typed identifier (normalised) with the client address: one guesser on one account;
- the client address alone: one guesser trying many identifiers.

From `threshold` failures on a key, each new failure sets the next allowed try
`FIRST_DELAY` later, doubling with every further failure, capped at `MAX_DELAY`. A key's
count drains by one every `drain_every` (a leaky bucket), so the typos of a busy shared
address (a campus network) fade away. Tries while a key waits are refused at once with the
wait, without checking the password and without being counted. The owner's right password
from another address uses other keys, so it is always accepted.

Every attempt is counted *before* the password is checked and committed at once: parallel
tries from several workers see each other, and the error raised afterwards cannot roll the
count back. A right password then takes its count back (`release`). Rows are updated by
compare-and-set on a version number, so two workers never both act on one reading.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, null, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from ecandidat_app.core.clock import Clock, as_utc, system_clock
from ecandidat_app.core.db import rows_changed
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _, ngettext
from ecandidat_app.core.models import LoginThrottle


@dataclass(frozen=True)
class Rule:
    threshold: int  # failures allowed before the first delay
    drain_every: timedelta  # one failure forgotten per this much time


PER_IDENTIFIER = Rule(threshold=5, drain_every=timedelta(minutes=15))
PER_ADDRESS = Rule(threshold=30, drain_every=timedelta(minutes=1))
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)
# Rows nobody touched for this long hold nothing worth keeping (every count has drained).
FORGET_AFTER = timedelta(days=1)
_CAS_TRIES = 5


def wait_message(seconds: int) -> str:
    """The one message of a throttled try, whatever the identifier."""
    if seconds < 60:
        wait = ngettext("{n} seconde", "{n} secondes", seconds).format(n=seconds)
    else:
        minutes = math.ceil(seconds / 60)
        wait = ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    return _("Trop de tentatives de connexion. Réessayez dans {wait}.").format(wait=wait)


class LoginThrottled(DomainError):
    """Too many recent failures for this identifier or this address: `seconds` to wait."""

    def __init__(self, wait: timedelta) -> None:
        self.seconds = max(1, math.ceil(wait.total_seconds()))
        super().__init__(wait_message(self.seconds))


def delay_after(failures: int, rule: Rule) -> timedelta | None:
    """How long the next try waits after `failures` counted failures (None: no wait)."""
    if failures < rule.threshold:
        return None
    doublings = min(failures - rule.threshold, 20)  # 30 s x 2^20 is far past the cap
    return min(FIRST_DELAY * 2**doublings, MAX_DELAY)


def normalise(identifier: str) -> str:
    return (identifier or "").strip().casefold()[:254]


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class Attempt:
    """The keys one login attempt was counted under."""

    pair_key: str
    address_key: str | None  # None when the client address is unknown


def _keys(identifier: str, client: str) -> tuple[Attempt, list[tuple[str, Rule]]]:
    client = (client or "").strip()[:80]
    attempt = Attempt(
        _hash("identifiant", normalise(identifier), client),
        _hash("adresse", client) if client else None,
    )
    keys = [(attempt.pair_key, PER_IDENTIFIER)]
    if attempt.address_key:
        keys.append((attempt.address_key, PER_ADDRESS))
    return attempt, keys


def _read(s: Session, key: str) -> Any:  # a row of the four columns, or None
    """The row's current values, read from the database (not the session's cache)."""
    return s.exec(
        select(
            LoginThrottle.failures,
            LoginThrottle.counted_from,
            LoginThrottle.next_try_at,
            LoginThrottle.version,
        ).where(col(LoginThrottle.key) == key)
    ).first()


def _wait(row: Any, now: datetime) -> timedelta | None:
    next_try = as_utc(row.next_try_at) if row is not None else None
    return next_try - now if next_try is not None and next_try > now else None


def _drained(
    failures: int, counted_from: datetime, now: datetime, rule: Rule
) -> tuple[int, datetime]:
    """The count left after draining since `counted_from`, and the new drain origin."""
    steps = max(0, int((now - counted_from) / rule.drain_every))
    if steps >= failures:
        return 0, now
    return failures - steps, counted_from + steps * rule.drain_every


def _ensure_row(s: Session, key: str, now: datetime) -> None:
    insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
    s.exec(
        insert(LoginThrottle)
        .values(key=key, failures=0, counted_from=now, next_try_at=None, version=0)
        .on_conflict_do_nothing(index_elements=["key"])
    )


def _count(s: Session, key: str, rule: Rule, now: datetime) -> None:
    """Add this attempt to the key's count, unless the key must wait (then raise)."""
    for _attempt in range(_CAS_TRIES):
        row = _read(s, key)
        if row is None:  # first try on this key, or just pruned by another worker
            _ensure_row(s, key, now)
            continue
        wait = _wait(row, now)
        if wait is not None:
            raise LoginThrottled(wait)
        failures, since = _drained(row.failures, as_utc(row.counted_from), now, rule)
        failures += 1
        delay = delay_after(failures, rule)
        done = s.exec(
            update(LoginThrottle)
            .where(col(LoginThrottle.key) == key, col(LoginThrottle.version) == row.version)
            .values(
                failures=failures,
                counted_from=since,
                next_try_at=now + delay if delay else None,
                version=row.version + 1,
            )
        )
        if rows_changed(done) == 1:
            return
    # Lost the race every time: many parallel tries on one key, which is what we slow down.
    raise LoginThrottled(FIRST_DELAY)


def begin(s: Session, identifier: str, client: str, *, clock: Clock = system_clock) -> Attempt:
    """Count a login attempt before its password is checked, and commit the count.

    Raises `LoginThrottled` (nothing counted) when the identifier on this address, or the
    address, must wait."""
    now = clock.now()
    attempt, keys = _keys(identifier, client)
    for key, _rule in keys:  # check every key first: a refused try counts nowhere
        wait = _wait(_read(s, key), now)
        if wait is not None:
            raise LoginThrottled(wait)
    for key, rule in keys:
        _count(s, key, rule, now)
    _prune(s, now)
    s.commit()
    return attempt


def _prune(s: Session, now: datetime) -> None:
    """Delete long-idle rows. Rows another login holds are skipped, never waited for: a
    wait here could close a deadlock with a login updating its own old rows."""
    idle = (
        select(LoginThrottle.key)
        .where(col(LoginThrottle.counted_from) < now - FORGET_AFTER)
        .with_for_update(skip_locked=True)
    )
    s.exec(delete(LoginThrottle).where(col(LoginThrottle.key).in_(idle)))


def release(s: Session, attempt: Attempt) -> None:
    """That attempt was no guess (right password, or no password could be checked): the
    identifier starts afresh on this address, and the address gets its count back (not
    reset: a guesser who owns one account must not clear their address's count by signing
    in). Committed at once, so a refusal that follows (past campaign, e-mail address still
    to give) does not count."""
    s.exec(delete(LoginThrottle).where(col(LoginThrottle.key) == attempt.pair_key))
    if attempt.address_key:
        failures = col(LoginThrottle.failures)
        s.exec(
            update(LoginThrottle)
            .where(col(LoginThrottle.key) == attempt.address_key)
            .values(
                failures=case((failures > 0, failures - 1), else_=0),
                next_try_at=case(
                    (failures - 1 < PER_ADDRESS.threshold, null()),
                    else_=LoginThrottle.next_try_at,
                ),
                version=LoginThrottle.version + 1,
            )
        )
    s.commit()
