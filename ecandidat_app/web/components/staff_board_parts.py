"""The staff review board's view pieces (/gestion): filters, board columns, the list with
its bulk bar and the export panel. The state is web/state/staff_board_state.py."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.core.i18n import N_
from ecandidat_app.core.models.enums import DECISION_LABELS
from ecandidat_app.core.review import board
from ecandidat_app.web.components.board_parts import (
    INPUT_STYLE,
    board_column,
    campaign_selector,
    hidden_text,
    labelled_field,
    select_field,
    sort_header,
    text_field,
)
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.staff_board_state import BULK_DECISIONS, StaffBoardState

# Fixed options: their labels are French msgids, shown through t() (`_options`).
DECISION_OPTIONS = [{"value": "none", "label": N_("Sans avis")}] + [
    {"value": k, "label": v} for k, v in DECISION_LABELS.items()
]
COLUMN_OPTIONS = [{"value": k, "label": v} for k, v in board.ALL_COLUMNS.items()]


def _options(options: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Fixed options with their labels in the reader's language."""
    return [{"value": o["value"], "label": t(o["label"])} for o in options]


def board_filters() -> rx.Component:
    """Compact: a grid of labelled fields, the search field and the two dates twice as
    wide; at 1280 px it holds in two rows."""
    S = StaffBoardState
    return rx.el.form(
        rx.el.div(
            campaign_selector(S),
            select_field(
                t("Commission"),
                "f-commission",
                S.f_commission,
                S.set_commission,
                S.commission_options,
                t("Toutes"),
            ),
            select_field(
                t("Formation"),
                "f-formation",
                S.f_formation,
                S.set_formation,
                S.formation_options,
                t("Toutes"),
            ),
            labelled_field(
                t("Candidat"),
                "f-text",
                rx.debounce_input(
                    rx.el.input(
                        id="f-text",
                        value=S.f_text,
                        on_change=S.set_text,
                        type="search",
                        placeholder=t("Nom, n° de dossier ou e-mail"),
                        style=INPUT_STYLE,
                    ),
                    debounce_timeout=350,
                ),
                class_name="filtre-large",
            ),
            select_field(
                t("Avis"),
                "f-decision",
                S.f_decision,
                S.set_decision,
                _options(DECISION_OPTIONS),
                t("Tous"),
            ),
            select_field(
                t("Étape"),
                "f-column",
                S.f_column,
                S.set_column,
                _options(COLUMN_OPTIONS),
                t("Toutes"),
            ),
            rx.el.div(
                text_field(t("Transmis du"), "f-from", S.f_from, S.set_from, type="date"),
                text_field(t("au"), "f-to", S.f_to, S.set_to, type="date"),
                class_name="filtre-large filtre-dates",
            ),
            rx.button(
                t("Effacer les filtres"),
                type="button",
                variant="outline",
                on_click=S.reset_filters,
                align_self="end",
            ),
            class_name="filtres",
        ),
        on_submit=lambda _: S.set_text(S.f_text),
        role="search",
        aria_label=t("Filtrer les dossiers"),
    )


def board_view() -> rx.Component:
    S = StaffBoardState
    return rx.box(
        rx.text(
            t("Dossiers en attente de transmission : "),
            rx.el.strong(S.counts["attente"], id="compte-attente"),
            margin_y="var(--space-2)",
        ),
        rx.flex(
            *[
                board_column(
                    key,
                    label,
                    S.counts[key],
                    S.cards[key],
                    S.pager[key],
                    on_next=S.column_next(key),
                    on_previous=S.column_previous(key),
                    on_list=S.column_in_list(key),
                )
                for key, label in board.COLUMNS.items()
            ],
            gap="var(--space-3)",
            wrap="wrap",
            align="start",
        ),
    )


def _list_row(row: Any) -> rx.Component:
    S = StaffBoardState
    return rx.el.tr(
        rx.el.td(
            rx.el.input(
                type="checkbox",
                checked=S.selected.contains(row.id),
                on_change=lambda checked: S.toggle(row.id, checked),
                aria_label=t("Sélectionner {name}", name=row.name),
            )
        ),
        rx.el.td(rx.link(row.name, " · ", row.file_number, href="/gestion/dossier/" + row.id)),
        rx.el.td(row.formation),
        rx.el.td(row.status),
        rx.el.td(row.transmitted),
        rx.el.td(row.decision),
    )


