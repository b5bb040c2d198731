"""The frame of every page: header (logo, menu, "Créer un compte" top right), main, footer."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.i18n import language_name
from ecandidat_app.web.components.early_language import lift_wait_js
from ecandidat_app.web.components.effects import effect, notices
from ecandidat_app.web.i18n import lang_attribute, lang_var, t
from ecandidat_app.web.state.auth import AuthState

BRAND = "#000091"  # French public-service blue: 12.6:1 on white


def _nav_link(label: rx.Var | str, href: str) -> rx.Component:
    return rx.link(label, href=href, color="white", weight="medium", underline="hover")


def _account_menu() -> rx.Component:
    return rx.cond(
        AuthState.logged_in,
        rx.hstack(
            rx.cond(
                AuthState.is_staff,
                rx.hstack(
                    _nav_link(t("Tableau de bord"), "/gestion"),
                    _nav_link(t("Statistiques"), "/gestion/statistiques"),
                    rx.cond(
                        # permissions.require_sis_export: gestionnaires and admins.
                        (AuthState.user_role == "gestionnaire") | (AuthState.user_role == "admin"),
                        _nav_link(t("Transmission SI"), "/gestion/transmission-si"),
                    ),
                    rx.cond(
                        (AuthState.user_role == "admin") | (AuthState.user_role == "centre_admin"),
                        _nav_link(t("Administration"), "/admin"),
                    ),
                    spacing="4",
                    wrap="wrap",
                ),
                rx.hstack(
                    _nav_link(t("Formations"), "/formations"),
                    _nav_link(t("Mon dossier"), "/mon-dossier"),
                    _nav_link(t("Mes candidatures"), "/mes-candidatures"),
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
                aria_label=t("Mon compte : {name}", name=AuthState.user_name),
            ),
            rx.button(
                t("Se déconnecter"),
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
            _nav_link(t("Formations"), "/formations"),
            _nav_link(t("Se connecter"), "/connexion"),
            rx.link(
                rx.button(t("Créer un compte"), color_scheme="gray", variant="surface"),
                href="/inscription",
            ),
            spacing="4",
            align="center",
            wrap="wrap",
        ),
    )


def _language_label(lang: str) -> rx.Component:
    # Spoken in its own language (the attribute tells the screen reader): « English ».
    return rx.el.span(language_name(lang), lang=lang)


def language_switch() -> rx.Component:
    """« English » on a French page, « Français » on an English one: this browser keeps the
    choice in its cookie, and the account too when someone is signed in."""
    english = lang_var == "en"
    return rx.button(
        rx.cond(english, _language_label("fr"), _language_label("en")),
        on_click=rx.cond(english, AuthState.switch_language("fr"), AuthState.switch_language("en")),
        id="changer-langue",
        variant="outline",
        color_scheme="gray",
        class_name="bouton-entete",
        size="2",
    )


def document_language() -> rx.Component:
    """<html lang> follows the chosen language, so screen readers switch pronunciation."""
    # Once the language is known, the body hidden by early_language.py shows.
    body = "document.documentElement.lang = $0;" + lift_wait_js("$1")
    return effect("DocumentLang", body, lang_attribute(), lang_var)


def header() -> rx.Component:
    return rx.el.header(
        rx.flex(
            rx.link(
                rx.heading("eCandidat", size="6", color="white"),
                href="/",
                underline="none",
                aria_label=t("eCandidat, accueil"),
            ),
            rx.spacer(),
            _account_menu(),
            language_switch(),
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
        [" · ", rx.link(t("Boîte mail de démo"), href="/boite-mail-demo", underline="always")]
        if get_settings().demo
        else []
    )
    return rx.el.footer(
        rx.text(
            t("eCandidat · candidatures en ligne"),
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


def _title(title: rx.Var | str | None) -> rx.Var | str:
    # A converted page passes t("…"); a French str of a page not converted yet is looked up
    # too (French where the catalogue has no entry).
    if title is None or isinstance(title, str):
        return t(title) if title else ""
    return title


def page_frame(*children: rx.Component, title: rx.Var | str | None = None) -> rx.Component:
    """Every page goes through here, so the header, skip link and landmarks are the same."""
    return rx.box(
        rx.el.a(
            t("Aller au contenu"),
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
                title is not None,
                rx.heading(_title(title), size="7", margin_bottom="1rem", as_="h1"),
            ),
            *children,
            id="contenu",
            padding="1rem",
            max_width="1200px",
            margin="0 auto",
            width="100%",
        ),
        footer(),
        document_language(),
        lang=lang_attribute(),
        min_height="100vh",
    )
