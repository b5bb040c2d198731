"""The baccalauréat and its equivalents, as a list of codes with French labels.

Codes are this application's own, short and stable; `docs/sis-export.md` says how a
university maps them onto its SIS's table (Apogée's BAC_OUX_EQU, Pégase's nomenclature).
The post-2021 general bac has no series: it carries two terminale specialities."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ecandidat_app.core.text import fold

GENERAL_2021 = "BG"


@dataclass(frozen=True)
class BacSeries:
    code: str
    label: str
    group: str  # shown as the option's group


_GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    "Baccalauréat général": (
        (GENERAL_2021, "Baccalauréat général (depuis 2021, avec spécialités)"),
        ("S", "Baccalauréat général série S (avant 2021)"),
        ("ES", "Baccalauréat général série ES (avant 2021)"),
        ("L", "Baccalauréat général série L (avant 2021)"),
    ),
    "Baccalauréat technologique": (
        ("STI2D", "Technologique STI2D (industrie et développement durable)"),
        ("STL", "Technologique STL (sciences et technologies de laboratoire)"),
        ("STMG", "Technologique STMG (management et gestion)"),
        ("ST2S", "Technologique ST2S (santé et social)"),
        ("STD2A", "Technologique STD2A (design et arts appliqués)"),
        ("STHR", "Technologique STHR (hôtellerie et restauration)"),
        ("S2TMD", "Technologique S2TMD (théâtre, musique et danse)"),
        ("STAV", "Technologique STAV (agronomie et vivant)"),
    ),
    "Baccalauréat professionnel": (
        ("PRO", "Baccalauréat professionnel"),
        ("PROA", "Baccalauréat professionnel agricole"),
    ),
    "Équivalences françaises": (
        ("DAEUA", "DAEU A (diplôme d'accès aux études universitaires, littéraire)"),
        ("DAEUB", "DAEU B (diplôme d'accès aux études universitaires, scientifique)"),
        ("ESEU", "ESEU (examen spécial d'entrée à l'université)"),
        ("CAPEN", "Capacité en droit"),
        ("VAP", "Validation des acquis (sans baccalauréat)"),
    ),
    "Diplômes étrangers et binationaux": (
        ("EB", "Baccalauréat européen"),
        ("IB", "Baccalauréat international (IB)"),
        ("OIB", "Baccalauréat français international (BFI, ex-OIB)"),
        ("ABIBAC", "AbiBac (franco-allemand)"),
        ("ESABAC", "EsaBac (franco-italien)"),
        ("BACHIB", "BachiBac (franco-espagnol)"),
        ("ETR", "Diplôme étranger de fin d'études secondaires"),
    ),
}

# Terminale specialities of the general bac since 2021.
SPECIALITIES: tuple[tuple[str, str], ...] = (
    ("ART", "Arts"),
    ("BIOECO", "Biologie-écologie"),
    ("EPPCS", "Éducation physique, pratiques et culture sportives"),
    ("HGGSP", "Histoire-géographie, géopolitique et sciences politiques"),
    ("HLP", "Humanités, littérature et philosophie"),
    ("LLCER", "Langues, littératures et cultures étrangères et régionales"),
    ("LLCA", "Littérature et langues et cultures de l'Antiquité"),
    ("MATHS", "Mathématiques"),
    ("NSI", "Numérique et sciences informatiques"),
    ("PC", "Physique-chimie"),
    ("SVT", "Sciences de la vie et de la Terre"),
    ("SI", "Sciences de l'ingénieur"),
    ("SES", "Sciences économiques et sociales"),
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
    return dict(SPECIALITIES).get(code, "")


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
