"""Administrators' side of the questions of a formation: add, change, reorder, remove, copy.

Removing a question that already has answers archives it instead (as the original
eCandidat refuses to delete a form that has answers): it is no longer asked, no longer
required, and the answers already given stay readable on the dossiers and in exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func
from sqlmodel import Session, col, select

from ecandidat_app.core.admin.formations import ARCHIVED_FORMATION
from ecandidat_app.core.admin.inputs import (
    FormValue,
    admin_audit,
    clean_bool,
    clean_int,
    clean_optional,
    new_row,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.i18n_content import lines_of
from ecandidat_app.core.models import (
    Account,
    Campaign,
    Formation,
    FormationQuestion,
    QuestionAnswer,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import require_centre
from ecandidat_app.core.questions.kinds import (
    CHOICE_KINDS,
    KIND_LABELS,
    LONG_DEFAULT,
    LONG_MAX,
    SHORT_MAX,
    QuestionKind,
)
from ecandidat_app.core.validation import require_length

MAX_CHOICES = 30
MAX_QUESTIONS = 40
# What the form changes (and the campaign copy carries over), English versions included.
EDITABLE = (
    "kind",
    "label",
    "help_text",
    "required",
    "choices",
    "max_length",
    "label_en",
    "help_text_en",
    "choices_en",
)


@dataclass(frozen=True)
class QuestionInput:
    """What the question form gives (text), or typed values from a caller or a test."""

    kind: FormValue
    label: FormValue
    help_text: FormValue = ""
    required: FormValue | bool = False
    max_length: FormValue = None
    choices: FormValue = ""
    label_en: FormValue = ""
    help_text_en: FormValue = ""
    choices_en: FormValue = ""


@dataclass(frozen=True)
class AdminQuestion:
    id: int
    kind: str
    kind_label: str
    label: str
    help_text: str
    required: bool
    max_length: int
    choices: str
    archived: bool
    answers: int
    label_en: str = ""
    help_text_en: str = ""
    choices_en: str = ""


def _answer_count(s: Session, question_id: int) -> int:
    return s.exec(
        select(func.count())
        .select_from(QuestionAnswer)
        .where(col(QuestionAnswer.question_id) == question_id, col(QuestionAnswer.value) != "")
    ).one()


def formation_questions(
    s: Session, formation_id: int, *, archived: bool = False
) -> list[FormationQuestion]:
    """The questions a formation asks, in order (with the archived ones when asked)."""
    query = select(FormationQuestion).where(col(FormationQuestion.formation_id) == formation_id)
    if not archived:
        query = query.where(col(FormationQuestion.archived_at).is_(None))
    order = (col(FormationQuestion.archived_at).is_not(None), col(FormationQuestion.order))
    return list(s.exec(query.order_by(*order, col(FormationQuestion.id))).all())


def _formation_of_my_offer(s: Session, account: Account, formation_id: int) -> Formation:
    """The formation, if the account administers its centre's offer (the platform
    administrator, or a centre administrator of that centre); refused in French otherwise."""
    formation = s.get(Formation, formation_id)
    if formation is None:
        raise NotFound(_("Cette formation n'existe plus."))
    require_centre(s, account, formation.centre_id)
    return formation


def _editable_formation(s: Session, account: Account, formation_id: int) -> Formation:
    """As above, and its campaign is not archived (an archived campaign is read-only)."""
    formation = _formation_of_my_offer(s, account, formation_id)
    campaign = s.get(Campaign, formation.campaign_id)
    if campaign is not None and campaign.archived_at is not None:
        raise DomainError(_(ARCHIVED_FORMATION))
    return formation


def list_questions(s: Session, account: Account, formation_id: int) -> list[AdminQuestion]:
    _formation_of_my_offer(s, account, formation_id)
    return [
        AdminQuestion(
            id=id_of(q),
            kind=q.kind,
            kind_label=_(KIND_LABELS.get(q.kind, q.kind)),
            label=q.label,
            help_text=q.help_text,
            required=q.required,
            max_length=q.max_length or 0,
            choices=q.choices,
            archived=q.archived_at is not None,
            answers=_answer_count(s, id_of(q)),
            label_en=q.label_en or "",
            help_text_en=q.help_text_en or "",
            choices_en=q.choices_en or "",
        )
        for q in formation_questions(s, formation_id, archived=True)
    ]


def _clean_choices(kind: str, raw: FormValue) -> str:
    if kind not in CHOICE_KINDS:
        return ""
    lines = [line.strip() for line in str(raw or "").splitlines()]
    choices = list(dict.fromkeys(c for c in lines if c))
    if len(choices) < 2:
        raise DomainError(_("Proposez au moins deux choix, un par ligne."), field="choices")
    if len(choices) > MAX_CHOICES:
        raise DomainError(
            _("Proposez au plus {count} choix.").format(count=MAX_CHOICES), field="choices"
        )
    for choice in choices:
        require_length(choice, N_("Chaque choix"), SHORT_MAX, field="choices")
    return "\n".join(choices)


def _clean_choices_en(kind: str, raw: FormValue, french: str) -> str | None:
    """The English labels of the choices, one per line in the order of the French ones
    (answers are stored as the French choice; the English one is shown by position)."""
    english = lines_of(str(raw or "")) if kind in CHOICE_KINDS else []
    if not english:
        return None
    count = len(lines_of(french))
    if len(english) != count:
        raise DomainError(
            _(
                "Donnez autant de choix en anglais que de choix en français ({count}), un par "
                "ligne et dans le même ordre : vous en avez donné {given}."
            ).format(count=count, given=len(english)),
            field="choices_en",
        )
    for choice in english:
        require_length(choice, N_("Chaque choix en anglais"), SHORT_MAX, field="choices_en")
    return "\n".join(english)


def _clean(data: QuestionInput) -> FormationQuestion:
    kind = str(data.kind or "")
    if kind not in KIND_LABELS:
        raise DomainError(_("Choisissez le type de la question."), field="kind")
    q = new_row(FormationQuestion)
    q.kind = kind
    q.label = require_length(str(data.label or ""), N_("L'intitulé"), 300, 1, field="label")
    q.help_text = require_length(str(data.help_text or ""), N_("L'aide"), 600, field="help_text")
    q.required = clean_bool(data.required)
    q.choices = _clean_choices(kind, data.choices)
    q.label_en = clean_optional(data.label_en, N_("L'intitulé en anglais"), 300, field="label_en")
    q.help_text_en = clean_optional(
        data.help_text_en, N_("L'aide en anglais"), 600, field="help_text_en"
    )
    q.choices_en = _clean_choices_en(kind, data.choices_en, q.choices)
    q.max_length = None
    if kind == QuestionKind.LONG:
        given = data.max_length if str(data.max_length or "").strip() else LONG_DEFAULT
        q.max_length = clean_int(
            given,
            N_("Le nombre maximal de caractères"),
            field="max_length",
            minimum=10,
            maximum=LONG_MAX,
        )
    return q


def _check_change(s: Session, old: FormationQuestion, new: FormationQuestion) -> None:
    """A question that has answers keeps its kind and the choices already offered."""
    if _answer_count(s, id_of(old)) == 0:
        return
    if new.kind != old.kind:
        raise DomainError(
            _(
                "Cette question a déjà des réponses : son type ne peut plus changer. "
                "Retirez-la (elle sera archivée) et créez-en une autre."
            ),
            field="kind",
        )
    dropped = set(old.choices.splitlines()) - set(new.choices.splitlines())
    if dropped:
        raise DomainError(
            _(
                "Cette question a déjà des réponses : les choix déjà proposés ne peuvent pas "
                "être retirés (vous pouvez en ajouter)."
            ),
            field="choices",
        )


def _question(s: Session, question_id: int) -> FormationQuestion:
    question = s.get(FormationQuestion, question_id)
    if question is None:
        raise NotFound(_("Cette question n'existe plus."))
    return question


def save_question(
    s: Session,
    account: Account,
    formation_id: int,
    question_id: int | None,
    data: QuestionInput,
    *,
    clock: Clock = system_clock,
) -> FormationQuestion:
    formation = _editable_formation(s, account, formation_id)
    clean = _clean(data)
    if question_id is None:
        current = formation_questions(s, formation_id)
        if len(current) >= MAX_QUESTIONS:
            raise DomainError(
                _("Une formation pose au plus {count} questions.").format(count=MAX_QUESTIONS)
            )
        question = clean
        question.formation_id = formation_id
        question.order = max((q.order for q in current), default=0) + 1
        s.add(question)
    else:
        question = _question(s, question_id)
        if question.formation_id != formation_id or question.archived_at is not None:
            raise NotFound(_("Cette question n'existe plus."))
        _check_change(s, question, clean)
        for name in EDITABLE:
            setattr(question, name, getattr(clean, name))
    s.flush()
    admin_audit(s, account, "question_saved", f"{formation.code} : {question.label}", clock)
    return question


def move_question(
    s: Session, account: Account, question_id: int, direction: Literal["up", "down"]
) -> None:
    """Swap a question with its neighbour above or below (at the end: nothing moves)."""
    question = _question(s, question_id)
    _editable_formation(s, account, question.formation_id)
    ordered = formation_questions(s, question.formation_id)
    for position, q in enumerate(ordered):  # orders made dense first: 1, 2, 3…
        q.order = position + 1
    index = next((i for i, q in enumerate(ordered) if q.id == question.id), None)
    if index is None:
        raise NotFound(_("Cette question n'existe plus."))
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index].order, ordered[other].order = ordered[other].order, ordered[index].order
    s.flush()


def remove_question(
    s: Session, account: Account, question_id: int, *, clock: Clock = system_clock
) -> Literal["deleted", "archived"]:
    """Delete a question nobody answered; archive one that has answers (said to the admin)."""
    question = _question(s, question_id)
    _editable_formation(s, account, question.formation_id)
    label = question.label
    answered = _answer_count(s, question_id) > 0
    if answered:
        question.archived_at = clock.now()
    else:
        for empty in s.exec(
            select(QuestionAnswer).where(col(QuestionAnswer.question_id) == question_id)
        ).all():
            s.delete(empty)
        s.flush()
        s.delete(question)
    s.flush()
    outcome: Literal["deleted", "archived"] = "archived" if answered else "deleted"
    admin_audit(s, account, f"question_{outcome}", label, clock)
    return outcome


def copy_questions(s: Session, from_formation_id: int, to_formation_id: int) -> int:
    """Give `to_formation_id` the questions `from_formation_id` asks (not the archived
    ones, never the answers), after those it already has. Returns how many were copied.
    The caller (the campaign copy) has checked who asks."""
    start = max((q.order for q in formation_questions(s, to_formation_id)), default=0)
    copied = formation_questions(s, from_formation_id)
    for position, q in enumerate(copied):
        copy = new_row(FormationQuestion)
        copy.formation_id, copy.order = to_formation_id, start + position + 1
        for name in EDITABLE:
            setattr(copy, name, getattr(q, name))
        s.add(copy)
    s.flush()
    return len(copied)
