"""/mot-de-passe-oublie: ask for a reset link. The answer is the same whether the address
has an account or not (the core decides; this page only shows it)."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.core import accounts
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.validation import EMAIL_MAX
from ecandidat_app.web.components.forms import form_message, labelled_input
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.event_args import FormData


class ForgotState(AuthState):
    email: str = ""
    error: str = ""
    sent: str = ""

    @rx.event
    @page_load("public")
    def start(self) -> None:
        self.error = self.sent = ""

    @rx.event
    def set_email(self, value: str) -> None:
        self.email = str(value)[:EMAIL_MAX]
        self.error = ""

    @rx.event
    def submit(self, form: FormData) -> None:
        self.email = str(form.get("email", ""))[:EMAIL_MAX]
        try:
            with session_scope() as s:
                self.sent = accounts.forgot_password(s, self.email)
        except DomainError as exc:
            self.error, self.sent = exc.message, ""
            return
        self.error = ""


S = ForgotState


def page() -> rx.Component:
    return page_frame(
        rx.vstack(
            rx.text(
                t(
                    "Indiquez l'adresse e-mail de votre compte : nous vous enverrons un lien pour "
                    "choisir un nouveau mot de passe."
                ),
            ),
            form_message(S.sent, "success"),
            rx.form(
                rx.vstack(
                    labelled_input(
                        t("Adresse e-mail"),
                        "email",
                        None,  # uncontrolled: read from the submitted form
                        S.set_email,
                        S.error,
                        type_="email",
                        autocomplete="email",
                        max_length=EMAIL_MAX,
                    ),
                    rx.button(t("Envoyer le lien"), type="submit", size="3"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=S.submit,
                width="100%",
            ),
            rx.link(t("Retour à la connexion"), href="/connexion"),
            spacing="4",
            max_width="28rem",
            width="100%",
        ),
        title=t("Mot de passe oublié"),
    )
