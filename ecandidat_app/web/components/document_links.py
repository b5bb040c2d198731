"""Links to the documents the platform writes (core/documents), served by the
authenticated routes of web/api.py: decision letters, the dossier PDF."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.web.i18n import t

LETTER_URL = "/api/lettres/"
# Downloads are document navigations (reload_document): the app's router would otherwise
# take a same-site link for one of its pages.
# As keyword props: a `style` dict would make rx.link drop `reload_document`.
BUTTON_STYLE = {
    "display": "inline-block",
    "padding": "0.35rem 0.8rem",
    "border_radius": "6px",
    "background": "var(--accent-3)",
    "color": "var(--accent-11)",
    "font_weight": "500",
    "text_decoration": "none",
}


def letter_link(letter: Any) -> rx.Component:
    """« Télécharger la lettre d'admission » (PDF), with the date it was written."""
    return rx.el.li(
        rx.link(
            letter.download_label,
            t(" (PDF)"),
            href=LETTER_URL + letter.id.to_string(),
            download=letter.file_name,
            reload_document=True,
        ),
        rx.text.span(t(" · écrite le "), letter.created, size="1", color_scheme="gray"),
        rx.cond(
            ~letter.current,
            rx.text.span(t(" · remplacée par un avis corrigé"), size="1", color_scheme="gray"),
        ),
    )


def letter_list(letters: Any, *, heading: rx.Var | str | None = None) -> rx.Component:
    """The letters of a dossier, newest first; nothing when there is none."""
    return rx.cond(
        letters.length() > 0,
        rx.box(
            rx.heading(heading, as_="h3", size="3") if heading is not None else rx.fragment(),
            rx.el.ul(rx.foreach(letters, letter_link), style={"padding_left": "1.2rem"}),
        ),
    )


def dossier_pdf_link(href: Any) -> rx.Component:
    return rx.link(
        t("Télécharger le dossier complet (PDF)"),
        href=href,
        download="dossier.pdf",
        reload_document=True,
        **BUTTON_STYLE,
    )
