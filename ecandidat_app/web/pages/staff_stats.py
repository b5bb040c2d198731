"""/gestion/statistiques: dossiers by status and by decision, per formation and commission.
Tables carry the numbers (accessible); bar charts give the picture."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_
from ecandidat_app.core.models.enums import DECISION_LABELS, DOSSIER_LABELS
from ecandidat_app.core.review import stats
from ecandidat_app.core.review.campaigns import pick_campaign
from ecandidat_app.core.review.stats import NO_DECISION, StatsRow
from ecandidat_app.web.components.board_parts import campaign_selector, select_field
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.campaign_pick import CampaignPickState
from ecandidat_app.web.state.event_args import IdChoice, parse_id

CHART_LIMIT = 30  # bars stay readable; the table below has every formation
STATUS_COLORS = {"AT": "#6a6af4", "RE": "#0063cb", "IN": "#b34000", "CO": "#18753c"}
DECISION_COLORS = {
    "FA": "#18753c",
    "DE": "#ce0500",
    "LA": "#b34000",
    "LC": "#6a6af4",
    "PR": "#0063cb",
    NO_DECISION: "#929292",
}
NO_DECISION_LABEL = N_("Sans avis")
# Headers are French msgids, shown through t().
COLUMNS: list[tuple[str, str]] = [
    ("label", N_("Libellé")),
    ("total", N_("Dossiers")),
    *[(code, label) for code, label in DOSSIER_LABELS.items()],
    *[(code, label) for code, label in DECISION_LABELS.items()],
    ("none", NO_DECISION_LABEL),
    ("pending", N_("Avis à valider")),
    ("confirmed", N_("Confirmés")),
    ("withdrawn", N_("Désistés")),
]


def _table_row(row: StatsRow) -> dict[str, str]:
    out = {"label": f"{row.label} ({row.code})", "total": str(row.total)}
    out.update({code: str(n) for code, n in row.by_status.items()})
    out.update({code: str(n) for code, n in row.by_decision.items() if code != NO_DECISION})
    out["none"] = str(row.by_decision[NO_DECISION])
    out["pending"] = str(row.pending_validation)
    out["confirmed"] = str(row.confirmed)
    out["withdrawn"] = str(row.withdrawn)
    return out


def _chart_row(row: StatsRow) -> dict[str, int | str]:
    data: dict[str, int | str] = {"name": row.code}
    data.update({DOSSIER_LABELS[c]: n for c, n in row.by_status.items()})
    data.update({DECISION_LABELS.get(c, NO_DECISION_LABEL): n for c, n in row.by_decision.items()})
    return data


class StaffStatsState(PageState, CampaignPickState, AuthState):
    audience: ClassVar[str] = "staff"

    commission_options: list[dict[str, str]] = []
    commission: str = ""
    formation_rows: list[dict[str, str]] = []
    commission_rows: list[dict[str, str]] = []
    chart: list[dict[str, int | str]] = []

    def _compute(self, campaign: str) -> None:
        """Read the numbers of `campaign` ("" for the current one, else an id the core
        checks); on a refusal the page keeps what it showed."""
        chosen, wanted = parse_id(self.commission), parse_id(campaign)
        read = self._attempt(
            lambda s, a: (
                pick_campaign(s, a, wanted),
                stats.stats_by_formation(s, a, chosen, campaign_id=wanted),
                stats.stats_by_commission(s, a, campaign_id=wanted),
                stats.commissions_in_scope(s, a),
            )
        )
        if isinstance(read, DomainError):
            self._say(read.message)
            return
        pick, by_formation, by_commission, options = read
        self._show_campaign(pick, campaign)
        self.message = ""
        self.commission_options = [
            {"value": str(c.id), "label": f"{c.label} ({c.code})"} for c in options
        ]
        self.formation_rows = [_table_row(r) for r in by_formation]
        self.commission_rows = [_table_row(r) for r in by_commission]
        busiest = sorted(by_formation, key=lambda r: r.total, reverse=True)[:CHART_LIMIT]
        self.chart = [_chart_row(r) for r in busiest if r.total]

    @rx.event
    @page_load("staff")
    def load(self) -> None:
        self.commission = self.campaign = ""
        self._compute("")

    @rx.event
    def set_commission(self, value: IdChoice) -> None:
        self.commission = value
        self._compute(self.campaign)

    @rx.event
    def set_campaign(self, value: IdChoice) -> None:
        self._compute(value)


def _stats_table(rows: rx.Var, caption: str) -> rx.Component:
    # A plain table in a focusable region: it scrolls sideways on a phone and the keyboard
    # can scroll it too (Radix's table wraps itself in a scroll area nobody can focus).
    cell = {"padding": "0.35rem 0.6rem", "border_bottom": "1px solid var(--gray-5)"}
    return rx.box(
        rx.el.table(
            rx.el.caption(t(caption), style={"text_align": "left", "font_weight": "600"}),
            rx.el.thead(rx.el.tr(*[rx.el.th(t(h), scope="col", style=cell) for _, h in COLUMNS])),
            rx.el.tbody(
                rx.foreach(
                    rows,
                    lambda r: rx.el.tr(
                        rx.el.th(r["label"], scope="row", style={**cell, "text_align": "left"}),
                        *[rx.el.td(r[key], style=cell) for key, _ in COLUMNS[1:]],
                    ),
                )
            ),
            style={"border_collapse": "collapse", "width": "100%", "font_size": "0.875rem"},
        ),
        role="region",
        aria_label=t(caption),
        tab_index=0,
        overflow_x="auto",
        width="100%",
        margin_bottom="var(--space-5)",
    )


def _bar_chart(labels: dict[str, str], colors: dict[str, str], title: str) -> rx.Component:
    chart = rx.box(
        rx.recharts.bar_chart(
            *[
                rx.recharts.bar(data_key=label, stack_id="a", fill=colors[code], name=t(label))
                for code, label in labels.items()
            ],
            rx.recharts.x_axis(data_key="name"),
            rx.recharts.y_axis(allow_decimals=False),
            rx.recharts.legend(),
            rx.recharts.graphing_tooltip(),
            data=StaffStatsState.chart,
            width="100%",
            height=320,
            accessibility_layer=False,  # no keyboard stops inside the picture
        ),
        width="100%",
        # Read as one picture; the tables below give the same numbers to screen readers.
        role="img",
        aria_label=t(
            "{title} : graphique, les chiffres sont dans les tableaux ci-dessous",
            title=t(title),
        ),
    )
    return rx.box(
        rx.heading(t(title), size="4", as_="h2", margin_bottom="var(--space-2)"),
        chart,
        width="100%",
        margin_bottom="var(--space-4)",
    )


def page() -> rx.Component:
    state = StaffStatsState
    decision_labels = {**DECISION_LABELS, NO_DECISION: NO_DECISION_LABEL}
    return page_frame(
        form_message(state.message),
        rx.box(
            campaign_selector(state),
            select_field(
                t("Commission"),
                "stats-commission",
                state.commission,
                state.set_commission,
                state.commission_options,
                t("Toutes les commissions"),
            ),
            max_width="28rem",
            margin_bottom="var(--space-4)",
        ),
        rx.cond(
            state.chart.length() > 0,
            rx.grid(
                _bar_chart(DOSSIER_LABELS, STATUS_COLORS, N_("Dossiers par statut")),
                _bar_chart(decision_labels, DECISION_COLORS, N_("Dossiers par avis")),
                columns=rx.breakpoints(initial="1", lg="2"),
                gap="var(--space-4)",
            ),
            rx.text(t("Aucun dossier pour l'instant."), margin_bottom="var(--space-4)"),
        ),
        _stats_table(state.formation_rows, N_("Par formation")),
        _stats_table(state.commission_rows, N_("Par commission")),
        title=t("Statistiques"),
    )
