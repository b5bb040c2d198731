"""Pages opened from an e-mail link: /valider (activate the account) and /confirmer-email
(confirm a new address). Both act on load and say plainly what happened."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex_base.vars.base import Var

from ecandidat_app.core import accounts
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import Account
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load


class LinkState(AuthState):
    done: bool = False
    ok: bool = False
    message: str = ""

    def _open(self, action: Callable[..., Account], success: str) -> None:
        token = self.router.url.query_parameters.get("token", "")
        self.done, self.ok = False, False
        try:
            with session_scope() as s:
                action(s, token)
        except DomainError as exc:
            self.ok, self.message = False, exc.message
        else:
            self.ok, self.message = True, success
        self.done = True

    @rx.event
    @page_load("public")
    def activate(self) -> None:
        self._open(
            accounts.validate_account,
            _(
                "Votre compte est activé. Vous pouvez maintenant vous connecter avec votre adresse "
                "e-mail ou votre numéro de dossier."
            ),
        )

    @rx.event
    @page_load("public")
    def confirm_email(self) -> None:
        self._open(
            accounts.confirm_email_change,
            _(
                "Votre nouvelle adresse e-mail est confirmée : elle sert désormais à vous connecter "
                "et à recevoir nos messages."
            ),
        )


S = LinkState


def _result(next_label: Var | str, next_href: str) -> rx.Component:
    return rx.cond(
        S.done,
        rx.vstack(
            rx.callout(
                S.message,
                color_scheme=rx.cond(S.ok, "green", "red"),
                role=rx.cond(S.ok, "status", "alert"),
                width="100%",
            ),
            rx.cond(
                S.ok,
                rx.link(rx.button(next_label, size="3"), href=next_href),
                rx.hstack(
                    rx.link(t("Page de connexion"), href="/connexion"),
                    rx.link(t("Mot de passe oublié ?"), href="/mot-de-passe-oublie"),
                    spacing="4",
                    wrap="wrap",
                ),
            ),
            spacing="4",
            max_width="36rem",
            width="100%",
        ),
        rx.text(t("Vérification du lien…"), role="status"),
    )


def activation_page() -> rx.Component:
    return page_frame(_result(t("Se connecter"), "/connexion"), title=t("Activation du compte"))


def email_page() -> rx.Component:
    return page_frame(
        _result(t("Retour à mon compte"), "/mon-compte"),
        title=t("Confirmation de l'adresse e-mail"),
    )
