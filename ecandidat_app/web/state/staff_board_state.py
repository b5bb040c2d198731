"""The staff review board's state (/gestion): filters, board and list views, live
refresh, selection, bulk actions and exports. The view is web/components/staff_board_parts.py,
the reads web/state/staff_board_load.py, the export panel web/state/board_exports.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core.db import session_scope
from ecandidat_app.core.documents import dossier_zip
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import Account
from ecandidat_app.core.models.enums import DECISION_LABELS
from ecandidat_app.core.permissions import ACTING_STAFF
from ecandidat_app.core.review import board
from ecandidat_app.core.review.board import BoardFilter
from ecandidat_app.core.review.campaigns import pick_campaign
from ecandidat_app.web import live
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.board_exports import BoardExportsMixin
from ecandidat_app.web.state.campaign_pick import CampaignPickState
from ecandidat_app.web.state.event_args import IdChoice, IdText, parse_id
from ecandidat_app.web.state.staff_board_load import (
    PAGE_SIZE,
    BoardView,
    Loaded,
    column_pages,
    load_board,
    parse_day,
    poll_board,
)
from ecandidat_app.web.state.views import BoardCard

POLL_SECONDS = 1.5
FULL_REFRESH_SECONDS = 30
WATCH_LIFETIME = 15 * 60  # a loop stops after this; every page load starts a fresh one
MAX_SELECTION = 200
# The bulk bar enters the decisions that need no per-dossier detail (motif, rank, date).
BULK_DECISIONS = {k: v for k, v in DECISION_LABELS.items() if k in ("FA", "LA")}


class StaffBoardState(BoardExportsMixin, PageState, CampaignPickState, AuthState):
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
    bulk_decision: str = ""  # no decision chosen until someone chooses one
    can_act: bool = False  # a reader (lecteur) gets no bulk action bar
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
        return column_pages(self.counts, self.column_start)

    def _filter(self) -> BoardFilter:
        return BoardFilter(
            commission_id=parse_id(self.f_commission),
            formation_id=parse_id(self.f_formation),
            text=self.f_text[:100],
            decision=self.f_decision or None,
            transmitted_from=parse_day(self.f_from),
            transmitted_to=parse_day(self.f_to),
            column=self.f_column if self.f_column in board.ALL_COLUMNS else None,
            campaign_id=self._campaign_id(),
        )

    def _view(self) -> BoardView:
        starts = tuple(sorted((k, v) for k, v in self.column_start.items() if v))
        return BoardView(self._filter(), self.view, self.sort, self.desc, self.page, starts)

    def _show(self, loaded: Loaded) -> None:
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
            self._show(load_board(s, account, self._view()))
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
        self._init_exports()
        self.message = ""
        self.can_act = account.role in ACTING_STAFF
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

        def read() -> tuple[str, BoardView, str, bool]:
            force = time.monotonic() - last_full >= FULL_REFRESH_SECONDS
            return self.session_token, self._view(), self._version, force

        def show(snap: tuple[str, BoardView, str, bool], loaded: Loaded) -> None:
            nonlocal last_full
            last_full = time.monotonic()
            if self._view() == snap[1]:  # else a handler has just shown a newer view
                self._show(loaded)

        await live.run(
            self,
            every=POLL_SECONDS,
            lifetime=WATCH_LIFETIME,
            read=read,
            work=lambda snap: poll_board(*snap),
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
                    _("Vous ne pouvez sélectionner que {count} dossiers à la fois.").format(
                        count=MAX_SELECTION
                    ),
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
            self._say(_("Sélectionnez au moins un dossier."))
            return
        result = self._act(lambda s, a: action(s, a, ids))
        if result is None:
            return
        reasons = "; ".join(sorted(set(result.refused.values())))
        self._say(
            result.summary + (_(" Motifs : {reasons}").format(reasons=reasons) if reasons else ""),
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
            self.message = _("Choisissez l'avis à saisir avant de l'appliquer à la sélection.")
            self.message_kind = "error"
            return
        self._bulk(lambda s, a, ids: bulk_enter_decision(s, a, ids, code=code))

    @rx.event
    def bulk_validate(self) -> None:
        from ecandidat_app.core.review.decisions import validate_decisions

        self._bulk(lambda s, a, ids: validate_decisions(s, a, ids))

    @rx.event
    def download_zip(self):  # type: ignore[no-untyped-def]
        """The selected dossiers as one ZIP of PDFs, streamed by /api/dossiers/zip (which
        checks the account and each dossier again)."""
        if self._account() is None:
            return None
        ids = [i for i in map(parse_id, self.selected) if i is not None]
        try:
            dossier_zip.selection(ids)
        except DomainError as refused:
            self._say(refused.message)
            return None
        url = "/api/dossiers/zip?ids=" + ",".join(map(str, ids))
        return rx.download(url=url, filename="dossiers.zip")

    # ---- exports (web/state/board_exports.py)
    def _export_scope(self) -> tuple[list[int], BoardFilter]:
        return [int(i) for i in self.selected if i.isdigit()], self._filter()
