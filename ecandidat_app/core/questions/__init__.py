"""Questions per formation (the original eCandidat's « formulaires »): administrators ask
them (`admin`), applicants answer them on their dossier (`answers`), each kind validates
its answers (`kinds`), exports read them as columns (`exports`).

The names below are the public API of this domain, imported from their modules.
"""

from __future__ import annotations

from ecandidat_app.core.questions.admin import (
    AdminQuestion,
    QuestionInput,
    copy_questions,
    formation_questions,
    list_questions,
    move_question,
    remove_question,
    save_question,
)
from ecandidat_app.core.questions.answers import (
    NO_ANSWER,
    AnswerField,
    AnswerRow,
    AnswersRefused,
    answer_fields,
    answer_form,
    answers_for_dossier,
    forget_answers,
    save_answers,
)
from ecandidat_app.core.questions.kinds import (
    KIND_LABELS,
    NO,
    YES,
    QuestionKind,
    answer_text,
    clean_answer,
)
from ecandidat_app.core.questions.required import missing_answers

__all__ = [
    "KIND_LABELS",
    "NO",
    "NO_ANSWER",
    "YES",
    "AdminQuestion",
    "AnswerField",
    "AnswerRow",
    "AnswersRefused",
    "QuestionInput",
    "QuestionKind",
    "answer_fields",
    "answer_form",
    "answer_text",
    "answers_for_dossier",
    "forget_answers",
    "clean_answer",
    "copy_questions",
    "formation_questions",
    "list_questions",
    "missing_answers",
    "move_question",
    "remove_question",
    "save_answers",
    "save_question",
]
