"""The staff review board: counts per column, latest cards, a sortable list, a live version.

Everything is filtered, counted, sorted and paged in SQL, within the staff member's
commission scope (`permissions.commission_scope`). Cancelled applications never appear.

Columns (the stage of a dossier) are derived from its status and latest decision:
a dossier with a decision is in "Décision saisie" or "Décision validée"; without one,
its status places it. Measured at 100,000 applications by bench/bench_board.py; the
partial indexes it relies on are declared with the model (models/application.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, union_all
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from ecandidat_app.core.campaign_scope import chosen_campaign
from ecandidat_app.core.models import Account, Application, Commission, DossierStatus, Formation
from ecandidat_app.core.models.ids import id_column
from ecandidat_app.core.permissions import commission_scope, require_staff
from ecandidat_app.core.review.board_columns import (
    ALL_COLUMNS,
    COLUMNS,
    WAITING,
    BoardFilter,
    column_expr,
    column_where,
    conditions,
)

SORTS = ("name", "formation", "status", "transmitted", "decision")
MAX_PAGE_SIZE = 200
CARDS_PER_COLUMN = 20


@dataclass(frozen=True)
class BoardRow:
    application_id: int
    file_number: str
    last_name: str
    first_name: str
    formation_label: str
    status: str
    column: str
    transmitted_at: datetime | None
    decision_code: str | None
    decision_validated: bool


def board_counts(s: Session, account: Account, flt: BoardFilter | None = None) -> dict[str, int]:
    """Dossiers per board column plus the "en attente" pile, in one pass over the scope.

    The fastest shape differs (bench/bench_board.py): PostgreSQL counts every column in
    one row (`count(*) FILTER (WHERE ...)`, no hashing); SQLite groups by the leading
    columns of `ix_application_board_scope`, which come in index order (no sort, a few
    hundred groups at most), each named by `column_expr` and added up here."""
    counts = dict.fromkeys(ALL_COLUMNS, 0)
    conds = conditions(s, account, flt or BoardFilter(), with_column=False)
    if conds is None:
        return counts
    a = Application
    if s.get_bind().dialect.name == "postgresql":
        keys = list(ALL_COLUMNS)
        per_column: tuple[Any, ...] = tuple(func.count().filter(column_where(k)) for k in keys)
        row = s.exec(select(*per_column).select_from(a).where(*conds)).one()
        return {key: int(n) for key, n in zip(keys, row, strict=True)}
    grouped = (
        select(column_expr(), func.count())
        .where(*conds)
        .group_by(
            col(a.commission_id), col(a.status), col(a.decision_code), col(a.decision_validated)
        )
    )
    for key, n in s.exec(grouped).all():
        counts[key] += int(n)
    return counts


def _details(ids: Any) -> Any:  # a select of card columns: rows are plain tuples
    """What a card or a list row shows, for the applications `ids` (a list or a select)."""
    a = Application
    columns: tuple[Any, ...] = (
        a.id,
        Account.file_number,
        Account.last_name,
        Account.first_name,
        Formation.label,
        a.status,
        column_expr(),
        a.transmitted_at,
        a.decision_code,
        a.decision_validated,
    )
    return (
        select(*columns)
        .join(Account, col(Account.id) == col(a.account_id))
        .join(Formation, col(Formation.id) == col(a.formation_id))
        .where(col(a.id).in_(ids))
    )


def _stamp(value: datetime | None) -> float:
    return value.timestamp() if value is not None else float("-inf")


@dataclass(frozen=True)
class ColumnWindow:
    """Which cards of a column are shown: "21 à 40 sur 325", and how many come next."""

    start: int  # offset of the first card shown
    first: int  # 1-based numbers, for people ("21 à 40")
    last: int
    total: int
    next_count: int  # cards on the following page (0: none)
    prev_count: int  # cards on the preceding page (0: none)


def column_window(total: int, start: int, size: int = CARDS_PER_COLUMN) -> ColumnWindow:
    """The page of `size` cards starting at `start`, moved back inside the column when the
    column has shrunk meanwhile (cards decided or filtered away)."""
    total, size = max(0, total), max(1, size)
    last_start = ((total - 1) // size) * size if total else 0
    start = min(max(0, start - start % size), last_start)
    shown = min(size, total - start)
    return ColumnWindow(
        start=start,
        first=start + 1 if shown else 0,
        last=start + shown,
        total=total,
        next_count=min(size, max(0, total - start - shown)),
        prev_count=size if start else 0,
    )


def board_cards(
    s: Session,
    account: Account,
    flt: BoardFilter | None = None,
    per_column: int = CARDS_PER_COLUMN,
    counts: dict[str, int] | None = None,
    starts: dict[str, int] | None = None,
) -> dict[str, list[BoardRow]]:
    """One page of each board column (not the "en attente" pile), latest first: from the
    offset `starts[column]` (0, the latest, by default), `per_column` cards.

    One query: a UNION ALL of one LIMITed pick per column, each walking its index in
    order, joined to the names and labels. `counts` (from `board_counts` with the same
    filter) leaves out the empty columns and keeps each offset inside its column."""
    flt = flt or BoardFilter()
    cards: dict[str, list[BoardRow]] = {key: [] for key in COLUMNS}
    conds = conditions(s, account, flt, with_column=False)
    if conds is None:
        return cards
    keys = [
        key
        for key in COLUMNS
        if (not flt.column or flt.column == key) and (counts is None or counts.get(key))
    ]
    if not keys:
        return cards
    a = Application
    scoped = _ordered_scan_hint(s, conds)
    picks = []
    for key in keys:
        start = (starts or {}).get(key, 0)
        if counts is not None:
            start = column_window(counts.get(key, 0), start, per_column).start
        pick = (
            select(id_column(a))
            .where(*scoped, column_where(key))
            .order_by(col(a.transmitted_at).desc(), col(a.id).desc())
            .offset(max(0, start))
            .limit(per_column)
            .subquery()
        )
        picks.append(select(pick.c.id))
    ids = union_all(*picks) if len(picks) > 1 else picks[0]
    rows = [BoardRow(*row) for row in s.exec(_details(ids)).all()]
    rows.sort(key=lambda r: (_stamp(r.transmitted_at), r.application_id), reverse=True)
    for row in rows:
        if row.column in cards:
            cards[row.column].append(row)
    return cards


def _sort_keys(sort: str, desc: bool) -> list[Any]:
    """ORDER BY for a sort; ties broken by name (search_text starts with the folded
    "last first" name) then id, so pages never overlap and each order has its index."""
    a = Application
    orders: dict[str, list[Any]] = {
        "name": [],
        "formation": [col(a.formation_sort)],  # the folded label, copied on the row
        "status": [col(a.status)],
        "transmitted": [col(a.transmitted_at)],
        "decision": [col(a.decision_code)],
    }
    first = orders.get(sort, [col(a.transmitted_at)])
    keys = [*first, col(a.search_text), col(a.id)]
    return [k.desc() if desc else k.asc() for k in keys]


def _ordered_scan_hint(s: Session, conds: list[ColumnElement[bool]]) -> list[Any]:
    """SQLite only: write the scope test as `commission_id + 0 IN (...)` so its planner walks
    the sort's index in order (bounded work) instead of sorting every row in scope."""
    if s.get_bind().dialect.name != "sqlite":
        return conds
    hinted: list[Any] = []
    for cond in conds:
        left = getattr(cond, "left", None)
        if left is not None and getattr(left, "key", None) == "commission_id":
            operator = cond.operator
            hinted.append(operator(col(Application.commission_id) + 0, cond.right))
        else:
            hinted.append(cond)
    return hinted


