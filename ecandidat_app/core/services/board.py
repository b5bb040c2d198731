"""The staff review board: counts per column, latest cards, a sortable list, a live version.

Everything is filtered, counted, sorted and paged in SQL, within the staff member's
commission scope (`permissions.commission_scope`). Cancelled applications never appear.

Columns (the stage of a dossier) are derived from its status and latest decision:
a validated decision wins, then an entered decision, then the dossier status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, false, func, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from ecandidat_app.core.clock import PARIS
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import Account, Application, Commission, DossierStatus, Formation
from ecandidat_app.core.services.permissions import commission_scope, require_staff
from ecandidat_app.core.text import fold

# Board columns in display order, then the "en attente" pile (not yet transmitted).
COLUMNS: dict[str, str] = {
    "recu": "Réceptionné",
    "incomplet": "Incomplet",
    "complet": "Complet",
    "saisie": "Décision saisie",
    "validee": "Décision validée",
}
WAITING = "attente"
WAITING_LABEL = "En attente de transmission"
ALL_COLUMNS: dict[str, str] = {**COLUMNS, WAITING: WAITING_LABEL}

SORTS = ("name", "formation", "status", "transmitted", "decision")
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class BoardFilter:
    commission_id: int | None = None
    formation_id: int | None = None
    text: str = ""
    decision: str | None = None  # a DecisionType code, or "none" for no decision yet
    transmitted_from: date | None = None  # Paris days, inclusive
    transmitted_to: date | None = None
    column: str | None = None  # a key of ALL_COLUMNS


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


def _column_expr() -> ColumnElement[Any]:
    a = Application
    return case(
        (col(a.decision_validated) == true(), "validee"),
        (col(a.decision_code).is_not(None), "saisie"),
        (col(a.status) == DossierStatus.EN_ATTENTE.value, WAITING),
        (col(a.status) == DossierStatus.INCOMPLET.value, "incomplet"),
        (col(a.status) == DossierStatus.COMPLET.value, "complet"),
        else_="recu",
    )


def _column_where(column: str) -> ColumnElement[bool]:
    """The same rule as `_column_expr`, as plain comparisons an index can serve."""
    a = Application
    no_decision = and_(col(a.decision_validated) == false(), col(a.decision_code).is_(None))
    if column == "validee":
        return col(a.decision_validated) == true()
    if column == "saisie":
        return and_(col(a.decision_validated) == false(), col(a.decision_code).is_not(None))
    status = {
        WAITING: DossierStatus.EN_ATTENTE,
        "incomplet": DossierStatus.INCOMPLET,
        "complet": DossierStatus.COMPLET,
        "recu": DossierStatus.RECEPTIONNE,
    }.get(column)
    if status is None:
        raise DomainError("Colonne inconnue.", field="column")
    return and_(no_decision, col(a.status) == status.value)


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _paris_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=PARIS)


def _conditions(
    s: Session, account: Account, flt: BoardFilter, *, with_column: bool = True
) -> list[ColumnElement[bool]] | None:
    """WHERE clauses for the account's scope and the filter; None when nothing can match."""
    require_staff(account)
    a = Application
    scope = commission_scope(s, account)
    conds: list[ColumnElement[bool]] = [col(a.cancelled_at).is_(None)]
    if scope is not None:
        if not scope:
            return None
        conds.append(col(a.commission_id).in_(sorted(scope)))
    if flt.commission_id is not None:
        if scope is not None and flt.commission_id not in scope:
            return None
        conds.append(col(a.commission_id) == flt.commission_id)
    if flt.formation_id is not None:
        conds.append(col(a.formation_id) == flt.formation_id)
    for word in fold(flt.text).split(" ")[:6]:
        if word:
            conds.append(col(a.search_text).like(f"%{_like_escape(word)}%", escape="\\"))
    if flt.decision == "none":
        conds.append(col(a.decision_code).is_(None))
    elif flt.decision:
        conds.append(col(a.decision_code) == flt.decision)
    if flt.transmitted_from is not None:
        conds.append(col(a.transmitted_at) >= _paris_midnight_utc(flt.transmitted_from))
    if flt.transmitted_to is not None:
        end = _paris_midnight_utc(flt.transmitted_to + timedelta(days=1))
        conds.append(col(a.transmitted_at) < end)
    if with_column and flt.column:
        conds.append(_column_where(flt.column))
    return conds


