"""The list and the editor of staff-edited templates (mail and letter templates), for a
state built on web/state/template_editor.py. The texts a page passes (`what`,
`body_label`, `note`) are French marked with N_, shown in the browser's language."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.core.i18n import N_
from ecandidat_app.web.components.admin_parts import CONTROL_STYLE, LABEL_STYLE, select_field
from ecandidat_app.web.components.forms import field_error, labelled_input
from ecandidat_app.web.i18n import t


def template_level(state: Any) -> rx.Component:
    """Whose texts the page edits: the general ones (admin) or one centre's own."""
    return select_field(
        t("Modèles de"),
        "modeles-centre",
        state.level,
        state.choose_level,
        state.levels,
        "",
        empty_label=t("Tous les centres (modèles généraux)"),
    )


def template_language(state: Any) -> rx.Component:
    """The language of the texts edited: French, or English (what the applicants who chose
    English receive; without an English text of its own, a level uses the English default,
    never its French text)."""
    return rx.box(
        rx.el.label(t("Langue des modèles"), html_for="modeles-langue", style=LABEL_STYLE),
        rx.el.select(
            rx.el.option(t("Français"), value="fr"),
            rx.el.option(t("Anglais (candidats ayant choisi l'anglais)"), value="en"),
            id="modeles-langue",
            value=state.language,
            on_change=state.choose_language,
            style=CONTROL_STYLE,
        ),
        width="100%",
    )


def template_list(state: Any, what: str) -> rx.Component:
    """Every template of the page: its name, default or edited, « Modifier »."""
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(t(what), scope="col"),
                    rx.table.column_header_cell(t("Modèle"), scope="col"),
                    rx.table.column_header_cell(t("Action"), scope="col"),
                )
            ),
            rx.table.body(
                rx.foreach(
                    state.templates,
                    lambda row: rx.table.row(
                        rx.table.cell(row["label"]),
                        rx.table.cell(row["state"]),
                        rx.table.cell(
                            rx.button(
                                t("Modifier"),
                                size="1",
                                variant="outline",
                                on_click=state.open(row["event"]),
                                aria_label=t("Modifier le modèle {name}", name=row["label"]),
                            )
                        ),
                    ),
                )
            ),
            width="100%",
            variant="surface",
        ),
        overflow_x="auto",
    )


def template_editor(state: Any, *, body_label: str = N_("Message"), note: str = "") -> rx.Component:
    """The open template: variables, subject, body, preview, save, back to the default."""
    return rx.card(
        rx.vstack(
            rx.heading(t("Modèle : {name}", name=state.event_label), size="5", as_="h2"),
            rx.text(t("Variables disponibles : "), rx.code(state.variables), size="2"),
            rx.text(t(note), size="2") if note else rx.fragment(),
            labelled_input(
                t("Objet"),
                "modele-objet",
                state.subject,
                state.set_subject,
                state.subject_error,
                max_length=300,
            ),
            rx.box(
                rx.el.label(t(body_label), html_for="modele-corps", style=LABEL_STYLE),
                rx.text_area(
                    id="modele-corps",
                    value=state.body,
                    on_change=state.set_body.debounce(300),
                    rows="14",
                    width="100%",
                    aria_describedby="modele-corps-erreur",
                    style={"font_family": "monospace"},
                ),
                field_error(state.body_error, id="modele-corps-erreur"),
                width="100%",
            ),
            rx.flex(
                rx.button(t("Aperçu"), on_click=state.preview, variant="soft"),
                rx.button(t("Enregistrer"), on_click=state.save),
                rx.cond(
                    state.overridden,
                    rx.button(
                        t("Rétablir le modèle par défaut"),
                        on_click=state.reset_default,
                        variant="outline",
                        color_scheme="red",
                    ),
                ),
                rx.button(t("Fermer"), on_click=state.close, variant="outline"),
                gap="var(--space-3)",
                wrap="wrap",
            ),
            rx.cond(
                state.preview_subject != "",
                rx.box(
                    rx.heading(t("Aperçu avec des valeurs d'exemple"), size="3", as_="h3"),
                    rx.text(rx.text.strong(t("Objet : ")), state.preview_subject),
                    rx.el.pre(
                        state.preview_body,
                        style={
                            "white_space": "pre-wrap",
                            "background": "#f6f6f6",
                            "padding": "0.75rem",
                        },
                    ),
                    aria_live="polite",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        margin_bottom="var(--space-4)",
    )
