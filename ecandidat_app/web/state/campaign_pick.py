"""The staff's campaign selector (board, statistics, exports), shared by their states.

The value is the campaign's id as text, "" for the current campaign. Every change is
validated by the core (`review.campaigns.pick_campaign`: an unknown id is refused), and
each page keeps its own choice: picking last year on the board leaves the statistics of
this tab, and every other tab, on the current campaign."""

from __future__ import annotations

from ecandidat_app.core.i18n import N_
from ecandidat_app.core.review.campaigns import CampaignPick
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.event_args import parse_id

ARCHIVED_NOTICE = N_("Campagne archivée — consultation seule")


class CampaignPickState(AuthState, mixin=True):
    campaign: str = ""
    campaign_options: list[dict[str, str]] = []
    campaign_archived: bool = False
    campaign_label: str = ""

    def _campaign_id(self) -> int | None:
        return parse_id(self.campaign)

    def _show_campaign(self, pick: CampaignPick, chosen: str) -> None:
        """Show the core's answer; "" stays "" (the current campaign, whichever it is)."""
        self.campaign = chosen if chosen and pick.id is not None else ""
        self.campaign_archived = pick.archived
        self.campaign_label = pick.label
        # The current campaign is the select's empty option ("Campagne en cours").
        self.campaign_options = [
            {"value": str(c.id), "label": c.label} for c in pick.choices if not c.current
        ]
