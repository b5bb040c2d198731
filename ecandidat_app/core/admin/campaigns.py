"""Administration of the campaigns: at most one active, archived ones read-only."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from ecandidat_app.core.admin.inputs import (
    FormValue,
    Page,
    admin_audit,
    clean_code,
    clean_date,
    clean_text,
    ensure_unique,
    get_or_404,
    new_row,
    paged,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import (
    Account,
    Campaign,
)
from ecandidat_app.core.permissions import require_admin

# ---------------------------------------------------------------- campaigns


def list_campaigns(s: Session, account: Account, *, page: int = 1, size: int = 20) -> Page:
    require_admin(account)
    return paged(s, select(Campaign).order_by(col(Campaign.starts_on).desc()), page, size)


def save_campaign(
    s: Session,
    account: Account,
    campaign_id: int | None,
    *,
    code: FormValue,
    label: FormValue,
    starts_on: FormValue,
    ends_on: FormValue,
    applicant_ends_on: FormValue,
    clock: Clock = system_clock,
) -> Campaign:
    require_admin(account)
    campaign = (
        get_or_404(s, Campaign, campaign_id, _("Campagne introuvable."))
        if campaign_id
        else new_row(Campaign)
    )
    code_v = clean_code(code, N_("Le code"))
    ensure_unique(
        s,
        Campaign,
        Campaign.code,
        code_v,
        campaign.id,
        _("Ce code de campagne existe déjà."),
        "code",
    )
    label_v = clean_text(label, N_("Le libellé"), 120, field="label", required=True)
    start = clean_date(starts_on, N_("La date d'ouverture"), field="starts_on")
    end = clean_date(ends_on, N_("La date de fin"), field="ends_on")
    applicant_end = clean_date(
        applicant_ends_on, N_("La fin des comptes candidats"), field="applicant_ends_on"
    )
    if not start <= applicant_end <= end:
        raise DomainError(
            _(
                "Les dates doivent se suivre : ouverture, fin des comptes candidats, fin de campagne."
            ),
            field="applicant_ends_on",
        )
    if campaign.id is None:
        active = s.exec(select(Campaign).where(col(Campaign.is_active) == True)).first()  # noqa: E712
        campaign.previous_id = active.id if active else None
        campaign.created_at = clock.now()
    campaign.code, campaign.label = code_v, label_v
    campaign.starts_on, campaign.ends_on, campaign.applicant_ends_on = start, end, applicant_end
    s.add(campaign)
    s.flush()
    admin_audit(s, account, "campaign_saved", f"Campagne {campaign.code}", clock)
    return campaign


def activate_campaign(
    s: Session, account: Account, campaign_id: int, *, clock: Clock = system_clock
) -> Campaign:
    """Make this campaign the current one, in one audited action: the previous current
    campaign is archived (its dossiers read-only, purged after the delay)."""
    require_admin(account)
    campaign = get_or_404(s, Campaign, campaign_id, _("Campagne introuvable."))
    if campaign.archived_at is not None:
        raise DomainError(_("Une campagne archivée ne peut pas être réactivée."))
    previous = s.exec(
        select(Campaign).where(col(Campaign.is_active) == True, col(Campaign.id) != campaign.id)  # noqa: E712
    ).all()
    for old in previous:
        old.archived_at = old.archived_at or clock.now()
        s.add(old)
    s.exec(update(Campaign).where(col(Campaign.id) != campaign.id).values(is_active=False))
    campaign.is_active = True
    s.add(campaign)
    s.flush()
    archived = "".join(f" ; campagne {old.code} archivée" for old in previous)
    admin_audit(
        s, account, "campaign_activated", f"Campagne {campaign.code} courante{archived}", clock
    )
    return campaign


def archive_campaign(
    s: Session, account: Account, campaign_id: int, *, clock: Clock = system_clock
) -> Campaign:
    require_admin(account)
    campaign = get_or_404(s, Campaign, campaign_id, _("Campagne introuvable."))
    if campaign.is_active:
        raise DomainError(
            _("Activez d'abord une autre campagne : la campagne active ne peut pas être archivée.")
        )
    if campaign.archived_at is None:
        campaign.archived_at = clock.now()
        s.add(campaign)
        admin_audit(s, account, "campaign_archived", f"Campagne {campaign.code}", clock)
    s.flush()
    return campaign
