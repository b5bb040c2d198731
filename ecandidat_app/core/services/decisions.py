"""Decisions (avis) in two steps, and the applicant's answer to a favourable one.

1. Staff enter a decision (`enter_decision`): nothing is e-mailed, it can be replaced.
2. A gestionnaire validates it (`validate_decisions`): only now the applicant is e-mailed;
   a favourable decision opens the confirmation window (`Application.confirm_deadline`).
3. The applicant confirms or withdraws before the deadline; a withdrawal (or the automatic
   one in `deadlines.run`) offers the place to the first of the complementary list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from ecandidat_app.core.clock import PARIS, Clock, system_clock
from ecandidat_app.core.errors import DomainError, NotFound, StaleEdit
from ecandidat_app.core.french import french_datetime
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import (
    Account,
    Application,
    Commission,
    Decision,
    DecisionMotif,
    DecisionType,
    DossierStatus,
    Formation,
    Role,
)
from ecandidat_app.core.models.enums import DECISION_LABELS
from ecandidat_app.core.services import audit
from ecandidat_app.core.services.permissions import (
    can_decide_application,
    can_validate_decision,
    load_application_for,
)

BULK_LIMIT = 200
TRANSMITTED = {DossierStatus.RECEPTIONNE, DossierStatus.INCOMPLET, DossierStatus.COMPLET}


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)  # application id -> French reason

    @property
    def summary(self) -> str:
        text = f"{len(self.done)} dossier(s) traité(s)"
        return text + (f", {len(self.refused)} refusé(s)." if self.refused else ".")


# ---------------------------------------------------------------- queries


def pending_decision(s: Session, application_id: int) -> Decision | None:
    """The entered, not yet validated decision of an application (at most one is live)."""
    return s.exec(
        select(Decision)
        .where(Decision.application_id == application_id)
        .where(col(Decision.validated_at).is_(None))
        .where(Decision.superseded == False)  # noqa: E712
        .order_by(col(Decision.id).desc())
    ).first()


def current_validated_decision(s: Session, application_id: int) -> Decision | None:
    return s.exec(
        select(Decision)
        .where(Decision.application_id == application_id)
        .where(col(Decision.validated_at).is_not(None))
        .where(Decision.superseded == False)  # noqa: E712
        .order_by(col(Decision.validated_at).desc(), col(Decision.id).desc())
    ).first()


def decision_history(s: Session, application_id: int) -> list[Decision]:
    return list(
        s.exec(
            select(Decision)
            .where(Decision.application_id == application_id)
            .order_by(col(Decision.entered_at).desc(), col(Decision.id).desc())
        ).all()
    )


def motifs(s: Session, centre_id: int | None = None) -> list[DecisionMotif]:
    """Refusal motifs usable for a centre: its own and the shared ones."""
    query = select(DecisionMotif).order_by(DecisionMotif.label)
    if centre_id is not None:
        query = query.where(
            (col(DecisionMotif.centre_id).is_(None)) | (DecisionMotif.centre_id == centre_id)
        )
    return list(s.exec(query).all())


# The column is a 32-bit integer on PostgreSQL: a larger rank would fail in the driver.
MAX_RANK = 2**31 - 1


def _rank_taken(s: Session, formation_id: int, rank: int, exclude_application: int) -> bool:
    row = s.exec(
        select(Decision.id)
        .join(Application, col(Application.id) == Decision.application_id)
        .where(Application.formation_id == formation_id)
        .where(Application.id != exclude_application)
        .where(Decision.code == DecisionType.LISTE_COMPLEMENTAIRE)
        .where(Decision.superseded == False)  # noqa: E712
        .where(Decision.rank == rank)
    ).first()
    return row is not None


# ---------------------------------------------------------------- step 1: entry


def _check_enterable(s: Session, application: Application) -> None:
    if application.cancelled_at is not None or application.status not in TRANSMITTED:
        raise DomainError("Seul un dossier transmis peut recevoir un avis.")
    if application.accepted is not None:
        raise DomainError(
            "Le candidat a déjà répondu à la proposition d'admission : l'avis ne peut plus "
            "être modifié."
        )
    if (
        application.decision_code == DecisionType.FAVORABLE
        and application.decision_validated
        and application.confirm_deadline is not None
    ):
        raise DomainError(
            "Une proposition d'admission attend la réponse du candidat : l'avis ne peut "
            "pas être modifié avant sa réponse ou l'échéance."
        )


def _parse_code(code: str | DecisionType) -> DecisionType:
    try:
        return DecisionType(code)
    except ValueError:
        raise DomainError("Choisissez un avis.", field="code") from None


def _build_decision(
    s: Session,
    application: Application,
    account: Account,
    *,
    code: DecisionType,
    motif_id: int | None,
    rank: int | None,
    comment: str,
    preselection_at: datetime | None,
    place: str,
    clock: Clock,
) -> Decision:
    """Check the fields each decision type needs; keep only those."""
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise DomainError("Le commentaire est limité à 1 000 caractères.", field="comment")
    decision = Decision(
        application_id=application.id,
        code=code,
        comment=comment,
        entered_by_id=account.id,
        entered_at=clock.now(),
    )
    if code == DecisionType.DEFAVORABLE:
        motif = s.get(DecisionMotif, motif_id) if motif_id else None
        formation = s.get(Formation, application.formation_id)
        if motif is None or (
            motif.centre_id is not None and formation and motif.centre_id != formation.centre_id
        ):
            raise DomainError("Choisissez le motif du refus.", field="motif_id")
        decision.motif_id = motif.id
    elif code == DecisionType.LISTE_COMPLEMENTAIRE:
        if rank is None or not 1 <= rank <= MAX_RANK:
            raise DomainError(
                "Indiquez le rang sur la liste complémentaire (1 ou plus).", field="rank"
            )
        if _rank_taken(s, application.formation_id, rank, application.id):
            raise DomainError(
                f"Le rang {rank} est déjà attribué à un autre candidat de la liste "
                "complémentaire de cette formation.",
                field="rank",
            )
        decision.rank = rank
    elif code == DecisionType.PRESELECTION:
        if preselection_at is None:
            raise DomainError(
                "Indiquez la date et l'heure de la présélection.", field="preselection_at"
            )
        place = (place or "").strip()
        if not place:
            raise DomainError("Indiquez le lieu de la présélection.", field="place")
        if len(place) > 200:
            raise DomainError("Le lieu est limité à 200 caractères.", field="place")
        if preselection_at.tzinfo is None:  # a wall-clock time typed in Paris
            preselection_at = preselection_at.replace(tzinfo=PARIS)
        decision.preselection_at = preselection_at
        decision.preselection_place = place
    return decision


def _supersede_pending(s: Session, application_id: int) -> None:
    for old in s.exec(
        select(Decision)
        .where(Decision.application_id == application_id)
        .where(col(Decision.validated_at).is_(None))
        .where(Decision.superseded == False)  # noqa: E712
    ).all():
        old.superseded = True
        s.add(old)


def _enter(
    s: Session,
    account: Account,
    application: Application,
    *,
    code: DecisionType,
    clock: Clock,
    **fields,
) -> Decision:
    _check_enterable(s, application)
    decision = _build_decision(s, application, account, code=code, clock=clock, **fields)
    _supersede_pending(s, application.id)
    s.add(decision)
    application.decision_code = code.value
    application.decision_validated = False
    application.version += 1
    application.updated_at = clock.now()
    s.add(application)
    s.flush()
    audit.record(
        s,
        "decision_entered",
        actor_id=account.id,
        application_id=application.id,
        detail=_describe(s, decision),
        clock=clock,
    )
    return decision


def enter_decision(
    s: Session,
    account: Account,
    application_id: int,
    *,
    code: str | DecisionType,
    motif_id: int | None = None,
    rank: int | None = None,
    comment: str = "",
    preselection_at: datetime | None = None,
    place: str = "",
    version: int | None = None,
    clock: Clock = system_clock,
) -> Decision:
    """Record a decision (first step). Replaces an unvalidated one; e-mails nobody."""
    application = load_application_for(s, account, application_id, rule=can_decide_application)
    if version is not None and version != application.version:
        raise StaleEdit()
    return _enter(
        s,
        account,
        application,
        code=_parse_code(code),
        motif_id=motif_id,
        rank=rank,
        comment=comment,
        preselection_at=preselection_at,
        place=place,
        clock=clock,
    )


def bulk_enter_decision(
    s: Session,
    account: Account,
    application_ids: list[int],
    *,
    code: str | DecisionType,
    motif_id: int | None = None,
    rank: int | None = None,
    comment: str = "",
    preselection_at: datetime | None = None,
    place: str = "",
    clock: Clock = system_clock,
) -> BulkResult:
    """The same decision on many dossiers. For LC, `rank` is the first rank: the selected
    dossiers get rank, rank+1, ... in the order given. Each dossier is checked alone."""
    ids = _bulk_ids(application_ids)
    parsed = _parse_code(code)
    result = BulkResult()
    next_rank = rank
    for application_id in ids:
        try:
            application = load_application_for(
                s, account, application_id, rule=can_decide_application
            )
            _enter(
                s,
                account,
                application,
                code=parsed,
                motif_id=motif_id,
                rank=next_rank,
                comment=comment,
                preselection_at=preselection_at,
                place=place,
                clock=clock,
            )
            result.done.append(application_id)
            if parsed == DecisionType.LISTE_COMPLEMENTAIRE and next_rank is not None:
                next_rank += 1
        except DomainError as exc:
            result.refused[application_id] = exc.message
    return result


def _bulk_ids(ids: list[int]) -> list[int]:
    unique = list(dict.fromkeys(int(i) for i in ids))
    if not unique:
        raise DomainError("Sélectionnez au moins un dossier.")
    if len(unique) > BULK_LIMIT:
        raise DomainError(f"Sélectionnez au plus {BULK_LIMIT} dossiers à la fois.")
    return unique


def _describe(s: Session, decision: Decision) -> str:
    text = DECISION_LABELS.get(decision.code, decision.code)
    if decision.motif_id:
        motif = s.get(DecisionMotif, decision.motif_id)
        text += f" ; motif : {motif.label if motif else decision.motif_id}"
    if decision.rank is not None:
        text += f" ; rang {decision.rank}"
    if decision.preselection_at is not None:
        text += (
            f" ; présélection le {french_datetime(decision.preselection_at)}, "
            f"{decision.preselection_place}"
        )
    return text


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
        "deadline": french_datetime(application.confirm_deadline),
        "motif": motif.label if motif else "",
        "rank": decision.rank if decision.rank is not None else "",
        "preselection_at": french_datetime(decision.preselection_at),
        "place": decision.preselection_place,
        "comment": decision.comment,
    }


def _apply_validated(
    s: Session, application: Application, decision: Decision, *, validator_id: int, clock: Clock
) -> None:
    """Make `decision` the application's validated decision and e-mail the applicant."""
    now = clock.now()
    for older in s.exec(
        select(Decision)
        .where(Decision.application_id == application.id)
        .where(col(Decision.validated_at).is_not(None))
        .where(Decision.superseded == False)  # noqa: E712
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
    applicant = s.get(Account, application.account_id)
    if applicant is not None:
        enqueue(
            s,
            f"decision_{decision.code}",
            applicant.email,
            _mail_context(s, application, decision, applicant),
            account_id=applicant.id,
            application_id=application.id,
            clock=clock,
        )


def _validate_one(s: Session, account: Account, application: Application, clock: Clock) -> Decision:
    decision = pending_decision(s, application.id)
    if decision is None:
        raise DomainError("Aucun avis en attente de validation pour ce dossier.")
    # Claim it in one conditional UPDATE so two simultaneous validations e-mail once.
    claimed = s.exec(  # type: ignore[call-overload]
        update(Decision)
        .where(col(Decision.id) == decision.id)
        .where(col(Decision.validated_at).is_(None))
        .where(Decision.superseded == False)  # noqa: E712
        .values(validated_at=clock.now(), validated_by_id=account.id)
    )
    s.refresh(decision)
    if claimed.rowcount != 1:
        raise DomainError("Cet avis vient d'être validé ou remplacé par quelqu'un d'autre.")
    _apply_validated(s, application, decision, validator_id=account.id, clock=clock)
    audit.record(
        s,
        "decision_validated",
        actor_id=account.id,
        application_id=application.id,
        detail=_describe(s, decision),
        clock=clock,
    )
    return decision


def validate_decisions(
    s: Session, account: Account, application_ids: list[int], *, clock: Clock = system_clock
) -> BulkResult:
    """Validate the pending decision of each application (second step, which e-mails)."""
    result = BulkResult()
    for application_id in _bulk_ids(application_ids):
        try:
            application = load_application_for(
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
        raise NotFound("Cet avis n'existe pas.")
    application = load_application_for(
        s, account, decision.application_id, rule=can_validate_decision
    )
    if decision.superseded or decision.validated_at is not None:
        raise DomainError("Cet avis a déjà été validé ou remplacé.")
    return _validate_one(s, account, application, clock)


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
        raise NotFound("Cette candidature n'existe pas.")
    if not (
        application.decision_code == DecisionType.FAVORABLE
        and application.decision_validated
        and application.confirm_deadline is not None
    ):
        raise DomainError(
            "Aucune proposition d'admission n'attend votre réponse pour cette candidature."
        )
    if application.accepted is True:
        raise DomainError("Vous avez déjà confirmé votre inscription à cette formation.")
    if application.accepted is False:
        raise DomainError("Vous vous êtes déjà désisté(e) de cette formation.")
    if clock.now() > application.confirm_deadline:
        raise DomainError(
            "Le délai de réponse a expiré le "
            f"{french_datetime(application.confirm_deadline)} : vous ne pouvez plus "
            "confirmer ni refuser cette proposition."
        )
    return application


def record_answer(s: Session, application: Application, accepted: bool, clock: Clock) -> bool:
    """Set the answer only if there is none yet, in one conditional UPDATE: of two
    simultaneous answers (double click, two job workers) exactly one wins and goes on to
    e-mail and promote; the other gets False."""
    now = clock.now()
    s.flush()
    result = s.exec(  # type: ignore[call-overload]
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
    return result.rowcount == 1


def _answer(s: Session, application: Application, accepted: bool, clock: Clock) -> None:
    if not record_answer(s, application, accepted, clock):
        raise DomainError("Votre réponse a déjà été enregistrée pour cette candidature.")


def _simple_context(s: Session, application: Application, applicant: Account) -> dict[str, object]:
    formation = s.get(Formation, application.formation_id)
    return {
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "file_number": applicant.file_number,
        "formation": formation.label if formation else "",
        "deadline": french_datetime(application.confirm_deadline),
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
    s.exec(select(Formation.id).where(Formation.id == formation_id).with_for_update()).first()
    row = s.exec(
        select(Application, Decision)
        .join(Decision, col(Decision.application_id) == Application.id)
        .where(Application.formation_id == formation_id)
        .where(col(Application.cancelled_at).is_(None))
        .where(Application.decision_code == DecisionType.LISTE_COMPLEMENTAIRE.value)
        .where(Application.decision_validated == True)  # noqa: E712
        .where(Decision.code == DecisionType.LISTE_COMPLEMENTAIRE)
        .where(col(Decision.validated_at).is_not(None))
        .where(Decision.superseded == False)  # noqa: E712
        .order_by(col(Decision.rank), col(Decision.id))
    ).first()
    if row is None:
        return None
    promoted, lc = row
    # A pending, unvalidated entry on that dossier is overtaken by the promotion.
    _supersede_pending(s, promoted.id)
    staff_id = lc.validated_by_id or lc.entered_by_id
    offer = Decision(
        application_id=promoted.id,
        code=DecisionType.FAVORABLE,
        comment=f"Place libérée : admis depuis la liste complémentaire (rang {lc.rank}).",
        entered_by_id=staff_id,
        entered_at=clock.now(),
    )
    s.add(offer)
    s.flush()
    _apply_validated(s, promoted, offer, validator_id=staff_id, clock=clock)
    audit.record(
        s,
        "promoted_from_lc",
        application_id=promoted.id,
        detail=f"Rang {lc.rank} de la liste complémentaire : avis favorable.",
        clock=clock,
    )
    return promoted
