"""The editor of staff-edited templates (mail templates, letter templates): the level
whose texts are edited (the general ones, or one centre's own), the language of the texts
(French, or English for the applicants who chose it), a list, one template open
with its variables, a preview with sample values, save, and back to the default (for a
centre: back to the general text). A page gives its `service` (the core functions) and its
wording; the rest is here. Who may edit which level is the core's `check_level`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core.admin.mail_templates import check_template_level
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, SOURCE, _, normalise
from ecandidat_app.core.models import Account
from ecandidat_app.core.permissions import offer_centres
from ecandidat_app.web.state.auth import page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.crud import centre_choices
from ecandidat_app.web.state.event_args import IdChoice, parse_id

CentreId = int | None


@dataclass(frozen=True)
class TemplateService:
    """What the core offers for one kind of template, each function taking the level
    (None: the general texts, else a centre's id) and the language ("fr", "en"). Views have
    `event`, `label`, `subject`, `body`, `overridden` and `variables`."""

    list_all: Callable[[Session, Account, CentreId, str], list[Any]]
    get_one: Callable[[Session, str, CentreId, str], Any]
    preview: Callable[[str, str, str, str], tuple[str, str]]
    save: Callable[[Session, Account, str, str, str, CentreId, str], object]
    reset: Callable[[Session, Account, str, CentreId, str], None]
    # Said once saved: French marked with N_, said in the user's language.
    saved: str = N_("Modèle enregistré : il sert dès le prochain envoi.")
    check_level: Callable[[Session, Account, CentreId], None] = check_template_level


class TemplateEditorMixin(PageState, mixin=True):
    audience: ClassVar[str] = "centre"
    service: ClassVar[TemplateService]

    # Whose texts: "" the general ones, else a centre's id (its own texts).
    level: str = ""
    levels: list[dict[str, str]] = []
    _centre: int | None = None
    # The language of the texts edited: "fr" (every applicant's default) or "en".
    language: str = SOURCE
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
        try:
            with session_scope() as s:
                views = self.service.list_all(s, account, self._centre, self.language)
        except DomainError as exc:  # not staff of this level (a centre admin without centre)
            self.templates = []
            self._say(exc.message)
            return
        self.templates = [
            {
                "event": v.event,
                "label": v.label,
                "state": _("Personnalisé") if v.overridden else _("Par défaut"),
            }
            for v in views
        ]

    def _open(self, s: Session, account: Account, event: str) -> None:
        self.service.check_level(s, account, self._centre)
        view = self.service.get_one(s, event, self._centre, self.language)
        self.event, self.event_label, self.overridden = view.event, view.label, view.overridden
        self.subject, self.body = view.subject, view.body
        self.variables = ", ".join("{{ " + v + " }}" for v in view.variables)
        self.subject_error = self.body_error = ""
        self.preview_subject = self.preview_body = ""

    def _reopen(self, account: Account) -> None:
        """The template as saved, and the list with its new state."""
        with session_scope() as s:
            self._open(s, account, self.event)
        self._list(account)

    def _fail(self, exc: DomainError) -> None:
        self.subject_error = exc.message if exc.field == "subject" else ""
        self.body_error = exc.message if exc.field != "subject" else ""
        self._say(exc.message)

    @rx.event
    @page_load("centre")
    def load(self) -> None:
        account = self._account()
        if account is None:
            return
        self.event, self.message, self.language = "", "", SOURCE
        try:
            with session_scope() as s:
                centres = offer_centres(s, account)
                self.levels = centre_choices(s, centres)
        except DomainError as exc:
            self.templates, self.levels = [], []
            self._say(exc.message)
            return
        # The admin starts on the general texts, a centre administrator on their centre's.
        self._centre = None if centres is None else min(centres, default=0)
        self.level = str(self._centre or "")
        self._list(account)

    @rx.event
    def choose_level(self, value: IdChoice) -> None:
        account = self._account()
        if account is None:
            return
        centre = parse_id(value) if value else None
        refused = self._attempt(lambda s, a: self.service.check_level(s, a, centre), account)
        if isinstance(refused, DomainError):
            self._say(refused.message)
            return
        self._centre, self.level, self.event, self.message = centre, value, "", ""
        self._list(account)

    @rx.event
    def choose_language(self, value: str) -> None:
        account = self._account()
        if account is None:
            return
        self.language, self.event, self.message = normalise(value), "", ""
        self._list(account)

    @rx.event
    def open(self, event: str) -> None:
        account = self._account()
        if account is None:
            return
        refused = self._attempt(lambda s, a: self._open(s, a, event), account)
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
                self.event, self.subject, self.body, self.language
            )
            self.subject_error = self.body_error = self.message = ""
        except DomainError as exc:
            self._fail(exc)

    @rx.event
    def save(self) -> None:
        account = self._account()
        if account is None or not self.event:
            return
        event, subject, body, centre = self.event, self.subject, self.body, self._centre
        lang = self.language
        refused = self._attempt(
            lambda s, a: self.service.save(s, a, event, subject, body, centre, lang), account
        )
        if isinstance(refused, DomainError):
            self._fail(refused)
            return
        self._reopen(account)
        self.message, self.message_kind = _(self.service.saved), "success"

    @rx.event
    def reset_default(self) -> None:
        account = self._account()
        if account is None or not self.event:
            return
        event, centre, lang = self.event, self._centre, self.language
        refused = self._attempt(lambda s, a: self.service.reset(s, a, event, centre, lang), account)
        if isinstance(refused, DomainError):
            self._say(refused.message)
            return
        self._reopen(account)
        back = _("Le modèle par défaut est rétabli.") if centre is None else None
        self.message = back or _("Le modèle général est rétabli.")
        self.message_kind = "success"
