"""Loading an applicant's dossiers and their pieces, and the rules of what may still change."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from ecandidat_app.core.campaign_scope import require_current_campaign
from ecandidat_app.core.clock import as_utc
from ecandidat_app.core.db import update_and_read
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.i18n_format import format_date
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    Decision,
    DocumentFile,
    DocumentStatus,
    DocumentType,
    DossierStatus,
    Formation,
    Role,
    StoredFile,
)
from ecandidat_app.core.models.enums import DOCUMENT_LABELS, DOSSIER_LABELS
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import load_application_for

MISSING_STATUSES = {DocumentStatus.EN_ATTENTE, DocumentStatus.REFUSEE}
ANSWERED_STATUSES = {DocumentStatus.TRANSMISE, DocumentStatus.VALIDEE}


# ---------------------------------------------------------------- loading helpers


def load_own_application(s: Session, account: Account | None, application_id: int) -> Application:
    """The applicant's own application; the same NotFound whether it exists or not."""
    if account is None or account.role != Role.APPLICANT:
        raise NotFound(_("Ce dossier n'existe pas ou vous n'y avez pas accès."))
    return load_application_for(s, account, application_id)


def load_own_to_change(s: Session, account: Account | None, application_id: int) -> Application:
    """The applicant's own application, refused when its campaign is not the current one."""
    return require_current_campaign(s, load_own_application(s, account, application_id))


# Built once (application_id): the transmission and the staff's changes read it.
_DOCUMENTS_OF = (
    select(ApplicationDocument, DocumentType)
    .join(DocumentType, col(DocumentType.id) == ApplicationDocument.document_type_id)
    .where(col(ApplicationDocument.application_id) == bindparam("application_id"))
    .order_by(col(DocumentType.order), col(DocumentType.id))
)


def documents_of(s: Session, application_id: int) -> list[tuple[ApplicationDocument, DocumentType]]:
    rows = s.exec(_DOCUMENTS_OF, params={"application_id": application_id}).all()
    return [(d, t) for d, t in rows]


def files_of(s: Session, application_document_id: int) -> list[StoredFile]:
    return list(
        s.exec(
            select(StoredFile)
            .join(DocumentFile, col(DocumentFile.stored_file_id) == StoredFile.id)
            .where(col(DocumentFile.application_document_id) == application_document_id)
            .order_by(col(StoredFile.created_at), col(StoredFile.id))
        ).all()
    )


def files_by_document(s: Session, application_id: int) -> dict[int, list[StoredFile]]:
    """Every document's files of one application in one query (the checklist shows them
    all: one query per document would grow with the checklist)."""
    rows = s.exec(
        select(DocumentFile.application_document_id, StoredFile)
        .join(StoredFile, col(StoredFile.id) == DocumentFile.stored_file_id)
        .join(
            ApplicationDocument,
            col(ApplicationDocument.id) == DocumentFile.application_document_id,
        )
        .where(col(ApplicationDocument.application_id) == application_id)
        .order_by(col(StoredFile.created_at), col(StoredFile.id))
    ).all()
    found: dict[int, list[StoredFile]] = {}
    for document_id, stored in rows:
        found.setdefault(document_id, []).append(stored)
    return found


# Built once (parameter: application_id): every dossier event reads it.
_DOCUMENTS_WITH_FILES = (
    select(ApplicationDocument, DocumentType, StoredFile)
    .join(DocumentType, col(DocumentType.id) == ApplicationDocument.document_type_id)
    .outerjoin(DocumentFile, col(DocumentFile.application_document_id) == ApplicationDocument.id)
    .outerjoin(StoredFile, col(StoredFile.id) == DocumentFile.stored_file_id)
    .where(col(ApplicationDocument.application_id) == bindparam("application_id"))
    .order_by(
        col(DocumentType.order),
        col(DocumentType.id),
        col(StoredFile.created_at),
        col(StoredFile.id),
    )
)


def documents_with_files(
    s: Session, application_id: int
) -> list[tuple[ApplicationDocument, DocumentType, list[StoredFile]]]:
    """`documents_of` with each document's files in `files_by_document`'s order, in one
    query (the dossier pages show both; one document type at most once per dossier)."""
    rows = s.exec(_DOCUMENTS_WITH_FILES, params={"application_id": application_id}).all()
    found: dict[int, tuple[ApplicationDocument, DocumentType, list[StoredFile]]] = {}
    for doc, doc_type, stored in rows:
        entry = found.setdefault(id_of(doc), (doc, doc_type, []))
        if stored is not None:
            entry[2].append(stored)
    return list(found.values())


