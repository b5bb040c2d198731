"""The checklist of a dossier as the applicant sees it: each piece, its files, what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from ecandidat_app.core.applications.dossiers import (
    MISSING_STATUSES,
    deadline_label,
    deadline_of,
    document_editable,
    document_status_label,
    documents_with_files,
    dossier_status,
    editable_reason,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.i18n import SOURCE, _, current_locale, ngettext
from ecandidat_app.core.i18n_content import localized
from ecandidat_app.core.i18n_format import format_date, format_datetime
from ecandidat_app.core.models import (
    Account,
    Application,
    DocumentStatus,
    Formation,
    Role,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import load_application_for
from ecandidat_app.core.questions.required import Answered, answered, missing_in

# ---------------------------------------------------------------- checklist


@dataclass
class FileView:
    id: int
    name: str
    size: str


@dataclass
class DocumentView:
    document_type_id: int
    code: str
    label: str
    help: str
    status: str
    status_label: str
    comment: str
    is_common: bool
    is_conditional: bool
    can_edit: bool
    files: list[FileView] = field(default_factory=list)
    # Why the service asked this dossier alone for this piece ("" for the formation's list).
    requested: str = ""


@dataclass
class ApplicationView:
    id: int
    formation: str
    formation_code: str
    status: str
    status_label: str
    deadline: str
    deadline_label: str
    created_at: str
    transmitted_at: str
    can_edit: bool
    can_transmit: bool
    locked_reason: str
    missing: list[str]
    documents: list[DocumentView]


def human_size(size: int) -> str:
    """ "350 Ko", "1,2 Mo" (French) / "350 KB", "1.2 MB"."""
    if size < 1024:
        return ngettext("{n} octet", "{n} octets", size).format(n=size)
    if size < 1024 * 1024:
        return _("{n} Ko").format(n=f"{size / 1024:.0f}")
    megabytes = f"{size / (1024 * 1024):.1f}"
    if current_locale() == SOURCE:
        megabytes = megabytes.replace(".", ",")
    return _("{n} Mo").format(n=megabytes)


def checklist(
    s: Session, account: Account, application_id: int, *, clock: Clock = system_clock
) -> ApplicationView:
    return checklist_and_questions(s, account, application_id, clock=clock)[0]


def checklist_and_questions(
    s: Session, account: Account, application_id: int, *, clock: Clock = system_clock
) -> tuple[ApplicationView, Answered]:
    """The checklist, and the questions with their answers it read for its « Il manque
    encore » list (the dossier page builds its answer form from them: one read of each)."""
    application = load_application_for(s, account, application_id)
    found = answered(s, application)
    return _view(s, account, application, found, clock), found


def _view(
    s: Session, account: Account, application: Application, found: Answered, clock: Clock
) -> ApplicationView:
    formation = s.get(Formation, application.formation_id)
    assert formation is not None
    owner = account.role == Role.APPLICANT and application.account_id == account.id
    reason = editable_reason(application, formation, clock.today())
    can_edit = owner and reason is None
    documents: list[DocumentView] = []
    missing: list[str] = []
    for doc, doc_type, files in documents_with_files(s, id_of(application)):
        label = localized(doc_type.label, doc_type.label_en)
        if doc.status in MISSING_STATUSES:
            missing.append(label)
        documents.append(
            DocumentView(
                document_type_id=doc_type.id or 0,
                code=doc_type.code,
                label=label,
                help=localized(doc_type.help_text, doc_type.help_text_en),
                status=str(doc.status),
                status_label=document_status_label(application, doc),
                comment=doc.staff_comment if doc.status == DocumentStatus.REFUSEE else "",
                is_common=doc_type.is_common,
                is_conditional=doc_type.is_conditional,
                can_edit=can_edit and document_editable(application, doc, account.id or 0),
                requested=doc.request_note if doc.requested_by_id else "",
                files=[
                    FileView(id=f.id or 0, name=f.display_name, size=human_size(f.size))
                    for f in files
                ],
            )
        )
    missing.extend(missing_in(found))
    deadline = deadline_of(application, formation)
    status, status_label = dossier_status(application)
    return ApplicationView(
        id=application.id or 0,
        formation=localized(formation.label, formation.label_en),
        formation_code=formation.code,
        status=status,
        status_label=status_label,
        deadline=format_date(deadline),
        deadline_label=deadline_label(application, deadline),
        created_at=format_datetime(application.created_at),
        transmitted_at=format_datetime(application.transmitted_at),
        can_edit=can_edit,
        can_transmit=can_edit and not missing,
        locked_reason="" if can_edit else (reason or ""),
        missing=missing,
        documents=documents,
    )
