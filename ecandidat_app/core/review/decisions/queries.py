"""What the decision steps read: the pending and validated decisions, the history, the motifs."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ecandidat_app.core.models import (
    Application,
    Decision,
    DecisionMotif,
    DecisionType,
    DossierStatus,
)

TRANSMITTED = {DossierStatus.RECEPTIONNE, DossierStatus.INCOMPLET, DossierStatus.COMPLET}


# ---------------------------------------------------------------- queries


def pending_decision(s: Session, application_id: int) -> Decision | None:
    """The entered, not yet validated decision of an application (at most one is live)."""
    return s.exec(
        select(Decision)
        .where(col(Decision.application_id) == application_id)
        .where(col(Decision.validated_at).is_(None))
        .where(col(Decision.superseded) == False)  # noqa: E712
        .order_by(col(Decision.id).desc())
    ).first()


def current_validated_decision(s: Session, application_id: int) -> Decision | None:
    return s.exec(
        select(Decision)
        .where(col(Decision.application_id) == application_id)
        .where(col(Decision.validated_at).is_not(None))
        .where(col(Decision.superseded) == False)  # noqa: E712
        .order_by(col(Decision.validated_at).desc(), col(Decision.id).desc())
    ).first()


def decision_history(s: Session, application_id: int) -> list[Decision]:
    return list(
        s.exec(
            select(Decision)
            .where(col(Decision.application_id) == application_id)
            .order_by(col(Decision.entered_at).desc(), col(Decision.id).desc())
        ).all()
    )


def motifs(s: Session, centre_id: int | None = None) -> list[DecisionMotif]:
    """Refusal motifs usable for a centre: its own and the shared ones."""
    query = select(DecisionMotif).order_by(DecisionMotif.label)
    if centre_id is not None:
        query = query.where(
            (col(DecisionMotif.centre_id).is_(None)) | (col(DecisionMotif.centre_id) == centre_id)
        )
    return list(s.exec(query).all())


def rank_taken(s: Session, formation_id: int, rank: int, exclude_application: int) -> bool:
    row = s.exec(
        select(Decision.id)
        .join(Application, col(Application.id) == Decision.application_id)
        .where(col(Application.formation_id) == formation_id)
        .where(col(Application.id) != exclude_application)
        .where(col(Decision.code) == DecisionType.LISTE_COMPLEMENTAIRE)
        .where(col(Decision.superseded) == False)  # noqa: E712
        .where(col(Decision.rank) == rank)
    ).first()
    return row is not None
