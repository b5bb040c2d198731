"""/connexion: e-mail or file number + password. The password comes from the submitted form
and is never kept in the state; throttling and the messages are the core's.

A failed login never says whether the account exists or still awaits activation, so after
any failure the page offers to resend the activation link (the answer is the same for any
identifier)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.core import accounts
from ecandidat_app.core.accounts import BadCredentials
from ecandidat_app.core.accounts.passwords import MAX_LENGTH
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _
from ecandidat_app.core.integrations import cas
from ecandidat_app.core.validation import EMAIL_MAX
from ecandidat_app.web.components.ent_login import ent_button
from ecandidat_app.web.components.former_student import former_student_link
from ecandidat_app.web.components.forms import form_message, labelled_input
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, home_for, page_load
from ecandidat_app.web.state.event_args import FormData


class LoginState(AuthState):
    identifier: str = ""
    error: str = ""
    info: str = ""
    can_resend: bool = False
    ent_for_staff: bool = False
    _resend_to: str = ""

    @rx.event
    @page_load("public")
    def start(self) -> Any:
        if self.logged_in:
            return rx.redirect(home_for(self.user_role))
        self.info = ""
        # A refusal of the ENT's sign-in comes back here as a code (web/cas_routes.py).
        self.error = cas.message_for(self.router.url.query_parameters.get("erreur", ""))
        self.can_resend = False
        self.ent_for_staff = get_settings().cas_for("personnel")
        return None

    @rx.event
    def submit(self, form: FormData) -> Any:
        identifier = str(form.get("identifiant", ""))[:EMAIL_MAX]
        password = str(form.get("mot_de_passe", ""))[: MAX_LENGTH + 1]
        self.identifier = identifier
        self.info = ""
        self.can_resend = False
        if not identifier.strip() or not password:
            self.error = _("Saisissez votre identifiant et votre mot de passe.")
            return None
        try:
            with session_scope() as s:
                account, token = accounts.login(
                    s,
                    identifier=identifier,
                    password=password,
                    client_key=self.router.session.client_ip,
                )
        except BadCredentials as exc:
            self.error = exc.message
            self.can_resend = True
            self._resend_to = identifier
            return None
        except DomainError as exc:
            self.error = exc.message
            return None
        self.error = ""
        self.sign_in(token, account, home_for(str(account.role)))
        return None

    @rx.event
    def resend(self) -> None:
        if not self._resend_to:
            return
        try:
            with session_scope() as s:
                self.info = accounts.resend_validation(s, self._resend_to)
        except DomainError as exc:
            self.error = exc.message
            return
        self.error = ""
        self.can_resend = False


S = LoginState


def page() -> rx.Component:
    return page_frame(
        rx.vstack(
            form_message(S.error, "error"),
            form_message(S.info, "success"),
            rx.cond(
                S.can_resend,
                rx.button(
                    t("Renvoyer le lien d'activation"),
                    on_click=S.resend,
                    variant="outline",
                    size="3",
                ),
            ),
            rx.form(
                rx.vstack(
                    labelled_input(
                        t("Adresse e-mail ou numéro de dossier"),
                        "identifiant",
                        None,  # uncontrolled: nothing typed or autofilled is ever wiped
                        None,
                        autocomplete="username",
                        max_length=EMAIL_MAX,
                    ),
                    labelled_input(
                        t("Mot de passe"),
                        "mot_de_passe",
                        None,
                        None,
                        type_="password",
                        autocomplete="current-password",
                        max_length=MAX_LENGTH,
                    ),
                    rx.button(t("Se connecter"), type="submit", size="3"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=S.submit,
                width="100%",
            ),
            rx.link(t("Mot de passe oublié ?"), href="/mot-de-passe-oublie"),
            rx.cond(
                S.ent_for_staff,
                ent_button(
                    t("Personnel de l'université : se connecter avec l'ENT"),
                    "personnel",
                    t(
                        "Pour les comptes du personnel rattachés à un identifiant ENT par un "
                        "administrateur."
                    ),
                ),
            ),
            former_student_link(),
            rx.text(
                t("Pas encore de compte pour cette campagne ?"),
                " ",
                rx.link(t("Créer un compte"), href="/inscription"),
                size="2",
            ),
            spacing="4",
            max_width="28rem",
            width="100%",
        ),
        title=t("Se connecter"),
    )
