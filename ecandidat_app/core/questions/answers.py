"""Applicants' answers to the questions of their formation: the form, saving it, what is
still missing before transmission, and the answers as staff (and the dossier PDF) read them.

Answers change while the dossier may change (`dossiers.editable_reason`): before
transmission, and again once staff mark it incomplete. A save checks every answer first
and writes nothing when one is wrong (each error names its field); required answers are
checked at transmission (a draft may be saved unfinished).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.applications.dossiers import (
    claim_for_change,
    editable_reason,
    load_own_application,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.i18n_content import localized, localized_lines
from ecandidat_app.core.models import (
    Account,
    Application,
    Formation,
    FormationQuestion,
    QuestionAnswer,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import load_application_for
from ecandidat_app.core.questions.admin import formation_questions
from ecandidat_app.core.questions.kinds import answer_text, choices_of, clean_answer, field_of
from ecandidat_app.core.questions.required import Answered, answered, stored_answers

NO_ANSWER = N_("Sans réponse")
REFUSED = N_("Certaines réponses ne sont pas valables : corrigez les champs signalés.")


class AnswersRefused(DomainError):
    """Some answers are not valid: `errors` maps each faulty field to its message (current locale)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(_(REFUSED))
        self.errors = errors


@dataclass
class AnswerField:
    """One question on the applicant's form, with the answer stored so far."""

    id: int
    key: str  # the form field: question-<id>
    kind: str
    label: str
    help_text: str
    required: bool
    max_length: int
    choices: list[str] = field(default_factory=list)  # the values stored (French)
    choice_labels: list[str] = field(default_factory=list)  # shown, in the reader's language
    value: str = ""
    display: str = ""  # the answer as people read it (shown once the dossier is locked)


@dataclass(frozen=True)
class AnswerRow:
    """One question and its answer as people read them (staff dossier, dossier PDF)."""

    question: str
    answer: str
    required: bool
    archived: bool


def answer_form(s: Session, account: Account, application_id: int) -> list[AnswerField]:
    """The questions of the dossier's formation with the answers given so far, in the
    reader's language (English versions where entered); the values stay the French ones."""
    return answer_fields(answered(s, load_application_for(s, account, application_id)))


def answer_fields(found: Answered) -> list[AnswerField]:
    """The answer form from the questions and answers already read (`answered`)."""
    return [_answer_field(q, found.answers.get(id_of(q), "")) for q in found.questions]


def _answer_field(q: FormationQuestion, value: str) -> AnswerField:
    choices = choices_of(q)
    labels = localized_lines(choices, q.choices_en)
    shown = dict(zip(choices, labels, strict=True))
    # A stored choice read back under its label (one per line for a multiple choice).
    display = "\n".join(shown.get(line, line) for line in value.splitlines()) if choices else value
    return AnswerField(
        id=id_of(q),
        key=field_of(q),
        kind=q.kind,
        label=localized(q.label, q.label_en),
        help_text=localized(q.help_text, q.help_text_en),
        required=q.required,
        max_length=q.max_length or 0,
        choices=choices,
        choice_labels=labels,
        value=value,
        display=answer_text(q, display) or _(NO_ANSWER),
    )


def _cleaned(questions: Sequence[FormationQuestion], values: Mapping[str, str]) -> dict[int, str]:
    errors: dict[str, str] = {}
    cleaned: dict[int, str] = {}
    for q in questions:
        try:
            cleaned[id_of(q)] = clean_answer(q, values.get(field_of(q), ""))
        except DomainError as exc:
            errors[field_of(q)] = exc.message
    if errors:
        raise AnswersRefused(errors)
    return cleaned


def save_answers(
    s: Session,
    account: Account,
    application_id: int,
    values: Mapping[str, str],
    *,
    clock: Clock = system_clock,
) -> int:
    """Record the applicant's answers (`values`: field -> text); returns how many changed."""
    application = load_own_application(s, account, application_id)
    formation = s.get(Formation, application.formation_id)
    assert formation is not None
    reason = editable_reason(application, formation, clock.today())
    if reason is not None:
        raise DomainError(reason)
    cleaned = _cleaned(formation_questions(s, application.formation_id), values)
    existing = {
        a.question_id: a
        for a in s.exec(
            select(QuestionAnswer).where(col(QuestionAnswer.application_id) == application_id)
        ).all()
    }
    changed = {
        qid: value
        for qid, value in cleaned.items()
        if (existing[qid].value if qid in existing else "") != value
    }
    if not changed:
        return 0
    claim_for_change(s, application)  # serialises with transmit: never into a sent dossier
    now = clock.now()
    for qid, value in changed.items():
        answer = existing.get(qid) or QuestionAnswer(application_id=application_id, question_id=qid)
        answer.value, answer.updated_at = value, now
        s.add(answer)
    audit.record(
        s,
        "answers_saved",
        actor_id=account.id,
        application_id=application_id,
        account_id=account.id,
        detail=f"{len(changed)} réponse(s)",
        clock=clock,
    )
    s.flush()
    return len(changed)


def forget_answers(s: Session, application_id: int) -> None:
    """Drop a dossier's answers (the applicant's account is deleted or purged)."""
    for answer in s.exec(
        select(QuestionAnswer).where(col(QuestionAnswer.application_id) == application_id)
    ).all():
        s.delete(answer)
    s.flush()


def answers_for_dossier(s: Session, application_id: int) -> list[AnswerRow]:
    """Every question of the dossier's formation with its answer, as people read them
    (archived questions only where they were answered). The caller has checked access."""
    application = s.get(Application, application_id)
    if application is None:
        return []
    stored = stored_answers(s, application_id)
    rows: list[AnswerRow] = []
    for q in formation_questions(s, application.formation_id, archived=True):
        value = stored.get(id_of(q), "")
        archived = q.archived_at is not None
        if archived and not value:
            continue
        rows.append(
            AnswerRow(
                question=q.label,
                answer=answer_text(q, value) or _(NO_ANSWER),
                required=q.required,
                archived=archived,
            )
        )
    return rows
