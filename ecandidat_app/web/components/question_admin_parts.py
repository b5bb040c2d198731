"""The questions section of the formation form (administration): the list with its
buttons (monter, descendre, modifier, retirer) and the small form of one question.
No state here: the page passes its state (`web/state/question_admin.py`)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.core.i18n import N_
from ecandidat_app.core.questions import KIND_LABELS
from ecandidat_app.web.components.admin_parts import CONTROL_STYLE, ENGLISH_HINT, LABEL_STYLE
from ecandidat_app.web.components.forms import field_error, form_message, labelled_input
from ecandidat_app.web.i18n import t


def _kind_select(state: Any) -> rx.Component:
    return rx.box(
        rx.el.label(
            t("Type de question"),
            rx.el.span(" *", aria_hidden="true"),
            html_for="question-type",
            style=LABEL_STYLE,
        ),
        rx.el.select(
            *[rx.el.option(t(label), value=kind) for kind, label in KIND_LABELS.items()],
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
    state: Any, name: str, id_: str, label: Any, help_: Any, *, required: bool
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
            t("Choix proposés"),
            t("Un choix par ligne, deux au moins."),
            required=True,
        ),
        _lines_area(
            state,
            "choices_en",
            "question-choix-en",
            t("Choix en anglais"),
            t(
                "Facultatif : un choix par ligne, autant et dans le même ordre que les choix "
                "en français (les réponses sont enregistrées en français)."
            ),
            required=False,
        ),
    )


def _question_form(state: Any) -> rx.Component:
    kind = state.q_form["kind"]
    return rx.el.form(
        rx.vstack(
            _kind_select(state),
            labelled_input(
                t("Intitulé"),
                "question-intitule",
                state.q_form["label"],
                lambda v: state.q_set("label", v),
                state.q_errors["label"],
                max_length=300,
            ),
            labelled_input(
                t("Aide affichée sous la question"),
                "question-aide",
                state.q_form["help_text"],
                lambda v: state.q_set("help_text", v),
                state.q_errors["help_text"],
                required=False,
                max_length=600,
            ),
            labelled_input(
                t("Intitulé en anglais"),
                "question-intitule-en",
                state.q_form["label_en"],
                lambda v: state.q_set("label_en", v),
                state.q_errors["label_en"],
                required=False,
                max_length=300,
                hint=t(ENGLISH_HINT),
            ),
            labelled_input(
                t("Aide en anglais"),
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
                    t("Nombre maximal de caractères"),
                    "question-max",
                    state.q_form["max_length"],
                    lambda v: state.q_set("max_length", v),
                    state.q_errors["max_length"],
                    type_="number",
                    hint=t("2000 si vide."),
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
                t("Réponse obligatoire pour transmettre la candidature"),
                html_for="question-obligatoire",
                style={"display": "flex", "align_items": "center"},
            ),
            field_error(state.q_errors["_form"]),
            rx.hstack(
                rx.button(t("Enregistrer la question"), type="submit"),
                rx.button(t("Annuler"), type="button", variant="outline", on_click=state.q_cancel),
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
    def button(text: str, aria: str, event: Any, **kw: Any) -> rx.Component:
        """`text` and `aria` (with the question's {label}): French marked with N_."""
        return rx.button(
            t(text),
            size="1",
            variant="soft",
            on_click=event,
            aria_label=t(aria, label=r.label),
            **kw,
        )

    return rx.table.row(
        rx.table.cell(r.label),
        rx.table.cell(r.kind_label),
        rx.table.cell(rx.cond(r.required, t("Obligatoire"), t("Facultative"))),
        rx.table.cell(r.answers),
        rx.table.cell(
            rx.cond(
                r.archived,
                rx.badge(t("Archivée"), color_scheme="gray"),
                rx.flex(
                    button(N_("Monter"), N_("Monter {label}"), state.q_move(r.id, "up")),
                    button(N_("Descendre"), N_("Descendre {label}"), state.q_move(r.id, "down")),
                    button(N_("Modifier"), N_("Modifier {label}"), state.q_edit(r.id)),
                    button(
                        N_("Retirer"),
                        N_("Retirer {label}"),
                        state.q_remove(r.id),
                        color_scheme="red",
                    ),
                    gap="var(--space-2)",
                    wrap="wrap",
                ),
            )
        ),
    )


def questions_panel(state: Any) -> rx.Component:
    """Shown under the form of an existing formation (a new one is saved first)."""
    headers = [N_("Question"), N_("Type"), N_("Réponse"), N_("Réponses reçues"), N_("Actions")]
    return rx.cond(
        state.is_new,
        rx.text(
            t("Enregistrez la formation pour pouvoir lui ajouter des questions."),
            size="2",
            margin_top="var(--space-4)",
        ),
        rx.el.section(
            rx.heading(
                t("Questions posées aux candidats"), as_="h3", size="4", id="questions-admin"
            ),
            rx.text(
                t(
                    "Une question qui a déjà des réponses n'est pas supprimée : elle est "
                    "archivée (plus posée, ses réponses restent dans les dossiers)."
                ),
                size="2",
            ),
            form_message(state.q_message, state.q_message_kind),
            rx.cond(
                state.q_rows.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[rx.table.column_header_cell(t(h), scope="col") for h in headers]
                        )
                    ),
                    rx.table.body(rx.foreach(state.q_rows, lambda r: _row(state, r))),
                    width="100%",
                    variant="surface",
                ),
                rx.text(t("Aucune question pour cette formation."), size="2"),
            ),
            rx.cond(
                state.q_editing,
                rx.card(_question_form(state), width="100%"),
                rx.button(t("Ajouter une question"), on_click=state.q_new, variant="soft"),
            ),
            aria_labelledby="questions-admin",
            margin_top="var(--space-5)",
            width="100%",
            display="flex",
            flex_direction="column",
            gap="var(--space-3)",
        ),
    )
