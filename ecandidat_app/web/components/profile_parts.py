"""Pieces of "Mon dossier": a section card with its own "Enregistrer", the read-only bac,
the lists (one card per row with Modifier / Supprimer) and the field sets of the row dialog.
No state here: the page passes its vars and handlers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from ecandidat_app.web.components.catalogue_parts import LABEL_STYLE, SELECT_STYLE
from ecandidat_app.web.components.forms import field_error, labelled_input
from ecandidat_app.web.i18n import t


def section(title: str, anchor: str, *children: rx.Component) -> rx.Component:
    heading_id = f"{anchor}-titre"
    return rx.el.section(
        rx.card(
            rx.heading(title, size="5", as_="h2", id=heading_id, margin_bottom="var(--space-3)"),
            *children,
            width="100%",
        ),
        id=anchor,
        aria_labelledby=heading_id,
        width="100%",
        style={"width": "100%"},
    )


def save_button(label: str, on_click: Any, *, disabled: Any = False) -> rx.Component:
    return rx.flex(
        rx.button(label, on_click=on_click, size="3", disabled=disabled),
        justify="end",
        margin_top="var(--space-3)",
    )


def fields_grid(*children: rx.Component) -> rx.Component:
    return rx.grid(
        *children, columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%"
    )


def read_only_line(label: str, value: Any) -> rx.Component:
    return rx.el.div(
        rx.el.dt(label, style={"font_weight": "600"}),
        rx.el.dd(rx.cond(value != "", value, t("Non renseigné")), style={"margin": "0 0 0.5rem"}),
    )


def missing_banner(missing: Any) -> rx.Component:
    """What still blocks applying, listed; a green note once nothing is missing."""
    return rx.cond(
        missing.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("info")),
            rx.box(
                rx.text(
                    t("Pour pouvoir candidater, complétez encore :"),
                    weight="bold",
                ),
                rx.el.ul(
                    rx.foreach(missing, lambda m: rx.el.li(m)),
                    style={"padding_left": "1.25rem", "margin": "0.25rem 0 0"},
                ),
            ),
            color_scheme="amber",
            role="status",
            width="100%",
        ),
        rx.callout(
            t("Votre dossier est complet : vous pouvez candidater aux formations ouvertes."),
            icon="circle-check",
            color_scheme="green",
            role="status",
            width="100%",
        ),
    )


# --- lists -----------------------------------------------------------------------------------


def entry_card(
    title: Any,
    details: Any,
    *,
    on_edit: Any,
    on_remove: Any,
) -> rx.Component:
    """One row of a list; the buttons' accessible names include the row's title."""
    return rx.card(
        rx.flex(
            rx.box(
                rx.text(title, weight="bold"),
                rx.text(details, size="2", color_scheme="gray"),
                flex="1",
                min_width="0",
            ),
            rx.flex(
                rx.button(
                    t("Modifier"),
                    on_click=on_edit,
                    variant="outline",
                    size="2",
                    aria_label=t("Modifier : {title}", title=title),
                ),
                rx.button(
                    t("Supprimer"),
                    on_click=on_remove,
                    variant="outline",
                    color_scheme="red",
                    size="2",
                    aria_label=t("Supprimer : {title}", title=title),
                ),
                gap="var(--space-2)",
            ),
            gap="var(--space-3)",
            wrap="wrap",
            justify="between",
            align="center",
        ),
        width="100%",
        variant="surface",
    )


def entry_list(
    rows: Any,
    empty_text: str,
    render: Callable[[Any], rx.Component],
    add_label: str,
    on_add: Any,
) -> rx.Component:
    return rx.vstack(
        rx.cond(
            rows.length() > 0,
            rx.vstack(rx.foreach(rows, render), spacing="2", width="100%"),
            rx.text(empty_text, color_scheme="gray", size="2"),
        ),
        rx.button(rx.icon("plus", size=16), add_label, on_click=on_add, variant="soft"),
        spacing="3",
        width="100%",
        align="start",
    )


# --- the add / edit dialog -------------------------------------------------------------------


@dataclass(frozen=True)
class DialogField:
    name: str
    label: Var | str  # t(): read in the browser's language
    kind: str = "text"  # "text", "year", "number", "checkbox"
    required: bool = True
    max_length: int = 160
    hint: Var | str = ""


DIALOG_FIELDS: dict[str, tuple[DialogField, ...]] = {
    "cursus": (
        DialogField("year", t("Année"), "year", hint=t("Année universitaire de fin, ex. 2024")),
        DialogField("label", t("Intitulé du diplôme ou de la formation")),
        DialogField("obtained", t("Diplôme obtenu"), "checkbox", required=False),
        DialogField("mention", t("Mention"), required=False, max_length=40),
        DialogField("school", t("Établissement"), required=False),
    ),
    "experience": (
        DialogField("year", t("Année"), "year"),
        DialogField("duration", t("Durée"), required=False, max_length=40, hint=t("Ex. 6 mois")),
        DialogField("employer", t("Employeur")),
        DialogField("title", t("Fonction occupée")),
    ),
    "internship": (
        DialogField("year", t("Année"), "year"),
        DialogField(
            "duration", t("Durée"), required=False, max_length=40, hint=t("Ex. 8 semaines")
        ),
        DialogField("hours_per_week", t("Heures par semaine"), "number", required=False),
        DialogField("employer", t("Organisme d'accueil")),
        DialogField("topic", t("Sujet du stage"), max_length=200),
    ),
}

DIALOG_TITLES = {
    "cursus": t("Cursus post-bac"),
    "experience": t("Expérience professionnelle"),
    "internship": t("Stage"),
}


def dialog_field(
    f: DialogField, values: Any, errors: Any, on_set: Callable[[str, Any], Any]
) -> rx.Component:
    field_id = f"ligne-{f.name}"
    error_id = f"{field_id}-erreur"
    if f.kind == "checkbox":
        return rx.box(
            rx.el.label(
                rx.checkbox(
                    checked=values[f.name] == "on",
                    on_change=lambda checked: on_set(f.name, checked),
                    id=field_id,
                    aria_label=f.label,
                ),
                f.label,
                style={"display": "flex", "gap": "0.5rem", "align_items": "center"},
            ),
            field_error(errors[f.name], id=error_id),
        )
    return labelled_input(
        f.label,
        field_id,
        values[f.name],
        lambda v: on_set(f.name, v),
        errors[f.name],
        type_="text",
        input_mode="numeric" if f.kind in {"year", "number"} else "text",
        required=f.required,
        max_length=4 if f.kind == "year" else (2 if f.kind == "number" else f.max_length),
        hint=f.hint,
    )


def entry_dialog(
    *,
    kind: Any,
    is_new: Any,
    open_: Any,
    values: Any,
    errors: Any,
    message: Any,
    on_set: Callable[[str, Any], Any],
    on_save: Any,
    on_close: Any,
    on_open_change: Any,
) -> rx.Component:
    def fields_for(name: str) -> rx.Component:
        return rx.vstack(
            *[dialog_field(f, values, errors, on_set) for f in DIALOG_FIELDS[name]],
            spacing="3",
            width="100%",
        )

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.cond(is_new, t("Ajouter : "), t("Modifier : ")),
                rx.match(kind, *DIALOG_TITLES.items(), ""),
            ),
            rx.dialog.description(
                t("Les champs marqués d'un astérisque (*) sont obligatoires."), size="2"
            ),
            rx.box(
                rx.match(kind, *[(k, fields_for(k)) for k in DIALOG_FIELDS], rx.fragment()),
                margin_y="var(--space-3)",
            ),
            rx.cond(message != "", rx.callout(message, color_scheme="red", role="alert")),
            rx.flex(
                rx.button(t("Annuler"), on_click=on_close, variant="soft", color_scheme="gray"),
                rx.button(t("Enregistrer"), on_click=on_save),
                gap="var(--space-3)",
                justify="end",
                margin_top="var(--space-3)",
            ),
            max_width="32rem",
        ),
        open=open_,
        on_open_change=on_open_change,
    )


# --- reference lists -------------------------------------------------------------------------


def to_confirm_banner(notes: Any) -> rx.Component:
    """Free text typed before the reference lists that matched none of their entries."""
    return rx.cond(
        notes.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("list-checks")),
            rx.box(
                rx.text(t("À confirmer dans les listes de référence :"), weight="bold"),
                rx.el.ul(
                    rx.foreach(notes, lambda n: rx.el.li(n)),
                    style={"padding_left": "1.25rem", "margin": "0.25rem 0 0"},
                ),
            ),
            color_scheme="blue",
            role="status",
            width="100%",
        ),
    )


def grouped_select(
    label: str,
    id: str,
    value: Any,
    on_change: Any,
    groups: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    *,
    error: Any = "",
    empty_label: Var | str = t("Choisir"),
) -> rx.Component:
    """A native <select> with <optgroup>s: typing a letter jumps to it, phones show their
    own picker."""
    return rx.box(
        rx.el.label(
            label,
            rx.el.span(" *", aria_hidden="true"),
            html_for=id,
            style=LABEL_STYLE,
        ),
        rx.el.select(
            rx.el.option(empty_label, value=""),
            *[
                rx.el.optgroup(*[rx.el.option(t, value=v) for v, t in options], label=name)
                for name, options in groups
            ],
            id=id,
            name=id,
            value=value,
            on_change=on_change,
            aria_required="true",
            aria_describedby=f"{id}-erreur",
            aria_invalid=rx.cond(error, "true", "false"),
            style=SELECT_STYLE,
        ),
        field_error(error, id=f"{id}-erreur"),
        width="100%",
    )
