"""The editor of staff-edited templates (mail templates, letter templates): a list, one
template open with its variables, a preview with sample values, save, and back to the
default. A page gives its `service` (the core functions) and its wording; the rest is here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import Account
from ecandidat_app.web.state.auth import page_load
from ecandidat_app.web.state.base import PageState


@dataclass(frozen=True)
class TemplateService:
    """What the core offers for one kind of template. Views have `event`, `label`,
    `subject`, `body`, `overridden` and `variables`."""

    list_all: Callable[[Session, Account], list[Any]]
    get_one: Callable[[Session, str], Any]
    preview: Callable[[str, str, str], tuple[str, str]]
    save: Callable[[Session, Account, str, str, str], object]
    reset: Callable[[Session, Account, str], None]
    saved: str = "Modèle enregistré : il sert dès le prochain envoi."


class TemplateEditorMixin(PageState, mixin=True):
    audience: ClassVar[str] = "admin"
    service: ClassVar[TemplateService]

    templates: list[dict[str, str]] = []
    event: str = ""
    event_label: str = ""
    overridden: bool = False
    subject: str = ""
    body: str = ""
    variables: str = ""
    subject_error: str = ""
    body_error: str = ""
    preview_subject: str = ""
    preview_body: str = ""

    def _list(self, account: Account) -> None:
        with session_scope() as s:
            views = self.service.list_all(s, account)
        self.templates = [
            {
                "event": v.event,
                "label": v.label,
                "state": "Personnalisé" if v.overridden else "Par défaut",
            }
            for v in views
        ]

    def _open(self, s: Session, event: str) -> None:
        view = self.service.get_one(s, event)
        self.event, self.event_label, self.overridden = view.event, view.label, view.overridden
        self.subject, self.body = view.subject, view.body
        self.variables = ", ".join("{{ " + v + " }}" for v in view.variables)
        self.subject_error = self.body_error = ""
        self.preview_subject = self.preview_body = ""

    def _reopen(self, account: Account) -> None:
        """The template as saved, and the list with its new state."""
        with session_scope() as s:
            self._open(s, self.event)
        self._list(account)

    def _fail(self, exc: DomainError) -> None:
        self.subject_error = exc.message if exc.field == "subject" else ""
        self.body_error = exc.message if exc.field != "subject" else ""
        self._say(exc.message)

    @rx.event
    @page_load("admin")
    def load(self) -> None:
        account = self._account()
        if account is None:
            return
        self.event, self.message = "", ""
        self._list(account)

    @rx.event
    def open(self, event: str) -> None:
        if self._account() is None:
            return
        refused = self._attempt(lambda s, _a: self._open(s, event))
        self._say(refused.message if isinstance(refused, DomainError) else "")

    @rx.event
    def set_subject(self, value: str) -> None:
        self.subject = value[:300]

    @rx.event
    def set_body(self, value: str) -> None:
        self.body = value[:20000]

    @rx.event
    def close(self) -> None:
        self.event = ""

    @rx.event
    def preview(self) -> None:
        if self._account() is None or not self.event:
            return
        try:
            self.preview_subject, self.preview_body = self.service.preview(
                self.event, self.subject, self.body
            )
            self.subject_error = self.body_error = self.message = ""
        except DomainError as exc:
            self._fail(exc)

    @rx.event
    def save(self) -> None:
        account = self._account()
        if account is None or not self.event:
            return
        event, subject, body = self.event, self.subject, self.body
        refused = self._attempt(lambda s, a: self.service.save(s, a, event, subject, body), account)
        if isinstance(refused, DomainError):
            self._fail(refused)
            return
        self._reopen(account)
        self.message, self.message_kind = self.service.saved, "success"

    @rx.event
    def reset_default(self) -> None:
        account = self._account()
        if account is None or not self.event:
            return
        refused = self._attempt(lambda s, a: self.service.reset(s, a, self.event), account)
        if isinstance(refused, DomainError):
            self._say(refused.message)
            return
        self._reopen(account)
        self.message, self.message_kind = "Le modèle par défaut est rétabli.", "success"
