"""/gestion: the staff review board (columns with counts and cards) and the list view
(sorted and paged in SQL, multi-select, bulk actions, exports). Live: a background loop
polls a cheap version number and refreshes when anything in scope changes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.models import Account
from ecandidat_app.core.models.enums import DECISION_LABELS
from ecandidat_app.core.permissions import STAFF
from ecandidat_app.core.review import board
from ecandidat_app.core.review.board import BoardFilter
from ecandidat_app.core.review.campaigns import pick_campaign
from ecandidat_app.web import live
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
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.campaign_pick import CampaignPickState
from ecandidat_app.web.state.event_args import IdChoice, IdText, parse_id
from ecandidat_app.web.state.views import BoardCard, board_card

POLL_SECONDS = 1.5
FULL_REFRESH_SECONDS = 30
WATCH_LIFETIME = 15 * 60  # a loop stops after this; every page load starts a fresh one
PAGE_SIZE = 50
MAX_SELECTION = 200


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class StaffBoardState(PageState, CampaignPickState, AuthState):
    audience: ClassVar[str] = "staff"

    f_commission: str = ""
    f_formation: str = ""
    f_text: str = ""
    f_decision: str = ""
    f_from: str = ""
    f_to: str = ""
    f_column: str = ""
    view: str = "board"
    sort: str = "transmitted"
    desc: bool = True
    page: int = 1
    total: int = 0
    counts: dict[str, int] = {}
    cards: dict[str, list[BoardCard]] = {}
    rows: list[BoardCard] = []
    selected: list[str] = []
    commission_options: list[dict[str, str]] = []
    formation_options: list[dict[str, str]] = []
    export_columns: list[str] = []
    export_options: list[dict[str, str]] = []
    export_waiting: bool = False  # also export dossiers never transmitted
    bulk_decision: str = ""  # no decision chosen until someone chooses one
    # Offset of the page of cards shown in each board column ("Voir les 20 suivants").
    column_start: dict[str, int] = {}
    _version: str = ""
    _live_id: int = 0

    @rx.var
    def page_count(self) -> int:
        return max(1, (self.total + PAGE_SIZE - 1) // PAGE_SIZE)

    @rx.var
    def selected_count(self) -> int:
        return len(self.selected)

    @rx.var
    def pager(self) -> dict[str, dict[str, int]]:
        """Per column: which cards are shown ("21 à 40 sur 325") and how many come next."""
        pages = {}
        for key in board.COLUMNS:
            w = board.column_window(self.counts.get(key, 0), self.column_start.get(key, 0))
            pages[key] = {
                "first": w.first,
                "last": w.last,
                "total": w.total,
                "next": w.next_count,
                "prev": w.prev_count,
            }
        return pages

    def _filter(self) -> BoardFilter:
        return BoardFilter(
            commission_id=parse_id(self.f_commission),
            formation_id=parse_id(self.f_formation),
            text=self.f_text[:100],
            decision=self.f_decision or None,
            transmitted_from=_day(self.f_from),
            transmitted_to=_day(self.f_to),
            column=self.f_column if self.f_column in board.ALL_COLUMNS else None,
            campaign_id=self._campaign_id(),
        )

    def _view(self) -> _View:
        starts = tuple(sorted((k, v) for k, v in self.column_start.items() if v))
        return _View(self._filter(), self.view, self.sort, self.desc, self.page, starts)

    def _show(self, loaded: _Loaded) -> None:
        self._version = loaded.version
        self.counts = loaded.counts
        if loaded.cards is not None:
            self.cards = loaded.cards
        if loaded.rows is not None:
            self.rows, self.total = loaded.rows, loaded.total

    def _refresh(self) -> bool:
        """Reload counts, cards and the visible page; False when the user is not staff."""
        account = self._account()
        if account is None:
            return False
        with session_scope() as s:
            self._show(_load(s, account, self._view()))
        return True

    @rx.event
    @page_load("staff")
    def load(self):  # type: ignore[no-untyped-def]
        account = self._account()
        if account is None:
            return None
        with session_scope() as s:
            self.commission_options = [
                {"value": str(i), "label": label}
                for i, label in board.commission_choices(s, account)
            ]
            try:  # the campaign kept in this tab may be gone: back to the current one
                pick = pick_campaign(s, account, self._campaign_id())
            except NotFound:
                self.campaign, self.f_formation = "", ""
                pick = pick_campaign(s, account, None)
            self._show_campaign(pick, self.campaign)
            self._read_formations(s, account)
        from ecandidat_app.core.review.exports import DEFAULT_COLUMNS, EXPORT_COLUMNS

        self.export_options = [{"value": k, "label": v} for k, v in EXPORT_COLUMNS.items()]
        if not self.export_columns:
            self.export_columns = list(DEFAULT_COLUMNS)
        self.message = ""
        self._refresh()
        live.start(self)
        return StaffBoardState.watch

    @rx.event(background=True)
    async def watch(self):  # type: ignore[no-untyped-def]
        """Live board: poll the cheap version; when it moved (or every FULL_REFRESH_SECONDS,
        see `board.board_version`), reload what the user is looking at and push it. The
        loop (web/live.py) stops when the page is loaded again, when the tab is gone, when
        the session is no longer a staff session, or after WATCH_LIFETIME."""
        last_full = time.monotonic()

        def read() -> tuple[str, _View, str, bool]:
            force = time.monotonic() - last_full >= FULL_REFRESH_SECONDS
            return self.session_token, self._view(), self._version, force

        def show(snap: tuple[str, _View, str, bool], loaded: _Loaded) -> None:
            nonlocal last_full
            last_full = time.monotonic()
            if self._view() == snap[1]:  # else a handler has just shown a newer view
                self._show(loaded)

        await live.run(
            self,
            every=POLL_SECONDS,
            lifetime=WATCH_LIFETIME,
            read=read,
            work=lambda snap: _poll(*snap),
            show=show,
        )

    # ---- filters
    def _changed(self) -> None:
        self.page = 1
        self.selected = []
        self.column_start = {}
        self._refresh()

    def _read_formations(self, s: Session, account: Account) -> None:
        self.formation_options = [
            {"value": str(i), "label": label}
            for i, label in board.formation_choices(
                s, account, parse_id(self.f_commission), campaign_id=self._campaign_id()
            )
        ]

    @rx.event
    def set_commission(self, value: IdChoice) -> None:
        self.f_commission = value
        self.f_formation = ""
        account = self._account()
        if account is not None:
            with session_scope() as s:
                self._read_formations(s, account)
        self._changed()

    @rx.event
    def set_campaign(self, value: IdChoice) -> None:
        """Another campaign (validated by the core); its formations replace the filter's."""
        pick = self._attempt(lambda s, a: pick_campaign(s, a, parse_id(value)))
        if isinstance(pick, DomainError):
            self._say(pick.message)
            return
        self._show_campaign(pick, value)
        self.f_formation = ""
        account = self._account()
        if account is not None:
            with session_scope() as s:
                self._read_formations(s, account)
        self._changed()

    @rx.event
    def set_formation(self, value: IdChoice) -> None:
        self.f_formation = value
        self._changed()

    @rx.event
    def set_text(self, value: str) -> None:
        self.f_text = value
        self._changed()

    @rx.event
    def set_decision(self, value: str) -> None:
        self.f_decision = value
        self._changed()

    @rx.event
    def set_from(self, value: str) -> None:
        self.f_from = value
        self._changed()

    @rx.event
    def set_to(self, value: str) -> None:
        self.f_to = value
        self._changed()

    @rx.event
    def set_column(self, value: str) -> None:
        self.f_column = value
        self._changed()

    @rx.event
    def reset_filters(self) -> None:
        self.f_commission = self.f_formation = self.f_text = self.f_decision = ""
        self.f_from = self.f_to = self.f_column = ""
        self._changed()

    @rx.event
    def set_view(self, value: str) -> None:
        self.view = "list" if value == "list" else "board"
        self._changed()

    @rx.event
    def sort_by(self, key: str) -> None:
        if key not in board.SORTS:
            return
        self.desc = not self.desc if self.sort == key else key == "transmitted"
        self.sort = key
        self.page = 1
        self._refresh()

    @rx.event
    def go_page(self, page: int) -> None:
        self.page = max(1, min(int(page), self.page_count))
        self._refresh()

    @rx.event
    def column_next(self, key: str) -> None:
        """« Voir les N suivants »: the next page of one column (paged in SQL)."""
        self._column_move(key, board.CARDS_PER_COLUMN)

    @rx.event
    def column_previous(self, key: str) -> None:
        self._column_move(key, -board.CARDS_PER_COLUMN)

    def _column_move(self, key: str, step: int) -> None:
        if key not in board.COLUMNS:
            return
        wanted = self.column_start.get(key, 0) + step
        start = board.column_window(self.counts.get(key, 0), wanted).start
        self.column_start = {**self.column_start, key: start}
        self._refresh()

    @rx.event
    def column_in_list(self, key: str) -> None:
        """Every dossier of one column, in the list view (sorted and paged there)."""
        if key not in board.ALL_COLUMNS:
            return
        self.f_column, self.view = key, "list"
        self._changed()

    # ---- selection and bulk actions
    @rx.event
    def toggle(self, application_id: IdText, checked: bool) -> None:
        if checked and application_id not in self.selected:
            if len(self.selected) >= MAX_SELECTION:
                self.message, self.message_kind = (
                    f"Vous ne pouvez sélectionner que {MAX_SELECTION} dossiers à la fois.",
                    "error",
                )
                return
            self.selected = [*self.selected, application_id]
        elif not checked:
            self.selected = [i for i in self.selected if i != application_id]

    @rx.event
    def select_page(self) -> None:
        ids = [r.id for r in self.rows]
        merged = list(dict.fromkeys([*self.selected, *ids]))
        self.selected = merged[:MAX_SELECTION]

    @rx.event
    def clear_selection(self) -> None:
        self.selected = []

    def _bulk(self, action: Callable[[Session, Account, list[int]], Any]) -> None:
        ids = [i for i in map(parse_id, self.selected) if i is not None][:MAX_SELECTION]
        if not ids:
            self._say("Sélectionnez au moins un dossier.")
            return
        result = self._act(lambda s, a: action(s, a, ids))
        if result is None:
            return
        reasons = "; ".join(sorted(set(result.refused.values())))
        self._say(
            result.summary + (f" Motifs : {reasons}" if reasons else ""),
            "warning" if result.refused else "success",
        )
        self.selected = []
        self._refresh()

    @rx.event
    def bulk_status(self, status: str) -> None:
        from ecandidat_app.core.review import bulk_set_status

        self._bulk(lambda s, a, ids: bulk_set_status(s, a, ids, status))

    @rx.event
    def set_bulk_decision(self, value: str) -> None:
        self.bulk_decision = value if value in BULK_DECISIONS else ""

    @rx.event
    def bulk_decide(self) -> None:
        from ecandidat_app.core.review.decisions import bulk_enter_decision

        code = self.bulk_decision
        if code not in BULK_DECISIONS:
            self.message = "Choisissez l'avis à saisir avant de l'appliquer à la sélection."
            self.message_kind = "error"
            return
        self._bulk(lambda s, a, ids: bulk_enter_decision(s, a, ids, code=code))

    @rx.event
    def bulk_validate(self) -> None:
        from ecandidat_app.core.review.decisions import validate_decisions

        self._bulk(lambda s, a, ids: validate_decisions(s, a, ids))

    # ---- exports
    @rx.event
    def toggle_export_column(self, key: str, checked: bool) -> None:
        if checked and key not in self.export_columns:
            self.export_columns = [*self.export_columns, key]
        elif not checked:
            self.export_columns = [k for k in self.export_columns if k != key]

    @rx.event
    def set_export_waiting(self, checked: bool) -> None:
        self.export_waiting = bool(checked)

    def _export(self, kind: str):  # type: ignore[no-untyped-def]
        if not self.export_columns:
            self._say("Choisissez au moins une colonne.")
            return None
        selected = [int(i) for i in self.selected if i.isdigit()]
        flt, waiting, columns = self._filter(), self.export_waiting, self.export_columns
        data = self._act(lambda s, a: _export_data(s, a, kind, selected, flt, waiting, columns))
        if data is None:
            return None
        return rx.download(data=data, filename=f"candidatures.{kind}")

    @rx.event
    def export_csv(self):  # type: ignore[no-untyped-def]
        return self._export("csv")

    @rx.event
    def export_xlsx(self):  # type: ignore[no-untyped-def]
        return self._export("xlsx")


