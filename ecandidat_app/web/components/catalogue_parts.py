"""Pieces of the catalogue page: a labelled native select, the status badge, one result row
(title as a disclosure button, closing date and badge always visible), its details and the
pager. No state here: the page passes its vars and handlers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from ecandidat_app.web.components.forms import field_error
from ecandidat_app.web.i18n import t

BADGE_COLOURS = [("open", "green"), ("soon", "orange"), ("closed", "gray"), ("upcoming", "blue")]
SELECT_STYLE = {
    "width": "100%",
    "min_height": "2.5rem",
    "padding": "0 0.5rem",
    "border": "1px solid #666",
    "border_radius": "6px",
    "background": "white",
    "font_size": "1rem",
}
LABEL_STYLE = {"display": "block", "font_weight": "500", "margin_bottom": "0.25rem"}


def labelled_select(
    label: str,
    id: str,
    value: Any,
    on_change: Any,
    options: Sequence[tuple[str, Var | str]] | rx.Var,
    *,
    empty_label: str | None = None,
    error: Any = "",
) -> rx.Component:
    """A native <select> (keyboard and screen-reader friendly, fine at 375 px) with its label.

    `options` is a list of (value, label) pairs or a var holding a list of objects with
    `value` and `label`; `empty_label` adds a first choice with the value "".
    """
    first = [rx.el.option(empty_label, value="")] if empty_label is not None else []
    if isinstance(options, rx.Var):
        items: list[Any] = [rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value))]
    else:
        items = [rx.el.option(text, value=val) for val, text in options]
    return rx.box(
        rx.el.label(label, html_for=id, style=LABEL_STYLE),
        rx.el.select(
            *first,
            *items,
            id=id,
            name=id,
            value=value,
            on_change=on_change,
            aria_describedby=f"{id}-erreur",
            style=SELECT_STYLE,
        ),
        field_error(error, id=f"{id}-erreur"),
        width="100%",
    )


def status_badge(kind: Any, text: Any) -> rx.Component:
    return rx.badge(
        text, color_scheme=rx.match(kind, *BADGE_COLOURS, "gray"), variant="soft", size="2"
    )


def _date_line(label: Var | str, value: Any) -> rx.Component:
    return rx.cond(
        value != "",
        rx.el.div(
            rx.el.dt(label, style={"font_weight": "600"}),
            rx.el.dd(value, style={"margin": "0 0 0.25rem"}),
        ),
    )


def formation_details(detail: Any, documents: Any, region_id: Any) -> rx.Component:
    """What opens under a title: description, capacity, jury, dates, required documents."""
    return rx.box(
        rx.cond(
            detail["description"] != "",
            rx.text(detail["description"], margin_bottom="var(--space-3)"),
        ),
        rx.text(
            t("Capacité d'accueil : {n} places · ", n=detail["capacity"]),
            detail["commission_label"],
            size="2",
        ),
        rx.heading(t("Calendrier"), size="3", as_="h3", margin_top="var(--space-3)"),
        rx.el.dl(
            _date_line(t("Début du dépôt"), detail["opens_on_text"]),
            _date_line(t("Fin du dépôt (clôture)"), detail["closes_on_text"]),
            _date_line(t("Date limite de retour des pièces"), detail["return_on_text"]),
            _date_line(t("Jury"), detail["jury_on_text"]),
            _date_line(t("Publication des résultats"), detail["publication_on_text"]),
            style={
                "display": "grid",
                "grid_template_columns": "repeat(auto-fit, minmax(14rem, 1fr))",
            },
        ),
        rx.heading(
            t("Pièces justificatives demandées"), size="3", as_="h3", margin_top="var(--space-3)"
        ),
        rx.cond(
            documents.length() > 0,
            rx.el.ul(
                rx.foreach(
                    documents,
                    lambda d: rx.el.li(
                        rx.text.strong(d.label),
                        rx.cond(
                            d.is_common, rx.text(t(" (commune à vos candidatures)"), as_="span")
                        ),
                        rx.cond(
                            d.is_conditional, rx.text(t(" (si vous êtes concerné)"), as_="span")
                        ),
                        rx.cond(
                            d.help_text != "", rx.text(d.help_text, size="2", color_scheme="gray")
                        ),
                    ),
                ),
                style={"padding_left": "1.25rem"},
            ),
            rx.text(t("Aucune pièce n'est demandée."), size="2"),
        ),
        id=region_id,
        role="region",
        aria_label=t("Détails de la formation"),
        padding_top="var(--space-3)",
        border_top="1px solid #ddd",
        margin_top="var(--space-3)",
    )


def result_row(
    row: Any,
    *,
    is_open: Any,
    on_toggle: Callable[[Any], Any],
    on_apply: Callable[[Any], Any],
    refusal: Any,
    details: rx.Component,
) -> rx.Component:
    region_id = "details-" + row.id.to_string()
    reason_id = "raison-" + row.id.to_string()
    return rx.card(
        rx.flex(
            rx.box(
                rx.el.h2(
                    rx.el.button(
                        rx.icon(rx.cond(is_open, "chevron-down", "chevron-right"), size=18),
                        row.label,
                        aria_expanded=rx.cond(is_open, "true", "false"),
                        aria_controls=region_id,
                        on_click=on_toggle(row.id),
                        type="button",
                        style={
                            "display": "flex",
                            "gap": "0.4rem",
                            "align_items": "flex-start",
                            "text_align": "left",
                            "background": "none",
                            "border": "none",
                            "padding": "0",
                            "font_size": "1.1rem",
                            "font_weight": "600",
                            "color": "#000091",
                            "cursor": "pointer",
                        },
                    ),
                    style={"margin": "0"},
                ),
                rx.text(
                    row.level_label,
                    " · ",
                    row.centre_label,
                    rx.cond(row.domain != "", " · " + row.domain, ""),
                    t(" · code "),
                    row.code,
                    size="2",
                    color_scheme="gray",
                ),
                rx.flex(
                    rx.text(t("Clôture le "), rx.text.strong(row.closes_on_text), size="2"),
                    status_badge(row.badge_kind, row.badge_text),
                    gap="var(--space-2)",
                    align="center",
                    wrap="wrap",
                    margin_top="var(--space-1)",
                ),
                flex="1",
                min_width="0",
            ),
            rx.box(
                rx.button(
                    t("Candidater"),
                    on_click=on_apply(row.id),
                    disabled=~row.can_apply,
                    aria_describedby=reason_id,
                    size="2",
                ),
                rx.text(row.reason, id=reason_id, size="1", color_scheme="gray", max_width="16rem"),
            ),
            gap="var(--space-3)",
            wrap="wrap",
            justify="between",
        ),
        refusal_note(refusal, "refus-" + row.id.to_string()),
        rx.cond(is_open, details),
        width="100%",
    )


def refusal_note(refusal: Any, id: Any) -> rx.Component:
    """Why "Candidater" was refused, under the button that was clicked; what blocks is
    often the applicant's own dossier, hence the link. Always rendered (empty when there
    is nothing to say) so screen readers announce it as it appears."""
    return rx.box(
        rx.cond(
            refusal != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("triangle_alert")),
                rx.callout.text(
                    refusal,
                    " ",
                    rx.cond(
                        refusal.contains(t("Mon dossier")),
                        rx.link(
                            t("Compléter mon dossier"), href="/mon-dossier", underline="always"
                        ),
                    ),
                ),
                color_scheme="red",
                margin_top="var(--space-3)",
            ),
        ),
        id=id,
        role="alert",
    )


def pager(page: Any, page_count: Any, on_page: Callable[[Any], Any]) -> rx.Component:
    return rx.el.nav(
        rx.flex(
            rx.button(
                t("Page précédente"),
                on_click=on_page(page - 1),
                disabled=page <= 1,
                variant="outline",
            ),
            rx.text(t("Page {page} sur {count}", page=page, count=page_count), aria_current="page"),
            rx.button(
                t("Page suivante"),
                on_click=on_page(page + 1),
                disabled=page >= page_count,
                variant="outline",
            ),
            gap="var(--space-3)",
            align="center",
            justify="center",
            wrap="wrap",
        ),
        aria_label=t("Pagination des formations"),
        margin_top="var(--space-4)",
    )
