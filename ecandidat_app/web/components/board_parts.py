"""Pieces of the staff board and dossier pages (no DB access: they render state vars)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx

from ecandidat_app.core.clock import PARIS

LABEL_STYLE = {"font_weight": "600", "font_size": "0.9rem", "display": "block"}
INPUT_STYLE = {
    "width": "100%",
    "padding": "0.4rem 0.5rem",
    "border": "1px solid #666",
    "border_radius": "4px",
    "background": "white",
    "color": "#161616",
}


def fmt_dt(value: datetime | None) -> str:
    """Paris time, "15/03/2027 10:00": what staff read in lists."""
    return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M") if value else ""


def labelled_field(label: str, id: str, control: rx.Component) -> rx.Component:
    return rx.box(rx.el.label(label, html_for=id, style=LABEL_STYLE), control, min_width="10rem")


def text_field(label: str, id: str, value: Any, on_change: Any, **props: Any) -> rx.Component:
    return labelled_field(
        label,
        id,
        rx.el.input(id=id, value=value, on_change=on_change, style=INPUT_STYLE, **props),
    )


def select_field(
    label: str, id: str, value: Any, on_change: Any, options: Any, empty: str
) -> rx.Component:
    """A native select with its label; `options` is a var of {value, label} dicts."""
    return labelled_field(
        label,
        id,
        rx.el.select(
            rx.el.option(empty, value=""),
            rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"])),
            id=id,
            value=value,
            on_change=on_change,
            style=INPUT_STYLE,
        ),
    )


def board_card(card: Any) -> rx.Component:
    """One dossier on the board: a link to the dossier page (name + file number in text)."""
    return rx.link(
        rx.card(
            rx.text(card["name"], weight="bold", size="2"),
            rx.text(card["file_number"], size="1", color_scheme="gray"),
            rx.text(card["formation"], size="1"),
            rx.text(card["transmitted"], size="1", color_scheme="gray"),
            width="100%",
        ),
        href="/gestion/dossier/" + card["id"],
        underline="none",
        width="100%",
        id="carte-" + card["id"],
    )


def board_column(key: str, label: str, count: Any, cards: Any) -> rx.Component:
    return rx.el.section(
        rx.heading(
            label,
            " ",
            rx.badge(count, variant="solid", aria_label="dossiers"),
            as_="h2",
            size="3",
            margin_bottom="2",
        ),
        rx.vstack(rx.foreach(cards, board_card), spacing="2", width="100%"),
        id=f"colonne-{key}",
        aria_label=label,
        style={
            "background": "#f4f4f8",
            "padding": "0.75rem",
            "border_radius": "8px",
            "min_width": "14rem",
            "flex": "1",
        },
    )


def sort_header(label: str, key: str, state: Any) -> rx.Component:
    """A column header that sorts the list (a real button, so the keyboard works)."""
    arrow = rx.cond(state.sort == key, rx.cond(state.desc, " ▼", " ▲"), "")
    return rx.el.th(
        rx.el.button(
            label,
            arrow,
            on_click=state.sort_by(key),
            style={"font_weight": "600", "background": "none", "border": "none"},
        ),
        scope="col",
        aria_sort=rx.cond(
            state.sort == key, rx.cond(state.desc, "descending", "ascending"), "none"
        ),
    )


def key_values(rows: Any) -> rx.Component:
    """A definition list of (label, value) pairs."""
    return rx.el.dl(
        rx.foreach(
            rows,
            lambda r: rx.box(
                rx.el.dt(r[0], style={"font_weight": "600", "display": "inline"}),
                rx.el.dd(" : ", r[1], style={"display": "inline", "margin": "0"}),
            ),
        )
    )


def line_list(title: str, lines: Any) -> rx.Component:
    return rx.box(
        rx.heading(title, as_="h3", size="3"),
        rx.cond(
            lines.length() > 0,  # type: ignore[attr-defined]
            rx.el.ul(rx.foreach(lines, lambda x: rx.el.li(x))),
            rx.text("Aucun élément.", size="2", color_scheme="gray"),
        ),
        margin_y="2",
    )


def file_preview(f: Any) -> rx.Component:
    """A document's file inline: PDF in an <object>, images in <img>, both from the
    authenticated route; a link always, for keyboard users and other types."""
    url = "/api/fichiers/" + f.id
    return rx.box(
        rx.link(f.name, " (", f.size, ")", href=url, is_external=True),
        rx.cond(
            f.type == "application/pdf",
            rx.el.object(
                rx.text("Aperçu indisponible : ouvrez le fichier."),
                data=url,
                type="application/pdf",
                width="100%",
                height="480px",
                aria_label="Aperçu de " + f.name,
            ),
            rx.cond(
                f.type.contains("image/"),  # type: ignore[attr-defined]
                rx.el.img(src=url, alt="Aperçu de " + f.name, style={"max_width": "100%"}),
                rx.fragment(),
            ),
        ),
        margin_y="2",
    )