@dataclass(frozen=True)
class _View:
    """What the user is looking at: the filter, the view and, for the list, sort and page."""

    flt: BoardFilter
    view: str
    sort: str
    desc: bool
    page: int
    starts: tuple[tuple[str, int], ...] = ()  # board view: the page of each column


@dataclass(frozen=True)
class _Loaded:
    version: str
    counts: dict[str, int]
    cards: dict[str, list[BoardCard]] | None = None
    rows: list[BoardCard] | None = None
    total: int = 0


def _load(s: Session, account: Account, view: _View, version: str | None = None) -> _Loaded:
    """Counts plus the cards (board view) or the visible page (list view), in 3 queries."""
    version = version or board.board_version(s, account)
    counts = board.board_counts(s, account, view.flt)
    if view.view == "board":
        cards = board.board_cards(s, account, view.flt, counts=counts, starts=dict(view.starts))
        return _Loaded(
            version, counts, cards={k: [board_card(r) for r in v] for k, v in cards.items()}
        )
    rows, total = board.board_list(
        s, account, view.flt, view.sort, view.desc, view.page, PAGE_SIZE, counts=counts
    )
    return _Loaded(version, counts, rows=[board_card(r) for r in rows], total=total)


def _export_data(
    s: Session,
    account: Account,
    kind: str,
    selected: list[int],
    flt: BoardFilter,
    waiting: bool,
    columns: list[str],
) -> str | bytes:
    """The selection (or, with none, every dossier the filter shows) as CSV or XLSX."""
    from ecandidat_app.core.review import exports

    ids = selected or board.board_ids(s, account, flt, include_waiting=waiting)
    fn = exports.export_xlsx if kind == "xlsx" else exports.export_csv
    return fn(s, account, ids, columns, campaign_id=flt.campaign_id)


