"""What the hand-over page offers to choose: campaigns (latest first) and the formations of
one campaign that the staff member may export."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ecandidat_app.core.models import Account, Campaign, Formation
from ecandidat_app.core.permissions import commission_scope, require_sis_export


def campaigns(s: Session, account: Account | None) -> list[Campaign]:
    require_sis_export(account)
    query = select(Campaign).where(col(Campaign.purged_at).is_(None))
    return list(
        s.exec(query.order_by(col(Campaign.is_active).desc(), col(Campaign.starts_on).desc()))
    )


def formations(s: Session, account: Account | None, campaign_id: int) -> list[Formation]:
    allowed = commission_scope(s, require_sis_export(account))
    query = select(Formation).where(col(Formation.campaign_id) == campaign_id)
    if allowed is not None:
        query = query.where(col(Formation.commission_id).in_(allowed))
    return list(s.exec(query.order_by(col(Formation.label))))
