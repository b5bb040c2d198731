"""What is still missing among a dossier's answers (the checklist and the transmission read
it). Kept apart from `answers`, which builds on the dossier rules: this module only reads
the questions and the answers, so the dossier rules may import it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam
from sqlmodel import Session, col, select

from ecandidat_app.core.i18n import _
from ecandidat_app.core.i18n_content import localized
from ecandidat_app.core.models import Application, FormationQuestion, QuestionAnswer
from ecandidat_app.core.models.ids import id_of


def stored_answers(s: Session, application_id: int) -> dict[int, str]:
    rows = s.exec(
        select(QuestionAnswer).where(col(QuestionAnswer.application_id) == application_id)
    ).all()
    return {a.question_id: a.value for a in rows}


def missing_label(question: FormationQuestion) -> str:
    return _("Réponse à la question « {question} »").format(
        question=localized(question.label, question.label_en)
    )


@dataclass(frozen=True)
class Answered:
    """The questions a dossier's formation asks now (in order, archived ones left out) and
    the dossier's stored answers to them: what the checklist, the transmission and the
    answer form read, in one query."""

    questions: list[FormationQuestion]
    answers: dict[int, str]


# Built once (parameters: application_id, formation_id): building the ORM select costs
# about as much CPU as running it, and every dossier event runs it.
_ANSWERED = (
    select(FormationQuestion, QuestionAnswer.value)
    .outerjoin(
        QuestionAnswer,
        and_(
            col(QuestionAnswer.question_id) == FormationQuestion.id,
            col(QuestionAnswer.application_id) == bindparam("application_id"),
        ),
    )
    .where(
        col(FormationQuestion.formation_id) == bindparam("formation_id"),
        col(FormationQuestion.archived_at).is_(None),
    )
    .order_by(col(FormationQuestion.order), col(FormationQuestion.id))
)


def answered(s: Session, application: Application) -> Answered:
    """`formation_questions` and `stored_answers` in one query: each question with its
    answer (one at most: unique per dossier and question), None when unanswered."""
    params = {"application_id": id_of(application), "formation_id": application.formation_id}
    rows = s.exec(_ANSWERED, params=params).all()
    return Answered(
        questions=[q for q, _value in rows],
        answers={id_of(q): value for q, value in rows if value is not None},
    )


def missing_in(found: Answered) -> list[str]:
    """What the « Il manque encore » list says of the required questions left unanswered."""
    return [
        missing_label(q)
        for q in found.questions
        if q.required and not found.answers.get(id_of(q), "")
    ]


def missing_answers(s: Session, application: Application) -> list[str]:
    return missing_in(answered(s, application))
