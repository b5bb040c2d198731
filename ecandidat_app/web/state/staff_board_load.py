"""What the staff board shows, read outside Reflex: the view the user is looking at, the
counts plus cards (board) or page (list) for it, the live loop's poll and the exports.
The state is web/state/staff_board_state.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.models import Account
from ecandidat_app.core.permissions import STAFF
from ecandidat_app.core.review import board
from ecandidat_app.core.review.board import BoardFilter
from ecandidat_app.web import live
from ecandidat_app.web.state.views import BoardCard, board_card

PAGE_SIZE = 50


def parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def column_pages(counts: dict[str, int], column_start: dict[str, int]) -> dict[str, dict[str, int]]:
    """Per column: which cards are shown ("21 à 40 sur 325") and how many come next."""
    pages = {}
    for key in board.COLUMNS:
        w = board.column_window(counts.get(key, 0), column_start.get(key, 0))
        pages[key] = {
            "first": w.first,
            "last": w.last,
            "total": w.total,
            "next": w.next_count,
            "prev": w.prev_count,
        }
    return pages


@dataclass(frozen=True)
class BoardView:
    """What the user is looking at: the filter, the view and, for the list, sort and page."""

    flt: BoardFilter
    view: str
    sort: str
    desc: bool
    page: int
    starts: tuple[tuple[str, int], ...] = ()  # board view: the page of each column


@dataclass(frozen=True)
class Loaded:
    version: str
    counts: dict[str, int]
    cards: dict[str, list[BoardCard]] | None = None
    rows: list[BoardCard] | None = None
    total: int = 0


def load_board(s: Session, account: Account, view: BoardView, version: str | None = None) -> Loaded:
    """Counts plus the cards (board view) or the visible page (list view), in 3 queries."""
    version = version or board.board_version(s, account)
    counts = board.board_counts(s, account, view.flt)
    if view.view == "board":
        cards = board.board_cards(s, account, view.flt, counts=counts, starts=dict(view.starts))
        return Loaded(
            version, counts, cards={k: [board_card(r) for r in v] for k, v in cards.items()}
        )
    rows, total = board.board_list(
        s, account, view.flt, view.sort, view.desc, view.page, PAGE_SIZE, counts=counts
    )
    return Loaded(version, counts, rows=[board_card(r) for r in rows], total=total)


def export_data(
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


def poll_board(
    cookie: str, view: BoardView, known: str, force: bool
) -> Loaded | live.Unchanged | None:
    """In a worker thread: re-check the session, then reload only if the version moved.
    None: not a staff session any more; `live.UNCHANGED`: nothing moved."""
    with session_scope() as s:
        account = sessions.resolve_session(s, cookie)
        if account is None or account.role not in STAFF:
            return None
        version = board.board_version(s, account)
        if version == known and not force:
            return live.UNCHANGED
        return load_board(s, account, view, version)


# The bulk bar enters the decisions that need no per-dossier detail (motif, rank, date).
