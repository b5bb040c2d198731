"""Dates as French pages and e-mails write them, in Paris time: one place for every service."""

from __future__ import annotations

from datetime import date, datetime

from ecandidat_app.core.clock import PARIS, as_utc

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(value: date | None) -> str:
    """ "12 mars 2027"; the first of the month is "1er", as French typography wants."""
    if value is None:
        return ""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def french_datetime(value: datetime | None) -> str:
    """ "23 mars 2027 à 10 h 05", in Paris time (timestamps are stored in UTC)."""
    moment = as_utc(value)
    if moment is None:
        return ""
    local = moment.astimezone(PARIS)
    return f"{french_date(local.date())} à {local.hour} h {local.minute:02d}"