def board_list(
    s: Session,
    account: Account,
    flt: BoardFilter | None = None,
    sort: str = "transmitted",
    desc: bool = True,
    page: int = 1,
    page_size: int = 50,
    counts: dict[str, int] | None = None,
) -> tuple[list[BoardRow], int]:
    """One page of the filtered list and the total number of matching dossiers.

    `counts` (from `board_counts` with the same filter) gives the total without a
    second pass over the scope."""
    flt = flt or BoardFilter()
    page = max(1, page)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    conds = conditions(s, account, flt)
    if conds is None:
        return [], 0
    if counts is not None:
        total = counts.get(flt.column, 0) if flt.column else sum(counts.values())
    else:
        total = int(s.exec(select(func.count()).select_from(Application).where(*conds)).one())
    if (page - 1) * page_size >= total:
        return [], total
    query = (
        select(id_column(Application))
        .where(*_ordered_scan_hint(s, conds))
        .order_by(*_sort_keys(sort, desc))
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    ids = list(s.exec(query).all())
    by_id = {row[0]: BoardRow(*row) for row in s.exec(_details(ids)).all()} if ids else {}
    return [by_id[i] for i in ids if i in by_id], total


def board_version(s: Session, account: Account) -> str:
    """A cheap value that changes whenever an application in scope changes (live updates).

    Every writer bumps `Application.updated_at` (a new row has it too), so the latest
    `updated_at` of each commission in scope is enough: one index probe each, no scan.
    Two writers committing out of timestamp order can hide a change until the next one:
    the board page also refreshes on a slow timer (`pages/staff_board.py`)."""
    require_staff(account)
    a = Application
    scope = commission_scope(s, account)
    if scope is not None and not scope:
        return "empty"
    if scope is None:
        latest = [s.exec(select(func.max(a.updated_at))).one()]
    else:
        probes = [
            select(func.max(a.updated_at)).where(col(a.commission_id) == cid).scalar_subquery()
            for cid in sorted(scope)
        ]
        row = s.exec(select(*probes)).one()
        latest = list(row) if len(probes) > 1 else [row]
    stamps = [v.isoformat() if isinstance(v, datetime) else str(v) for v in latest if v]
    return max(stamps, default="none")


def formation_choices(
    s: Session,
    account: Account,
    commission_id: int | None = None,
    *,
    campaign_id: int | None = None,
) -> list[tuple[int, str]]:
    """(id, label) of the chosen campaign's formations in scope, for the board's filter."""
    require_staff(account)
    scope = commission_scope(s, account)
    campaign = chosen_campaign(s, campaign_id)
    query = (
        select(id_column(Formation), col(Formation.label))
        .where(col(Formation.campaign_id) == (campaign.id if campaign else -1))
        .order_by(col(Formation.label))
    )
    if scope is not None:
        query = query.where(col(Formation.commission_id).in_(sorted(scope) or [-1]))
    if commission_id is not None:
        query = query.where(col(Formation.commission_id) == commission_id)
    return [(fid, label) for fid, label in s.exec(query).all()]


def commission_choices(s: Session, account: Account) -> list[tuple[int, str]]:
    """(id, label) of commissions in scope, for the board's filter."""
    require_staff(account)
    scope = commission_scope(s, account)
    query = select(id_column(Commission), col(Commission.label)).order_by(col(Commission.label))
    if scope is not None:
        query = query.where(col(Commission.id).in_(sorted(scope) or [-1]))
    return [(cid, label) for cid, label in s.exec(query).all()]


def board_ids(
    s: Session,
    account: Account,
    flt: BoardFilter | None = None,
    limit: int = 20000,
    *,
    include_waiting: bool = False,
) -> list[int]:
    """Ids of every dossier matching the filter (for exports), in transmission order.

    Like the board, dossiers never transmitted are left out unless asked for
    (`include_waiting`, or a filter on the "en attente" pile itself)."""
    flt = flt or BoardFilter()
    conds = conditions(s, account, flt)
    if conds is None:
        return []
    a = Application
    if not include_waiting and flt.column != WAITING:
        conds.append(col(a.status) != DossierStatus.EN_ATTENTE.value)
    query = (
        select(id_column(a))
        .where(*conds)
        .order_by(col(a.transmitted_at).desc(), col(a.id).desc())
        .limit(limit)
    )
    return list(s.exec(query).all())


__all__ = [
    "ALL_COLUMNS",
    "CARDS_PER_COLUMN",
    "COLUMNS",
    "SORTS",
    "WAITING",
    "BoardFilter",
    "BoardRow",
    "ColumnWindow",
    "board_cards",
    "board_counts",
    "board_ids",
    "board_list",
    "board_version",
    "column_window",
    "commission_choices",
    "formation_choices",
]
