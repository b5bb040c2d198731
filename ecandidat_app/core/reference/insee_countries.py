"""Countries as the INSEE codes them (Code officiel géographique, « code pays » 99xxx), for
the student information system: Apogée and Pégase code a country with the last three
digits of its INSEE code (`100` for France, 99100), as the original eCandidat's
ConstanteUtils.PAYS_CODE_FRANCE_APOGEE / PAYS_CODE_FRANCE_PEGASE say.

The table is INSEE's own list of current countries and territories, shipped verbatim in
data/pays_insee_2025.csv (source in data/README.md). An ISO 3166-1 code maps onto:
- the INSEE row carrying that ISO code (a sovereign country before a territory of its own
  code: ES is Spain 99134, not Ceuta and Melilla 99313);
- France for the French overseas departments and collectivities, which INSEE codes as
  French communes, not as countries: those pycountry lists in ISO 3166-2:FR;
- a grouped INSEE territory without ISO code (« Territoires britanniques dans les
  Antilles et Bermudes ») when every word of the country's French name is in that row's
  official wording (« … Anguilla, îles Vierges britanniques, Bermudes »).
An ISO code none of these reaches has no INSEE code (`unmapped()`): the export names it
in `a_confirmer`, and the university's own nomenclature can give it a code."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from ecandidat_app.core.reference.countries import FRANCE, countries
from ecandidat_app.core.text import fold

DATA = Path(__file__).with_name("data") / "pays_insee_2025.csv"
SOVEREIGN = "1"  # INSEE's ACTUAL: 1 a country, 4 a territory with its own code
_SMALL_WORDS = {"ile", "iles", "et", "de", "du", "des", "la", "le", "les", "l", "d"}


@dataclass(frozen=True)
class InseeCountry:
    cog: str  # INSEE code, 5 digits: 99109
    label: str  # INSEE short name: Allemagne
    official: str  # INSEE official name or composition of the territory
    iso2: str  # ISO 3166-1 alpha-2 in INSEE's row ("" for grouped territories)
    sovereign: bool

    @property
    def sis_code(self) -> str:
        """The code Apogée's COD_PAY and Pégase's pays nomenclature use: 109."""
        return self.cog[2:]


@cache
def insee_rows() -> tuple[InseeCountry, ...]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return tuple(
            InseeCountry(
                cog=row["code"],
                label=row["name"],
                official=row["official_name"],
                iso2=row["iso2_code"],
                sovereign=row["actual_id"] == SOVEREIGN,
            )
            for row in csv.DictReader(handle)
        )


def _words(text: str, *, brackets: bool = False) -> frozenset[str]:
    """Significant words, accents and hyphens ignored, and what is between brackets unless
    asked for (« Cocos (Keeling) » is INSEE's « îles Cocos »)."""
    plain = fold(text) if brackets else re.sub(r"\([^)]*\)", " ", fold(text))
    return frozenset(w for w in re.split(r"[^a-z0-9]+", plain) if w and w not in _SMALL_WORDS)


@cache
def _french_overseas() -> frozenset[str]:
    """ISO 3166-1 codes of the French overseas territories: those ISO 3166-2:FR lists as a
    subdivision coded with them (FR-NC) or named like them (FR-971 Guadeloupe)."""
    overseas = [
        s for s in pycountry.subdivisions.get(country_code=FRANCE) if s.type.startswith("Overseas")
    ]
    suffixes = [s.code.split("-")[1] for s in overseas]
    codes = {suffix for suffix in suffixes if suffix.isalpha()}
    names = {_words(s.name, brackets=True) for s in overseas if s.code[-1].isdigit()}
    return frozenset(
        c.code for c in countries() if c.code in codes or _words(c.name, brackets=True) in names
    )


@cache
def by_cog() -> dict[str, InseeCountry]:
    return {row.cog: row for row in insee_rows()}


@cache
def _by_iso() -> dict[str, InseeCountry]:
    rows = insee_rows()
    mapping: dict[str, InseeCountry] = {}
    for row in sorted(rows, key=lambda r: not r.sovereign):  # countries first
        if row.iso2:
            mapping.setdefault(row.iso2, row)
    france = by_cog()["99100"]
    grouped = [row for row in rows if not row.iso2]
    for c in countries():
        if c.code in mapping:
            continue
        if c.code in _french_overseas():
            mapping[c.code] = france
            continue
        words = _words(c.name)
        hits = [row for row in grouped if words and words <= _words(row.official)]
        if len(hits) == 1:
            mapping[c.code] = hits[0]
    return mapping


def insee_country(iso2: str) -> InseeCountry | None:
    """The INSEE country of an ISO 3166-1 alpha-2 code; None when INSEE has none."""
    return _by_iso().get(iso2.strip().upper())


def unmapped() -> list[str]:
    """ISO codes of this application's country list that no INSEE code reaches."""
    return sorted(c.code for c in countries() if c.code not in _by_iso())
