"""Countries and nationalities: ISO 3166-1 (pycountry), with their French names.

The applicant picks a country by typing part of its name (French, or English for an
English reader: `display_name`); the profile stores the alpha-2 code and the French name. Nationalities are named after the country (the SIS
codes a nationality with the country's code, as Apogée's COD_PAY_NAT does)."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry

from ecandidat_app.core.i18n import SOURCE, current_locale, normalise
from ecandidat_app.core.text import fold

FRANCE = "FR"
# Common names applicants type, where the ISO French name is a long official one.
_SHORT_NAMES = {
    "GB": "Royaume-Uni",
    "US": "États-Unis",
    "RU": "Russie",
    "KR": "Corée du Sud",
    "KP": "Corée du Nord",
    "IR": "Iran",
    "SY": "Syrie",
    "VN": "Viêt Nam",
    "TW": "Taïwan",
    "BO": "Bolivie",
    "VE": "Venezuela",
    "TZ": "Tanzanie",
    "MD": "Moldavie",
    "CD": "République démocratique du Congo",
    "CG": "Congo",
    "LA": "Laos",
    "PS": "Palestine",
}


# The same for English names, where pycountry's is the long official one.
_SHORT_ENGLISH_NAMES = {
    "RU": "Russia",
    "TW": "Taiwan",
    "CD": "Democratic Republic of the Congo",
    "PS": "Palestine",
}


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # French name
    numeric: str  # ISO 3166-1 numeric (3 digits)
    alpha3: str


@cache
def countries() -> tuple[Country, ...]:
    """Every ISO 3166-1 country, sorted by French name (accents ignored)."""
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    rows = [
        Country(
            c.alpha_2,
            _SHORT_NAMES.get(c.alpha_2) or fr.gettext(getattr(c, "common_name", None) or c.name),
            c.numeric,
            c.alpha_3,
        )
        for c in pycountry.countries
    ]
    return tuple(sorted(rows, key=lambda c: fold(c.name)))


@cache
def _english_names() -> dict[str, str]:
    """ISO code -> English name (pycountry's common name where it has one)."""
    return {
        c.alpha_2: _SHORT_ENGLISH_NAMES.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        for c in pycountry.countries
    }


def display_name(found: Country, lang: str | None = None) -> str:
    """The country's name in `lang` (None: the current locale): the French name the
    profile stores, or the English one."""
    code = normalise(lang) if lang is not None else current_locale()
    if code == SOURCE:
        return found.name
    return _english_names().get(found.code, found.name)


@cache
def _by_english_name() -> dict[str, Country]:
    return {fold(name): _by_code()[code] for code, name in _english_names().items()}


@cache
def _by_code() -> dict[str, Country]:
    return {c.code: c for c in countries()}


@cache
def _by_folded_name() -> dict[str, Country]:
    return {fold(c.name): c for c in countries()}


def country(code: str) -> Country | None:
    return _by_code().get(code.strip().upper())


def find_country(text: str) -> Country | None:
    """The country a free text names exactly (its code or its French name, accents and
    case ignored); None when it names none or is ambiguous."""
    value = text.strip()
    if not value:
        return None
    if len(value) == 2 and value.isalpha():
        return country(value)
    folded = fold(value)
    return (
        _by_folded_name().get(folded)
        or _nationality_words().get(folded)
        or _by_english_name().get(folded)
    )


@cache
def _nationality_words() -> dict[str, Country]:
    """Adjectives applicants typed as free text before the list existed."""
    words = {
        "francaise": "FR",
        "francais": "FR",
        "allemande": "DE",
        "allemand": "DE",
        "espagnole": "ES",
        "espagnol": "ES",
        "italienne": "IT",
        "italien": "IT",
        "belge": "BE",
        "suisse": "CH",
        "portugaise": "PT",
        "portugais": "PT",
        "britannique": "GB",
        "americaine": "US",
        "americain": "US",
        "marocaine": "MA",
        "marocain": "MA",
        "algerienne": "DZ",
        "algerien": "DZ",
        "tunisienne": "TN",
        "tunisien": "TN",
        "senegalaise": "SN",
        "senegalais": "SN",
        "chinoise": "CN",
        "chinois": "CN",
        "canadienne": "CA",
        "canadien": "CA",
    }
    return {word: _by_code()[code] for word, code in words.items()}


def search_countries(text: str, limit: int = 8) -> list[Country]:
    """Countries whose name (in the current locale) starts with the typed text, then those
    containing it."""
    folded = fold(text)
    if not folded:
        return []
    named = [(fold(display_name(c)), c) for c in countries()]
    starts = [c for name, c in named if name.startswith(folded)]
    inside = [c for name, c in named if folded in name and c not in starts]
    return (starts + inside)[:limit]
