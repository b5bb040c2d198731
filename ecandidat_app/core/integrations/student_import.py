"""Import of the student information system's export: former students' bac and internal cursus.

The format is documented in `docs/import-etudiants.md`: UTF-8, `;`-separated, one row per
student, the cursus packed in one column (`année|code|libellé|résultat` items joined by `#`).

- Idempotent: each student's normalised content is hashed; a row whose hash did not change
  is left alone, so importing the same file twice changes nothing.
- A changed row updates the StudentRecord and the already-created accounts of the active
  campaign (their imported BacRecord and CursusInterne rows).
- A malformed row is reported with its line number and skipped; the other rows are imported.
- Students missing from a file are kept (an export may be partial).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlalchemy import delete
from sqlmodel import Session, col, select

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import Account, BacRecord, Campaign, CursusInterne, StudentRecord
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.reference.bac import find_series

COLUMNS = (
    "numero_etudiant",
    "ine",
    "bac_annee",
    "bac_serie",
    "bac_mention",
    "bac_etablissement",
    "cursus",
)
ITEM_SEPARATOR = "#"
FIELD_SEPARATOR = "|"
OLDEST_YEAR = 1950

_STUDENT_NUMBER = re.compile(r"^[0-9A-Za-z]{1,20}$")
_INE = re.compile(r"^[0-9A-Z]{10}[A-Z]$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ufffd]")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    accounts_updated: int = 0  # accounts of the active campaign whose imported data changed

    def summary_fr(self) -> str:
        lines = [
            f"Dossiers étudiants créés : {self.created}",
            f"Dossiers étudiants mis à jour : {self.updated}",
            f"Dossiers étudiants inchangés : {self.unchanged}",
            f"Comptes candidats mis à jour : {self.accounts_updated}",
            f"Lignes en erreur : {len(self.errors)}",
        ]
        lines += [f"  ligne {n} : {message}" for n, message in self.errors]
        return "\n".join(lines)


@dataclass(frozen=True)
class CursusItem:
    year: int
    code: str
    label: str
    result: str


@dataclass(frozen=True)
class ParsedRow:
    student_number: str
    ine: str
    bac_year: int | None
    bac_series: str
    bac_mention: str
    bac_school: str
    cursus: tuple[CursusItem, ...]

    def cursus_json(self) -> str:
        return json.dumps(
            [[c.year, c.code, c.label, c.result] for c in self.cursus], ensure_ascii=False
        )

    def content_hash(self) -> str:
        canonical = json.dumps(
            [
                self.ine,
                self.bac_year,
                self.bac_series,
                self.bac_mention,
                self.bac_school,
                json.loads(self.cursus_json()),
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- parsing one row


def _text(value: str, label: str, max_len: int) -> str:
    text = (value or "").strip()
    if _CONTROL.search(text):
        raise DomainError(f"{label} contient des caractères non valides (fichier non UTF-8 ?).")
    if len(text) > max_len:
        raise DomainError(f"{label} dépasse {max_len} caractères.")
    return text


def _year(value: str, label: str, latest: int) -> int:
    text = value.strip()
    if not text.isdigit() or not OLDEST_YEAR <= int(text) <= latest:
        raise DomainError(
            f"{label} « {text} » n'est pas une année entre {OLDEST_YEAR} et {latest}."
        )
    return int(text)


def _cursus(value: str, latest: int) -> tuple[CursusItem, ...]:
    items = []
    packed = _text(value, "Le cursus", 20_000)
    for position, item in enumerate(
        filter(None, (i.strip() for i in packed.split(ITEM_SEPARATOR))), 1
    ):
        parts = [p.strip() for p in item.split(FIELD_SEPARATOR)]
        if len(parts) != 4:
            raise DomainError(
                f"Cursus, élément {position} : 4 champs attendus "
                f"(année|code|libellé|résultat), {len(parts)} trouvé(s)."
            )
        year, code, label, result = parts
        if not label:
            raise DomainError(f"Cursus, élément {position} : le libellé est vide.")
        items.append(
            CursusItem(
                year=_year(year, f"Cursus, élément {position} : l'année", latest),
                code=_text(code, f"Cursus, élément {position} : le code", 20),
                label=_text(label, f"Cursus, élément {position} : le libellé", 160),
                result=_text(result, f"Cursus, élément {position} : le résultat", 40),
            )
        )
    return tuple(items)


def parse_row(row: dict[str, str], *, latest_year: int) -> ParsedRow:
    number = _text(row["numero_etudiant"], "Le numéro étudiant", 20)
    if not number:
        raise DomainError("Le numéro étudiant est vide.")
    if not _STUDENT_NUMBER.match(number):
        raise DomainError(
            f"Le numéro étudiant « {number} » ne doit contenir que des chiffres et des lettres."
        )
    ine = re.sub(r"\s", "", _text(row["ine"], "L'INE", 20)).upper()
    if ine and not _INE.match(ine):
        raise DomainError(
            f"L'INE « {ine} » n'a pas le format attendu (10 caractères et une lettre)."
        )
    bac_year_text = _text(row["bac_annee"], "L'année du bac", 4)
    return ParsedRow(
        student_number=number,
        ine=ine,
        bac_year=_year(bac_year_text, "L'année du bac", latest_year) if bac_year_text else None,
        bac_series=_text(row["bac_serie"], "La série du bac", 80),
        bac_mention=_text(row["bac_mention"], "La mention du bac", 40),
        bac_school=_text(row["bac_etablissement"], "L'établissement du bac", 160),
        cursus=_cursus(row["cursus"], latest_year + 1),
    )


# ---------------------------------------------------------------- reading the file


def _read_text(source: str | Path | IO[bytes] | IO[str]) -> str:
    if isinstance(source, str | Path):
        data: bytes | str = Path(source).read_bytes()
    else:
        data = source.read()
    if isinstance(data, bytes):
        # A non-UTF-8 byte becomes U+FFFD: only the rows holding one are refused.
        return data.decode("utf-8-sig", errors="replace")
    return data.removeprefix("\ufeff")


def _rows(text: str, report: ImportReport) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row by column name); header problems end the import with an error."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header: list[str] | None = None
    previous_end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.errors.append((reader.line_num, f"Ligne illisible ({exc})."))
            previous_end = reader.line_num
            continue
        line = previous_end + 1
        previous_end = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                report.errors.append(
                    (
                        line,
                        "En-tête incomplet : colonne(s) manquante(s) "
                        f"{', '.join(missing)}. Attendu : {';'.join(COLUMNS)}.",
                    )
                )
                return
            continue
        if len(cells) != len(header):
            report.errors.append(
                (line, f"{len(cells)} colonne(s) au lieu de {len(header)} (séparateur « ; »).")
            )
            continue
        yield line, dict(zip(header, cells, strict=True))
    if header is None:
        report.errors.append((1, f"Fichier vide : l'en-tête attendu est {';'.join(COLUMNS)}."))


# ---------------------------------------------------------------- applying a record


def _active_campaign_id(s: Session) -> int | None:
    return s.exec(
        select(Campaign.id).where(col(Campaign.is_active) == True).order_by(col(Campaign.id).desc())  # noqa: E712
    ).first()


def copy_record_to_account(s: Session, account_id: int, record: StudentRecord) -> None:
    """Make the account's imported bac and internal cursus match the student record."""
    bac = s.get(BacRecord, account_id)
    has_bac = record.bac_year is not None or bool(record.bac_series)
    if has_bac:
        bac = bac or BacRecord(account_id=account_id)
        bac.year = record.bac_year
        bac.series = record.bac_series
        found = find_series(record.bac_series)
        bac.series_code = found.code if found else ""
        bac.mention = record.bac_mention
        bac.school = record.bac_school
        bac.imported = True
        s.add(bac)
    elif bac is not None and bac.imported:
        s.delete(bac)  # no longer in the export: the applicant enters it again
    s.exec(
        delete(CursusInterne).where(
            col(CursusInterne.account_id) == account_id,
            col(CursusInterne.imported) == True,  # noqa: E712
        )
    )
    for year, code, label, result in json.loads(record.cursus_json or "[]"):
        s.add(
            CursusInterne(
                account_id=account_id,
                year=year,
                code=code,
                label=label,
                result=result,
                imported=True,
            )
        )
    s.flush()


