"""/reinitialiser?token=…: choose a new password from the e-mailed link. The link is checked
on load (expired, used or unknown are said at once); the token stays on the server."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.core import accounts
from ecandidat_app.core.accounts.passwords import ACCEPTED, MAX_LENGTH, password_strength
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.web.components.forms import (
    form_message,
    new_password_fields,
)
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.event_args import FormData

FIELDS = ("mot_de_passe", "mot_de_passe_confirmation")


class ResetState(AuthState):
    link_ok: bool = False
    link_error: str = ""
    done: bool = False
    errors: dict[str, str] = dict.fromkeys(FIELDS, "")
    pw_score: int = 0
    pw_label: str = ""
    pw_hints: list[str] = []
    _token: str = ""

    @rx.event
    @page_load("public")
    def start(self) -> None:
        self._token = self.router.url.query_parameters.get("token", "")
        self.done = False
        self.errors = dict.fromkeys(FIELDS, "")
        self.pw_score, self.pw_label, self.pw_hints = 0, "", []
        try:
            with session_scope() as s:
                accounts.check_reset_token(s, self._token)
        except DomainError as exc:
            self.link_ok, self.link_error = False, exc.message
            return
        self.link_ok, self.link_error = True, ""

    @rx.event
    def set_password(self, value: str) -> None:
        self.pw_score, self.pw_label, self.pw_hints = password_strength(
            str(value)[: MAX_LENGTH + 1]
        )
        if self.pw_score >= ACCEPTED:
            self.errors["mot_de_passe"] = ""

    @rx.event
    def submit(self, form: FormData) -> None:
        if not self.link_ok or self.done:
            return
        self.errors = dict.fromkeys(FIELDS, "")
        try:
            with session_scope() as s:
                accounts.reset_password(
                    s,
                    self._token,
                    str(form.get("mot_de_passe", "")),
                    str(form.get("mot_de_passe_confirmation", "")),
                )
        except DomainError as exc:
            if exc.field in FIELDS:
                self.errors[exc.field] = exc.message
            else:  # the link died meanwhile (used in another tab, expired)
                self.link_ok, self.link_error = False, exc.message
            return
        self._token = ""
        self.done = True


S = ResetState


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            new_password_fields(
                S.errors,
                on_change=S.set_password,
                score=S.pw_score,
                strength=S.pw_label,
                hints=S.pw_hints,
                label=t("Nouveau mot de passe"),
            ),
            rx.button(t("Enregistrer le mot de passe"), type="submit", size="3"),
            spacing="4",
            width="100%",
        ),
        on_submit=S.submit,
        width="100%",
    )


def page() -> rx.Component:
    return page_frame(
        rx.box(
            rx.cond(
                S.done,
                rx.vstack(
                    form_message(
                        t(
                            "Votre mot de passe est changé. Par sécurité, toutes vos sessions "
                            "ouvertes ont été fermées : connectez-vous avec le nouveau."
                        ),
                        "success",
                    ),
                    rx.link(rx.button(t("Se connecter"), size="3"), href="/connexion"),
                    spacing="4",
                ),
                rx.cond(
                    S.link_ok,
                    _form(),
                    rx.vstack(
                        form_message(S.link_error, "error"),
                        rx.link(t("Faire une nouvelle demande"), href="/mot-de-passe-oublie"),
                        spacing="4",
                    ),
                ),
            ),
            max_width="28rem",
            width="100%",
        ),
        title=t("Nouveau mot de passe"),
    )
