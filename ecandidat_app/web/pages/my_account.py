"""/mon-compte: any signed-in user (applicant or staff) sees the account, changes the e-mail
address (confirmed from the new mailbox) and the password, or ends every session.

Each handler re-reads the account from the session cookie; passwords come from the
submitted forms and are never kept in the state."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx
from reflex_base.vars.base import Var
from sqlmodel import Session

from ecandidat_app.core import accounts, privacy, privacy_export
from ecandidat_app.core.accounts.passwords import ACCEPTED, MAX_LENGTH, password_strength
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import Account
from ecandidat_app.core.validation import EMAIL_MAX
from ecandidat_app.web.components.forms import (
    form_message,
    labelled_input,
    new_password_fields,
    password_input,
)
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import FormData
from ecandidat_app.web.state.notice import toast

EMAIL_FIELDS = ("nouvel_email", "mot_de_passe_email")
PASSWORD_FIELDS = ("mot_de_passe_actuel", "mot_de_passe", "mot_de_passe_confirmation")
DELETE_FIELDS = ("mot_de_passe_suppression",)


def _blank(keys: tuple[str, ...]) -> dict[str, str]:
    return dict.fromkeys(keys, "")


class MyAccountState(PageState, AuthState):
    # Any signed-in account: applicants and staff alike manage their own account here.
    audience: ClassVar[str] = "public"

    info: dict[str, str] = _blank(("name", "email", "file_number", "pending_email"))
    new_email: str = ""
    errors: dict[str, str] = _blank(EMAIL_FIELDS + PASSWORD_FIELDS + DELETE_FIELDS)
    delete_message: str = ""
    email_message: str = ""
    email_kind: str = "success"
    password_message: str = ""
    password_kind: str = "success"
    pw_score: int = 0
    pw_label: str = ""
    pw_hints: list[str] = []

    def _show(self, account: Account) -> None:
        self.info = {
            "name": f"{account.first_name} {account.last_name}",
            "email": account.email,
            "file_number": account.file_number,
            "pending_email": account.pending_email or "",
        }

    @rx.event
    @page_load("public")
    def load(self) -> Any:
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        self._show(account)
        self.errors = _blank(EMAIL_FIELDS + PASSWORD_FIELDS + DELETE_FIELDS)
        self.email_message = self.password_message = self.delete_message = ""
        self.pw_score, self.pw_label, self.pw_hints = 0, "", []
        return None

    @rx.event
    def set_new_email(self, value: str) -> None:
        self.new_email = str(value)[:EMAIL_MAX]
        self.errors["nouvel_email"] = ""

    @rx.event
    def set_new_password(self, value: str) -> None:
        self.pw_score, self.pw_label, self.pw_hints = password_strength(
            str(value)[: MAX_LENGTH + 1]
        )
        if self.pw_score >= ACCEPTED:
            self.errors["mot_de_passe"] = ""

    def _field_error(self, exc: DomainError, fields: tuple[str, ...]) -> str:
        self.errors = self.errors | _blank(fields)
        if exc.field in fields:
            self.errors[exc.field] = exc.message
            return ""
        return exc.message

    @rx.event
    def change_email(self, form: FormData) -> Any:
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        self.new_email = str(form.get("nouvel_email", self.new_email))[:EMAIL_MAX]
        new_email, password = self.new_email, str(form.get("mot_de_passe_email", ""))

        def request(s: Session, a: Account) -> str:
            address = accounts.request_email_change(s, a, new_email, password)
            self._show(s.get(Account, a.id) or a)  # now with the address waiting
            return address

        address = self._attempt(request, account)
        if isinstance(address, DomainError):
            self.email_message = self._field_error(address, EMAIL_FIELDS)
            self.email_kind = "error"
            return None
        self.errors = self.errors | _blank(EMAIL_FIELDS)
        self.new_email = ""
        self.email_kind = "success"
        self.email_message = _(
            "Un lien de confirmation a été envoyé à {address}. Votre adresse actuelle "
            "reste utilisée jusqu'à ce que vous ouvriez ce lien."
        ).format(address=address)
        return rx.set_value("mot_de_passe_email", "")

    @rx.event
    def change_password(self, form: FormData) -> Any:
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        current, new, again = (
            str(form.get(name, ""))
            for name in ("mot_de_passe_actuel", "mot_de_passe", "mot_de_passe_confirmation")
        )
        here = self.session_token
        ended = self._attempt(
            lambda s, a: accounts.change_password(s, a, current, new, again, keep_token=here),
            account,
        )
        if isinstance(ended, DomainError):
            self.password_message = self._field_error(ended, PASSWORD_FIELDS)
            self.password_kind = "error"
            return None
        self.errors = self.errors | _blank(PASSWORD_FIELDS)
        self.pw_score, self.pw_label, self.pw_hints = 0, "", []
        others = (
            " "
            + _("{n} autre(s) session(s) ouverte(s) ailleurs ont été fermée(s).").format(n=ended)
            if ended
            else ""
        )
        self.password_kind = "success"
        self.password_message = _("Votre mot de passe est changé.") + others
        return [rx.set_value(name, "") for name in PASSWORD_FIELDS]

    @rx.event
    def download_my_data(self) -> Any:
        """Everything we hold about the user: data as JSON plus their files, in one ZIP."""
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        data = self._attempt(privacy_export.export_zip, account)
        if isinstance(data, DomainError):
            return toast.error(data.message)
        return rx.download(data=data, filename="mes-donnees-ecandidat.zip")

    @rx.event
    def delete_account(self, form: FormData) -> Any:
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        self.errors = self.errors | _blank(DELETE_FIELDS)
        self.delete_message = ""
        password = str(form.get("mot_de_passe_suppression", ""))
        refused = self._attempt(lambda s, a: privacy.delete_account(s, a, password), account)
        if isinstance(refused, DomainError):
            self.delete_message = self._field_error(refused, DELETE_FIELDS)
            return rx.set_value("mot_de_passe_suppression", "")
        self.sign_out("/")
        return toast.success(_("Votre compte a été supprimé."))

    @rx.event
    def logout_everywhere(self) -> Any:
        self._attempt(accounts.logout_everywhere)  # signed out already: nothing to close
        self.sign_out("/connexion")
        return None


S = MyAccountState


def _section(title: Var | str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(title, size="4", as_="h2"), *children, spacing="3", width="100%"),
        width="100%",
    )


def _summary() -> rx.Component:
    return _section(
        t("Mes informations"),
        rx.text(t("Nom : "), rx.text.strong(S.info["name"])),
        rx.text(t("Adresse e-mail : "), rx.text.strong(S.info["email"])),
        rx.text(t("Numéro de dossier : "), rx.text.strong(S.info["file_number"])),
        rx.cond(
            S.info["pending_email"],
            rx.callout(
                rx.text(
                    t("Changement d'adresse en attente : ouvrez le lien envoyé à "),
                    rx.text.strong(S.info["pending_email"]),
                    ".",
                ),
                color_scheme="amber",
                role="status",
            ),
        ),
    )


def _form_section(
    title: Var | str,
    message: Any,
    kind: Any,
    submit: Var | str,
    on_submit: Any,
    *fields: rx.Component,
) -> rx.Component:
    """A titled card holding one form: its message, its fields and its submit button."""
    return _section(
        title,
        form_message(message, kind),
        rx.form(
            rx.vstack(
                *fields, rx.button(submit, type="submit", size="3"), spacing="3", width="100%"
            ),
            on_submit=on_submit,
            width="100%",
        ),
    )


def _email_form() -> rx.Component:
    return _form_section(
        t("Changer d'adresse e-mail"),
        S.email_message,
        S.email_kind,
        t("Changer d'adresse"),
        S.change_email,
        labelled_input(
            t("Nouvelle adresse e-mail"),
            "nouvel_email",
            S.new_email,
            S.set_new_email,
            S.errors["nouvel_email"],
            type_="email",
            autocomplete="email",
            max_length=EMAIL_MAX,
        ),
        password_input(
            t("Mot de passe actuel"), "mot_de_passe_email", S.errors["mot_de_passe_email"]
        ),
    )


def _password_form() -> rx.Component:
    return _form_section(
        t("Changer de mot de passe"),
        S.password_message,
        S.password_kind,
        t("Changer de mot de passe"),
        S.change_password,
        password_input(
            t("Mot de passe actuel"), "mot_de_passe_actuel", S.errors["mot_de_passe_actuel"]
        ),
        new_password_fields(
            S.errors,
            on_change=S.set_new_password,
            score=S.pw_score,
            strength=S.pw_label,
            hints=S.pw_hints,
            label=t("Nouveau mot de passe"),
            confirm_label=t("Confirmation du nouveau mot de passe"),
        ),
    )


def _sessions() -> rx.Component:
    return _section(
        t("Sessions"),
        rx.text(
            t(
                "Un appareil perdu ou partagé ? Fermez toutes les sessions ouvertes, y compris "
                "celle-ci : il faudra vous reconnecter partout."
            ),
            size="2",
        ),
        rx.button(
            t("Se déconnecter de tous les appareils"),
            on_click=S.logout_everywhere,
            color_scheme="red",
            variant="outline",
            size="3",
        ),
    )


def _my_data() -> rx.Component:
    return _section(
        t("Mes données personnelles"),
        rx.text(
            t(
                "Téléchargez tout ce que la plateforme conserve sur vous (compte, dossier, "
                "candidatures, décisions, courriels reçus) avec vos fichiers, dans une archive ZIP."
            ),
            size="2",
        ),
        rx.button(
            t("Télécharger mes données"), on_click=S.download_my_data, variant="outline", size="3"
        ),
        rx.text(
            t(
                "Vous pouvez supprimer votre compte tant qu'aucune candidature n'a été transmise : "
                "vos fichiers et vos informations personnelles sont alors effacés."
            ),
            size="2",
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(
                rx.button(
                    t("Supprimer mon compte"), color_scheme="red", variant="outline", size="3"
                )
            ),
            rx.alert_dialog.content(
                rx.alert_dialog.title(t("Supprimer mon compte")),
                rx.alert_dialog.description(
                    t(
                        "Cette suppression est définitive. Saisissez votre mot de passe pour confirmer."
                    )
                ),
                rx.form(
                    rx.vstack(
                        form_message(S.delete_message, "error"),
                        labelled_input(
                            t("Mot de passe"),
                            "mot_de_passe_suppression",
                            None,
                            None,
                            S.errors["mot_de_passe_suppression"],
                            type_="password",
                            autocomplete="current-password",
                            max_length=MAX_LENGTH,
                        ),
                        rx.hstack(
                            rx.alert_dialog.cancel(
                                rx.button(
                                    t("Annuler"), type="button", variant="soft", color_scheme="gray"
                                )
                            ),
                            rx.button(
                                t("Supprimer définitivement"), type="submit", color_scheme="red"
                            ),
                            spacing="3",
                            justify="end",
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=S.delete_account,
                    width="100%",
                ),
            ),
        ),
    )


def page() -> rx.Component:
    return page_frame(
        rx.vstack(
            _summary(),
            _email_form(),
            _password_form(),
            _sessions(),
            _my_data(),
            spacing="4",
            max_width="40rem",
            width="100%",
        ),
        title=t("Mon compte"),
    )
