"""The questions section of the formation form (/admin/formations): the questions of the
formation being edited, a small form to add or change one, reorder, remove.

A mixin of the formations page state (`FormationsState`): the formation is the one the
page is editing (`_edit_id`, server-side, never sent by the browser); its questions are
read when the formation is opened (`_load_questions`, called from the page's `_values`).
"""

from __future__ import annotations

from typing import ClassVar, Literal

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core import questions
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account
from ecandidat_app.core.questions import AdminQuestion, QuestionInput
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import Id

Q_FIELDS = (
    "kind",
    "label",
    "help_text",
    "required",
    "max_length",
    "choices",
    "label_en",
    "help_text_en",
    "choices_en",
)
Q_FORM_ERROR = "_form"
QuestionField = Literal[
    "kind", "label", "help_text", "max_length", "choices", "label_en", "help_text_en", "choices_en"
]
ARCHIVED = N_(
    "Cette question a déjà des réponses : elle est archivée plutôt que supprimée. Elle "
    "n'est plus posée aux candidats et les réponses déjà données restent lisibles dans "
    "leurs dossiers et les exports."
)


def _blank_errors() -> dict[str, str]:
    return dict.fromkeys([*Q_FIELDS, Q_FORM_ERROR], "")


class QuestionAdminMixin(PageState, mixin=True):
    audience: ClassVar[str] = "centre"  # the core checks the formation's centre

    q_rows: list[AdminQuestion] = []
    q_form: dict[str, str] = {}
    q_errors: dict[str, str] = {}
    q_editing: bool = False
    q_message: str = ""
    q_message_kind: str = "success"
    _q_formation_id: int = 0
    _q_edit_id: int = 0

    def _load_questions(self, s: Session, account: Account, formation_id: int) -> None:
        """The questions of the formation just opened; nothing of the previous one stays."""
        self._q_formation_id, self._q_edit_id = formation_id, 0
        self.q_rows = questions.list_questions(s, account, formation_id)
        self.q_form, self.q_errors, self.q_editing = {}, _blank_errors(), False
        self.q_message = ""

    def _q_refresh(self, account: Account) -> None:
        fid = self._q_formation_id
        rows = self._attempt(lambda s, a: questions.list_questions(s, a, fid), account)
        self.q_rows = [] if isinstance(rows, DomainError) else rows

    def _q_known(self, question_id: int) -> int:
        """A question of the formation being edited (0 when the browser names another)."""
        wanted = int(question_id)
        return wanted if any(r.id == wanted for r in self.q_rows) else 0

    def _q_say(self, text: str, kind: str = "success") -> None:
        self.q_message, self.q_message_kind = text, kind

    @rx.event
    def q_new(self) -> None:
        if self._account() is None or not self._q_formation_id:
            return
        self._q_edit_id, self.q_editing, self.q_message = 0, True, ""
        self.q_form = {**dict.fromkeys(Q_FIELDS, ""), "kind": "short"}
        self.q_errors = _blank_errors()

    @rx.event
    def q_edit(self, question_id: Id) -> None:
        wanted = self._q_known(question_id)
        row = next((r for r in self.q_rows if r.id == wanted and not r.archived), None)
        if self._account() is None or row is None:
            return
        self._q_edit_id, self.q_editing, self.q_message = row.id, True, ""
        self.q_form = {
            "kind": row.kind,
            "label": row.label,
            "help_text": row.help_text,
            "required": "on" if row.required else "",
            "max_length": str(row.max_length or ""),
            "choices": row.choices,
            "label_en": row.label_en,
            "help_text_en": row.help_text_en,
            "choices_en": row.choices_en,
        }
        self.q_errors = _blank_errors()

    @rx.event
    def q_set(self, name: QuestionField, value: str) -> None:
        self.q_form = {**self.q_form, name: value}

    @rx.event
    def q_set_required(self, checked: bool) -> None:
        self.q_form = {**self.q_form, "required": "on" if checked else ""}

    @rx.event
    def q_cancel(self) -> None:
        self.q_editing, self.q_errors = False, _blank_errors()

    @rx.event
    def q_save(self) -> None:
        account = self._account()
        if account is None or not self._q_formation_id:
            return
        fid, qid = self._q_formation_id, self._q_edit_id or None
        data = QuestionInput(**{k: self.q_form.get(k, "") for k in Q_FIELDS})
        outcome = self._attempt(lambda s, a: questions.save_question(s, a, fid, qid, data), account)
        if isinstance(outcome, DomainError):
            self.q_errors = {**_blank_errors(), (outcome.field or Q_FORM_ERROR): outcome.message}
            self._q_say(
                _("Enregistrement impossible : {reason}").format(reason=outcome.message), "error"
            )
            return
        self.q_editing = False
        self._q_say(_("Question ajoutée.") if qid is None else _("Question modifiée."))
        self._q_refresh(account)

    @rx.event
    def q_move(self, question_id: Id, direction: Literal["up", "down"]) -> None:
        account, qid = self._account(), self._q_known(question_id)
        if account is None or not qid:
            return
        outcome = self._attempt(lambda s, a: questions.move_question(s, a, qid, direction), account)
        if isinstance(outcome, DomainError):
            self._q_say(outcome.message, "error")
        self._q_refresh(account)

    @rx.event
    def q_remove(self, question_id: Id) -> None:
        account, qid = self._account(), self._q_known(question_id)
        if account is None or not qid:
            return
        outcome = self._attempt(lambda s, a: questions.remove_question(s, a, qid), account)
        if isinstance(outcome, DomainError):
            self._q_say(outcome.message, "error")
        else:
            self._q_say(_(ARCHIVED) if outcome == "archived" else _("Question supprimée."))
        if qid == self._q_edit_id:
            self.q_editing = False
        self._q_refresh(account)
