"""The campaign a staff page looks at (board, statistics, exports): validated here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ecandidat_app.core.campaign_scope import (
    CampaignChoice,
    campaign_choices,
    chosen_campaign,
    is_current,
)
from ecandidat_app.core.models import Account
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import require_staff


@dataclass(frozen=True)
class CampaignPick:
    id: int | None  # None: no campaign at all yet
    label: str
    archived: bool  # not the current campaign: read-only
    choices: list[CampaignChoice]


def pick_campaign(s: Session, account: Account, campaign_id: int | None) -> CampaignPick:
    """The chosen campaign (None: the current one) with the selector's choices; an id
    that names no campaign is refused (`NotFound`, in French)."""
    require_staff(account)
    campaign = chosen_campaign(s, campaign_id)
    choices = campaign_choices(s)
    if campaign is None:
        return CampaignPick(None, "", False, choices)
    return CampaignPick(
        id_of(campaign), campaign.label, not is_current(s, id_of(campaign)), choices
    )
