"""Staff acting for one dossier (a mixin of the staff dossier page's state): a later return
date for an incomplete dossier or a later answer deadline for an offer, a piece asked of
this dossier alone. Every rule, and the right to act, is the core's
(`core/review/one_dossier.py`); the page keeps only what is typed and where to say a
refusal (next to the form when it names one of its fields)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core import review
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.i18n_format import format_date, format_datetime
from ecandidat_app.core.models import Account
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import IdChoice

# What the deadline form extends, by the dossier's state.
DEADLINE_LABELS = {
    "return": N_("Prolonger la date de retour des pièces"),
    "answer": N_("Prolonger la date limite de réponse"),
}


def piece_options(s: Session, application_id: int) -> list[dict[str, str]]:
    """The pieces that may still be asked of this dossier, for the page's select."""
    return [
        {"value": str(d.id), "label": d.label}
        for d in review.extra_piece_choices(s, application_id)
    ]


class DossierActsMixin(PageState, mixin=True):
    # Enter a decision, write a note: false for a reader (no such button shown).
    can_decide: bool = False
    # "return" (incomplete dossier), "answer" (offer waiting) or "" (nothing to extend).
    deadline_kind: str = ""
    deadline_title: str = ""
    deadline_now: str = ""
    ext_until: str = ""
    ext_reason: str = ""
    ext_error: str = ""
    piece_options: list[dict[str, str]] = []
    piece_pick: str = ""
    piece_reason: str = ""
    piece_error: str = ""

    def _show_acts(self, v: review.DossierView, pieces: list[dict[str, str]]) -> None:
        """After each read of the dossier: which of the forms apply to it now."""
        self.can_decide = v.can_decide
        kind, now = "", ""
        if v.can_review and v.status == "IN" and not v.decision_code:
            kind, now = "return", format_date(v.return_on)
        elif v.can_review and v.offer_open:
            kind, now = "answer", format_datetime(v.confirm_deadline)
        self.deadline_kind, self.deadline_now = kind, now
        self.deadline_title = _(DEADLINE_LABELS[kind]) if kind else ""
        self.piece_options = pieces if v.can_review and not v.decision_code else []

    def _one_act(
        self, action: Callable[[Session, Account], Any], success: str, fields: set[str]
    ) -> str:
        """Run the act on the dossier; "" when done, else the refusal to show by the form
        (a refusal about something else goes on top of the page)."""
        outcome = self._attempt(action)
        error = ""
        if isinstance(outcome, DomainError):
            if outcome.field in fields:
                error = outcome.message
            else:
                self._say_refusal(outcome)
        else:
            self._say(success, "success")
        self._reload()  # type: ignore[attr-defined]
        return error

    @rx.event
    def set_ext_until(self, value: str) -> None:
        self.ext_until = value[:10]

    @rx.event
    def set_ext_reason(self, value: str) -> None:
        self.ext_reason = value[:500]

    @rx.event
    def extend_deadline(self) -> None:
        kind, until, reason = self.deadline_kind, self.ext_until, self.ext_reason
        version, app_id = self._version, self._app_id  # type: ignore[attr-defined]
        act = review.extend_answer_deadline if kind == "answer" else review.extend_return_date
        self.ext_error = self._one_act(
            lambda s, a: act(s, a, app_id, until=until, reason=reason, version=version),
            _("Délai prolongé : le candidat a été prévenu par e-mail."),
            {"until", "reason"},
        )
        if not self.ext_error and self.message_kind == "success":
            self.ext_until = self.ext_reason = ""

    @rx.event
    def pick_piece(self, value: IdChoice) -> None:
        self.piece_pick = value

    @rx.event
    def set_piece_reason(self, value: str) -> None:
        self.piece_reason = value[:500]

    @rx.event
    def request_piece(self) -> None:
        pick, reason = self.piece_pick, self.piece_reason
        version, app_id = self._version, self._app_id  # type: ignore[attr-defined]
        self.piece_error = self._one_act(
            lambda s, a: review.request_piece(
                s, a, app_id, document_type_id=pick, reason=reason, version=version
            ),
            _("Pièce demandée : elle s'ajoute au dossier du candidat, prévenu par e-mail."),
            {"document_type_id", "reason"},
        )
        if not self.piece_error and self.message_kind == "success":
            self.piece_pick = self.piece_reason = ""
