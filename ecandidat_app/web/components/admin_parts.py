"""The one table + form every administration page is made of.

A page declares its columns and fields, and a state that mixes `CrudMixin` (web/state/crud.py)
into `AuthState`
and fills in five small hooks (fetch a page, display a row, load a form, save it, the
choices of its selects). Listing is paged in SQL; the form keeps every value as a string
and the services coerce and validate them (French message next to the field).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import reflex as rx

from ecandidat_app.core.i18n import N_
from ecandidat_app.web.components.forms import field_error, form_message, labelled_input
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.crud import FORM_ERROR

LABEL_STYLE = {"display": "block", "font_weight": "500", "margin_bottom": "0.25rem"}
CONTROL_STYLE = {
    "width": "100%",
    "padding": "0.5rem",
    "border": "1px solid #666",
    "border_radius": "4px",
    "background": "white",
    "min_height": "2.5rem",
}

ADMIN_SECTIONS: list[tuple[str, str]] = [
    (N_("Campagnes"), "/admin/campagnes"),
    (N_("Campagne suivante"), "/admin/campagnes/suivante"),
    (N_("Centres"), "/admin/centres"),
    (N_("Commissions"), "/admin/commissions"),
    (N_("Formations"), "/admin/formations"),
    (N_("Pièces justificatives"), "/admin/pieces"),
    (N_("Motifs de refus"), "/admin/motifs"),
    (N_("Comptes du personnel"), "/admin/comptes"),
    (N_("Modèles de courriels"), "/admin/modeles-courriels"),
    (N_("Modèles de lettres"), "/admin/modeles-lettres"),
]
SENT_MAILS = (N_("Courriels envoyés"), "/admin/courriels")
# The sections a centre administrator may open too (their centres' objects only).
CENTRE_SECTIONS = {
    "/admin/commissions",
    "/admin/formations",
    "/admin/motifs",
    "/admin/modeles-courriels",
    "/admin/modeles-lettres",
    "/gestion/statistiques",
}


def section_link(label: str, href: str, link: Any) -> rx.Component:
    """A link to an administration page, shown only to those who may open it (`label`: a
    French text marked with N_, shown in the browser's language)."""
    if href in CENTRE_SECTIONS:
        return link(t(label), href)
    return rx.cond(AuthState.user_role == "admin", link(t(label), href))


@dataclass(frozen=True)
class Field:
    """A form field; `label` and `hint` are French texts marked with N_ (shown with t())."""

    name: str
    label: str
    # text, password, number, date, textarea, checkbox, select, multi
    kind: str = "text"
    options: str = ""  # key of the state's `options` for select and multi
    required: bool = False
    hint: str = ""
    max_length: int | None = None


# Under an English version's field: what it is for (staff wording stays French).
ENGLISH_HINT = N_("Facultatif : montré aux candidats qui lisent le site en anglais.")


@dataclass(frozen=True)
class RowAction:
    """A row button; `label` is a French text marked with N_."""

    action: str
    label: str
    when: str = ""  # a row key that must be "1" for the button to show


# ---------------------------------------------------------------- components


def admin_nav() -> rx.Component:
    return rx.el.nav(
        rx.flex(
            *[
                section_link(label, href, lambda t, h: rx.link(t, href=h, size="2"))
                for label, href in [*ADMIN_SECTIONS, SENT_MAILS]
            ],
            gap="var(--space-3)",
            wrap="wrap",
        ),
        aria_label=t("Administration"),
        margin_bottom="var(--space-4)",
    )


def select_field(
    label: Any,
    id: str,
    value: Any,
    on_change: Any,
    options: Any,
    error: Any,
    *,
    required: bool = False,
    empty_label: Any = None,
) -> rx.Component:
    """A labelled select (`label`, `empty_label`: already translated, t() or a Var)."""
    return rx.box(
        rx.el.label(
            label,
            rx.el.span(" *", aria_hidden="true") if required else rx.fragment(),
            html_for=id,
            style=LABEL_STYLE,
        ),
        rx.el.select(
            rx.el.option(t("— Choisir —") if empty_label is None else empty_label, value=""),
            rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"])),
            id=id,
            value=value,
            on_change=on_change,
            aria_describedby=f"{id}-erreur",
            style=CONTROL_STYLE,
        ),
        field_error(error, id=f"{id}-erreur"),
        width="100%",
    )


def _field(state: Any, f: Field) -> rx.Component:
    id = f"champ-{f.name}"
    value = state.form[f.name]
    error = state.errors[f.name]
    if f.kind == "checkbox":
        return rx.box(
            rx.el.label(
                rx.el.input(
                    type="checkbox",
                    id=id,
                    checked=value == "on",
                    on_change=lambda checked: state.set_check(f.name, checked),
                    style={"width": "1.25rem", "height": "1.25rem", "margin_right": "0.5rem"},
                ),
                t(f.label),
                html_for=id,
                style={"display": "flex", "align_items": "center", "min_height": "2.5rem"},
            ),
            field_error(error, id=f"{id}-erreur"),
        )
    if f.kind == "select":
        return select_field(
            t(f.label),
            id,
            value,
            lambda v: state.set_field(f.name, v),
            state.options[f.options],
            error,
            required=f.required,
        )
    if f.kind == "multi":
        return rx.el.fieldset(
            rx.el.legend(t(f.label), style={"font_weight": "500"}),
            rx.flex(
                rx.foreach(
                    state.options[f.options],
                    lambda o: rx.el.label(
                        rx.el.input(
                            type="checkbox",
                            checked=value.contains("," + o["value"] + ","),
                            on_change=lambda checked: state.toggle_multi(
                                f.name, o["value"], checked
                            ),
                            style={"width": "1.1rem", "height": "1.1rem", "margin_right": "0.4rem"},
                        ),
                        o["label"],
                        style={"display": "flex", "align_items": "center", "min_height": "2rem"},
                    ),
                ),
                direction="column",
                gap="var(--space-1)",
                max_height="14rem",
                overflow_y="auto",
            ),
            field_error(error, id=f"{id}-erreur"),
            style={"border": "1px solid #ccc", "border_radius": "4px", "padding": "0.5rem"},
            grid_column="1 / -1",
        )
    if f.kind == "textarea":
        return rx.box(
            rx.el.label(t(f.label), html_for=id, style=LABEL_STYLE),
            rx.text_area(
                id=id,
                value=value,
                on_change=lambda v: state.set_field(f.name, v),
                aria_describedby=f"{id}-erreur",
                rows="6",
                width="100%",
                max_length=f.max_length,
            ),
            field_error(error, id=f"{id}-erreur"),
            grid_column="1 / -1",
        )
    return labelled_input(
        t(f.label),
        id,
        value,
        lambda v: state.set_field(f.name, v),
        error,
        type_=f.kind if f.kind in {"password", "number", "date", "email"} else "text",
        hint=t(f.hint) if f.hint else "",
        required=f.required,
        max_length=f.max_length,
        autocomplete="new-password" if f.kind == "password" else "off",
    )


def form_fields(state: Any, fields: Sequence[Field]) -> rx.Component:
    return rx.grid(
        *[_field(state, f) for f in fields],
        columns=rx.breakpoints(initial="1", md="2"),
        gap="var(--space-4)",
        width="100%",
    )


def crud_form(state: Any, fields: Sequence[Field], noun: str, *extra: rx.Component) -> rx.Component:
    """The add/edit form; `noun` is a French text marked with N_ ("campagne")."""
    return rx.cond(
        state.editing,
        rx.card(
            rx.el.form(
                rx.vstack(
                    rx.heading(
                        rx.cond(
                            state.is_new,
                            t("Ajouter : {noun}", noun=t(noun)),
                            t("Modifier : {noun}", noun=t(noun)),
                        ),
                        size="5",
                        as_="h2",
                    ),
                    rx.text(t("Les champs marqués * sont obligatoires."), size="2"),
                    form_fields(state, fields),
                    field_error(state.errors[FORM_ERROR]),
                    rx.hstack(
                        rx.button(t("Enregistrer"), type="submit"),
                        rx.button(
                            t("Annuler"), type="button", variant="outline", on_click=state.cancel
                        ),
                        spacing="3",
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=lambda _data: state.save(),
                reset_on_submit=False,
            ),
            *extra,
            width="100%",
            margin_bottom="var(--space-4)",
        ),
    )


def admin_pager(state: Any) -> rx.Component:
    return rx.el.nav(
        rx.flex(
            rx.button(
                t("Page précédente"),
                on_click=state.go_page(state.page - 1),
                disabled=state.page <= 1,
                variant="outline",
            ),
            rx.text(
                t(
                    "Page {page} sur {count} · {total} élément(s)",
                    page=state.page,
                    count=state.page_count,
                    total=state.total,
                )
            ),
            rx.button(
                t("Page suivante"),
                on_click=state.go_page(state.page + 1),
                disabled=state.page >= state.page_count,
                variant="outline",
            ),
            gap="var(--space-3)",
            align="center",
            wrap="wrap",
        ),
        aria_label=t("Pagination"),
        margin_top="var(--space-3)",
    )


def crud_table(
    state: Any, columns: Sequence[tuple[str, str]], actions: Sequence[RowAction] = ()
) -> rx.Component:
    def row(r: Any) -> rx.Component:
        buttons = [
            rx.button(
                t("Modifier"),
                size="1",
                variant="outline",
                on_click=state.edit(r["id"]),
                aria_label=t("Modifier {name}", name=r[columns[0][0]]),
            )
        ]
        for a in actions:
            button = rx.button(
                t(a.label), size="1", variant="soft", on_click=state.row_action(a.action, r["id"])
            )
            buttons.append(rx.cond(r[a.when] == "1", button) if a.when else button)
        return rx.table.row(
            *[rx.table.cell(r[key]) for key, _ in columns],
            rx.table.cell(rx.flex(*buttons, gap="var(--space-2)", wrap="wrap")),
        )

    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(t(header), scope="col") for _, header in columns],
                    rx.table.column_header_cell(t("Actions"), scope="col"),
                )
            ),
            rx.table.body(rx.foreach(state.rows, row)),
            width="100%",
            variant="surface",
        ),
        overflow_x="auto",
        width="100%",
    )


