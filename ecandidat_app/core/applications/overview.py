""" "Mes candidatures": each dossier with its status, its timeline and the offer to answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from ecandidat_app.core.applications.dossiers import (
    deadline_label,
    deadline_of,
    dossier_status,
    editable_reason,
    has_decision,
)
from ecandidat_app.core.clock import Clock, as_utc, system_clock
from ecandidat_app.core.documents.letters import LetterItem, letters_of
from ecandidat_app.core.i18n import _, ngettext
from ecandidat_app.core.i18n_format import format_date, format_datetime
from ecandidat_app.core.models import (
    Account,
    Application,
    AuditEvent,
    Decision,
    DecisionMotif,
    DossierStatus,
    Formation,
    Role,
)
from ecandidat_app.core.models.enums import DECISION_LABELS

# ---------------------------------------------------------------- my applications


@dataclass
class TimelineStep:
    label: str
    at: str


# What the applicant's timeline shows of the dossier's history: every occurrence, in order
# (a dossier sent back after "incomplet" shows both transmissions). Staff-only steps (notes,
# an entered but not validated decision, piece checks) never appear.
TIMELINE_LABELS: dict[str, str] = {
    "application_created": "Candidature créée",
    "application_transmitted": "Dossier transmis",
    "dossier_incomplete": "Dossier déclaré incomplet",
    "dossier_complete": "Dossier déclaré complet",
    "decision_validated": "Décision communiquée",
    "promoted_from_lc": "Place proposée depuis la liste complémentaire",
    "offer_confirmed": "Inscription confirmée",
    "offer_withdrawn": "Désistement",
    "offer_auto_withdrawn": "Désistement automatique (délai de réponse dépassé)",
    "application_cancelled": "Candidature annulée",
}
RETRANSMITTED = "Dossier transmis à nouveau"
# The applicant's answer to an offer, as "Mes candidatures" shows it.
ANSWER_LABELS: dict[str, str] = {
    "confirmed": "Inscription confirmée",
    "withdrawn": "Désistement enregistré",
}


@dataclass
class ApplicationRow:
    id: int
    formation: str
    status: str
    status_label: str
    timeline: list[TimelineStep]
    deadline: str
    deadline_label: str
    days_left: int | None
    countdown: str
    decision: str  # label of the validated decision, "" before validation
    decision_code: str
    decision_motif: str
    decision_rank: int | None
    decision_comment: str
    # "confirmed", "withdrawn" or "" (no answer yet): a string, because a page comparing a
    # missing answer (None) with False would take one for the other.
    answer: str
    answer_label: str
    confirm_deadline: str
    can_cancel: bool
    can_answer: bool
    can_edit: bool
    # The letter of the decision in force (core/documents/letters.py), to download.
    letters: list[LetterItem] = field(default_factory=list)


def validated_decision(s: Session, application_id: int) -> Decision | None:
    return s.exec(
        select(Decision)
        .where(
            col(Decision.application_id) == application_id,
            col(Decision.validated_at).is_not(None),
            col(Decision.superseded).is_(False),
        )
        .order_by(col(Decision.validated_at).desc(), col(Decision.id).desc())
    ).first()


def _countdown(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return _("Date limite dépassée")
    if days == 0:
        return _("Dernier jour")
    return ngettext("Il reste 1 jour", "Il reste {n} jours", days).format(n=days)


def my_applications(
    s: Session, account: Account | None, *, clock: Clock = system_clock
) -> list[ApplicationRow]:
    if account is None or account.role != Role.APPLICANT:
        return []
    rows = s.exec(
        select(Application, Formation)
        .join(Formation, col(Formation.id) == Application.formation_id)
        .where(col(Application.account_id) == account.id)
        .order_by(col(Application.cancelled_at).is_not(None), col(Application.created_at).desc())
    ).all()
    today, now = clock.today(), clock.now()
    result: list[ApplicationRow] = []
    timelines = _timelines(s, [application for application, _ in rows])
    for application, formation in rows:
        cancelled = application.cancelled_at is not None
        status, status_label = dossier_status(application)
        timeline = timelines.get(application.id or 0) or _timeline_from_dates(application)
        deadline = None if cancelled else deadline_of(application, formation)
        days = (deadline - today).days if deadline else None
        decision = validated_decision(s, application.id or 0)
        motif = s.get(DecisionMotif, decision.motif_id) if decision and decision.motif_id else None
        confirm_deadline = as_utc(application.confirm_deadline)
        favourable = decision is not None and decision.code == "FA"
        answer = _answer(application, decision)
        can_answer = (
            favourable
            and not cancelled
            and application.accepted is None
            and (confirm_deadline is None or now <= confirm_deadline)
        )
        result.append(
            ApplicationRow(
                id=application.id or 0,
                formation=formation.label,
                status=status,
                status_label=status_label,
                timeline=timeline,
                deadline=format_date(deadline),
                deadline_label=deadline_label(application, deadline),
                days_left=days,
                countdown=_countdown(days),
                decision=DECISION_LABELS[str(decision.code)] if decision else "",
                decision_code=str(decision.code) if decision else "",
                decision_motif=motif.label if motif else "",
                decision_rank=decision.rank if decision else None,
                decision_comment=decision.comment if decision else "",
                answer=answer,
                answer_label=ANSWER_LABELS.get(answer, ""),
                confirm_deadline=format_datetime(confirm_deadline) if favourable else "",
                can_cancel=(
                    not cancelled
                    and application.status == DossierStatus.EN_ATTENTE
                    and not has_decision(s, application)
                ),
                can_answer=can_answer,
                can_edit=editable_reason(application, formation, today) is None,
                letters=[x for x in letters_of(s, application.id or 0) if x.current],
            )
        )
    return result


def _answer(application: Application, decision: Decision | None) -> str:
    if decision is None or application.accepted is None:
        return ""
    return "confirmed" if application.accepted else "withdrawn"


def _timelines(s: Session, apps: list[Application]) -> dict[int, list[TimelineStep]]:
    """Each application's steps from its history (one query for all of them)."""
    ids = [a.id for a in apps if a.id is not None]
    if not ids:
        return {}
    events = s.exec(
        select(AuditEvent.application_id, AuditEvent.action, AuditEvent.at)
        .where(col(AuditEvent.application_id).in_(ids))
        .where(col(AuditEvent.action).in_(list(TIMELINE_LABELS)))
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    timelines: dict[int, list[TimelineStep]] = {}
    for application_id, action, at in events:
        steps = timelines.setdefault(application_id or 0, [])
        label = TIMELINE_LABELS[action]
        if action == "application_transmitted" and any(x.label == label for x in steps):
            label = RETRANSMITTED
        steps.append(TimelineStep(label, format_datetime(at)))
    return timelines


def _timeline_from_dates(application: Application) -> list[TimelineStep]:
    """For a dossier without history rows (imported data): the dates kept on the row."""
    timeline = [TimelineStep("Candidature créée", format_datetime(application.created_at))]
    for label, at in (
        ("Dossier transmis", application.transmitted_at),
        ("Dossier déclaré incomplet", application.incomplete_at),
        ("Dossier déclaré complet", application.complete_at),
        ("Candidature annulée", application.cancelled_at),
        ("Réponse donnée", application.answered_at),
    ):
        if at is not None:
            timeline.append(TimelineStep(label, format_datetime(at)))
    return timeline
