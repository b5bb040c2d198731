"""Which campaign staff pages, jobs and exports act on: the current one by default.

The current campaign is the active one (`Campaign.is_active`); when none is active (between
two campaigns) the most recent one is shown. Staff may look at another campaign by its id,
validated here (an unknown id is refused). Only the current campaign's dossiers can change:
`require_current_campaign` refuses the rest with one French message (`ArchivedCampaign`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from ecandidat_app.core.errors import ArchivedCampaign, NotFound
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Application, Campaign, Formation
from ecandidat_app.core.models.ids import id_column, id_of

MSG_UNKNOWN = N_("Cette campagne n'existe pas.")


@dataclass(frozen=True)
class CampaignChoice:
    id: int
    label: str
    current: bool


# Built once: every change of a dossier asks it (`require_current_campaign`).
_ACTIVE_CAMPAIGN_ID = (
    select(id_column(Campaign))
    .where(col(Campaign.is_active).is_(True))
    .order_by(col(Campaign.id).desc())
)


def active_campaign_id(s: Session) -> int | None:
    """The id of the campaign that is open now, None when none is active."""
    return s.exec(_ACTIVE_CAMPAIGN_ID).first()


def default_campaign(s: Session) -> Campaign | None:
    """The active campaign, else the most recent one (None on an empty database)."""
    active = active_campaign_id(s)
    if active is not None:
        return s.get(Campaign, active)
    return s.exec(
        select(Campaign).order_by(col(Campaign.starts_on).desc(), col(Campaign.id).desc())
    ).first()


def chosen_campaign(s: Session, campaign_id: int | None) -> Campaign | None:
    """The campaign a staff page shows: the one picked (it must exist) or the default."""
    if campaign_id is None:
        return default_campaign(s)
    campaign = s.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(_(MSG_UNKNOWN))
    return campaign


def campaign_choices(s: Session) -> list[CampaignChoice]:
    """Every campaign, newest first, for the staff selector (labels say which is current)."""
    default = default_campaign(s)
    rows = s.exec(
        select(Campaign).order_by(col(Campaign.starts_on).desc(), col(Campaign.id).desc())
    ).all()
    out = []
    for c in rows:
        current = default is not None and c.id == default.id
        if c.is_active:
            label = _("{label} (en cours)")
        else:
            label = _("{label} (archivée)") if c.archived_at else _("{label} (fermée)")
        out.append(CampaignChoice(id_of(c), label.format(label=c.label), current))
    return out


def in_campaign(campaign_id: int) -> ColumnElement[bool]:
    """Applications of one campaign, through their formation: `formation_id` is part of
    the board's covering indexes (models/application.py), `campaign_id` is not."""
    formations = select(id_column(Formation)).where(col(Formation.campaign_id) == campaign_id)
    return col(Application.formation_id).in_(formations)


def is_current(s: Session, campaign_id: int) -> bool:
    return campaign_id == active_campaign_id(s)


def require_current_campaign(s: Session, application: Application) -> Application:
    """Refuse any change on a dossier whose campaign is not the one open now."""
    if not is_current(s, application.campaign_id):
        raise ArchivedCampaign()
    return application