def _poll(cookie: str, view: _View, known: str, force: bool) -> _Loaded | object | None:
    """In a worker thread: re-check the session, then reload only if the version moved.
    None: not a staff session any more; `live.UNCHANGED`: nothing moved."""
    with session_scope() as s:
        account = sessions.resolve_session(s, cookie)
        if account is None or account.role not in STAFF:
            return None
        version = board.board_version(s, account)
        if version == known and not force:
            return live.UNCHANGED
        return _load(s, account, view, version)


# The bulk bar enters the decisions that need no per-dossier detail (motif, rank, date).
BULK_DECISIONS = {k: v for k, v in DECISION_LABELS.items() if k in ("FA", "LA")}
DECISION_OPTIONS = [{"value": "none", "label": "Sans avis"}] + [
    {"value": k, "label": v} for k, v in DECISION_LABELS.items()
]
COLUMN_OPTIONS = [{"value": k, "label": v} for k, v in board.ALL_COLUMNS.items()]


def _filters() -> rx.Component:
    """Compact: a grid of labelled fields, the search field and the two dates twice as
    wide; at 1280 px it holds in two rows."""
    S = StaffBoardState
    return rx.el.form(
        rx.el.div(
            campaign_selector(S),
            select_field(
                "Commission", "f-commission", S.f_commission, S.set_commission,
                S.commission_options, "Toutes",
            ),
            select_field(
                "Formation", "f-formation", S.f_formation, S.set_formation,
                S.formation_options, "Toutes",
            ),
            labelled_field(
                "Candidat",
                "f-text",
                rx.debounce_input(
                    rx.el.input(
                        id="f-text", value=S.f_text, on_change=S.set_text, type="search",
                        placeholder="Nom, n° de dossier ou e-mail", style=INPUT_STYLE,
                    ),
                    debounce_timeout=350,
                ),
                class_name="filtre-large",
            ),
            select_field("Avis", "f-decision", S.f_decision, S.set_decision,
                         DECISION_OPTIONS, "Tous"),
            select_field("Étape", "f-column", S.f_column, S.set_column, COLUMN_OPTIONS, "Toutes"),
            rx.el.div(
                text_field("Transmis du", "f-from", S.f_from, S.set_from, type="date"),
                text_field("au", "f-to", S.f_to, S.set_to, type="date"),
                class_name="filtre-large filtre-dates",
            ),
            rx.button("Effacer les filtres", type="button", variant="outline",
                      on_click=S.reset_filters, align_self="end"),
            class_name="filtres",
        ),
        on_submit=lambda _: S.set_text(S.f_text),  # type: ignore[arg-type]
        role="search",
        aria_label="Filtrer les dossiers",
    )  # fmt: skip