def _bulk_bar() -> rx.Component:
    S = StaffBoardState
    return rx.flex(
        rx.text(
            t("{count} dossier(s) sélectionné(s) (200 au plus)", count=S.selected_count),
            size="2",
        ),
        rx.button(t("Sélectionner la page"), variant="outline", on_click=S.select_page, size="2"),
        rx.button(t("Vider la sélection"), variant="outline", on_click=S.clear_selection, size="2"),
        rx.button(t("Passer en Complet"), on_click=S.bulk_status("CO"), size="2"),
        rx.button(
            t("Passer en Incomplet"),
            on_click=S.bulk_status("IN"),
            size="2",
            color_scheme="orange",
            high_contrast=True,
        ),
        select_field(
            t("Avis à saisir"),
            "bulk-decision",
            S.bulk_decision,
            S.set_bulk_decision,
            _options([{"value": k, "label": v} for k, v in BULK_DECISIONS.items()]),
            t("— Choisir un avis —"),
        ),
        rx.button(t("Saisir l'avis"), on_click=S.bulk_decide, size="2"),
        rx.button(
            t("Valider les avis"),
            on_click=S.bulk_validate,
            size="2",
            color_scheme="green",
            high_contrast=True,
        ),
        rx.button(
            t("Télécharger les dossiers (ZIP)"),
            on_click=S.download_zip,
            size="2",
            variant="outline",
        ),
        gap="var(--space-2)",
        wrap="wrap",
        align="end",
        margin_y="var(--space-2)",
    )


def list_view() -> rx.Component:
    S = StaffBoardState
    return rx.box(
        # Bulk actions: not for a reader, not on an archived campaign.
        rx.cond(S.can_act & ~S.campaign_archived, _bulk_bar()),
        rx.box(
            rx.el.table(
                rx.el.caption(t("{count} dossier(s)", count=S.total)),
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th(hidden_text(t("Sélection")), scope="col"),
                        sort_header(t("Candidat"), "name", S),
                        sort_header(t("Formation"), "formation", S),
                        sort_header(t("Statut"), "status", S),
                        sort_header(t("Transmis le"), "transmitted", S),
                        sort_header(t("Avis"), "decision", S),
                    )
                ),
                rx.el.tbody(rx.foreach(S.rows, _list_row)),
                style={"width": "100%", "border_collapse": "collapse"},
            ),
            overflow_x="auto",
        ),
        rx.flex(
            rx.button(
                t("Page précédente"),
                on_click=S.go_page(S.page - 1),
                disabled=S.page <= 1,
                variant="outline",
            ),
            rx.text(
                t("Page {page} sur {count}", page=S.page, count=S.page_count),
                aria_live="polite",
            ),
            rx.button(
                t("Page suivante"),
                on_click=S.go_page(S.page + 1),
                disabled=S.page >= S.page_count,
                variant="outline",
            ),
            gap="var(--space-3)",
            align="center",
            margin_y="var(--space-3)",
        ),
    )


def export_panel() -> rx.Component:
    S = StaffBoardState
    return rx.el.details(
        rx.el.summary(t("Exporter (CSV ou Excel)")),
        rx.text(
            t("Exporte la sélection, ou à défaut tous les dossiers du filtre courant."), size="2"
        ),
        rx.el.fieldset(
            rx.el.legend(t("Colonnes")),
            rx.flex(
                rx.foreach(
                    S.export_options,
                    lambda o: rx.el.label(
                        rx.el.input(
                            type="checkbox",
                            checked=S.export_columns.contains(o["value"]),
                            on_change=lambda c: S.toggle_export_column(o["value"], c),
                        ),
                        " ",
                        o["label"],
                        style={"min_width": "12rem"},
                    ),
                ),
                wrap="wrap",
                gap="var(--space-2)",
            ),
        ),
        rx.el.label(
            rx.el.input(type="checkbox", checked=S.export_waiting, on_change=S.set_export_waiting),
            " ",
            t("Inclure les dossiers non transmis (en attente de transmission)"),
            style={"display": "block", "margin_top": "0.5rem"},
        ),
        rx.flex(
            rx.button(t("Exporter en CSV"), on_click=S.export_csv, variant="outline"),
            rx.button(t("Exporter en Excel (XLSX)"), on_click=S.export_xlsx, variant="outline"),
            gap="var(--space-2)",
            margin_y="var(--space-2)",
        ),
        margin_y="var(--space-3)",
    )
