"""Which of the applicant's documents may change now, and which others change with it: the
checks `documents` runs before adding or removing a file or declaring a piece not
concerned. A common document is shared only with the applications that may still change."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ecandidat_app.core.applications.dossiers import (
    active_applications,
    document_editable,
    editable_reason,
    files_of,
    load_own_to_change,
)
from ecandidat_app.core.clock import Clock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    DocumentStatus,
    DocumentType,
    Formation,
)

MAX_FILES_PER_DOCUMENT = 10
DOC_LOCKED = N_(
    "Cette pièce ne peut plus être modifiée : seules les pièces manquantes ou refusées "
    "peuvent être remplacées dans un dossier incomplet."
)


def editable_document(
    s: Session,
    account: Account,
    application_id: int,
    document_type_id: int,
    *,
    clock: Clock,
) -> tuple[Application, ApplicationDocument, DocumentType]:
    """The application and one of its documents, checked editable by this applicant now."""
    application = load_own_to_change(s, account, application_id)
    found = s.exec(
        select(ApplicationDocument, DocumentType)
        .join(DocumentType, col(DocumentType.id) == ApplicationDocument.document_type_id)
        .where(
            col(ApplicationDocument.application_id) == application.id,
            col(ApplicationDocument.document_type_id) == document_type_id,
        )
    ).first()
    if found is None:
        raise NotFound(_("Cette pièce n'est pas demandée pour cette candidature."))
    doc, doc_type = found
    formation = s.get(Formation, application.formation_id)
    assert formation is not None
    reason = editable_reason(application, formation, clock.today())
    if reason:
        raise DomainError(reason)
    if not document_editable(application, doc, account.id or 0):
        raise DomainError(_(DOC_LOCKED))
    return application, doc, doc_type


def answered_by_the_same_file(
    s: Session,
    account: Account,
    application: Application,
    doc: ApplicationDocument,
    doc_type: DocumentType,
    clock: Clock,
) -> list[tuple[Application, ApplicationDocument]]:
    """This document, plus, for a common one, the same document in the applicant's other
    applications that may still change (never a transmitted one)."""
    targets = [(application, doc)]
    if doc_type.is_common:
        targets += sharing_documents(
            s, account, doc_type.id or 0, exclude=application.id or 0, clock=clock
        )
    return targets


def sharing_documents(
    s: Session, account: Account, document_type_id: int, *, exclude: int, clock: Clock
) -> list[tuple[Application, ApplicationDocument]]:
    """The same common document in the applicant's OTHER applications that may change."""
    result = []
    today = clock.today()
    for other in active_applications(s, account.id or 0):
        if other.id == exclude:
            continue
        formation = s.get(Formation, other.formation_id)
        if formation is None or editable_reason(other, formation, today) is not None:
            continue
        doc = s.exec(
            select(ApplicationDocument).where(
                col(ApplicationDocument.application_id) == other.id,
                col(ApplicationDocument.document_type_id) == document_type_id,
            )
        ).first()
        if doc is not None and document_editable(other, doc, account.id or 0):
            result.append((other, doc))
    return result


def mark(doc: ApplicationDocument, status: DocumentStatus, account: Account, clock: Clock) -> None:
    doc.status = status
    doc.updated_at = clock.now()
    doc.updated_by_id = account.id


def addable_document(
    s: Session,
    account: Account,
    application_id: int,
    document_type_id: int,
    *,
    clock: Clock,
) -> tuple[Application, ApplicationDocument, DocumentType]:
    """The document a file may be added to now, or the French refusal."""
    application, doc, doc_type = editable_document(
        s, account, application_id, document_type_id, clock=clock
    )
    if doc.status == DocumentStatus.NON_CONCERNE:
        raise DomainError(
            _(
                "Vous avez déclaré ne pas être concerné par cette pièce : annulez cette "
                "déclaration avant de déposer un fichier."
            )
        )
    if len(files_of(s, doc.id or 0)) >= MAX_FILES_PER_DOCUMENT:
        raise DomainError(
            _("Une pièce compte au plus {n} fichiers : retirez-en un avant d'en ajouter.").format(
                n=MAX_FILES_PER_DOCUMENT
            )
        )
    return application, doc, doc_type
