"""The baccalauréat and its equivalents, as a list of codes with French labels (marked for
translation: `_(series.label)` shows one in the reader's language; the French is stored).

Codes are this application's own, short and stable; `docs/sis-export.md` says how a
university maps them onto its SIS's table (Apogée's BAC_OUX_EQU, Pégase's nomenclature).
The post-2021 general bac has no series: it carries two terminale specialities."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.text import fold

GENERAL_2021 = "BG"


@dataclass(frozen=True)
class BacSeries:
    code: str
    label: str
    group: str  # shown as the option's group


_GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    N_("Baccalauréat général"): (
        (GENERAL_2021, N_("Baccalauréat général (depuis 2021, avec spécialités)")),
        ("S", N_("Baccalauréat général série S (avant 2021)")),
        ("ES", N_("Baccalauréat général série ES (avant 2021)")),
        ("L", N_("Baccalauréat général série L (avant 2021)")),
    ),
    N_("Baccalauréat technologique"): (
        ("STI2D", N_("Technologique STI2D (industrie et développement durable)")),
        ("STL", N_("Technologique STL (sciences et technologies de laboratoire)")),
        ("STMG", N_("Technologique STMG (management et gestion)")),
        ("ST2S", N_("Technologique ST2S (santé et social)")),
        ("STD2A", N_("Technologique STD2A (design et arts appliqués)")),
        ("STHR", N_("Technologique STHR (hôtellerie et restauration)")),
        ("S2TMD", N_("Technologique S2TMD (théâtre, musique et danse)")),
        ("STAV", N_("Technologique STAV (agronomie et vivant)")),
    ),
    N_("Baccalauréat professionnel"): (
        ("PRO", N_("Baccalauréat professionnel")),
        ("PROA", N_("Baccalauréat professionnel agricole")),
    ),
    N_("Équivalences françaises"): (
        ("DAEUA", N_("DAEU A (diplôme d'accès aux études universitaires, littéraire)")),
        ("DAEUB", N_("DAEU B (diplôme d'accès aux études universitaires, scientifique)")),
        ("ESEU", N_("ESEU (examen spécial d'entrée à l'université)")),
        ("CAPEN", N_("Capacité en droit")),
        ("VAP", N_("Validation des acquis (sans baccalauréat)")),
    ),
    N_("Diplômes étrangers et binationaux"): (
        ("EB", N_("Baccalauréat européen")),
        ("IB", N_("Baccalauréat international (IB)")),
        ("OIB", N_("Baccalauréat français international (BFI, ex-OIB)")),
        ("ABIBAC", N_("AbiBac (franco-allemand)")),
        ("ESABAC", N_("EsaBac (franco-italien)")),
        ("BACHIB", N_("BachiBac (franco-espagnol)")),
        ("ETR", N_("Diplôme étranger de fin d'études secondaires")),
    ),
}

# Terminale specialities of the general bac since 2021.
SPECIALITIES: tuple[tuple[str, str], ...] = (
    ("ART", N_("Arts")),
    ("BIOECO", N_("Biologie-écologie")),
    ("EPPCS", N_("Éducation physique, pratiques et culture sportives")),
    ("HGGSP", N_("Histoire-géographie, géopolitique et sciences politiques")),
    ("HLP", N_("Humanités, littérature et philosophie")),
    ("LLCER", N_("Langues, littératures et cultures étrangères et régionales")),
    ("LLCA", N_("Littérature et langues et cultures de l'Antiquité")),
    ("MATHS", N_("Mathématiques")),
    ("NSI", N_("Numérique et sciences informatiques")),
    ("PC", N_("Physique-chimie")),
    ("SVT", N_("Sciences de la vie et de la Terre")),
    ("SI", N_("Sciences de l'ingénieur")),
    ("SES", N_("Sciences économiques et sociales")),
)


@cache
def bac_series() -> tuple[BacSeries, ...]:
    return tuple(
        BacSeries(code, label, group) for group, rows in _GROUPS.items() for code, label in rows
    )


@cache
def _by_code() -> dict[str, BacSeries]:
    return {b.code: b for b in bac_series()}


def series(code: str) -> BacSeries | None:
    return _by_code().get(code.strip().upper())


def speciality_label(code: str) -> str:
    """The speciality's name in the current locale ("" for an unknown code)."""
    return _(dict(SPECIALITIES).get(code, ""))


# Free texts typed before the list existed, folded, and the series they name.
_OLD_TEXTS = {
    "s": "S",
    "es": "ES",
    "l": "L",
    "generale": GENERAL_2021,
    "general": GENERAL_2021,
    "bac general": GENERAL_2021,
    "baccalaureat general": GENERAL_2021,
    "daeu a": "DAEUA",
    "daeu b": "DAEUB",
    "professionnel": "PRO",
    "bac pro": "PRO",
}


def find_series(text: str) -> BacSeries | None:
    """The series a free text names without doubt (its code, label, or a usual wording
    such as « Générale » or « Technologique STI2D »); None otherwise."""
    folded = fold(text)
    if not folded:
        return None
    noise = {"bac", "baccalaureat", "technologique", "serie"}
    key = " ".join(w for w in folded.split() if w not in noise)
    code = _OLD_TEXTS.get(folded) or _OLD_TEXTS.get(key) or key.upper().replace(" ", "")
    if code in _by_code():
        return _by_code()[code]
    return next((b for b in bac_series() if fold(b.label) == folded), None)
