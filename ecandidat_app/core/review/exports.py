"""Export applications to CSV (French Excel: UTF-8 with BOM, `;`) and XLSX.

Rows are built with a handful of batched queries per chunk of applications, never one
query per row, so exporting a whole centre (thousands of dossiers) stays fast.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlmodel import Session, col, select

from ecandidat_app.core.campaign_scope import chosen_campaign
from ecandidat_app.core.clock import PARIS
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import (
    Account,
    Application,
    BacRecord,
    Candidate,
    CursusPostBac,
    Decision,
    DecisionMotif,
    Formation,
)
from ecandidat_app.core.models.enums import DECISION_LABELS, DOSSIER_LABELS
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import commission_scope, require_staff
from ecandidat_app.core.questions.exports import export_answers

CHUNK = 500

# Column headers (French msgids: the file speaks the language of whoever exports it).
EXPORT_COLUMNS: dict[str, str] = {
    # identity
    "civility": N_("Civilité"),
    "last_name": N_("Nom"),
    "birth_name": N_("Nom de naissance"),
    "first_name": N_("Prénom"),
    "birth_date": N_("Date de naissance"),
    "file_number": N_("Numéro de dossier"),
    "ine": N_("INE"),
    # contact
    "email": N_("E-mail"),
    "phone": N_("Téléphone"),
    "address": N_("Adresse"),
    # baccalauréat
    "bac_year": N_("Année du bac"),
    "bac_series": N_("Série du bac"),
    "bac_mention": N_("Mention du bac"),
    # last post-bac diploma
    "last_diploma": N_("Dernier diplôme"),
    "last_diploma_year": N_("Année du dernier diplôme"),
    "last_diploma_school": N_("Établissement du dernier diplôme"),
    # formation
    "formation_code": N_("Code formation"),
    "formation_label": N_("Formation"),
    # dossier
    "status": N_("Statut du dossier"),
    "created_at": N_("Date de création"),
    "transmitted_at": N_("Date de transmission"),
    "received_at": N_("Date de réception"),
    "complete_at": N_("Date complet"),
    "incomplete_at": N_("Date incomplet"),
    # decision
    "decision": N_("Avis"),
    "decision_validated": N_("Avis validé"),
    "motif": N_("Motif"),
    "rank": N_("Rang (liste complémentaire)"),
    "accepted": N_("Confirmation"),
    "confirm_deadline": N_("Date limite de confirmation"),
}

# What an export holds unless staff choose otherwise: who, which formation, where the
# dossier stands and the decision (the identity columns alone say nothing of the review).
DEFAULT_COLUMNS: tuple[str, ...] = (
    "last_name",
    "first_name",
    "file_number",
    "email",
    "formation_label",
    "status",
    "transmitted_at",
    "decision",
    "decision_validated",
    "motif",
)


def _columns(columns: Sequence[str] | None) -> list[str]:
    if not columns:
        return list(EXPORT_COLUMNS)
    unknown = [c for c in columns if c not in EXPORT_COLUMNS]
    if unknown:
        raise DomainError(
            _("Colonne d'export inconnue : {columns}.").format(columns=", ".join(unknown)),
            field="columns",
        )
    return list(dict.fromkeys(columns))


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    unique = list(dict.fromkeys(int(i) for i in ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


def _accepted_label(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Confirmé") if value else _("Désisté")


def _row(
    app: Application,
    account: Account,
    formation: Formation,
    candidate: Candidate | None,
    bac: BacRecord | None,
    cursus: CursusPostBac | None,
    decision: Decision | None,
    motif: DecisionMotif | None,
) -> dict[str, Any]:
    c = candidate
    address = ""
    if c is not None:
        address = ", ".join(
            part
            for part in (c.address_line, f"{c.postal_code} {c.city}".strip(), c.country)
            if part
        )
    return {
        "civility": c.civility if c else "",
        "last_name": (c.usage_name or c.birth_name)
        if c and (c.usage_name or c.birth_name)
        else account.last_name,
        "birth_name": c.birth_name if c else "",
        "first_name": account.first_name,
        "birth_date": c.birth_date if c else None,
        "file_number": account.file_number,
        "ine": c.ine if c else "",
        "email": account.email,
        "phone": c.phone if c else "",
        "address": address,
        "bac_year": bac.year if bac else None,
        "bac_series": bac.series if bac else "",
        "bac_mention": bac.mention if bac else "",
        "last_diploma": cursus.label if cursus else "",
        "last_diploma_year": cursus.year if cursus else None,
        "last_diploma_school": cursus.school if cursus else "",
        "formation_code": formation.code,
        "formation_label": formation.label,
        "status": _(DOSSIER_LABELS.get(app.status, app.status)),
        "created_at": app.created_at,
        "transmitted_at": app.transmitted_at,
        "received_at": app.received_at,
        "complete_at": app.complete_at,
        "incomplete_at": app.incomplete_at,
        "decision": _(DECISION_LABELS.get(app.decision_code or "", "")),
        "decision_validated": (_("Oui") if app.decision_validated else _("Non"))
        if app.decision_code
        else "",
        "motif": motif.label if motif else "",
        "rank": decision.rank if decision else None,
        "accepted": _accepted_label(app.accepted),
        "confirm_deadline": app.confirm_deadline,
    }


def _rows_for_chunk(
    s: Session, ids: list[int], scope: set[int] | None, campaign_id: int
) -> dict[int, dict]:
    query = (
        select(Application, Account, Formation)
        .join(Account, col(Account.id) == Application.account_id)
        .join(Formation, col(Formation.id) == Application.formation_id)
        .where(col(Application.id).in_(ids), col(Application.campaign_id) == campaign_id)
    )
    if scope is not None:
        if not scope:
            return {}
        query = query.where(col(Application.commission_id).in_(scope))
    base = s.exec(query).all()
    if not base:
        return {}
    account_ids = list({acc.id for _, acc, _ in base})
    app_ids = [app.id for app, _, _ in base]
    candidates = {
        c.account_id: c
        for c in s.exec(select(Candidate).where(col(Candidate.account_id).in_(account_ids)))
    }
    bacs = {
        b.account_id: b
        for b in s.exec(select(BacRecord).where(col(BacRecord.account_id).in_(account_ids)))
    }
    latest: dict[int, CursusPostBac] = {}
    for cur in s.exec(
        select(CursusPostBac)
        .where(col(CursusPostBac.account_id).in_(account_ids))
        .order_by(col(CursusPostBac.year), col(CursusPostBac.id))
    ):
        latest[cur.account_id] = cur  # ordered: the last one seen is the latest
    current: dict[int, Decision] = {}
    for d in s.exec(
        select(Decision)
        .where(col(Decision.application_id).in_(app_ids))
        .where(col(Decision.superseded) == False)  # noqa: E712
        .order_by(col(Decision.id))
    ):
        current[d.application_id] = d  # a pending entry (newer) wins over the validated one
    motif_ids = {d.motif_id for d in current.values() if d.motif_id}
    motifs = (
        {m.id: m for m in s.exec(select(DecisionMotif).where(col(DecisionMotif.id).in_(motif_ids)))}
        if motif_ids
        else {}
    )
    rows: dict[int, dict] = {}
    for app, acc, formation in base:
        decision = current.get(id_of(app))
        rows[id_of(app)] = _row(
            app,
            acc,
            formation,
            candidates.get(id_of(acc)),
            bacs.get(id_of(acc)),
            latest.get(id_of(acc)),
            decision,
            motifs.get(decision.motif_id) if decision and decision.motif_id else None,
        )
    return rows


def _scoped(
    s: Session, account: Account, application_ids: Sequence[int], campaign_id: int | None
) -> list[tuple[int, dict[str, Any]]]:
    """(id, every column) of each application in the account's scope and in the chosen
    campaign (None: the current one), in the order given."""
    require_staff(account)
    scope = commission_scope(s, account)
    campaign = chosen_campaign(s, campaign_id)
    if campaign is None:
        return []
    out: list[tuple[int, dict[str, Any]]] = []
    for chunk in _chunks(application_ids):
        rows = _rows_for_chunk(s, chunk, scope, id_of(campaign))
        out.extend((i, rows[i]) for i in chunk if i in rows)
    return out


def export_rows(
    s: Session,
    account: Account,
    application_ids: Sequence[int],
    columns: Sequence[str] | None = None,
    *,
    campaign_id: int | None = None,
) -> list[dict[str, Any]]:
    """One dict per application (keys = chosen columns, raw values), in the order given.
    Applications outside the account's scope or of another campaign than the chosen one
    (None: the current campaign) are left out silently."""
    keys = _columns(columns)
    scoped = _scoped(s, account, application_ids, campaign_id)
    return [{k: row[k] for k in keys} for _, row in scoped]


def export_table(
    s: Session,
    account: Account,
    application_ids: Sequence[int],
    columns: Sequence[str] | None = None,
    *,
    campaign_id: int | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """The header and the rows of a file: the chosen columns, then one column per question
    of the exported formation(s) with each dossier's answer."""
    keys = _columns(columns)
    scoped = _scoped(s, account, application_ids, campaign_id)
    asked, answers = export_answers(s, [i for i, _ in scoped])
    header = [_(EXPORT_COLUMNS[k]) for k in keys] + [c.header for c in asked]
    rows = [
        [row[k] for k in keys] + [answers.get(i, {}).get(c.question_id, "") for c in asked]
        for i, row in scoped
    ]
    return header, rows


# ---------------------------------------------------------------- file formats


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    # A cell starting like a formula is neutralised (CSV injection into spreadsheets).
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def export_csv(
    s: Session,
    account: Account,
    application_ids: Sequence[int],
    columns: Sequence[str] | None = None,
    *,
    campaign_id: int | None = None,
) -> bytes:
    header, rows = export_table(s, account, application_ids, columns, campaign_id=campaign_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(PARIS).replace(tzinfo=None)  # Excel has no time zones
    return value


def export_xlsx(
    s: Session,
    account: Account,
    application_ids: Sequence[int],
    columns: Sequence[str] | None = None,
    *,
    campaign_id: int | None = None,
) -> bytes:
    header_text, rows = export_table(s, account, application_ids, columns, campaign_id=campaign_id)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Candidatures")
    bold = Font(bold=True)
    header = []
    for text in header_text:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for raw in row:
            value = _xlsx_value(raw)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