def board_counts(s: Session, account: Account, flt: BoardFilter | None = None) -> dict[str, int]:
    """Dossiers per board column plus the "en attente" pile, in one GROUP BY query."""
    counts = dict.fromkeys(ALL_COLUMNS, 0)
    conds = _conditions(s, account, flt or BoardFilter(), with_column=False)
    if conds is None:
        return counts
    # Grouped by the raw columns (the covering index's order), folded into columns here.
    a = Application
    rows = s.exec(
        select(_column_expr(), func.count())
        .where(*conds)
        .group_by(a.status, a.decision_code, a.decision_validated)
    ).all()
    for key, n in rows:
        counts[key] += n
    return counts


def _row_query(conds: list[ColumnElement[bool]]):  # type: ignore[no-untyped-def]
    """Ids only: the page is chosen on the application table alone (its indexes give the
    order); names and labels are joined afterwards for those few rows (`_rows`)."""
    return select(Application.id).where(*conds)


def _rows(s: Session, query) -> list[BoardRow]:  # type: ignore[no-untyped-def]
    ids = [int(i) for i in s.exec(query).all()]
    if not ids:
        return []
    a = Application
    details = s.exec(
        select(
            a.id,
            Account.file_number,
            Account.last_name,
            Account.first_name,
            Formation.label,
            a.status,
            _column_expr(),
            a.transmitted_at,
            a.decision_code,
            a.decision_validated,
        )
        .join(Account, col(Account.id) == col(a.account_id))
        .join(Formation, col(Formation.id) == col(a.formation_id))
        .where(col(a.id).in_(ids))
    ).all()
    by_id = {row[0]: BoardRow(*row) for row in details}
    return [by_id[i] for i in ids if i in by_id]


def board_cards(
    s: Session,
    account: Account,
    flt: BoardFilter | None = None,
    per_column: int = 20,
    counts: dict[str, int] | None = None,
) -> dict[str, list[BoardRow]]:
    """The latest transmitted dossiers of each board column (not the "en attente" pile).

    `counts` (from `board_counts` with the same filter) saves a query and picks the plan:
    a big column walks the transmission-date index; a small one is found by its status."""
    flt = flt or BoardFilter()
    cards: dict[str, list[BoardRow]] = {key: [] for key in COLUMNS}
    conds = _conditions(s, account, flt, with_column=False)
    if conds is None:
        return cards
    if counts is None:
        counts = board_counts(s, account, flt)
    a = Application
    for key in COLUMNS:
        if (flt.column and flt.column != key) or not counts.get(key):
            continue
        where = [*conds, _column_where(key)]
        if counts[key] >= _BIG_COLUMN:
            where = _ordered_scan_hint(s, where)
        query = (
            _row_query(where)
            .order_by(col(a.transmitted_at).desc(), col(a.id).desc())
            .limit(per_column)
        )
        cards[key] = _rows(s, query)
    return cards


_BIG_COLUMN = 2000


def _sort_keys(sort: str, desc: bool) -> list[Any]:
    """ORDER BY for a sort; ties broken by name (search_text starts with the folded
    "last first" name) then id, so pages never overlap and each order has its index."""
    a = Application
    first: list[Any] = {
        "name": [],
        "formation": [col(a.formation_id)],  # label order: see _list_by_formation
        "status": [col(a.status)],
        "transmitted": [col(a.transmitted_at)],
        "decision": [col(a.decision_code)],
    }.get(sort, [col(a.transmitted_at)])
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
            operator = cond.operator  # type: ignore[attr-defined]
            hinted.append(operator(col(Application.commission_id) + 0, cond.right))  # type: ignore[attr-defined]
        else:
            hinted.append(cond)
    return hinted


def _total(s: Session, conds: list[ColumnElement[bool]]) -> int:
    """COUNT(*) grouped like the board's counts, so it reads the covering index."""
    a = Application
    rows = s.exec(
        select(func.count())
        .select_from(a)
        .where(*conds)
        .group_by(a.status, a.decision_code, a.decision_validated)
    ).all()
    return int(sum(rows))


