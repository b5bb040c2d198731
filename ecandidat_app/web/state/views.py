"""Display dataclasses: what a page shows of a core result, display-ready, each with the
one function that builds it (the convention is in `web/state/base.py`).

A core dataclass goes into state as it is when its fields are what the page shows; the
ones here exist because the page needs other values than the core's: ids as strings (they
come back as event arguments and go into links), dates in Paris time, sizes and labels in
French."""

from __future__ import annotations

import dataclasses

from ecandidat_app.core import review
from ecandidat_app.core.admin.campaign_copy_steps import StepPreview
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models.enums import DECISION_LABELS, DOSSIER_LABELS
from ecandidat_app.core.review import board
from ecandidat_app.core.review.board import BoardRow
from ecandidat_app.web.components.board_parts import fmt_dt


@dataclasses.dataclass
class BoardCard:
    """A dossier on the staff board (a card) or in its list view (a row)."""

    id: str
    name: str
    file_number: str
    formation: str
    transmitted: str
    status: str
    column: str
    decision: str


def board_card(row: BoardRow) -> BoardCard:
    decision = _(DECISION_LABELS.get(row.decision_code or "", ""))
    if decision and row.decision_validated:
        decision = _("{decision} (validé)").format(decision=decision)
    return BoardCard(
        id=str(row.application_id),
        name=f"{row.last_name} {row.first_name}",
        file_number=row.file_number,
        formation=row.formation_label,
        transmitted=fmt_dt(row.transmitted_at),
        status=_(DOSSIER_LABELS.get(str(row.status), str(row.status))),
        column=_(board.ALL_COLUMNS.get(row.column, row.column)),
        decision=decision,
    )


@dataclasses.dataclass
class FileItem:
    id: str
    name: str
    type: str
    size: str


@dataclasses.dataclass
class DocItem:
    """A piece of a dossier as staff review it, with its files."""

    id: str
    label: str
    status: str
    status_label: str
    comment: str
    files: list[FileItem]
    requested: str = ""


def doc_item(d: review.DocumentView) -> DocItem:
    return DocItem(
        id=str(d.id),
        label=d.label,
        status=d.status,
        status_label=d.status_label,
        comment=d.comment,
        requested=d.requested,
        files=[
            FileItem(str(f.id), f.name, f.content_type, review.file_size(f.size)) for f in d.files
        ],
    )


@dataclasses.dataclass
class CopyStepView:
    """One step of the campaign copy's preview (admin_campaign_copy): what it creates."""

    label: str
    count: int
    creates: bool
    lines: list[str]


def copy_step_view(step: StepPreview) -> CopyStepView:
    return CopyStepView(step.label, step.count, step.creates, list(step.lines))
