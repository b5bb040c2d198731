"""The frame of every page: header (logo, menu, "Créer un compte" top right), main, footer."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.core.config import get_settings
from ecandidat_app.web.components.effects import notices
from ecandidat_app.web.state.auth import AuthState

BRAND = "#000091"  # French public-service blue: 12.6:1 on white


def _nav_link(label: str, href: str) -> rx.Component:
    return rx.link(label, href=href, color="white", weight="medium", underline="hover")


def _account_menu() -> rx.Component:
    return rx.cond(
        AuthState.logged_in,
        rx.hstack(
            rx.cond(
                AuthState.is_staff,
                rx.hstack(
                    _nav_link("Tableau de bord", "/gestion"),
                    _nav_link("Statistiques", "/gestion/statistiques"),
                    rx.cond(
                        # permissions.require_sis_export: gestionnaires and admins.
                        (AuthState.user_role == "gestionnaire") | (AuthState.user_role == "admin"),
                        _nav_link("Transmission SI", "/gestion/transmission-si"),
                    ),
                    rx.cond(
                        (AuthState.user_role == "admin") | (AuthState.user_role == "centre_admin"),
                        _nav_link("Administration", "/admin"),
                    ),
                    spacing="4",
                    wrap="wrap",
                ),
                rx.hstack(
                    _nav_link("Formations", "/formations"),
                    _nav_link("Mon dossier", "/mon-dossier"),
                    _nav_link("Mes candidatures", "/mes-candidatures"),
                    spacing="4",
                    wrap="wrap",
                ),
            ),
            rx.link(
                AuthState.user_name,
                href="/mon-compte",
                color="white",
                size="2",
                underline="always",
                aria_label="Mon compte : " + AuthState.user_name,
            ),
            rx.button(
                "Se déconnecter",
                on_click=AuthState.logout,
                variant="outline",
                color_scheme="gray",
                # White on the brand blue whichever page loaded first (styles.css).
                class_name="bouton-entete",
                size="2",
            ),
            spacing="4",
            align="center",
            wrap="wrap",
        ),
        rx.hstack(
            _nav_link("Formations", "/formations"),
            _nav_link("Se connecter", "/connexion"),
            rx.link(
                rx.button("Créer un compte", color_scheme="gray", variant="surface"),
                href="/inscription",
            ),
            spacing="4",
            align="center",
            wrap="wrap",
        ),
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.flex(
            rx.link(
                rx.heading("eCandidat", size="6", color="white"),
                href="/",
                underline="none",
                aria_label="eCandidat, accueil",
            ),
            rx.spacer(),
            _account_menu(),
            align="center",
            wrap="wrap",
            # CSS lengths: these style props take no Radix spacing tokens ("4" was
            # dropped as invalid CSS, and the items touched the screen's edge).
            gap="0.75rem",
            padding_x="1rem",
            padding_y="0.75rem",
            max_width="1200px",
            margin="0 auto",
        ),
        style={"background": BRAND},
    )


def footer() -> rx.Component:
    # The frontend is exported per deployment: only a demo build links to the demo mailbox.
    mailbox = (
        [" · ", rx.link("Boîte mail de démo", href="/boite-mail-demo", underline="always")]
        if get_settings().demo
        else []
    )
    return rx.el.footer(
        rx.text(
            "eCandidat · candidatures en ligne",
            *mailbox,
            size="2",
            color="#3a3a3a",
        ),
        padding="1rem",
        text_align="center",
    )


def _full_navigation() -> rx.Component:
    """A real document load (not React Router's client-side one) to the HTTP route that sets
    or clears the HttpOnly session cookie, without script: a meta refresh, which Chromium
    follows when it is inserted into the page."""
    return rx.cond(
        AuthState.full_navigation != "",
        rx.el.meta(http_equiv="refresh", content="0;url=" + AuthState.full_navigation),
    )


def page_frame(*children: rx.Component, title: str | None = None) -> rx.Component:
    """Every page goes through here, so the header, skip link and landmarks are the same."""
    return rx.box(
        rx.el.a(
            "Aller au contenu",
            href="#contenu",
            class_name="skip-link",
        ),
        header(),
        _full_navigation(),
        notices(),
        # Becomes "oui" once the page is connected and its on_load events have run; the
        # browser tests wait for it instead of sleeping.
        rx.el.span(
            id="app-pret",
            data_pret=rx.cond(rx.State.is_hydrated, "oui", "non"),
            style={"display": "none"},
        ),
        rx.el.main(
            rx.cond(
                title is not None, rx.heading(title or "", size="7", margin_bottom="1rem", as_="h1")
            ),
            *children,
            id="contenu",
            padding="1rem",
            max_width="1200px",
            margin="0 auto",
            width="100%",
        ),
        footer(),
        min_height="100vh",
    )
