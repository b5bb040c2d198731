"""Pieces of the staff board and dossier pages (no DB access: they render state vars)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx

from ecandidat_app.core.clock import PARIS
from ecandidat_app.web.i18n import t

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


def labelled_field(
    label: rx.Var | str, id: str, control: rx.Component, **props: Any
) -> rx.Component:
    return rx.box(
        rx.el.label(label, html_for=id, style=LABEL_STYLE), control, min_width="10rem", **props
    )


def text_field(
    label: rx.Var | str, id: str, value: Any, on_change: Any, **props: Any
) -> rx.Component:
    return labelled_field(
        label,
        id,
        rx.el.input(id=id, value=value, on_change=on_change, style=INPUT_STYLE, **props),
    )


def select_field(
    label: rx.Var | str, id: str, value: Any, on_change: Any, options: Any, empty: rx.Var | str
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
    """One dossier on the board: a link to the dossier page (name + file number in text),
    with the decision entered, when there is one."""
    return rx.link(
        rx.card(
            rx.text(card.name, weight="bold", size="2"),
            rx.text(card.file_number, size="1", color_scheme="gray"),
            rx.text(card.formation, size="1"),
            rx.text(card.transmitted, size="1", color_scheme="gray"),
            rx.cond(
                card.decision != "",
                rx.text(t("Avis : "), rx.el.strong(card.decision), size="1"),
            ),
            width="100%",
        ),
        href="/gestion/dossier/" + card.id,
        underline="none",
        width="100%",
        id="carte-" + card.id,
    )


def _column_pager(
    label: rx.Var | str, pager: Any, on_next: Any, on_previous: Any, on_list: Any
) -> rx.Component:
    """Under a column holding more cards than it shows: which ones, the next and previous
    pages (paged in SQL) and the whole column in the list view."""
    return rx.cond(
        pager["total"] > pager["last"] - pager["first"] + 1,
        rx.vstack(
            rx.text(
                t(
                    "Dossiers {first} à {last} sur {total}",
                    first=pager["first"],
                    last=pager["last"],
                    total=pager["total"],
                ),
                size="1",
                aria_live="polite",
            ),
            rx.cond(
                pager["next"] > 0,
                rx.button(
                    t("Voir les {count} suivants", count=pager["next"]),
                    hidden_text(t(" : "), label),
                    on_click=on_next,
                    size="1",
                    variant="soft",
                    width="100%",
                ),
            ),
            rx.cond(
                pager["prev"] > 0,
                rx.button(
                    t("Voir les {count} précédents", count=pager["prev"]),
                    hidden_text(t(" : "), label),
                    on_click=on_previous,
                    size="1",
                    variant="outline",
                    width="100%",
                ),
            ),
            rx.button(
                t("Tous les {count} dans la liste", count=pager["total"]),
                hidden_text(t(" : "), label),
                on_click=on_list,
                size="1",
                variant="ghost",
                width="100%",
            ),
            spacing="1",
            width="100%",
            margin_top="var(--space-2)",
        ),
    )


def board_column(
    key: str,
    label: str,
    count: Any,
    cards: Any,
    pager: Any,
    *,
    on_next: Any,
    on_previous: Any,
    on_list: Any,
) -> rx.Component:
    """A board column; `label` is its French name, shown in the reader's language."""
    label_text = t(label)
    return rx.el.section(
        rx.heading(
            label_text,
            " ",
            rx.badge(count, variant="solid", aria_label=t("dossiers")),
            as_="h2",
            size="3",
            margin_bottom="var(--space-2)",
        ),
        rx.vstack(rx.foreach(cards, board_card), spacing="2", width="100%"),
        _column_pager(label_text, pager, on_next, on_previous, on_list),
        id=f"colonne-{key}",
        aria_label=label_text,
        style={
            "background": "#f4f4f8",
            "padding": "0.75rem",
            "border_radius": "8px",
            "min_width": "14rem",
            "flex": "1",
        },
    )


