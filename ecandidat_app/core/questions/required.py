"""What is still missing among a dossier's answers (the checklist and the transmission read
it). Kept apart from `answers`, which builds on the dossier rules: this module only reads
the questions and the answers, so the dossier rules may import it."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ecandidat_app.core.i18n import _
from ecandidat_app.core.i18n_content import localized
from ecandidat_app.core.models import Application, FormationQuestion, QuestionAnswer
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.questions.admin import formation_questions


def stored_answers(s: Session, application_id: int) -> dict[int, str]:
    rows = s.exec(
        select(QuestionAnswer).where(col(QuestionAnswer.application_id) == application_id)
    ).all()
    return {a.question_id: a.value for a in rows}


def missing_label(question: FormationQuestion) -> str:
    return _("Réponse à la question « {question} »").format(
        question=localized(question.label, question.label_en)
    )


def missing_answers(s: Session, application: Application) -> list[str]:
    """What the « Il manque encore » list says of the required questions left unanswered."""
    stored = stored_answers(s, id_of(application))
    return [
        missing_label(q)
        for q in formation_questions(s, application.formation_id)
        if q.required and not stored.get(id_of(q), "")
    ]
