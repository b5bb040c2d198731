"""/connexion-etudiant: former students sign in through the ENT's single sign-on (CAS: a
button to `web/cas_routes.py`, the password typed on the ENT's page only), or, for
universities without CAS, with their ENT login and password checked against the directory
(LDAP); then, the first time, they give a personal e-mail address to confirm. A refusal of
the CAS path comes back as `?erreur=code`, shown with the core's French message.

The password comes from the submitted form and is never kept in the state; the rules and
the messages are the core's (`former_students`, `directory`)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.integrations import cas, directory
from ecandidat_app.core.integrations.former_students import former_student_sign_in
from ecandidat_app.core.validation import EMAIL_MAX
from ecandidat_app.web.components.ent_login import ent_button
from ecandidat_app.web.components.forms import form_message, labelled_input
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, home_for, page_load
from ecandidat_app.web.state.event_args import FormData

TITLE = t("Je suis (ou j'ai été) étudiant de l'université")


class StudentLoginState(AuthState):
    directory_enabled: bool = True
    ent_enabled: bool = False
    # Set by on_load: the form appears once the page is connected, so nothing typed before
    # hydration is lost (uncontrolled inputs).
    ready: bool = False
    login_error: str = ""
    password_error: str = ""
    email_error: str = ""
    error: str = ""
    info: str = ""

    def _clear(self) -> None:
        self.login_error = self.password_error = self.email_error = ""
        self.error = self.info = ""

    @rx.event
    @page_load("public")
    def start(self) -> Any:
        if self.logged_in:
            return rx.redirect(home_for(self.user_role))
        settings = get_settings()
        self.directory_enabled = directory.is_enabled(settings)
        self.ent_enabled = settings.cas_for("etudiants")
        self._clear()
        self.error = cas.message_for(self.router.url.query_parameters.get("erreur", ""))
        self.ready = True
        return None

    @rx.event
    def submit(self, form: FormData) -> Any:
        self._clear()
        # Uncontrolled inputs: the values come with the submit (no per-keystroke round trip).
        login = str(form.get("identifiant_ent", ""))[: directory.LOGIN_MAX]
        email = str(form.get("email", ""))[:EMAIL_MAX]
        password = str(form.get("mot_de_passe_ent", ""))[: directory.PASSWORD_MAX + 1]
        try:
            with session_scope() as s:
                result = former_student_sign_in(
                    s,
                    login=login,
                    password=password,
                    personal_email=email,
                    client_key=self.router.session.client_ip,
                )
        except DomainError as exc:
            self._show(exc)
            return None
        if result.outcome == "signed_in":
            self.sign_in(result.token, result.account, home_for(str(result.account.role)))
            return None
        self.info = result.message
        return None

    def _show(self, exc: DomainError) -> None:
        if isinstance(exc, directory.DirectoryDisabled):
            self.directory_enabled = False
        target = {
            "identifiant": "login_error",
            "mot_de_passe": "password_error",
            "email": "email_error",
        }.get(exc.field or "")
        if isinstance(exc, directory.WrongCredentials) or target is None:
            self.error = exc.message  # one message above the form, as for any login
        else:
            setattr(self, target, exc.message)


S = StudentLoginState


def _signup_links() -> rx.Component:
    return rx.vstack(
        rx.text(
            t("Vous n'avez jamais été étudiant de l'université ? "),
            rx.link(
                t("Créer un compte avec votre adresse e-mail"),
                href="/inscription",
                underline="always",
            ),
            size="2",
        ),
        rx.text(
            t("Vous avez déjà un compte eCandidat avec une adresse e-mail ? "),
            rx.link(t("Se connecter"), href="/connexion", underline="always"),
            size="2",
        ),
        spacing="2",
    )


def _ent() -> rx.Component:
    return ent_button(
        t("Je suis étudiant ou ancien étudiant de l'université"),
        "etudiant",
        t(
            "Vous êtes dirigé vers la page de connexion de l'ENT : votre mot de passe ENT se "
            "saisit là-bas, jamais sur eCandidat."
        ),
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            labelled_input(
                t("Identifiant ENT"),
                "identifiant_ent",
                None,
                None,
                S.login_error,
                autocomplete="username",
                max_length=directory.LOGIN_MAX,
            ),
            labelled_input(
                t("Mot de passe ENT"),
                "mot_de_passe_ent",
                None,
                None,
                S.password_error,
                type_="password",
                autocomplete="current-password",
                max_length=directory.PASSWORD_MAX,
            ),
            labelled_input(
                t("Adresse e-mail personnelle"),
                "email",
                None,
                None,
                S.email_error,
                type_="email",
                autocomplete="email",
                required=False,
                max_length=EMAIL_MAX,
                hint=t(
                    "Demandée à la première connexion : nous y envoyons un lien pour la "
                    "confirmer. Préférez une adresse que vous garderez après vos études."
                ),
            ),
            rx.button(t("Se connecter"), type="submit", size="3"),
            spacing="4",
            width="100%",
        ),
        on_submit=S.submit,
        width="100%",
    )


def page() -> rx.Component:
    return page_frame(
        rx.vstack(
            rx.text(
                t(
                    "Connectez-vous avec les identifiants de votre ENT. Votre baccalauréat et "
                    "votre cursus à l'université sont repris de votre dossier étudiant : ils "
                    "sont remplis pour vous et ne sont pas modifiables."
                ),
            ),
            rx.cond(
                S.ready,
                rx.vstack(
                    form_message(S.error, "error"),
                    form_message(S.info, "success"),
                    rx.cond(S.ent_enabled, _ent()),
                    rx.cond(S.directory_enabled, _form()),
                    rx.cond(
                        ~(S.ent_enabled | S.directory_enabled),
                        rx.callout(directory.MSG_DISABLED, color_scheme="blue", role="status"),
                    ),
                    spacing="4",
                    width="100%",
                ),
                rx.text(t("Chargement du formulaire…"), role="status"),
            ),
            _signup_links(),
            spacing="4",
            max_width="32rem",
            width="100%",
        ),
        title=TITLE,
    )
