"""The university's own SIS codes for the bac series and the countries, imported from a
CSV it exports from Apogée (BAC_OUX_EQU, PAYS) or Pégase (nomenclatures), as the original
eCandidat syncs SiScolBacOuxEqu and SiScolPays from the SIS. Each imported line is
matched with this application's lists; the export then emits the SIS code.

File: UTF-8 (or Windows-1252), `;` between fields, a header line
`type;code;libelle;code_ecandidat`, one line per SIS code:
- `type`: `bac` or `pays`;
- `code`, `libelle`: the SIS code and label;
- `code_ecandidat` (may be empty): the series code of `bac.py` or the ISO 3166-1 alpha-2
  country this SIS code stands for. Empty: a bac line is matched by its code or label,
  a country line by its INSEE code (Apogée's `109` is INSEE's 99109) or its name.
The codes live in `sis_nomenclature.json` of the data folder; an import replaces the
kinds its file carries and keeps the other one."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.reference import bac, countries
from ecandidat_app.core.reference.insee_countries import by_cog, insee_country

FILE_NAME = "sis_nomenclature.json"
KINDS = ("bac", "pays")
HEADER = ["type", "code", "libelle", "code_ecandidat"]


@dataclass(frozen=True)
class SisCode:
    code: str
    label: str


@dataclass(frozen=True)
class Nomenclature:
    bac: dict[str, SisCode] = field(default_factory=dict)  # bac.py code -> SIS
    pays: dict[str, SisCode] = field(default_factory=dict)  # ISO alpha-2 -> SIS

    def country_code(self, iso2: str) -> str:
        """The imported SIS code, else the INSEE code the shipped table gives."""
        if not iso2:
            return ""
        if iso2 in self.pays:
            return self.pays[iso2].code
        found = insee_country(iso2)
        return found.sis_code if found else ""

    def bac_code(self, series_code: str) -> str:
        hit = self.bac.get(series_code)
        return hit.code if hit else ""


@dataclass(frozen=True)
class ImportReport:
    imported: dict[str, int]  # kind -> SIS codes matched and kept
    unmatched: list[str]  # « ligne 4 : 0036 Validation d'études » matched with nothing
    without_code: dict[str, list[str]]  # kind -> this app's codes left without SIS code


def path() -> Path:
    return get_settings().data_dir / FILE_NAME


def load() -> Nomenclature:
    """The imported codes (none before a first import)."""
    try:
        raw = json.loads(path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Nomenclature()
    kinds = {kind: {k: SisCode(*v) for k, v in raw.get(kind, {}).items()} for kind in KINDS}
    return Nomenclature(bac=kinds["bac"], pays=kinds["pays"])


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252")


def _rows(content: bytes) -> list[tuple[int, str, str, str, str]]:
    """(line, kind, code, label, code_ecandidat) for each line; a wrong file is refused."""
    reader = csv.reader(io.StringIO(_decode(content)), delimiter=";")
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:3] != HEADER[:3]:
        raise DomainError(
            "La première ligne doit être « type;code;libelle;code_ecandidat ».", field="file"
        )
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        kind, code, label, app_code = ([c.strip() for c in cells] + ["", "", "", ""])[:4]
        if kind.lower() not in KINDS or not code:
            raise DomainError(
                f"Ligne {number} : le type doit être « bac » ou « pays » et le code rempli.",
                field="file",
            )
        rows.append((number, kind.lower(), code, label, app_code.upper()))
    if not rows:
        raise DomainError("Le fichier ne contient aucun code.", field="file")
    return rows


def _bac_targets(code: str, label: str, app_code: str) -> list[str]:
    if app_code:
        return [app_code] if bac.series(app_code) else []
    found = bac.series(code) or bac.find_series(label)
    return [found.code] if found else []


def _country_targets(code: str, label: str, app_code: str) -> list[str]:
    if app_code:
        return [app_code] if countries.country(app_code) else []
    if code.isdigit() and f"99{code.zfill(3)[-3:]}" in by_cog():
        wanted = code.zfill(3)[-3:]
        return [
            c.code
            for c in countries.countries()
            if (hit := insee_country(c.code)) and hit.sis_code == wanted
        ]
    found = countries.find_country(label)
    return [found.code] if found else []


def _match(
    rows: list[tuple[int, str, str, str, str]],
) -> tuple[dict[str, dict[str, SisCode]], list[str]]:
    kept: dict[str, dict[str, SisCode]] = {kind: {} for kind in {r[1] for r in rows}}
    unmatched = []
    for number, kind, code, label, app_code in rows:
        targets = (_bac_targets if kind == "bac" else _country_targets)(code, label, app_code)
        if not targets:
            unmatched.append(f"ligne {number} : {code} {label}".strip())
        for target in targets:
            kept[kind].setdefault(target, SisCode(code, label))
    return kept, unmatched


def _write(data: dict[str, dict[str, list[str]]]) -> None:
    """Atomically: a reader never sees half a file."""
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".nomenclature-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, target)


def import_nomenclature(content: bytes) -> ImportReport:
    """Read, match and keep the SIS codes of a CSV file (format in the module doc)."""
    kept, unmatched = _match(_rows(content))
    current = load()
    merged = {"bac": current.bac, "pays": current.pays} | kept
    _write({kind: {k: [v.code, v.label] for k, v in merged[kind].items()} for kind in KINDS})
    now = Nomenclature(bac=merged["bac"], pays=merged["pays"])
    missing = {
        "bac": [b.code for b in bac.bac_series() if not now.bac_code(b.code)],
        "pays": [c.code for c in countries.countries() if not now.country_code(c.code)],
    }
    return ImportReport(
        imported={kind: len(kept[kind]) for kind in sorted(kept)},
        unmatched=unmatched,
        without_code={kind: missing[kind] for kind in sorted(kept)},
    )
