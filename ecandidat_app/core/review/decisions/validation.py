"""Step 2: a gestionnaire validates decisions (`validate_decisions`): only now the applicant is
e-mailed; a favourable decision opens the confirmation window (`Application.confirm_deadline`)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.db import rows_changed
from ecandidat_app.core.documents.letters import issue_letter
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.files import PDF
from ecandidat_app.core.i18n import _
from ecandidat_app.core.mail.attachments import attach
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import (
    Account,
    Application,
    Decision,
    DecisionMotif,
    DecisionType,
    Formation,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import (
    can_validate_decision,
    load_application_to_change,
)
from ecandidat_app.core.review.bulk import BulkResult
from ecandidat_app.core.review.decisions.entry import bulk_ids, describe
from ecandidat_app.core.review.decisions.queries import pending_decision

# ---------------------------------------------------------------- step 2: validation


def _mail_context(
    s: Session, application: Application, decision: Decision, applicant: Account
) -> dict[str, object]:
    formation = s.get(Formation, application.formation_id)
    motif = s.get(DecisionMotif, decision.motif_id) if decision.motif_id else None
    return {
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "file_number": applicant.file_number,
        "formation": formation.label if formation else "",
        "deadline": application.confirm_deadline,
        "motif": motif.label if motif else "",
        "rank": decision.rank if decision.rank is not None else "",
        "preselection_at": decision.preselection_at,
        "place": decision.preselection_place,
        "comment": decision.comment,
    }


def apply_validated(
    s: Session, application: Application, decision: Decision, *, validator_id: int, clock: Clock
) -> None:
    """Make `decision` the application's validated decision and e-mail the applicant."""
    now = clock.now()
    for older in s.exec(
        select(Decision)
        .where(col(Decision.application_id) == application.id)
        .where(col(Decision.validated_at).is_not(None))
        .where(col(Decision.superseded) == False)  # noqa: E712
        .where(col(Decision.id) != decision.id)
    ).all():
        older.superseded = True
        s.add(older)
    decision.validated_by_id = validator_id
    decision.validated_at = now
    s.add(decision)
    application.decision_code = DecisionType(decision.code).value
    application.decision_validated = True
    application.reminder_sent_at = None
    if decision.code == DecisionType.FAVORABLE:
        formation = s.get(Formation, application.formation_id)
        days = formation.confirmation_days if formation else 8
        application.confirm_deadline = now + timedelta(days=days)
    else:
        application.confirm_deadline = None
    application.version += 1
    application.updated_at = now
    s.add(application)
    s.flush()
    letter = issue_letter(s, application, decision, clock=clock)
    applicant = s.get(Account, application.account_id)
    if applicant is not None:
        message = enqueue(
            s,
            f"decision_{decision.code}",
            applicant.email,
            _mail_context(s, application, decision, applicant),
            account_id=applicant.id,
            application_id=application.id,
            clock=clock,
        )
        if letter is not None:
            attach(
                s,
                message,
                storage_key=letter.storage_key,
                file_name=letter.file_name,
                content_type=PDF,
            )


def _validate_one(s: Session, account: Account, application: Application, clock: Clock) -> Decision:
    decision = pending_decision(s, id_of(application))
    if decision is None:
        raise DomainError(_("Aucun avis en attente de validation pour ce dossier."))
    # Claim it in one conditional UPDATE so two simultaneous validations e-mail once.
    claimed = s.exec(
        update(Decision)
        .where(col(Decision.id) == decision.id)
        .where(col(Decision.validated_at).is_(None))
        .where(col(Decision.superseded) == False)  # noqa: E712
        .values(validated_at=clock.now(), validated_by_id=account.id)
    )
    s.refresh(decision)
    if rows_changed(claimed) != 1:
        raise DomainError(_("Cet avis vient d'être validé ou remplacé par quelqu'un d'autre."))
    apply_validated(s, application, decision, validator_id=id_of(account), clock=clock)
    audit.record(
        s,
        "decision_validated",
        actor_id=account.id,
        application_id=application.id,
        detail=describe(s, decision),
        clock=clock,
    )
    return decision


def validate_decisions(
    s: Session, account: Account, application_ids: list[int], *, clock: Clock = system_clock
) -> BulkResult:
    """Validate the pending decision of each application (second step, which e-mails)."""
    result = BulkResult()
    for application_id in bulk_ids(application_ids):
        try:
            application = load_application_to_change(
                s, account, application_id, rule=can_validate_decision
            )
            _validate_one(s, account, application, clock)
            result.done.append(application_id)
        except DomainError as exc:
            result.refused[application_id] = exc.message
    return result


def validate_decision(
    s: Session, account: Account, decision_id: int, *, clock: Clock = system_clock
) -> Decision:
    """Validate one decision by its id (from the dossier's decision history)."""
    decision = s.get(Decision, decision_id)
    if decision is None:
        raise NotFound(_("Cet avis n'existe pas."))
    application = load_application_to_change(
        s, account, decision.application_id, rule=can_validate_decision
    )
    if decision.superseded or decision.validated_at is not None:
        raise DomainError(_("Cet avis a déjà été validé ou remplacé."))
    return _validate_one(s, account, application, clock)
