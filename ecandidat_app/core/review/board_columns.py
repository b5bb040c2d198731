"""The board's columns and filters: the column a dossier stands in (from its status and latest
decision), and the SQL conditions of a filter within the staff member's commission scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, false, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from ecandidat_app.core.campaign_scope import chosen_campaign, in_campaign
from ecandidat_app.core.clock import PARIS
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account, Application, DossierStatus
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import commission_scope, require_staff
from ecandidat_app.core.text import fold, like_escape

# Board columns in display order, then the "en attente" pile (not yet transmitted). The labels
# are French msgids: shown through t() (components) or _() (the server).
COLUMNS: dict[str, str] = {
    "recu": N_("Réceptionné"),
    "incomplet": N_("Incomplet"),
    "complet": N_("Complet"),
    "saisie": N_("Décision saisie"),
    "validee": N_("Décision validée"),
}
WAITING = "attente"
WAITING_LABEL = N_("En attente de transmission")
ALL_COLUMNS: dict[str, str] = {**COLUMNS, WAITING: WAITING_LABEL}


@dataclass(frozen=True)
class BoardFilter:
    commission_id: int | None = None
    formation_id: int | None = None
    text: str = ""
    decision: str | None = None  # a DecisionType code, or "none" for no decision yet
    transmitted_from: date | None = None  # Paris days, inclusive
    transmitted_to: date | None = None
    column: str | None = None  # a key of ALL_COLUMNS
    campaign_id: int | None = None  # None: the current campaign (campaign_scope)


def column_expr() -> ColumnElement[Any]:
    """The board column of a row (the same rule as `column_where`)."""
    a = Application
    no_decision = col(a.decision_code).is_(None)
    return case(
        (and_(no_decision, col(a.status) == DossierStatus.EN_ATTENTE.value), WAITING),
        (and_(no_decision, col(a.status) == DossierStatus.INCOMPLET.value), "incomplet"),
        (and_(no_decision, col(a.status) == DossierStatus.COMPLET.value), "complet"),
        (no_decision, "recu"),
        (col(a.decision_validated) == true(), "validee"),
        else_="saisie",
    )


_STATUS_OF_COLUMN = {
    WAITING: DossierStatus.EN_ATTENTE,
    "incomplet": DossierStatus.INCOMPLET,
    "complet": DossierStatus.COMPLET,
    "recu": DossierStatus.RECEPTIONNE,
}


def column_where(column: str) -> ColumnElement[bool]:
    """One column as plain comparisons: the equalities that lead the partial indexes
    `ix_application_board_stage` (no decision) and `ix_application_board_decided`."""
    a = Application
    if column in ("validee", "saisie"):
        return and_(
            col(a.decision_code).is_not(None),
            col(a.decision_validated) == (true() if column == "validee" else false()),
        )
    status = _STATUS_OF_COLUMN.get(column)
    if status is None:
        raise DomainError(_("Colonne inconnue."), field="column")
    return and_(col(a.status) == status.value, col(a.decision_code).is_(None))


def _paris_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=PARIS)


def conditions(
    s: Session, account: Account, flt: BoardFilter, *, with_column: bool = True
) -> list[ColumnElement[bool]] | None:
    """WHERE clauses for the account's scope and the filter; None when nothing can match."""
    require_staff(account)
    scope = _scope_conditions(s, account, flt)
    if scope is None:
        return None
    return scope + _filter_conditions(flt, with_column=with_column)


def _scope_conditions(
    s: Session, account: Account, flt: BoardFilter
) -> list[ColumnElement[bool]] | None:
    """Live dossiers of the account's commissions (and of the chosen one): None when the
    account sees none of them."""
    a = Application
    scope = commission_scope(s, account)
    campaign = chosen_campaign(s, flt.campaign_id)
    if campaign is None:
        return None
    conds: list[ColumnElement[bool]] = [col(a.cancelled_at).is_(None), in_campaign(id_of(campaign))]
    if scope is not None:
        if not scope:
            return None
        conds.append(col(a.commission_id).in_(sorted(scope)))
    if flt.commission_id is not None:
        if scope is not None and flt.commission_id not in scope:
            return None
        conds.append(col(a.commission_id) == flt.commission_id)
    return conds


def _filter_conditions(flt: BoardFilter, *, with_column: bool) -> list[ColumnElement[bool]]:
    """The filter's other criteria: formation, words, decision, transmission dates, column."""
    a = Application
    conds: list[ColumnElement[bool]] = []
    if flt.formation_id is not None:
        conds.append(col(a.formation_id) == flt.formation_id)
    for word in fold(flt.text).split(" ")[:6]:
        if word:
            conds.append(col(a.search_text).like(f"%{like_escape(word)}%", escape="\\"))
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
        conds.append(column_where(flt.column))
    return conds