def sort_header(label: rx.Var | str, key: str, state: Any) -> rx.Component:
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
                rx.el.dd(t(" : "), r[1], style={"display": "inline", "margin": "0"}),
            ),
        )
    )


def line_list(title: rx.Var | str, lines: Any) -> rx.Component:
    return rx.box(
        rx.heading(title, as_="h3", size="3"),
        rx.cond(
            lines.length() > 0,
            rx.el.ul(rx.foreach(lines, lambda x: rx.el.li(x))),
            rx.text(t("Aucun élément."), size="2", color_scheme="gray"),
        ),
        margin_y="var(--space-2)",
    )


VISUALLY_HIDDEN = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "white_space": "nowrap",
}


def hidden_text(*children: Any) -> rx.Component:
    """Read by screen readers, not shown (extra words for a button or a link)."""
    return rx.el.span(*children, style=VISUALLY_HIDDEN)


def _enlarge(f: Any, preview: rx.Component) -> rx.Component:
    """A collapsed preview: the dossier stays short; « Agrandir » opens it in place."""
    return rx.el.details(
        rx.el.summary(
            t("Agrandir l'aperçu"),
            hidden_text(t(" de {name}", name=f.name)),
            style={"cursor": "pointer", "font_size": "0.9rem", "margin_top": "0.25rem"},
        ),
        preview,
        key=f.id,  # a new element per file: B's piece never opens because A's was
    )


def file_preview(f: Any) -> rx.Component:
    """A document's file: a link always (keyboard users, other types), a small thumbnail
    for an image, and an « Agrandir » control that opens the full preview in place (PDF
    in an <object>, image full width), both from the authenticated route."""
    url = "/api/fichiers/" + f.id
    return rx.box(
        rx.link(f.name, " (", f.size, ")", href=url, is_external=True),
        rx.cond(
            f.type == "application/pdf",
            _enlarge(
                f,
                rx.el.object(
                    rx.text(t("Aperçu indisponible : ouvrez le fichier.")),
                    data=url,
                    type="application/pdf",
                    width="100%",
                    height="600px",
                    aria_label=t("Aperçu de {name}", name=f.name),
                ),
            ),
            rx.cond(
                f.type.contains("image/"),
                rx.box(
                    rx.el.img(
                        src=url,
                        alt=t("Miniature de {name}", name=f.name),
                        style={"max_height": "5rem", "max_width": "100%", "display": "block"},
                    ),
                    _enlarge(
                        f,
                        rx.el.img(
                            src=url,
                            alt=t("Aperçu de {name}", name=f.name),
                            style={"max_width": "100%"},
                        ),
                    ),
                ),
                rx.fragment(),
            ),
        ),
        margin_y="var(--space-2)",
    )


def campaign_selector(state: Any) -> rx.Component:
    """The staff's campaign selector and, on an archived campaign, the read-only notice.
    `state` is a page state built on `web/state/campaign_pick.CampaignPickState`."""
    return rx.box(
        select_field(
            t("Campagne"),
            "f-campaign",
            state.campaign,
            state.set_campaign,
            state.campaign_options,
            t("Campagne en cours"),
        ),
        archived_notice(state.campaign_archived, state.campaign_label),
    )


def archived_notice(archived: Any, label: Any) -> rx.Component:
    """« Campagne archivée — consultation seule », with the campaign's name."""
    return rx.cond(
        archived,
        rx.callout.root(
            rx.callout.icon(rx.icon("archive")),
            rx.callout.text(
                rx.el.strong(t("Campagne archivée — consultation seule")),
                t(
                    " ({campaign}) : ses dossiers se consultent, aucune action n'est possible.",
                    campaign=label,
                ),
            ),
            color_scheme="amber",
            role="status",
            margin_y="var(--space-2)",
            id="campagne-archivee",
        ),
    )
