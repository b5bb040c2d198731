"""Step 1: staff enter a decision (`enter_decision`, one by one or in bulk): nothing is e-mailed,
it can be replaced until validated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.clock import PARIS, Clock, system_clock
from ecandidat_app.core.errors import DomainError, StaleEdit
from ecandidat_app.core.french import french_datetime
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import (
    Account,
    Application,
    Decision,
    DecisionMotif,
    DecisionType,
    Formation,
)
from ecandidat_app.core.models.enums import DECISION_LABELS
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import (
    can_decide_application,
    load_application_to_change,
)
from ecandidat_app.core.review.bulk import BULK_LIMIT, BulkResult
from ecandidat_app.core.review.decisions.queries import (
    TRANSMITTED,
    rank_taken,
)

# ---------------------------------------------------------------- step 1: entry

# The column is a 32-bit integer on PostgreSQL: a larger rank would fail in the driver.
MAX_RANK = 2**31 - 1


def _check_enterable(application: Application) -> None:
    if application.cancelled_at is not None or application.status not in TRANSMITTED:
        raise DomainError(_("Seul un dossier transmis peut recevoir un avis."))
    if application.accepted is not None:
        raise DomainError(
            _(
                "Le candidat a déjà répondu à la proposition d'admission : l'avis ne peut plus "
                "être modifié."
            )
        )
    if (
        application.decision_code == DecisionType.FAVORABLE
        and application.decision_validated
        and application.confirm_deadline is not None
    ):
        raise DomainError(
            _(
                "Une proposition d'admission attend la réponse du candidat : l'avis ne peut "
                "pas être modifié avant sa réponse ou l'échéance."
            )
        )


def _parse_code(code: str | DecisionType) -> DecisionType:
    try:
        return DecisionType(code)
    except ValueError:
        raise DomainError(
            _("Choisissez le type d'avis avant de le saisir."), field="code"
        ) from None


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
        raise DomainError(_("Le commentaire est limité à 1 000 caractères."), field="comment")
    decision = Decision(
        application_id=id_of(application),
        code=code,
        comment=comment,
        entered_by_id=id_of(account),
        entered_at=clock.now(),
    )
    if code == DecisionType.DEFAVORABLE:
        motif = s.get(DecisionMotif, motif_id) if motif_id else None
        formation = s.get(Formation, application.formation_id)
        if motif is None or (
            motif.centre_id is not None and formation and motif.centre_id != formation.centre_id
        ):
            raise DomainError(_("Choisissez le motif du refus."), field="motif_id")
        decision.motif_id = motif.id
    elif code == DecisionType.LISTE_COMPLEMENTAIRE:
        if rank is None or not 1 <= rank <= MAX_RANK:
            raise DomainError(
                _("Indiquez le rang sur la liste complémentaire (1 ou plus)."), field="rank"
            )
        if rank_taken(s, application.formation_id, rank, id_of(application)):
            raise DomainError(
                _(
                    "Le rang {rank} est déjà attribué à un autre candidat de la liste "
                    "complémentaire de cette formation."
                ).format(rank=rank),
                field="rank",
            )
        decision.rank = rank
    elif code == DecisionType.PRESELECTION:
        if preselection_at is None:
            raise DomainError(
                _("Indiquez la date et l'heure de la présélection."), field="preselection_at"
            )
        place = (place or "").strip()
        if not place:
            raise DomainError(_("Indiquez le lieu de la présélection."), field="place")
        if len(place) > 200:
            raise DomainError(_("Le lieu est limité à 200 caractères."), field="place")
        if preselection_at.tzinfo is None:  # a wall-clock time typed in Paris
            preselection_at = preselection_at.replace(tzinfo=PARIS)
        decision.preselection_at = preselection_at
        decision.preselection_place = place
    return decision


def supersede_pending(s: Session, application_id: int) -> None:
    for old in s.exec(
        select(Decision)
        .where(col(Decision.application_id) == application_id)
        .where(col(Decision.validated_at).is_(None))
        .where(col(Decision.superseded) == False)  # noqa: E712
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
    **fields: Any,
) -> Decision:
    _check_enterable(application)
    decision = _build_decision(s, application, account, code=code, clock=clock, **fields)
    supersede_pending(s, id_of(application))
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
        detail=describe(s, decision),
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
    application = load_application_to_change(
        s, account, application_id, rule=can_decide_application
    )
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
    ids = bulk_ids(application_ids)
    parsed = _parse_code(code)
    result = BulkResult()
    next_rank = rank
    for application_id in ids:
        try:
            application = load_application_to_change(
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


def bulk_ids(ids: list[int]) -> list[int]:
    unique = list(dict.fromkeys(int(i) for i in ids))
    if not unique:
        raise DomainError(_("Sélectionnez au moins un dossier."))
    if len(unique) > BULK_LIMIT:
        raise DomainError(
            _("Sélectionnez au plus {count} dossiers à la fois.").format(count=BULK_LIMIT)
        )
    return unique


def describe(s: Session, decision: Decision) -> str:
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