def _board_view() -> rx.Component:
    S = StaffBoardState
    return rx.box(
        rx.text(
            "Dossiers en attente de transmission : ",
            rx.el.strong(S.counts["attente"], id="compte-attente"),
            margin_y="2",
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
            gap="3",
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
                aria_label="Sélectionner " + row.name,
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
        rx.text(S.selected_count, " dossier(s) sélectionné(s) (200 au plus)", size="2"),
        rx.button("Sélectionner la page", variant="outline", on_click=S.select_page, size="2"),
        rx.button("Vider la sélection", variant="outline", on_click=S.clear_selection, size="2"),
        rx.button("Passer en Complet", on_click=S.bulk_status("CO"), size="2"),
        rx.button("Passer en Incomplet", on_click=S.bulk_status("IN"), size="2", color_scheme="orange", high_contrast=True),
        select_field("Avis à saisir", "bulk-decision", S.bulk_decision, S.set_bulk_decision,
                     [{"value": k, "label": v} for k, v in BULK_DECISIONS.items()],
                     "— Choisir un avis —"),
        rx.button("Saisir l'avis", on_click=S.bulk_decide, size="2"),
        rx.button("Valider les avis", on_click=S.bulk_validate, size="2", color_scheme="green", high_contrast=True),
        gap="2",
        wrap="wrap",
        align="end",
        margin_y="2",
    )  # fmt: skip


def _list_view() -> rx.Component:
    S = StaffBoardState
    return rx.box(
        rx.cond(S.campaign_archived, rx.fragment(), _bulk_bar()),
        rx.box(
            rx.el.table(
                rx.el.caption(S.total, " dossier(s)"),
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th(hidden_text("Sélection"), scope="col"),
                        sort_header("Candidat", "name", S),
                        sort_header("Formation", "formation", S),
                        sort_header("Statut", "status", S),
                        sort_header("Transmis le", "transmitted", S),
                        sort_header("Avis", "decision", S),
                    )
                ),
                rx.el.tbody(rx.foreach(S.rows, _list_row)),
                style={"width": "100%", "border_collapse": "collapse"},
            ),
            overflow_x="auto",
        ),
        rx.flex(
            rx.button("Page précédente", on_click=S.go_page(S.page - 1), disabled=S.page <= 1,
                      variant="outline"),
            rx.text("Page ", S.page, " sur ", S.page_count, aria_live="polite"),
            rx.button("Page suivante", on_click=S.go_page(S.page + 1),
                      disabled=S.page >= S.page_count, variant="outline"),
            gap="3",
            align="center",
            margin_y="3",
        ),
    )  # fmt: skip


