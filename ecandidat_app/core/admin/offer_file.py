"""Reading the formation offer file (format: docs/import-offre.md): a CSV (UTF-8 with or
without BOM, or Windows-1252; `;` or `,` or tab between columns) or an Excel workbook
(.xlsx, first sheet). Gives the rows with their line numbers, keyed by the folded column
names; a file that cannot be read is refused with a French `DomainError`."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.text import fold

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
REQUIRED = (
    "centre",
    "centre_libelle",
    "commission",
    "commission_libelle",
    "code",
    "libelle",
    "niveau",
    "capacite",
    "ouverture",
    "cloture",
    "retour_pieces",
)
# `libelle_en`, `description_en`, `pieces_en`: the English versions applicants reading in
# English see.
OPTIONAL = (
    "pieces",
    "domaine",
    "mots_cles",
    "description",
    "libelle_en",
    "description_en",
    "pieces_en",
)

_ZIP = b"PK\x03\x04"
_OLD_EXCEL = b"\xd0\xcf\x11\xe0"
NOT_A_TABLE = N_(
    "Ce fichier n'est ni un fichier CSV ni un classeur Excel (.xlsx) : enregistrez l'offre "
    "dans l'un de ces formats."
)


@dataclass(frozen=True)
class OfferRow:
    line: int  # the line of the CSV file, or the row of the sheet
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


def column_key(name: str) -> str:
    """« Libellé », "libelle", "Retour pièces" → the documented column name."""
    return re.sub(r"[^a-z0-9]+", "_", fold(name or "")).strip("_")


def read_offer(filename: str, data: bytes) -> list[OfferRow]:
    """The data rows of the file (blank rows skipped), or a French refusal."""
    if not data.strip():
        raise DomainError(_("Le fichier est vide."))
    if len(data) > MAX_BYTES:
        raise DomainError(_("Le fichier dépasse 5 Mo : découpez l'offre en plusieurs fichiers."))
    if data.startswith(_OLD_EXCEL) or filename.lower().endswith(".xls"):
        raise DomainError(
            _(
                "L'ancien format Excel (.xls) n'est pas lu : enregistrez le classeur au format "
                ".xlsx ou CSV."
            )
        )
    table = _xlsx_rows(data) if data.startswith(_ZIP) else _csv_rows(data)
    return _keyed(table)


def _decode(data: bytes) -> str:
    if b"\x00" in data:  # a binary file (an image, a PDF, UTF-16): not a table
        raise DomainError(_(NOT_A_TABLE))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise DomainError(
            _("Encodage du fichier non reconnu : enregistrez-le en UTF-8 (ou Windows-1252).")
        ) from None


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    if text.lstrip().startswith(("%PDF", "<", "{")):
        raise DomainError(_(NOT_A_TABLE))
    header = text.lstrip("\r\n").split("\n", 1)[0]
    separator = max(";,\t", key=header.count)
    if header.count(separator) == 0:
        raise DomainError(
            _(
                "Séparateur de colonnes introuvable sur la première ligne : les colonnes sont "
                "séparées par « ; » ou « , »."
            )
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise DomainError(
            _("Ligne {line} illisible : {error}.").format(line=reader.line_num, error=exc)
        ) from None
    return rows


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any broken archive gets the same French answer
        raise DomainError(
            _("Ce classeur Excel est illisible (fichier abîmé ou protégé).")
        ) from None
    try:
        sheet = book.worksheets[0]
        return [
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _keyed(table: list[tuple[int, list[str]]]) -> list[OfferRow]:
    filled = [(n, cells) for n, cells in table if any(str(c).strip() for c in cells)]
    if not filled:
        raise DomainError(_("Le fichier est vide."))
    (_header_line, header), body = filled[0], filled[1:]
    keys = [column_key(h) for h in header]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise DomainError(
            _(
                "Colonnes manquantes : {columns}. La première ligne doit porter les noms des "
                "colonnes (voir le format)."
            ).format(columns=", ".join(missing))
        )
    if not body:
        raise DomainError(_("Le fichier ne contient aucune formation (seulement les en-têtes)."))
    if len(body) > MAX_ROWS:
        raise DomainError(
            _("Le fichier dépasse {count} lignes : découpez l'offre.").format(count=MAX_ROWS)
        )
    return [
        OfferRow(n, {k: str(v) for k, v in zip(keys, cells, strict=False) if k})
        for n, cells in body
    ]
