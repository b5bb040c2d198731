"""/inscription: create an applicant account in two steps, checked as the user types.

Step 1 identity (nom, prénom, e-mail twice), step 2 password with a live strength meter,
then a screen saying where the mail went. The rules are the core's
(`accounts.check_identity`, `password_strength`, `accounts.signup`); the passwords are read
from the submitted form and never sent back to the browser.

The last screen is the same whether the address was new or already had an account (its
owner gets a mail saying so): it shows nothing the core did not return for both, and the
file number is given in the mail only.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from ecandidat_app.core import accounts
from ecandidat_app.core.accounts.passwords import ACCEPTED, MAX_LENGTH, password_strength
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _
from ecandidat_app.core.validation import EMAIL_MAX, NAME_MAX
from ecandidat_app.web.components.former_student import former_student_link
from ecandidat_app.web.components.forms import (
    form_message,
    labelled_input,
    new_password_fields,
)
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.event_args import FormData

IDENTITY = ("nom", "prenom", "email", "email_confirmation")
SECRETS = ("mot_de_passe", "mot_de_passe_confirmation")


def _blank(keys: tuple[str, ...]) -> dict[str, str]:
    return dict.fromkeys(keys, "")


class SignupState(AuthState):
    step: int = 1  # 1 identity, 2 password, 3 done
    values: dict[str, str] = _blank(IDENTITY)
    errors: dict[str, str] = _blank(IDENTITY + SECRETS)
    message: str = ""
    message_kind: str = "error"
    pw_score: int = 0
    pw_label: str = ""
    pw_hints: list[str] = []
    sent_to: str = ""
    link_hours: int = 0
    demo_mailbox: bool = False
    _pw: str = ""
    _pw_confirm: str = ""

    @rx.event
    @page_load("public")
    def start(self) -> Any:
        """on_load: a fresh form; someone already signed in has nothing to do here."""
        if self.logged_in:
            return rx.redirect("/gestion" if self.is_staff else "/mes-candidatures")
        self.step = 1
        self.values = _blank(IDENTITY)
        self.errors = _blank(IDENTITY + SECRETS)
        self.message = ""
        self._reset_password()
        settings = get_settings()
        self.demo_mailbox = settings.demo and settings.demo_mailbox_enabled
        self.link_hours = settings.validation_link_hours
        return None

    def _reset_password(self) -> None:
        self._pw = self._pw_confirm = ""
        self.pw_score, self.pw_label, self.pw_hints = 0, "", []

    def _identity_errors(self) -> dict[str, str]:
        _, errors = accounts.check_identity(
            last_name=self.values["nom"],
            first_name=self.values["prenom"],
            email=self.values["email"],
            email_confirm=self.values["email_confirmation"],
        )
        return errors

    # --- step 1 ------------------------------------------------------------------------------

    @rx.event
    def set_value(self, name: str, value: str) -> None:
        """Typing: an error already shown is re-checked at once, and the confirmation is
        flagged as soon as it can no longer match."""
        if name not in IDENTITY:
            return
        self.values[name] = str(value)[:EMAIL_MAX]
        errors = self._identity_errors()
        if self.errors.get(name):
            self.errors[name] = errors.get(name, "")
        if name in ("email", "email_confirmation"):
            confirm = self.values["email_confirmation"].strip().lower()
            email = self.values["email"].strip().lower()
            mismatch = confirm != "" and not email.startswith(confirm)
            complete = confirm != "" and len(confirm) >= len(email)
            self.errors["email_confirmation"] = (
                errors.get("email_confirmation", "") if (mismatch or complete) else ""
            )

    @rx.event
    def check_field(self, name: str) -> None:
        """Leaving a field: say what is wrong with it now."""
        if name in IDENTITY and self.values.get(name, "").strip():
            self.errors[name] = self._identity_errors().get(name, "")

    @rx.event
    def next_step(self, form: FormData | None = None) -> None:
        # The submitted form is the truth: a fast typer's last keystrokes may still be
        # in flight as debounced change events when "Suivant" is pressed.
        for name in IDENTITY:
            if form and name in form:
                self.values[name] = str(form[name])[:EMAIL_MAX]
        errors = self._identity_errors()
        self.errors = _blank(IDENTITY + SECRETS) | errors
        if errors:
            self.message = _("Corrigez les champs signalés avant de continuer.")
            self.message_kind = "error"
            return
        self.message = ""
        self._reset_password()
        self.step = 2

    @rx.event
    def previous_step(self) -> None:
        self._reset_password()
        self.errors = _blank(IDENTITY + SECRETS)
        self.message = ""
        self.step = 1

    # --- step 2 ------------------------------------------------------------------------------

    @rx.event
    def set_password(self, value: str) -> None:
        self._pw = str(value)[: MAX_LENGTH + 1]
        personal = [self.values["nom"], self.values["prenom"], self.values["email"]]
        self.pw_score, self.pw_label, self.pw_hints = password_strength(self._pw, personal)
        if self.errors["mot_de_passe"] and self.pw_score >= ACCEPTED:
            self.errors["mot_de_passe"] = ""
        self._check_confirmation(live=True)

    @rx.event
    def set_password_confirm(self, value: str) -> None:
        self._pw_confirm = str(value)[: MAX_LENGTH + 1]
        self._check_confirmation(live=True)

    def _check_confirmation(self, *, live: bool) -> None:
        confirm, pw = self._pw_confirm, self._pw
        wrong = confirm != pw and (
            not live or not pw.startswith(confirm) or len(confirm) >= len(pw)
        )
        self.errors["mot_de_passe_confirmation"] = (
            _("Les deux mots de passe ne sont pas identiques.") if confirm and wrong else ""
        )

    @rx.event
    def submit(self, form: FormData) -> Any:
        if self.step != 2:  # a second click after success, or a stale tab: nothing to do
            return None
        password = str(form.get("mot_de_passe", ""))
        confirm = str(form.get("mot_de_passe_confirmation", ""))
        try:
            with session_scope() as s:
                sent_to = accounts.signup(
                    s,
                    last_name=self.values["nom"],
                    first_name=self.values["prenom"],
                    email=self.values["email"],
                    email_confirm=self.values["email_confirmation"],
                    password=password,
                    password_confirm=confirm,
                )
        except DomainError as exc:
            self._show_error(exc)
            return None
        self._reset_password()
        self.errors = _blank(IDENTITY + SECRETS)
        self.message = ""
        self.sent_to = sent_to
        self.step = 3
        return None

    def _show_error(self, exc: DomainError) -> None:
        self.errors = _blank(IDENTITY + SECRETS)
        if exc.field in IDENTITY:
            self.step = 1
            self._reset_password()
        if exc.field:
            self.errors[exc.field] = exc.message
        self.message = exc.message
        self.message_kind = "error"


S = SignupState


def _text_field(
    label: Var | str, name: str, *, type_: str = "text", autocomplete: str
) -> rx.Component:
    # Uncontrolled (typing before the page is connected survives its load); the live checks
    # still follow each change, and "Précédent" shows the values again through `default`.
    return labelled_input(
        label,
        name,
        None,
        lambda v: S.set_value(name, v),
        S.errors[name],
        type_=type_,
        autocomplete=autocomplete,
        max_length=EMAIL_MAX if "email" in name else NAME_MAX,
        on_blur=lambda _v: S.check_field(name),
        default=S.values[name],
    )


def _steps_indicator() -> rx.Component:
    return rx.text(
        rx.cond(
            S.step == 1,
            t("Étape 1 sur 2 : identité et adresse e-mail"),
            t("Étape 2 sur 2 : mot de passe"),
        ),
        size="2",
        color_scheme="gray",
        aria_live="polite",
    )


def _identity_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            _text_field(t("Nom"), "nom", autocomplete="family-name"),
            _text_field(t("Prénom"), "prenom", autocomplete="given-name"),
            _text_field(t("Adresse e-mail"), "email", type_="email", autocomplete="email"),
            _text_field(
                t("Confirmation de l'adresse e-mail"),
                "email_confirmation",
                type_="email",
                autocomplete="off",
            ),
            rx.text(
                t(
                    "Utilisez une adresse personnelle que vous consultez : le lien d'activation "
                    "y sera envoyé."
                ),
                size="2",
            ),
            rx.button(t("Suivant"), type="submit", size="3"),
            spacing="4",
            width="100%",
        ),
        on_submit=S.next_step,
        width="100%",
    )


def _password_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(
                t("Compte pour "),  # the name follows, in bold
                rx.text.strong(S.values["prenom"], " ", S.values["nom"]),
                " — ",
                S.values["email"],
                size="2",
            ),
            new_password_fields(
                S.errors,
                on_change=S.set_password,
                on_confirm_change=S.set_password_confirm,
                score=S.pw_score,
                strength=S.pw_label,
                hints=S.pw_hints,
            ),
            rx.hstack(
                rx.button(
                    t("Précédent"),
                    type="button",
                    variant="outline",
                    size="3",
                    on_click=S.previous_step,
                ),
                rx.button(t("Enregistrer"), type="submit", size="3"),
                spacing="3",
                wrap="wrap",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=S.submit,
        width="100%",
    )


def _done() -> rx.Component:
    return rx.vstack(
        rx.callout.root(
            rx.callout.icon(rx.icon("mail-check")),
            rx.callout.text(  # the callout's own paragraph: no <p> inside a <p>
                t("Votre demande est enregistrée. Un e-mail a été envoyé à "),
                rx.text.strong(S.sent_to),
                t(
                    ". Ouvrez le lien qu'il contient (valable {hours} heures) pour activer "
                    "votre compte, puis connectez-vous.",
                    hours=S.link_hours,
                ),
            ),
            color_scheme="green",
            role="status",
            width="100%",
            id="inscription-envoyee",
        ),
        rx.text(
            t(
                "Ce message vous donne aussi votre numéro de dossier : il peut remplacer "
                "votre adresse e-mail pour vous connecter."
            )
        ),
        rx.text(t("Pas de message ? Pensez à regarder dans vos courriers indésirables."), size="2"),
        rx.cond(
            S.demo_mailbox,
            rx.link(t("Ouvrir la boîte mail de démonstration"), href="/boite-mail-demo"),
        ),
        rx.link(t("Aller à la page de connexion"), href="/connexion"),
        spacing="3",
        width="100%",
    )


def page() -> rx.Component:
    return page_frame(
        rx.box(
            rx.cond(
                S.step == 3,
                _done(),
                rx.vstack(
                    _steps_indicator(),
                    form_message(S.message, S.message_kind),
                    rx.cond(S.step == 1, _identity_step(), _password_step()),
                    rx.text(
                        t("Déjà un compte pour cette campagne ? "),
                        rx.link(t("Se connecter"), href="/connexion"),
                        size="2",
                    ),
                    rx.cond(S.step == 1, former_student_link()),
                    spacing="4",
                    width="100%",
                ),
            ),
            max_width="32rem",
            width="100%",
        ),
        title=t("Créer un compte"),
    )