def board_list(
    s: Session,
    account: Account,
    flt: BoardFilter | None = None,
    sort: str = "transmitted",
    desc: bool = True,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[BoardRow], int]:
    """One page of the filtered list and the total number of matching dossiers."""
    page = max(1, page)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    conds = _conditions(s, account, flt or BoardFilter())
    if conds is None:
        return [], 0
    if sort == "formation":
        return _list_by_formation(s, conds, desc, page, page_size)
    total = _total(s, conds)
    query = (
        _row_query(_ordered_scan_hint(s, conds))
        .order_by(*_sort_keys(sort, desc))
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return _rows(s, query), int(total)


def _list_by_formation(
    s: Session, conds: list[ColumnElement[bool]], desc: bool, page: int, page_size: int
) -> tuple[list[BoardRow], int]:
    """Sorted by formation label without sorting every row: count per formation, pick the
    formations the page falls in, then sort only their rows."""
    a = Application
    per_formation = dict(
        s.exec(select(a.formation_id, func.count()).where(*conds).group_by(a.formation_id)).all()
    )
    total = sum(per_formation.values())
    labels = s.exec(
        select(Formation.id, Formation.label).where(col(Formation.id).in_(list(per_formation)))
    ).all()
    ordered = [fid for fid, _ in sorted(labels, key=lambda r: (fold(r[1]), r[0]), reverse=desc)]
    start, seen, chosen, skip = (page - 1) * page_size, 0, [], 0
    for fid in ordered:
        n = per_formation[fid]
        if seen + n > start and seen < start + page_size:
            if not chosen:
                skip = start - seen
            chosen.append(fid)
        seen += n
    if not chosen:
        return [], total
    rank = case({fid: i for i, fid in enumerate(chosen)}, value=a.formation_id)
    tail = [col(a.search_text), col(a.id)]
    query = (
        _row_query([*conds, col(a.formation_id).in_(chosen)])
        .order_by(rank, *[k.desc() if desc else k.asc() for k in tail])
        .offset(skip)
        .limit(page_size)
    )
    return _rows(s, query), total


def board_version(s: Session, account: Account) -> str:
    """A cheap value that changes whenever an application in scope changes (live updates).

    Every writer bumps `Application.updated_at`; the count catches new and deleted rows.
    """
    require_staff(account)
    a = Application
    scope = commission_scope(s, account)
    query = select(func.count(), func.max(a.updated_at), func.max(a.id))
    if scope is not None:
        if not scope:
            return "empty"
        query = query.where(col(a.commission_id).in_(sorted(scope)))
    count, latest, top = s.exec(query).one()
    stamp = latest.isoformat() if isinstance(latest, datetime) else str(latest)
    return f"{count}:{top}:{stamp}"


def formation_choices(
    s: Session, account: Account, commission_id: int | None = None
) -> list[tuple[int, str]]:
    """(id, label) of formations in scope, for the board's filter."""
    require_staff(account)
    scope = commission_scope(s, account)
    query = select(Formation.id, Formation.label).order_by(col(Formation.label))
    if scope is not None:
        query = query.where(col(Formation.commission_id).in_(sorted(scope) or [-1]))
    if commission_id is not None:
        query = query.where(col(Formation.commission_id) == commission_id)
    return [(fid, label) for fid, label in s.exec(query).all()]


def commission_choices(s: Session, account: Account) -> list[tuple[int, str]]:
    """(id, label) of commissions in scope, for the board's filter."""
    require_staff(account)
    scope = commission_scope(s, account)
    query = select(Commission.id, Commission.label).order_by(col(Commission.label))
    if scope is not None:
        query = query.where(col(Commission.id).in_(sorted(scope) or [-1]))
    return [(cid, label) for cid, label in s.exec(query).all()]


__all__ = [
    "ALL_COLUMNS",
    "COLUMNS",
    "SORTS",
    "WAITING",
    "BoardFilter",
    "BoardRow",
    "board_cards",
    "board_counts",
    "board_list",
    "board_version",
    "commission_choices",
    "formation_choices",
]


def board_ids(
    s: Session, account: Account, flt: BoardFilter | None = None, limit: int = 20000
) -> list[int]:
    """Ids of every dossier matching the filter (for exports), in transmission order."""
    conds = _conditions(s, account, flt or BoardFilter())
    if conds is None:
        return []
    a = Application
    query = (
        select(a.id)
        .where(*conds)
        .order_by(col(a.transmitted_at).desc(), col(a.id).desc())
        .limit(limit)
    )
    return [int(i) for i in s.exec(query).all()]
