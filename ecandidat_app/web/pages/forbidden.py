"""/acces-refuse: where a signed-in person lands after typing the address of a page that
is not for them (an applicant on /gestion, a commission member on /admin…): a French
explanation and the way back to their own pages, instead of a silent trip home."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import FORBIDDEN_PATH, AuthState

PATH = FORBIDDEN_PATH
TITLE = t("Vous n'avez pas accès à cette page")


def _way_back() -> rx.Component:
    """The signed-in person's own starting page (the header menu has the others)."""
    return rx.cond(
        AuthState.is_staff,
        rx.link(rx.button(t("Aller au tableau de bord"), size="3"), href="/gestion"),
        rx.cond(
            AuthState.logged_in,
            rx.link(rx.button(t("Aller à mes candidatures"), size="3"), href="/mes-candidatures"),
            rx.link(rx.button(t("Se connecter"), size="3"), href="/connexion"),
        ),
    )


def page() -> rx.Component:
    return page_frame(
        rx.callout(
            t(
                "Cette page est réservée à un autre profil (gestionnaires, membres de commission "
                "ou administrateurs, selon la page). Si vous pensez devoir y accéder, "
                "adressez-vous au service de scolarité de votre composante."
            ),
            icon="lock",
            color_scheme="gray",
            role="status",
            margin_bottom="var(--space-4)",
        ),
        rx.hstack(
            _way_back(),
            rx.link(rx.button(t("Retour à l'accueil"), size="3", variant="outline"), href="/"),
            spacing="3",
            wrap="wrap",
        ),
        title=TITLE,
    )
