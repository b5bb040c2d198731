"""/admin/modeles-courriels: every e-mail the platform sends, its subject and body editable,
previewed with sample values, and "Rétablir le modèle par défaut". The texts are the
general ones (admin) or one centre's own (admin, or that centre's administrator), chosen
at the top of the page."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core.admin import mail_templates as admin_mail
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import Account
from ecandidat_app.core.permissions import offer_centres
from ecandidat_app.web.components.admin_parts import admin_nav, select_field
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.components.template_editor import template_editor, template_list
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.crud import centre_choices
from ecandidat_app.web.state.event_args import IdChoice, parse_id


class MailTemplatesState(PageState, AuthState):
    audience: ClassVar[str] = "centre"

    # Whose texts: "" the general ones, else a centre's id (its own texts).
    level: str = ""
    levels: list[dict[str, str]] = []
    _centre: int | None = None
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
                views = admin_mail.list_mail_templates(s, account, self._centre)
        except DomainError as exc:  # a centre administrator without a centre
            self.templates = []
            self._say(exc.message)
            return
        self.templates = [
            {
                "event": v.event,
                "label": v.label,
                "state": "Personnalisé" if v.overridden else "Par défaut",
            }
            for v in views
        ]

    def _open(self, s: Session, event: str) -> None:
        view = admin_mail.mail_template(s, event, self._centre)
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
    @page_load("centre")
    def load(self) -> None:
        account = self._account()
        if account is None:
            return
        self.event, self.message = "", ""
        with session_scope() as s:
            centres = offer_centres(s, account)
            self.levels = centre_choices(s, centres)
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
        refused = self._attempt(lambda s, a: admin_mail.check_template_level(s, a, centre), account)
        if isinstance(refused, DomainError):
            self._say(refused.message)
            return
        self._centre, self.level, self.event, self.message = centre, value, "", ""
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
            self.preview_subject, self.preview_body = admin_mail.preview_mail(
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
        event, subject, body, centre = self.event, self.subject, self.body, self._centre
        refused = self._attempt(
            lambda s, a: admin_mail.save_mail_template(
                s, a, event, subject=subject, body=body, centre_id=centre
            ),
            account,
        )
        if isinstance(refused, DomainError):
            self._fail(refused)
            return
        self._reopen(account)
        self.message, self.message_kind = (
            "Modèle enregistré : il sert dès le prochain envoi.",
            "success",
        )

    @rx.event
    def reset_default(self) -> None:
        account = self._account()
        if account is None or not self.event:
            return
        event, centre = self.event, self._centre
        refused = self._attempt(
            lambda s, a: admin_mail.reset_mail_template(s, a, event, centre_id=centre), account
        )
        if isinstance(refused, DomainError):
            self._say(refused.message)
            return
        self._reopen(account)
        back_to = "Le modèle par défaut" if centre is None else "Le modèle général"
        self.message, self.message_kind = f"{back_to} est rétabli.", "success"


def page() -> rx.Component:
    S = MailTemplatesState
    return page_frame(
        admin_nav(),
        form_message(S.message, S.message_kind),
        select_field(
            "Modèles de",
            "modeles-centre",
            S.level,
            S.choose_level,
            S.levels,
            "",
            empty_label="Tous les centres (modèles généraux)",
        ),
        rx.cond(S.event != "", template_editor(S)),
        template_list(S, "Courriel"),
        title="Modèles de courriels",
    )
