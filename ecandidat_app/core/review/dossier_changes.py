"""Staff changes to a dossier: document checks, complete/incomplete, notes, bulk status.

Every change is guarded by `permissions.can_review_application`, checks the version the
staff member was looking at (optimistic lock: a conditional UPDATE, so two workers cannot
both win), bumps `version` and `updated_at`, and leaves an audit row. Status changes
e-mail the applicant through the outbox, in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from ecandidat_app.core import audit
from ecandidat_app.core.applications.dossiers import documents_of, return_date
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.db import rows_changed
from ecandidat_app.core.errors import DomainError, NotFound, StaleEdit
from ecandidat_app.core.i18n import _
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    ApplicationNote,
    DocumentStatus,
    DocumentType,
    DossierStatus,
    Formation,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import (
    can_decide_application,
    can_review_application,
    load_application_to_change,
)
from ecandidat_app.core.review.bulk import BULK_LIMIT, BulkResult

NOTE_MAX = 2000
COMMENT_MAX = 1000

# ---------------------------------------------------------------- changes


def claim_version(s: Session, app: Application, version: int | None, clock: Clock) -> None:
    """Take the optimistic lock: bump the version only if it is still the one shown.

    A conditional UPDATE (not a read-then-write), so of two workers only one wins; the
    loser raises StaleEdit before changing anything."""
    expected = app.version if version is None else version
    if expected != app.version:
        raise StaleEdit()
    now = clock.now()
    result = s.execute(
        update(Application)
        .where(col(Application.id) == app.id, col(Application.version) == expected)
        .values(version=expected + 1, updated_at=now)
    )
    if rows_changed(result) != 1:
        raise StaleEdit()
    s.refresh(app)


def reviewable(s: Session, account: Account, application_id: int) -> Application:
    app = load_application_to_change(s, account, application_id, rule=can_review_application)
    if app.cancelled_at is not None:
        raise DomainError(_("Cette candidature a été annulée."))
    if app.status == DossierStatus.EN_ATTENTE:
        raise DomainError(_("Ce dossier n'a pas encore été transmis par le candidat."))
    return app


def _document(s: Session, app: Application, document_id: int) -> ApplicationDocument:
    doc = s.get(ApplicationDocument, document_id)
    if doc is None or doc.application_id != app.id:
        raise NotFound(_("Cette pièce n'existe pas dans ce dossier."))
    return doc


def _label(s: Session, doc: ApplicationDocument) -> str:
    dtype = s.get(DocumentType, doc.document_type_id)
    return dtype.label if dtype else "Pièce"


def validate_document(
    s: Session,
    account: Account,
    application_id: int,
    document_id: int,
    *,
    version: int | None,
    clock: Clock = system_clock,
) -> ApplicationDocument:
    app = reviewable(s, account, application_id)
    doc = _document(s, app, document_id)
    if doc.status == DocumentStatus.EN_ATTENTE:
        raise DomainError(_("Cette pièce n'a pas été déposée : elle ne peut pas être validée."))
    if doc.status == DocumentStatus.VALIDEE:
        raise DomainError(_("Cette pièce est déjà validée."))
    claim_version(s, app, version, clock)
    doc.status = DocumentStatus.VALIDEE
    doc.staff_comment = ""
    doc.updated_at = clock.now()
    doc.updated_by_id = account.id
    s.add(doc)
    audit.record(
        s,
        "document_validated",
        actor_id=account.id,
        application_id=app.id,
        detail=_label(s, doc),
        clock=clock,
    )
    s.flush()
    return doc


def refuse_document(
    s: Session,
    account: Account,
    application_id: int,
    document_id: int,
    comment: str,
    *,
    version: int | None,
    clock: Clock = system_clock,
) -> ApplicationDocument:
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(
            _("Indiquez au candidat pourquoi la pièce est refusée (commentaire obligatoire)."),
            field="comment",
        )
    if len(comment) > COMMENT_MAX:
        raise DomainError(
            _("Le commentaire ne doit pas dépasser {count} caractères.").format(count=COMMENT_MAX),
            field="comment",
        )
    app = reviewable(s, account, application_id)
    doc = _document(s, app, document_id)
    claim_version(s, app, version, clock)
    doc.status = DocumentStatus.REFUSEE
    doc.staff_comment = comment
    doc.updated_at = clock.now()
    doc.updated_by_id = account.id
    s.add(doc)
    audit.record(
        s,
        "document_refused",
        actor_id=account.id,
        application_id=app.id,
        detail=f"{_label(s, doc)} : {comment}",
        clock=clock,
    )
    s.flush()
    return doc


def mail_base(s: Session, app: Application) -> tuple[Account, Formation]:
    applicant = s.get(Account, app.account_id)
    formation = s.get(Formation, app.formation_id)
    assert applicant is not None and formation is not None
    return applicant, formation


def set_incomplete(
    s: Session,
    account: Account,
    application_id: int,
    *,
    version: int | None,
    clock: Clock = system_clock,
) -> Application:
    """Dossier incomplet: at least one refused document; e-mails the list to replace."""
    app = reviewable(s, account, application_id)
    if app.status == DossierStatus.INCOMPLET:
        raise DomainError(_("Ce dossier est déjà incomplet."))
    if app.decision_code is not None:
        raise DomainError(_("Un avis a déjà été saisi : le statut du dossier ne change plus."))
    refused = [
        {"label": dtype.label, "comment": doc.staff_comment}
        for doc, dtype in documents_of(s, id_of(app))
        if doc.status == DocumentStatus.REFUSEE
    ]
    if not refused:
        raise DomainError(
            _(
                "Refusez d'abord au moins une pièce (avec un commentaire) pour déclarer le "
                "dossier incomplet."
            )
        )
    formation = s.get(Formation, app.formation_id)
    assert formation is not None
    return _change_status(
        s,
        account,
        app,
        DossierStatus.INCOMPLET,
        mail={"refused": refused, "return_on": return_date(app, formation)},
        detail=", ".join(r["label"] for r in refused),
        version=version,
        clock=clock,
    )


def set_complete(
    s: Session,
    account: Account,
    application_id: int,
    *,
    version: int | None,
    clock: Clock = system_clock,
) -> Application:
    """Dossier complet: every document validated or "non concerné"; e-mails the applicant."""
    app = reviewable(s, account, application_id)
    if app.status == DossierStatus.COMPLET:
        raise DomainError(_("Ce dossier est déjà complet."))
    if app.decision_code is not None:
        raise DomainError(_("Un avis a déjà été saisi : le statut du dossier ne change plus."))
    pending = [
        dtype.label
        for doc, dtype in documents_of(s, id_of(app))
        if doc.status not in (DocumentStatus.VALIDEE, DocumentStatus.NON_CONCERNE)
    ]
    if pending:
        raise DomainError(
            _(
                "Toutes les pièces doivent être validées (ou non concernées) avant de déclarer "
                "le dossier complet. Reste à traiter : {pieces}."
            ).format(pieces=", ".join(pending))
        )
    return _change_status(
        s, account, app, DossierStatus.COMPLET, mail={}, detail="", version=version, clock=clock
    )


# What each staff status change stamps, e-mails and writes in the history.
_STATUS_CHANGES = {
    DossierStatus.INCOMPLET: ("incomplete_at", "status_IN", "dossier_incomplete"),
    DossierStatus.COMPLET: ("complete_at", "status_CO", "dossier_complete"),
}


def _change_status(
    s: Session,
    account: Account,
    app: Application,
    status: DossierStatus,
    *,
    mail: dict[str, Any],
    detail: str,
    version: int | None,
    clock: Clock,
) -> Application:
    """Set the dossier status (optimistic lock), e-mail the applicant, record the history."""
    stamp, event, action = _STATUS_CHANGES[status]
    claim_version(s, app, version, clock)
    app.status = status
    setattr(app, stamp, clock.now())
    s.add(app)
    applicant, formation = mail_base(s, app)
    enqueue(
        s,
        event,
        applicant.email,
        {"first_name": applicant.first_name, "formation": formation.label, **mail},
        account_id=applicant.id,
        application_id=app.id,
        clock=clock,
    )
    audit.record(s, action, actor_id=account.id, application_id=app.id, detail=detail, clock=clock)
    s.flush()
    return app


def add_note(
    s: Session,
    account: Account,
    application_id: int,
    body: str,
    *,
    clock: Clock = system_clock,
) -> ApplicationNote:
    """A staff-only note (post-it): never shown to the applicant. Does not bump the version,
    so writing a note never makes a colleague's open view stale."""
    app = load_application_to_change(s, account, application_id, rule=can_decide_application)
    body = (body or "").strip()
    if not body:
        raise DomainError(_("La note est vide."), field="note")
    if len(body) > NOTE_MAX:
        raise DomainError(
            _("La note ne doit pas dépasser {count} caractères.").format(count=NOTE_MAX),
            field="note",
        )
    note = ApplicationNote(
        application_id=app.id or 0, author_id=account.id or 0, body=body, created_at=clock.now()
    )
    s.add(note)
    audit.record(s, "note_added", actor_id=account.id, application_id=app.id, clock=clock)
    s.flush()
    return note


def bulk_set_status(
    s: Session,
    account: Account,
    application_ids: list[int],
    status: str,
    *,
    clock: Clock = system_clock,
) -> BulkResult:
    """Set CO or IN on up to 200 dossiers; each is checked alone (scope, rules) and a
    refusal leaves that dossier untouched without stopping the others."""
    ids = list(dict.fromkeys(int(i) for i in application_ids))
    if len(ids) > BULK_LIMIT:
        raise DomainError(
            _("Sélectionnez au plus {count} dossiers à la fois.").format(count=BULK_LIMIT)
        )
    action = {
        DossierStatus.COMPLET.value: set_complete,
        DossierStatus.INCOMPLET.value: set_incomplete,
    }.get(status)
    if action is None:
        raise DomainError(_("Choisissez « Complet » ou « Incomplet »."), field="status")
    result = BulkResult()
    for application_id in ids:
        savepoint = s.begin_nested()
        try:
            action(s, account, application_id, version=None, clock=clock)
            savepoint.commit()
            result.done.append(application_id)
        except DomainError as exc:
            savepoint.rollback()
            result.refused[application_id] = exc.message
    return result
