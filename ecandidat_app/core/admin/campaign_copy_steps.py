"""The registry of what "open next year's campaign by copying this one" copies.

Each `CopyStep` previews what it will create (French lines for the confirmation page) and
copies it from the source campaign to the new one. To copy something new (questions per
formation, letter templates, a centre's override of a mail template...), write a step and
append it with `register(...)` in the module that owns the data, or to `STEPS` below; steps
run in order, so a step reading `ctx.formations` (old formation id -> new one) comes after
"formations". Nothing of applicants is ever copied.

Commissions and their members, decision motifs and mail templates are not tied to a
campaign in this schema (one row serves every year): their steps create nothing and say
so in the preview ("repris"), so the administrator sees the whole picture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import (
    Campaign,
    Commission,
    CommissionMember,
    DecisionMotif,
    DocumentType,
    Formation,
    FormationDocument,
    FormationQuestion,
    MailTemplate,
)
from ecandidat_app.core.models.ids import id_of


def next_year(day: date) -> date:
    """The same day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@dataclass
class CopyContext:
    """What earlier steps created, for later ones: old id -> new id per table."""

    source: Campaign
    target: Campaign | None = None
    formations: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class StepPreview:
    label: str
    lines: list[str]
    creates: bool  # False: shared across campaigns, kept as it is

    @property
    def count(self) -> int:
        return len(self.lines)


@dataclass(frozen=True)
class CopyStep:
    key: str
    label: str  # French marked with N_, said in the user's language in the preview
    preview: Callable[[Session, Campaign], list[str]]
    copy: Callable[[Session, CopyContext], int] | None  # None: shared, nothing to copy


# ---------------------------------------------------------------- formations and pieces


def _formations(s: Session, campaign: Campaign) -> list[Formation]:
    query = select(Formation).where(col(Formation.campaign_id) == campaign.id)
    return list(s.exec(query.order_by(col(Formation.label), col(Formation.id))).all())


def _preview_formations(s: Session, campaign: Campaign) -> list[str]:
    return [
        _("{label} ({code}) : dépôt du {opens} au {closes}").format(
            label=f.label,
            code=f.code,
            opens=f"{next_year(f.opens_on):%d/%m/%Y}",
            closes=f"{next_year(f.closes_on):%d/%m/%Y}",
        )
        for f in _formations(s, campaign)
    ]


def _copy_formations(s: Session, ctx: CopyContext) -> int:
    target = ctx.target
    assert target is not None
    for old in _formations(s, ctx.source):
        data = old.model_dump(exclude={"id", "campaign_id"}, warnings=False)
        for name in ("opens_on", "closes_on", "return_on", "jury_on", "publication_on"):
            if data[name] is not None:
                data[name] = next_year(data[name])
        new = Formation(**data, campaign_id=id_of(target))
        s.add(new)
        s.flush()
        ctx.formations[id_of(old)] = id_of(new)
    return len(ctx.formations)


def _pieces(s: Session, campaign: Campaign) -> list[FormationDocument]:
    query = (
        select(FormationDocument)
        .join(Formation, col(Formation.id) == FormationDocument.formation_id)
        .where(col(Formation.campaign_id) == campaign.id)
    )
    return list(s.exec(query).all())


def _preview_pieces(s: Session, campaign: Campaign) -> list[str]:
    rows = s.exec(
        select(Formation.label, DocumentType.label)
        .join(FormationDocument, col(FormationDocument.formation_id) == Formation.id)
        .join(DocumentType, col(DocumentType.id) == FormationDocument.document_type_id)
        .where(col(Formation.campaign_id) == campaign.id)
        .order_by(col(Formation.label), col(DocumentType.order), col(DocumentType.label))
    ).all()
    return [f"{formation} : {piece}" for formation, piece in rows]


def _copy_pieces(s: Session, ctx: CopyContext) -> int:
    rows = _pieces(s, ctx.source)
    for row in rows:
        s.add(
            FormationDocument(
                formation_id=ctx.formations[row.formation_id],
                document_type_id=row.document_type_id,
            )
        )
    s.flush()
    return len(rows)


def _preview_questions(s: Session, campaign: Campaign) -> list[str]:
    rows = s.exec(
        select(Formation.label, FormationQuestion.label)
        .join(FormationQuestion, col(FormationQuestion.formation_id) == Formation.id)
        .where(
            col(Formation.campaign_id) == campaign.id,
            col(FormationQuestion.archived_at).is_(None),
        )
        .order_by(col(Formation.label), col(FormationQuestion.order))
    ).all()
    return [f"{formation} : {question}" for formation, question in rows]


def _copy_questions(s: Session, ctx: CopyContext) -> int:
    # Imported here: core.questions uses core.admin's input helpers (an import cycle).
    from ecandidat_app.core.questions.admin import copy_questions

    return sum(copy_questions(s, old, new) for old, new in ctx.formations.items())


# ---------------------------------------------------------------- shared rows (kept)


def _preview_commissions(s: Session, _campaign: Campaign) -> list[str]:
    members = func.count(col(CommissionMember.account_id))
    rows = s.exec(
        select(Commission.label, members)
        .outerjoin(CommissionMember, col(CommissionMember.commission_id) == Commission.id)
        .group_by(col(Commission.id), col(Commission.label))
        .order_by(col(Commission.label))
    ).all()
    return [f"{label} ({n} membre(s))" for label, n in rows]


def _preview_motifs(s: Session, _campaign: Campaign) -> list[str]:
    return list(s.exec(select(DecisionMotif.label).order_by(col(DecisionMotif.label))).all())


def _preview_templates(s: Session, _campaign: Campaign) -> list[str]:
    return list(s.exec(select(MailTemplate.event).order_by(col(MailTemplate.event))).all())


STEPS: list[CopyStep] = [
    CopyStep(
        "formations",
        N_("Formations (dates décalées d'un an)"),
        _preview_formations,
        _copy_formations,
    ),
    CopyStep(
        "pieces", N_("Pièces justificatives demandées par formation"), _preview_pieces, _copy_pieces
    ),
    CopyStep(
        "questions",
        N_("Questions posées par formation (sans les réponses)"),
        _preview_questions,
        _copy_questions,
    ),
    CopyStep(
        "commissions", N_("Commissions et leurs membres (reprises)"), _preview_commissions, None
    ),
    CopyStep("motifs", N_("Motifs d'avis (repris)"), _preview_motifs, None),
    CopyStep(
        "mail_templates", N_("Modèles de courriel personnalisés (repris)"), _preview_templates, None
    ),
]


def register(step: CopyStep, *, after: str | None = None) -> None:
    """Add a copy step (at the end, or right after the step named `after`)."""
    if any(existing.key == step.key for existing in STEPS):
        raise ValueError(f"Copy step {step.key!r} is already registered.")
    keys = [existing.key for existing in STEPS]
    STEPS.insert(keys.index(after) + 1 if after else len(STEPS), step)
