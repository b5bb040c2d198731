"""Staff acting for one dossier: a later return date for an incomplete dossier, a later
answer deadline for a decision's offer, a piece asked of this dossier alone.

Each change takes a reason (written in the history and in the applicant's e-mail), is
guarded by `permissions.can_review_application` (gestionnaires, centre administrators and
admins in their scope), takes the optimistic lock of the version shown, and e-mails the
applicant through the outbox in the same transaction."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.admin.inputs import FormValue, clean_date, clean_text, optional_id
from ecandidat_app.core.applications.dossiers import deadline_of, return_date
from ecandidat_app.core.clock import PARIS, Clock, as_utc, system_clock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.french import french_date, french_datetime
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.i18n_format import format_date
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.mail.wording import Words
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    DocumentStatus,
    DocumentType,
    DossierStatus,
    Formation,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import can_review_application, load_application_to_change
from ecandidat_app.core.review.dossier_changes import claim_version, mail_base

REASON_MAX = 500
# A deadline moves by a year at most: a typo (2072) must not open a dossier for ever.
LONGEST = timedelta(days=366)


def _reason(value: FormValue) -> str:
    reason = clean_text(value, N_("Le motif"), REASON_MAX, field="reason", required=True)
    if len(reason) < 3:
        raise DomainError(_("Indiquez le motif (il est envoyé au candidat)."), field="reason")
    return reason


def _open(s: Session, account: Account, application_id: int) -> Application:
    app = load_application_to_change(s, account, application_id, rule=can_review_application)
    if app.cancelled_at is not None:
        raise DomainError(_("Cette candidature a été annulée."))
    return app


def _later(value: FormValue, current: date, today: date) -> date:
    until = clean_date(value, N_("La nouvelle date"), field="until")
    if until <= current:
        raise DomainError(
            _("La nouvelle date doit suivre la date actuelle ({date}).").format(
                date=format_date(current)
            ),
            field="until",
        )
    if until < today or until > today + LONGEST:
        raise DomainError(_("La nouvelle date doit tomber dans l'année qui vient."), field="until")
    return until


def _tell(
    s: Session, app: Application, event: str, context: dict[str, object], clock: Clock
) -> None:
    applicant, formation = mail_base(s, app)
    enqueue(
        s,
        event,
        applicant.email,
        {"first_name": applicant.first_name, "formation": formation.label, **context},
        account_id=applicant.id,
        application_id=app.id,
        clock=clock,
    )


def extend_return_date(
    s: Session,
    account: Account,
    application_id: int,
    *,
    until: FormValue,
    reason: FormValue,
    version: int | None,
    clock: Clock = system_clock,
) -> Application:
    """Give one incomplete dossier a later date to return its pieces."""
    app = _open(s, account, application_id)
    if app.status != DossierStatus.INCOMPLET or app.decision_code is not None:
        raise DomainError(_("Seul le délai de retour d'un dossier incomplet peut être prolongé."))
    formation = s.get(Formation, app.formation_id)
    assert formation is not None
    new_date = _later(until, return_date(app, formation), clock.today())
    why = _reason(reason)
    claim_version(s, app, version, clock)
    app.return_until = new_date
    s.add(app)
    _tell(
        s,
        app,
        "deadline_extended",
        {
            "what_deadline": Words(N_("la date de retour des pièces")),
            "deadline": new_date,
            "reason": why,
        },
        clock,
    )
    audit.record(
        s,
        "return_date_extended",
        actor_id=account.id,
        application_id=app.id,
        detail=f"jusqu'au {french_date(new_date)} : {why}",
        clock=clock,
    )
    s.flush()
    return app


def extend_answer_deadline(
    s: Session,
    account: Account,
    application_id: int,
    *,
    until: FormValue,
    reason: FormValue,
    version: int | None,
    clock: Clock = system_clock,
) -> Application:
    """Give one applicant more days to confirm or refuse the place offered (until the end
    of the chosen day, Paris time); a new reminder goes out before the new deadline."""
    app = _open(s, account, application_id)
    current = as_utc(app.confirm_deadline)
    if not app.decision_validated or app.accepted is not None or current is None:
        raise DomainError(
            _("Seule l'échéance d'une proposition en attente de réponse peut être prolongée.")
        )
    new_day = _later(until, current.astimezone(PARIS).date(), clock.today())
    why = _reason(reason)
    claim_version(s, app, version, clock)
    app.confirm_deadline = datetime.combine(new_day, time(23, 59), PARIS).astimezone(current.tzinfo)
    app.reminder_sent_at = None
    s.add(app)
    _tell(
        s,
        app,
        "deadline_extended",
        {
            "what_deadline": Words(N_("la date limite de réponse")),
            "deadline": app.confirm_deadline,
            "reason": why,
        },
        clock,
    )
    audit.record(
        s,
        "answer_deadline_extended",
        actor_id=account.id,
        application_id=app.id,
        detail=f"jusqu'au {french_datetime(app.confirm_deadline)} : {why}",
        clock=clock,
    )
    s.flush()
    return app


def extra_piece_choices(s: Session, application_id: int) -> list[DocumentType]:
    """Pieces that may still be asked of this dossier: those it does not have yet."""
    asked = select(ApplicationDocument.document_type_id).where(
        col(ApplicationDocument.application_id) == application_id
    )
    return list(
        s.exec(
            select(DocumentType)
            .where(col(DocumentType.id).not_in(asked))
            .order_by(col(DocumentType.order), col(DocumentType.label))
        ).all()
    )


# A transmitted dossier asked for one more piece goes back to the applicant (incomplete).
_REOPENED = {DossierStatus.RECEPTIONNE, DossierStatus.COMPLET}


def request_piece(
    s: Session,
    account: Account,
    application_id: int,
    *,
    document_type_id: FormValue,
    reason: FormValue,
    version: int | None,
    clock: Clock = system_clock,
) -> ApplicationDocument:
    """Ask one dossier for a piece its formation's list does not have: it joins the
    applicant's checklist (missing until deposited, so transmitting waits for it); a
    transmitted dossier becomes incomplete so the applicant can deposit it."""
    app = _open(s, account, application_id)
    if app.decision_code is not None:
        raise DomainError(_("Un avis a déjà été saisi : le dossier ne demande plus de pièce."))
    doc_type = s.get(DocumentType, optional_id(document_type_id) or 0)
    if doc_type is None:
        raise DomainError(_("Choisissez la pièce à demander."), field="document_type_id")
    if doc_type.id not in {d.id for d in extra_piece_choices(s, id_of(app))}:
        raise DomainError(_("Ce dossier comporte déjà cette pièce."), field="document_type_id")
    why = _reason(reason)
    claim_version(s, app, version, clock)
    now = clock.now()
    if app.status in _REOPENED:
        app.status, app.incomplete_at = DossierStatus.INCOMPLET, now
        s.add(app)
    doc = ApplicationDocument(
        application_id=id_of(app),
        document_type_id=id_of(doc_type),
        status=DocumentStatus.EN_ATTENTE,
        updated_at=now,
        updated_by_id=account.id,
        requested_by_id=account.id,
        request_note=why,
    )
    s.add(doc)
    formation = s.get(Formation, app.formation_id)
    assert formation is not None
    _tell(
        s,
        app,
        "piece_requested",
        {
            "piece": doc_type.label,
            "reason": why,
            "deadline": deadline_of(app, formation),
        },
        clock,
    )
    audit.record(
        s,
        "piece_requested",
        actor_id=account.id,
        application_id=app.id,
        detail=f"{doc_type.label} : {why}",
        clock=clock,
    )
    s.flush()
    return doc
