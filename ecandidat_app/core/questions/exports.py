"""The answers in the staff exports: one column per question of the exported formation(s),
read in a few batched queries (never one per dossier)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from ecandidat_app.core.models import Application, Formation, FormationQuestion, QuestionAnswer
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.questions.kinds import answer_text

CHUNK = 500


@dataclass(frozen=True)
class QuestionColumn:
    question_id: int
    header: str


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


def export_answers(
    s: Session, application_ids: Sequence[int]
) -> tuple[list[QuestionColumn], dict[int, dict[int, str]]]:
    """The question columns of these dossiers' formations (an archived question only where
    one of them answered it; the formation's code before the question when several
    formations are exported), and each dossier's answers as people read them."""
    formation_ids: set[int] = set()
    answers: dict[int, dict[int, str]] = {}
    for chunk in _chunks(application_ids):
        formation_ids.update(
            s.exec(select(Application.formation_id).where(col(Application.id).in_(chunk))).all()
        )
        for answer, question in s.exec(
            select(QuestionAnswer, FormationQuestion)
            .join(FormationQuestion, col(FormationQuestion.id) == QuestionAnswer.question_id)
            .where(col(QuestionAnswer.application_id).in_(chunk), col(QuestionAnswer.value) != "")
        ).all():
            answers.setdefault(answer.application_id, {})[answer.question_id] = answer_text(
                question, answer.value
            )
    if not formation_ids:
        return [], answers
    answered = {qid for row in answers.values() for qid in row}
    asked = s.exec(
        select(FormationQuestion, Formation.code)
        .join(Formation, col(Formation.id) == FormationQuestion.formation_id)
        .where(col(FormationQuestion.formation_id).in_(formation_ids))
        .order_by(
            col(Formation.code),
            col(FormationQuestion.archived_at).is_not(None),
            col(FormationQuestion.order),
            col(FormationQuestion.id),
        )
    ).all()
    several = len(formation_ids) > 1
    columns = [
        QuestionColumn(id_of(q), f"{code} · {q.label}" if several else q.label)
        for q, code in asked
        if q.archived_at is None or id_of(q) in answered
    ]
    return columns, answers
