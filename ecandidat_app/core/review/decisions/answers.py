"""Step 3: the applicant confirms or withdraws before the deadline; a withdrawal (or the
automatic one in `deadlines.run`) offers the place to the first of the complementary list."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.campaign_scope import require_current_campaign
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.db import rows_changed
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import _
from ecandidat_app.core.i18n_format import format_datetime
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import (
    Account,
    Application,
    Commission,
    Decision,
    DecisionType,
    Formation,
    Role,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.review.decisions.entry import supersede_pending
from ecandidat_app.core.review.decisions.validation import apply_validated

# ---------------------------------------------------------------- applicant's answer


def _own_open_offer(
    s: Session, account: Account | None, application_id: int, clock: Clock
) -> Application:
    application = s.get(Application, application_id)
    if (
        application is None
        or account is None  # signed out meanwhile: the same answer as someone else's
        or account.role != Role.APPLICANT
        or application.account_id != account.id
    ):
        raise NotFound(_("Cette candidature n'existe pas."))
    require_current_campaign(s, application)
    if not (
        application.decision_code == DecisionType.FAVORABLE
        and application.decision_validated
        and application.confirm_deadline is not None
    ):
        raise DomainError(
            _("Aucune proposition d'admission n'attend votre réponse pour cette candidature.")
        )
    if application.accepted is True:
        raise DomainError(_("Vous avez déjà confirmé votre inscription à cette formation."))
    if application.accepted is False:
        raise DomainError(_("Vous vous êtes déjà désisté(e) de cette formation."))
    if clock.now() > application.confirm_deadline:
        raise DomainError(
            _(
                "Le délai de réponse a expiré le {date} : vous ne pouvez plus "
                "confirmer ni refuser cette proposition."
            ).format(date=format_datetime(application.confirm_deadline))
        )
    return application


def record_answer(s: Session, application: Application, accepted: bool, clock: Clock) -> bool:
    """Set the answer only if there is none yet, in one conditional UPDATE: of two
    simultaneous answers (double click, two job workers) exactly one wins and goes on to
    e-mail and promote; the other gets False."""
    now = clock.now()
    s.flush()
    result = s.exec(
        update(Application)
        .where(col(Application.id) == application.id)
        .where(col(Application.accepted).is_(None))
        .values(
            accepted=accepted,
            answered_at=now,
            version=Application.version + 1,
            updated_at=now,
        )
    )
    s.refresh(application)
    return rows_changed(result) == 1


def _answer(s: Session, application: Application, accepted: bool, clock: Clock) -> None:
    if not record_answer(s, application, accepted, clock):
        raise DomainError(_("Votre réponse a déjà été enregistrée pour cette candidature."))


def _simple_context(s: Session, application: Application, applicant: Account) -> dict[str, object]:
    formation = s.get(Formation, application.formation_id)
    return {
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "file_number": applicant.file_number,
        "formation": formation.label if formation else "",
        "deadline": application.confirm_deadline,
    }


def _answer_offer(
    s: Session, account: Account, application_id: int, accepted: bool, clock: Clock
) -> Application:
    """Record the applicant's answer to a favourable decision, its mail and its history."""
    application = _own_open_offer(s, account, application_id, clock)
    _answer(s, application, accepted, clock)
    s.add(application)
    enqueue(
        s,
        "confirmation" if accepted else "withdrawal",
        account.email,
        _simple_context(s, application, account),
        account_id=account.id,
        application_id=application.id,
        clock=clock,
    )
    action = "offer_confirmed" if accepted else "offer_withdrawn"
    audit.record(s, action, actor_id=account.id, application_id=application.id, clock=clock)
    s.flush()
    return application


def confirm_offer(
    s: Session, account: Account, application_id: int, *, clock: Clock = system_clock
) -> Application:
    """The applicant accepts the place offered (before the deadline)."""
    return _answer_offer(s, account, application_id, True, clock)


def withdraw(
    s: Session, account: Account, application_id: int, *, clock: Clock = system_clock
) -> Application:
    """The applicant gives up the place: the commission may be alerted, the next LC is offered it."""
    application = _answer_offer(s, account, application_id, False, clock)
    release_place(s, application, applicant=account, what="Désistement", clock=clock)
    return application


def release_place(
    s: Session, application: Application, *, applicant: Account, what: str, clock: Clock
) -> Application | None:
    """After a withdrawal: alert the commission if it asked, promote the next LC candidate."""
    commission = s.get(Commission, application.commission_id)
    formation = s.get(Formation, application.formation_id)
    if commission is not None and commission.alert_on_withdrawal and commission.contact_email:
        enqueue(
            s,
            "commission_alert",
            commission.contact_email,
            {
                "what": what,
                "formation": formation.label if formation else "",
                "applicant": f"{applicant.first_name} {applicant.last_name}",
                "file_number": applicant.file_number,
            },
            application_id=application.id,
            clock=clock,
        )
    s.flush()
    return promote_next(s, application.formation_id, clock=clock)


def promote_next(
    s: Session, formation_id: int, *, clock: Clock = system_clock
) -> Application | None:
    """Offer a freed place to the validated LC candidate with the lowest rank."""
    # Lock the formation so two simultaneous withdrawals do not promote the same person
    # (PostgreSQL; SQLite serialises writers anyway).
    s.exec(select(Formation.id).where(col(Formation.id) == formation_id).with_for_update()).first()
    row = s.exec(
        select(Application, Decision)
        .join(Decision, col(Decision.application_id) == Application.id)
        .where(col(Application.formation_id) == formation_id)
        .where(col(Application.cancelled_at).is_(None))
        .where(col(Application.decision_code) == DecisionType.LISTE_COMPLEMENTAIRE.value)
        .where(col(Application.decision_validated) == True)  # noqa: E712
        .where(col(Decision.code) == DecisionType.LISTE_COMPLEMENTAIRE)
        .where(col(Decision.validated_at).is_not(None))
        .where(col(Decision.superseded) == False)  # noqa: E712
        .order_by(col(Decision.rank), col(Decision.id))
    ).first()
    if row is None:
        return None
    promoted, lc = row
    # A pending, unvalidated entry on that dossier is overtaken by the promotion.
    supersede_pending(s, id_of(promoted))
    staff_id = lc.validated_by_id or lc.entered_by_id
    offer = Decision(
        application_id=id_of(promoted),
        code=DecisionType.FAVORABLE,
        comment=f"Place libérée : admis depuis la liste complémentaire (rang {lc.rank}).",
        entered_by_id=staff_id,
        entered_at=clock.now(),
    )
    s.add(offer)
    s.flush()
    apply_validated(s, promoted, offer, validator_id=staff_id, clock=clock)
    audit.record(
        s,
        "promoted_from_lc",
        application_id=promoted.id,
        detail=f"Rang {lc.rank} de la liste complémentaire : avis favorable.",
        clock=clock,
    )
    return promoted