def _accounts_of(s: Session, student_number: str, campaign_id: int | None) -> list[Account]:
    if campaign_id is None:
        return []
    return list(
        s.exec(
            select(Account).where(
                col(Account.student_number) == student_number,
                col(Account.campaign_id) == campaign_id,
                col(Account.deleted_at).is_(None),
            )
        ).all()
    )


def import_csv(
    s: Session, source: str | Path | IO[bytes] | IO[str], *, clock: Clock = system_clock
) -> ImportReport:
    """Import the export file (a path or an open stream). Does not commit."""
    report = ImportReport()
    text = _read_text(source)
    latest = clock.today().year
    known = dict(s.exec(select(StudentRecord.student_number, StudentRecord.content_hash)).all())
    campaign_id = _active_campaign_id(s)
    seen: dict[str, int] = {}
    for line, row in _rows(text, report):
        try:
            parsed = parse_row(row, latest_year=latest)
        except DomainError as exc:
            report.errors.append((line, exc.message))
            continue
        key = parsed.student_number
        if key in seen:
            report.errors.append(
                (line, f"Le numéro étudiant {key} figure déjà à la ligne {seen[key]} : ignoré.")
            )
            continue
        seen[key] = line
        digest = parsed.content_hash()
        if known.get(key) == digest:
            report.unchanged += 1
            continue
        record = s.get(StudentRecord, key)
        if record is None:
            record = StudentRecord(student_number=key)
            report.created += 1
        else:
            report.updated += 1
        record.ine = parsed.ine
        record.bac_year = parsed.bac_year
        record.bac_series = parsed.bac_series
        record.bac_mention = parsed.bac_mention
        record.bac_school = parsed.bac_school
        record.cursus_json = parsed.cursus_json()
        record.content_hash = digest
        record.imported_at = clock.now()
        s.add(record)
        known[key] = digest
        for account in _accounts_of(s, key, campaign_id):
            copy_record_to_account(s, id_of(account), record)
            report.accounts_updated += 1
        if (report.created + report.updated) % 500 == 0:
            s.flush()
    s.flush()
    return report


def record_for(s: Session, student_number: str) -> StudentRecord | None:
    return s.get(StudentRecord, student_number) if student_number else None