def _exports() -> rx.Component:
    S = StaffBoardState
    return rx.el.details(
        rx.el.summary("Exporter (CSV ou Excel)"),
        rx.text("Exporte la sélection, ou à défaut tous les dossiers du filtre courant.", size="2"),
        rx.el.fieldset(
            rx.el.legend("Colonnes"),
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
                gap="2",
            ),
        ),
        rx.el.label(
            rx.el.input(type="checkbox", checked=S.export_waiting, on_change=S.set_export_waiting),
            " Inclure les dossiers non transmis (en attente de transmission)",
            style={"display": "block", "margin_top": "0.5rem"},
        ),
        rx.flex(
            rx.button("Exporter en CSV", on_click=S.export_csv, variant="outline"),
            rx.button("Exporter en Excel (XLSX)", on_click=S.export_xlsx, variant="outline"),
            gap="2",
            margin_y="2",
        ),
        margin_y="3",
    )


def page() -> rx.Component:
    S = StaffBoardState
    return page_frame(
        _filters(),
        rx.flex(
            rx.button(
                "Vue tableau",
                on_click=S.set_view("board"),
                variant=rx.cond(S.view == "board", "solid", "outline"),
                aria_pressed=S.view == "board",
            ),
            rx.button(
                "Vue liste",
                on_click=S.set_view("list"),
                variant=rx.cond(S.view == "list", "solid", "outline"),
                aria_pressed=S.view == "list",
            ),
            gap="2",
            margin_y="3",
        ),
        form_message(S.message, S.message_kind),
        _exports(),
        rx.cond(S.view == "board", _board_view(), _list_view()),
        title="Tableau de bord des candidatures",
    )