def crud_page(
    state: Any,
    *,
    title: str,
    noun: str,
    columns: Sequence[tuple[str, str]],
    fields: Sequence[Field],
    actions: Sequence[RowAction] = (),
    intro: str = "",
    extra_form: Sequence[rx.Component] = (),
    searchable: bool = True,
    search_hint: str = N_("Code ou libellé"),
) -> rx.Component:
    """A whole administration page: menu, message, search, "Ajouter", form, table, pager.
    Its texts (`title`, `noun`, `intro`, `search_hint`, the headers) are French marked
    with N_; `search_hint` says what the search box looks in."""
    return page_frame(
        admin_nav(),
        rx.text(t(intro), margin_bottom="var(--space-3)") if intro else rx.fragment(),
        form_message(state.message, state.message_kind),
        rx.flex(
            (
                rx.box(
                    rx.el.label(t("Rechercher"), html_for="recherche-admin", style=LABEL_STYLE),
                    rx.input(
                        id="recherche-admin",
                        value=state.search,
                        on_change=state.set_search.debounce(300),
                        placeholder=t(search_hint),
                        width="100%",
                    ),
                    flex="1",
                    min_width="12rem",
                )
                if searchable
                else rx.spacer()
            ),
            rx.button(t("Ajouter : {noun}", noun=t(noun)), on_click=state.new, size="3"),
            gap="var(--space-3)",
            align="end",
            wrap="wrap",
            margin_y="var(--space-3)",
        ),
        crud_form(state, fields, noun, *extra_form),
        crud_table(state, columns, actions),
        admin_pager(state),
        title=t(title),
    )
