"""The questions section of the formation form (administration): the list with its
buttons (monter, descendre, modifier, retirer) and the small form of one question.
No state here: the page passes its state (`web/state/question_admin.py`)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.core.questions import KIND_LABELS
from ecandidat_app.web.components.admin_parts import CONTROL_STYLE, ENGLISH_HINT, LABEL_STYLE
from ecandidat_app.web.components.forms import field_error, form_message, labelled_input


def _kind_select(state: Any) -> rx.Component:
    return rx.box(
        rx.el.label(
            "Type de question",
            rx.el.span(" *", aria_hidden="true"),
            html_for="question-type",
            style=LABEL_STYLE,
        ),
        rx.el.select(
            *[rx.el.option(label, value=kind) for kind, label in KIND_LABELS.items()],
            id="question-type",
            value=state.q_form["kind"],
            on_change=lambda v: state.q_set("kind", v),
            aria_describedby="question-type-erreur",
            style=CONTROL_STYLE,
        ),
        field_error(state.q_errors["kind"], id="question-type-erreur"),
        width="100%",
    )


def _lines_area(
    state: Any, name: str, id_: str, label: str, help_: str, *, required: bool
) -> rx.Component:
    """A one-per-line list of choices (the French ones, or their English labels)."""
    return rx.box(
        rx.el.label(
            label,
            rx.el.span(" *", aria_hidden="true") if required else rx.fragment(),
            html_for=id_,
            style=LABEL_STYLE,
        ),
        rx.el.p(help_, id=f"{id_}-aide"),
        rx.el.textarea(
            id=id_,
            value=state.q_form[name],
            on_change=lambda v: state.q_set(name, v),
            rows=4,
            aria_describedby=f"{id_}-aide {id_}-erreur",
            style=CONTROL_STYLE,
        ),
        field_error(state.q_errors[name], id=f"{id_}-erreur"),
        width="100%",
    )


def _choices_area(state: Any) -> rx.Component:
    return rx.fragment(
        _lines_area(
            state,
            "choices",
            "question-choix",
            "Choix proposés",
            "Un choix par ligne, deux au moins.",
            required=True,
        ),
        _lines_area(
            state,
            "choices_en",
            "question-choix-en",
            "Choix en anglais",
            "Facultatif : un choix par ligne, autant et dans le même ordre que les choix "
            "en français (les réponses sont enregistrées en français).",
            required=False,
        ),
    )


def _question_form(state: Any) -> rx.Component:
    kind = state.q_form["kind"]
    return rx.el.form(
        rx.vstack(
            _kind_select(state),
            labelled_input(
                "Intitulé",
                "question-intitule",
                state.q_form["label"],
                lambda v: state.q_set("label", v),
                state.q_errors["label"],
                max_length=300,
            ),
            labelled_input(
                "Aide affichée sous la question",
                "question-aide",
                state.q_form["help_text"],
                lambda v: state.q_set("help_text", v),
                state.q_errors["help_text"],
                required=False,
                max_length=600,
            ),
            labelled_input(
                "Intitulé en anglais",
                "question-intitule-en",
                state.q_form["label_en"],
                lambda v: state.q_set("label_en", v),
                state.q_errors["label_en"],
                required=False,
                max_length=300,
                hint=ENGLISH_HINT,
            ),
            labelled_input(
                "Aide en anglais",
                "question-aide-en",
                state.q_form["help_text_en"],
                lambda v: state.q_set("help_text_en", v),
                state.q_errors["help_text_en"],
                required=False,
                max_length=600,
            ),
            rx.cond(
                kind == "long",
                labelled_input(
                    "Nombre maximal de caractères",
                    "question-max",
                    state.q_form["max_length"],
                    lambda v: state.q_set("max_length", v),
                    state.q_errors["max_length"],
                    type_="number",
                    hint="2000 si vide.",
                    required=False,
                ),
            ),
            rx.cond((kind == "single") | (kind == "multiple"), _choices_area(state)),
            rx.el.label(
                rx.el.input(
                    type="checkbox",
                    id="question-obligatoire",
                    checked=state.q_form["required"] == "on",
                    on_change=state.q_set_required,
                    style={"width": "1.2rem", "height": "1.2rem", "margin_right": "0.5rem"},
                ),
                "Réponse obligatoire pour transmettre la candidature",
                html_for="question-obligatoire",
                style={"display": "flex", "align_items": "center"},
            ),
            field_error(state.q_errors["_form"]),
            rx.hstack(
                rx.button("Enregistrer la question", type="submit"),
                rx.button("Annuler", type="button", variant="outline", on_click=state.q_cancel),
                spacing="3",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=lambda _data: state.q_save(),
        reset_on_submit=False,
        width="100%",
    )


def _row(state: Any, r: Any) -> rx.Component:
    def button(text: str, event: Any, aria: Any, **kw: Any) -> rx.Component:
        return rx.button(text, size="1", variant="soft", on_click=event, aria_label=aria, **kw)

    return rx.table.row(
        rx.table.cell(r.label),
        rx.table.cell(r.kind_label),
        rx.table.cell(rx.cond(r.required, "Obligatoire", "Facultative")),
        rx.table.cell(r.answers),
        rx.table.cell(
            rx.cond(
                r.archived,
                rx.badge("Archivée", color_scheme="gray"),
                rx.flex(
                    button("Monter", state.q_move(r.id, "up"), "Monter " + r.label),
                    button("Descendre", state.q_move(r.id, "down"), "Descendre " + r.label),
                    button("Modifier", state.q_edit(r.id), "Modifier " + r.label),
                    button(
                        "Retirer", state.q_remove(r.id), "Retirer " + r.label, color_scheme="red"
                    ),
                    gap="2",
                    wrap="wrap",
                ),
            )
        ),
    )


def questions_panel(state: Any) -> rx.Component:
    """Shown under the form of an existing formation (a new one is saved first)."""
    headers = ["Question", "Type", "Réponse", "Réponses reçues", "Actions"]
    return rx.cond(
        state.is_new,
        rx.text(
            "Enregistrez la formation pour pouvoir lui ajouter des questions.",
            size="2",
            margin_top="4",
        ),
        rx.el.section(
            rx.heading("Questions posées aux candidats", as_="h3", size="4", id="questions-admin"),
            rx.text(
                "Une question qui a déjà des réponses n'est pas supprimée : elle est "
                "archivée (plus posée, ses réponses restent dans les dossiers).",
                size="2",
            ),
            form_message(state.q_message, state.q_message_kind),
            rx.cond(
                state.q_rows.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[rx.table.column_header_cell(h, scope="col") for h in headers]
                        )
                    ),
                    rx.table.body(rx.foreach(state.q_rows, lambda r: _row(state, r))),
                    width="100%",
                    variant="surface",
                ),
                rx.text("Aucune question pour cette formation.", size="2"),
            ),
            rx.cond(
                state.q_editing,
                rx.card(_question_form(state), width="100%"),
                rx.button("Ajouter une question", on_click=state.q_new, variant="soft"),
            ),
            aria_labelledby="questions-admin",
            margin_top="5",
            width="100%",
            display="flex",
            flex_direction="column",
            gap="3",
        ),
    )
