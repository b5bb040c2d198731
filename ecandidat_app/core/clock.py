"""Time, injectable: services take a `clock` so tests can move the calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol, overload
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
@overload
def as_utc(value: datetime | None) -> datetime | None: ...
def as_utc(value: datetime | None) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite hands them back naive)."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Clock(Protocol):
    def now(self) -> datetime:
        """Aware UTC datetime (the database returns every timestamp in UTC)."""
        ...

    def today(self) -> date:
        """The calendar day in Paris: opening and closing dates are French days."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now(PARIS).date()


@dataclass
class FixedClock:
    current: datetime = field(default_factory=lambda: datetime(2027, 3, 15, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def today(self) -> date:
        return self.current.astimezone(PARIS).date()

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


system_clock = SystemClock()
