"""Dates and numbers in the reader's language, in Paris time. French keeps the house's own
typography (« 1er mars 2027 », « 23 mars 2027 à 10 h 05 », from `core/french.py`, the one
French implementation); other locales come from Babel's CLDR data."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from ecandidat_app.core import french
from ecandidat_app.core.clock import PARIS, as_utc
from ecandidat_app.core.i18n import SOURCE, current_locale, normalise


def _lang(lang: str | None) -> str:
    return normalise(lang) if lang is not None else current_locale()


def format_date(value: date | None, lang: str | None = None) -> str:
    """ "1er mars 2027" / "1 March 2027" (`lang` None: the current locale)."""
    if value is None:
        return ""
    code = _lang(lang)
    if code == SOURCE:
        return french.french_date(value)
    return babel_date(value, "d MMMM y", locale=code)


def format_datetime(value: datetime | None, lang: str | None = None) -> str:
    """ "23 mars 2027 à 10 h 05" / "23 March 2027 at 10:05", in Paris time (stored UTC)."""
    code = _lang(lang)
    if code == SOURCE:
        return french.french_datetime(value)
    moment = as_utc(value)
    if moment is None:
        return ""
    local = moment.astimezone(PARIS)
    return f"{format_date(local.date(), code)} at {local:%H:%M}"


def format_number(value: float | int, lang: str | None = None) -> str:
    """ "1 234,5" (narrow no-break space) / "1,234.5"."""
    return format_decimal(value, locale=_lang(lang))
