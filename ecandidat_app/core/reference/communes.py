"""French communes by postal code, from the official list shipped in data/communes.tsv.gz
(see data/README.md: La Poste / INSEE through the Base Adresse Nationale)."""

from __future__ import annotations

import gzip
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ecandidat_app.core.text import fold

DATA = Path(__file__).with_name("data") / "communes.tsv.gz"


@dataclass(frozen=True)
class Commune:
    postal_code: str
    insee_code: str
    name: str


@cache
def _index() -> dict[str, tuple[Commune, ...]]:
    by_code: dict[str, list[Commune]] = defaultdict(list)
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        next(lines)  # header
        for line in lines:
            postal, insee, name = line.rstrip("\n").split("\t")
            by_code[postal].append(Commune(postal, insee, name))
    return {code: tuple(sorted(rows, key=lambda c: fold(c.name))) for code, rows in by_code.items()}


def communes_of(postal_code: str) -> tuple[Commune, ...]:
    """The communes a French postal code serves (empty for an unknown code)."""
    return _index().get(postal_code.strip(), ())


def find_commune(postal_code: str, name: str) -> Commune | None:
    """The commune of this postal code whose name is the typed one (accents, case, hyphens
    and « Saint »/« St » ignored), or the only one when the code serves one commune."""
    rows = communes_of(postal_code)
    wanted = _loose(name)
    match = next((c for c in rows if _loose(c.name) == wanted), None)
    if match is None and wanted:  # « Paris » for « Paris 5e Arrondissement »
        near = [c for c in rows if _loose(c.name).startswith(wanted + " ")]
        match = near[0] if len(near) == 1 else None
    return match or (rows[0] if len(rows) == 1 and not wanted else None)


def _loose(name: str) -> str:
    text = fold(name).replace("-", " ").replace("'", " ")
    words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in text.split()]
    return " ".join(words)
