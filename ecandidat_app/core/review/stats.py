"""Counts for the staff: dossiers by status and by decision, per formation or commission.

Two GROUP BY queries per table (statuses, decisions), whatever the number of dossiers.
Cancelled applications are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from ecandidat_app.core.campaign_scope import chosen_campaign
from ecandidat_app.core.errors import NotFound
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import Account, Application, Commission, Formation
from ecandidat_app.core.models.enums import DECISION_LABELS, DOSSIER_LABELS
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import commission_scope, require_staff

NO_DECISION = "—"


@dataclass
class StatsRow:
    id: int
    code: str
    label: str
    capacity: int = 0
    total: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DOSSIER_LABELS, 0))
    by_decision: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys([*DECISION_LABELS, NO_DECISION], 0)
    )
    pending_validation: int = 0  # decisions entered, not yet validated
    confirmed: int = 0
    withdrawn: int = 0


def _counts(
    s: Session, key: Any, scope: set[int] | None, commission_id: int | None, campaign_id: int
) -> tuple[Sequence[Any], Sequence[Any]]:
    """(status rows, decision rows) of one campaign, grouped by `key` (formation or
    commission id)."""
    filters: list[ColumnElement[bool]] = [
        col(Application.cancelled_at).is_(None),
        col(Application.campaign_id) == campaign_id,
    ]
    if scope is not None:
        filters.append(col(Application.commission_id).in_(scope))
    if commission_id is not None:
        filters.append(col(Application.commission_id) == commission_id)
    n = func.count(col(Application.id))
    by_status = s.exec(
        select(key, col(Application.status), n).where(*filters).group_by(key, Application.status)
    ).all()
    decision_columns: tuple[Any, ...] = (
        key,
        Application.decision_code,
        Application.decision_validated,
        Application.accepted,
        n,
    )
    by_decision = s.exec(
        select(*decision_columns).where(*filters).group_by(*decision_columns[:-1])
    ).all()
    return by_status, by_decision


def _fill(
    rows: dict[int, StatsRow], by_status: Sequence[Any], by_decision: Sequence[Any]
) -> list[StatsRow]:
    for key, status, count in by_status:
        if key in rows:
            rows[key].by_status[str(status)] = count
            rows[key].total += count
    for key, code, validated, accepted, count in by_decision:
        row = rows.get(key)
        if row is None:
            continue
        row.by_decision[code or NO_DECISION] += count
        if code and not validated:
            row.pending_validation += count
        if accepted is True:
            row.confirmed += count
        elif accepted is False:
            row.withdrawn += count
    return list(rows.values())


def _scope_for(s: Session, account: Account, commission_id: int | None) -> set[int] | None:
    require_staff(account)
    scope = commission_scope(s, account)
    if commission_id is not None and scope is not None and commission_id not in scope:
        raise NotFound(_("Cette commission n'existe pas ou vous n'y avez pas accès."))
    return scope


def _campaign_id(s: Session, campaign_id: int | None) -> int:
    campaign = chosen_campaign(s, campaign_id)
    return id_of(campaign) if campaign is not None else -1


def stats_by_formation(
    s: Session,
    account: Account,
    commission_id: int | None = None,
    *,
    campaign_id: int | None = None,
) -> list[StatsRow]:
    """One row per formation of the campaign in scope (without dossiers: at zero).
    `campaign_id` None: the current campaign (campaign_scope.chosen_campaign)."""
    scope = _scope_for(s, account, commission_id)
    campaign = _campaign_id(s, campaign_id)
    query = (
        select(Formation)
        .where(col(Formation.campaign_id) == campaign)
        .order_by(Formation.label, Formation.code)
    )
    if scope is not None:
        query = query.where(col(Formation.commission_id).in_(scope))
    if commission_id is not None:
        query = query.where(col(Formation.commission_id) == commission_id)
    rows = {
        id_of(f): StatsRow(id=id_of(f), code=f.code, label=f.label, capacity=f.capacity)
        for f in s.exec(query).all()
    }
    return _fill(rows, *_counts(s, Application.formation_id, scope, commission_id, campaign))


def stats_by_commission(
    s: Session, account: Account, *, campaign_id: int | None = None
) -> list[StatsRow]:
    scope = _scope_for(s, account, None)
    campaign = _campaign_id(s, campaign_id)
    query = select(Commission).order_by(Commission.label, Commission.code)
    if scope is not None:
        query = query.where(col(Commission.id).in_(scope))
    rows = {
        id_of(c): StatsRow(id=id_of(c), code=c.code, label=c.label) for c in s.exec(query).all()
    }
    return _fill(rows, *_counts(s, Application.commission_id, scope, None, campaign))


def commissions_in_scope(s: Session, account: Account) -> list[Commission]:
    """For the page's commission filter."""
    scope = _scope_for(s, account, None)
    query = select(Commission).order_by(Commission.label)
    if scope is not None:
        query = query.where(col(Commission.id).in_(scope))
    return list(s.exec(query).all())
