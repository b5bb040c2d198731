"""The kinds of question a formation may ask, and what a valid answer to each is.

An answer travels as text (what the form gives) and is stored as text: the text itself,
the chosen choice, the chosen choices one per line, an ISO date, « oui » or « non ».
`clean_answer` checks it against its question and returns what to store, or raises a
`DomainError` in French naming the field `question-<id>`.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from enum import StrEnum

from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.i18n_content import lines_of
from ecandidat_app.core.i18n_format import format_date
from ecandidat_app.core.models import FormationQuestion
from ecandidat_app.core.validation import require_length


class QuestionKind(StrEnum):
    SHORT = "short"
    LONG = "long"
    SINGLE = "single"
    MULTIPLE = "multiple"
    DATE = "date"
    YES_NO = "yesno"


KIND_LABELS: dict[str, str] = {
    "short": N_("Texte court"),
    "long": N_("Texte long"),
    "single": N_("Choix unique"),
    "multiple": N_("Choix multiples"),
    "date": N_("Date"),
    "yesno": N_("Oui / Non"),
}
CHOICE_KINDS = {QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value}
SHORT_MAX = 200
LONG_DEFAULT = 2000
LONG_MAX = 10_000
YES, NO = "oui", "non"
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2100, 12, 31)


def field_of(question: FormationQuestion) -> str:
    """The form field an answer (and its error) belongs to."""
    return f"question-{question.id}"


def choices_of(question: FormationQuestion) -> list[str]:
    """The choices as stored in answers (the French ones)."""
    return lines_of(question.choices)


def _as_stored(question: FormationQuestion, value: str) -> str:
    """A choice as stored: the French one, also when the English label was sent (an
    English form shows the English label; the answer is kept as entered in French)."""
    choices = choices_of(question)
    english = lines_of(question.choices_en)
    if value not in choices and value in english and len(english) == len(choices):
        return choices[english.index(value)]
    return value


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


def _choice(question: FormationQuestion, value: str, field: str) -> str:
    value = _as_stored(question, value)
    if value not in choices_of(question):
        raise DomainError(_("Choisissez une des réponses proposées."), field=field)
    return value


def _choices(question: FormationQuestion, value: str, field: str) -> str:
    chosen = [_as_stored(question, c) for c in (_nfc(v) for v in value.splitlines()) if c]
    allowed = choices_of(question)
    if any(c not in allowed for c in chosen):
        raise DomainError(_("Choisissez parmi les réponses proposées."), field=field)
    return "\n".join(c for c in allowed if c in chosen)  # the question's order, no repeats


def _date(value: str, field: str) -> str:
    try:
        if "/" in value:  # typed the French way: jj/mm/aaaa
            day, month, year = (int(part) for part in value.split("/"))
            when = date(year, month, day)
        else:
            when = date.fromisoformat(value)
    except ValueError:
        raise DomainError(_("Saisissez une date valide (jj/mm/aaaa)."), field=field) from None
    if not DATE_MIN <= when <= DATE_MAX:
        raise DomainError(_("Saisissez une date entre 1900 et 2100."), field=field)
    return when.isoformat()


def _yes_no(value: str, field: str) -> str:
    if value.lower() not in {YES, NO}:
        raise DomainError(_("Répondez par oui ou par non."), field=field)
    return value.lower()


def clean_answer(question: FormationQuestion, raw: str | None) -> str:
    """What to store for `raw`, "" for no answer (required answers are checked at
    transmission, not here: a draft may be saved unfinished)."""
    field = field_of(question)
    kind = question.kind
    if kind == QuestionKind.LONG:
        limit = question.max_length or LONG_DEFAULT
        # Line breaks are part of a long text: only other control characters are refused.
        text = _nfc((raw or "").replace("\r\n", "\n"))
        flat = text.replace("\n", " ").replace("\t", " ")
        require_length(flat, N_("Votre réponse"), limit, field=field)
        return text
    if kind == QuestionKind.MULTIPLE:
        return _choices(question, raw or "", field)
    value = require_length(raw, N_("Votre réponse"), SHORT_MAX, field=field)
    if not value:
        return ""
    if kind == QuestionKind.SHORT:
        return value
    if kind == QuestionKind.SINGLE:
        return _choice(question, value, field)
    if kind == QuestionKind.DATE:
        return _date(value, field)
    if kind == QuestionKind.YES_NO:
        return _yes_no(value, field)
    raise DomainError(_("Ce type de question n'existe pas."), field=field)


def answer_text(question: FormationQuestion, stored: str) -> str:
    """A stored answer as people read it (dossier, PDF, exports)."""
    if not stored:
        return ""
    if question.kind == QuestionKind.DATE:
        try:
            return format_date(date.fromisoformat(stored))
        except ValueError:
            return stored
    if question.kind == QuestionKind.YES_NO:
        return _("Oui") if stored == YES else _("Non")
    if question.kind == QuestionKind.MULTIPLE:
        return " ; ".join(stored.splitlines())
    return stored