def active_applications(s: Session, account_id: int) -> list[Application]:
    return list(
        s.exec(
            select(Application).where(
                col(Application.account_id) == account_id,
                col(Application.cancelled_at).is_(None),
            )
        ).all()
    )


def has_decision(s: Session, application: Application) -> bool:
    if application.decision_code:
        return True
    return (
        s.exec(select(Decision.id).where(col(Decision.application_id) == application.id)).first()
        is not None
    )


# ---------------------------------------------------------------- editability


def return_date(application: Application, formation: Formation) -> date:
    """The last day an incomplete dossier's pieces may change: the formation's date, or
    the later one staff granted this dossier (`review.extend_return_date`)."""
    own = application.return_until
    return own if own is not None and own > formation.return_on else formation.return_on


def deadline_of(application: Application, formation: Formation) -> date | None:
    if application.status == DossierStatus.EN_ATTENTE:
        return formation.closes_on
    if application.status == DossierStatus.INCOMPLET:
        return return_date(application, formation)
    return None


def dossier_status(application: Application) -> tuple[str, str]:
    """The dossier's status code and label as applicants read them ("AN" once cancelled)."""
    if application.cancelled_at is not None:
        return "AN", _("Annulée")
    code = str(application.status)
    return code, _(DOSSIER_LABELS[code])


def deadline_label(application: Application, deadline: date | None) -> str:
    """What the date next to a dossier is: the filing deadline, then the return date."""
    if deadline is None:
        return ""
    if application.status == DossierStatus.EN_ATTENTE:
        return _("Date limite de dépôt")
    return _("Date de retour des pièces")


def editable_reason(application: Application, formation: Formation, today: date) -> str | None:
    """None when the applicant may still change documents; else the reason, in the current locale."""
    if application.cancelled_at is not None:
        return _("Cette candidature a été annulée.")
    if application.status == DossierStatus.EN_ATTENTE:
        if today > formation.closes_on:
            return _(
                "La date limite de dépôt ({date}) est passée : le dossier ne peut plus être modifié."
            ).format(date=format_date(formation.closes_on))
        return None
    if application.status == DossierStatus.INCOMPLET:
        returns = return_date(application, formation)
        if today > returns:
            return _(
                "La date de retour des pièces ({date}) est passée : "
                "le dossier ne peut plus être modifié."
            ).format(date=format_date(returns))
        return None
    return _("Votre dossier a été transmis : aucune modification n'est plus possible.")


def document_editable(application: Application, doc: ApplicationDocument, account_id: int) -> bool:
    """Within an editable dossier: which documents may change. An incomplete dossier only
    reopens the missing or refused documents (and the replacements the applicant has just
    put there, so a wrong upload can be taken back before transmitting again)."""
    if application.status == DossierStatus.EN_ATTENTE:
        return True
    if application.status != DossierStatus.INCOMPLET:
        return False
    if doc.status in MISSING_STATUSES:
        return True
    reopened = as_utc(application.incomplete_at)
    changed = as_utc(doc.updated_at)
    return (
        doc.status == DocumentStatus.TRANSMISE
        and doc.updated_by_id == account_id
        and reopened is not None
        and changed is not None
        and changed > reopened
    )


DEPOSITED_LABEL = N_("Déposée")


def document_status_label(application: Application, doc: ApplicationDocument) -> str:
    """What a piece reads to people. A file put on a piece (TR) is "Déposée" until the
    dossier is transmitted with it, "Transmise" only after: before the first transmission,
    and for a replacement put on an incomplete dossier after its last transmission."""
    if doc.status == DocumentStatus.TRANSMISE:
        sent = as_utc(application.transmitted_at)
        changed = as_utc(doc.updated_at)
        if sent is None or (changed is not None and changed > sent):
            return _(DEPOSITED_LABEL)
    return _(DOCUMENT_LABELS[str(doc.status)])


def claim_for_change(s: Session, application: Application) -> None:
    """Bump the version with a conditional UPDATE, as the first write of a document change.
    It serialises with transmit: once a transmit has committed (or holds the row), this
    matches no row and the change is refused instead of slipping into a sent dossier."""
    s.refresh(application)
    updated = update_and_read(
        s,
        update(Application)
        .where(
            col(Application.id) == application.id,
            col(Application.version) == application.version,
            col(Application.status).in_(
                [DossierStatus.EN_ATTENTE.value, DossierStatus.INCOMPLET.value]
            ),
            col(Application.cancelled_at).is_(None),
        )
        .values(version=Application.version + 1),
        application,
    )
    if not updated:
        raise DomainError(
            _(
                "Votre dossier vient d'être transmis ou modifié dans une autre fenêtre : "
                "rechargez la page."
            )
        )
