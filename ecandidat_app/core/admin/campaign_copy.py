"""Open next year's campaign by copying this one: a preview, then one confirmation.

The copy creates a new campaign (not yet current, its dates editable) and runs the steps
of `campaign_copy_steps.STEPS`; nothing of applicants is copied. Making it the current
campaign is `campaigns.activate_campaign` (one audited action, which archives the old one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from ecandidat_app.core.admin.campaign_copy_steps import (
    STEPS,
    CopyContext,
    StepPreview,
    next_year,
)
from ecandidat_app.core.admin.campaigns import save_campaign
from ecandidat_app.core.admin.inputs import FormValue, admin_audit, get_or_404
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account, Campaign
from ecandidat_app.core.permissions import require_admin

MSG_UNKNOWN = N_("Campagne introuvable.")


@dataclass(frozen=True)
class CopyPreview:
    source_id: int
    source_label: str
    code: str
    label: str
    starts_on: date
    ends_on: date
    applicant_ends_on: date
    steps: list[StepPreview]


def _next_code(code: str) -> str:
    """2026 -> 2027, CAMP2026 -> CAMP2027; a code without a year gets a suffix."""
    match = re.search(r"(\d{4})(?!.*\d)", code)
    if match is None:
        return f"{code}-2"[:20]
    year = str(int(match.group(1)) + 1)
    return code[: match.start()] + year + code[match.end() :]


def _next_label(label: str) -> str:
    """Every four-digit year in the label moves on by one ("2026-2027" -> "2027-2028")."""
    return re.sub(r"\b(\d{4})\b", lambda m: str(int(m.group(1)) + 1), label)


def preview_copy(s: Session, account: Account, source_id: int) -> CopyPreview:
    """What the copy of `source_id` will create, step by step, and the proposed values."""
    require_admin(account)
    source: Campaign = get_or_404(s, Campaign, source_id, _(MSG_UNKNOWN))
    return CopyPreview(
        source_id=source_id,
        source_label=source.label,
        code=_next_code(source.code),
        label=_next_label(source.label),
        starts_on=next_year(source.starts_on),
        ends_on=next_year(source.ends_on),
        applicant_ends_on=next_year(source.applicant_ends_on),
        steps=[
            StepPreview(_(step.label), step.preview(s, source), step.copy is not None)
            for step in STEPS
        ],
    )


def copy_campaign(
    s: Session,
    account: Account,
    source_id: int,
    *,
    code: FormValue,
    label: FormValue,
    starts_on: FormValue,
    ends_on: FormValue,
    applicant_ends_on: FormValue,
    clock: Clock = system_clock,
) -> Campaign:
    """Create the new campaign (not current yet) and copy into it; one unit of work."""
    require_admin(account)
    source: Campaign = get_or_404(s, Campaign, source_id, _(MSG_UNKNOWN))
    target = save_campaign(
        s,
        account,
        None,
        code=code,
        label=label,
        starts_on=starts_on,
        ends_on=ends_on,
        applicant_ends_on=applicant_ends_on,
        clock=clock,
    )
    target.previous_id = source.id
    s.add(target)
    ctx = CopyContext(source=source, target=target)
    done = [f"{step.key}={step.copy(s, ctx)}" for step in STEPS if step.copy is not None]
    s.flush()
    admin_audit(
        s,
        account,
        "campaign_copied",
        f"Campagne {target.code} copiée de {source.code} ({', '.join(done)})",
        clock,
    )
    return target
