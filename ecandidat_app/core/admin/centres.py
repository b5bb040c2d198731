"""Administration of the centres and of their commissions with their members."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ecandidat_app.core.admin.formations import formation_search_text
from ecandidat_app.core.admin.inputs import (
    FormValue,
    Page,
    admin_audit,
    clean_bool,
    clean_code,
    clean_int,
    clean_text,
    ensure_unique,
    get_or_404,
    new_row,
    optional_id,
    paged,
    search_words,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import (
    Account,
    Centre,
    Commission,
    CommissionMember,
    Formation,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import STAFF as PERMISSION_STAFF
from ecandidat_app.core.permissions import offer_centres, require_admin, require_centre
from ecandidat_app.core.validation import validate_email

# ---------------------------------------------------------------- centres


def list_centres(
    s: Session, account: Account, *, page: int = 1, size: int = 20, search: str = ""
) -> Page:
    require_admin(account)
    query = search_words(select(Centre).order_by(Centre.label), search, Centre.label, Centre.code)
    return paged(s, query, page, size)


def save_centre(
    s: Session,
    account: Account,
    centre_id: int | None,
    *,
    code: FormValue,
    label: FormValue,
    max_applications: FormValue = 20,
    clock: Clock = system_clock,
) -> Centre:
    require_admin(account)
    centre = (
        get_or_404(s, Centre, centre_id, _("Centre introuvable.")) if centre_id else new_row(Centre)
    )
    code_v = clean_code(code, N_("Le code"))
    ensure_unique(
        s, Centre, Centre.code, code_v, centre.id, _("Ce code de centre existe déjà."), "code"
    )
    new_label = clean_text(label, N_("Le libellé"), 160, field="label", required=True)
    renamed = centre.id is not None and new_label != centre.label
    centre.code, centre.label = code_v, new_label
    centre.max_applications = clean_int(
        max_applications,
        N_("Le nombre maximal de candidatures"),
        field="max_applications",
        minimum=1,
        maximum=100,
    )
    s.add(centre)
    s.flush()
    if renamed:  # the centre's label is part of its formations' search text
        for formation in s.exec(
            select(Formation).where(col(Formation.centre_id) == centre.id)
        ).all():
            formation.search_text = formation_search_text(s, formation)
            s.add(formation)
        s.flush()
    admin_audit(s, account, "centre_saved", f"Centre {centre.code}", clock)
    return centre


def all_centres(s: Session) -> list[Centre]:
    return list(s.exec(select(Centre).order_by(Centre.label)).all())


# ---------------------------------------------------------------- commissions


def list_commissions(
    s: Session, account: Account, *, page: int = 1, size: int = 20, search: str = ""
) -> Page:
    centres = offer_centres(s, account)
    query = search_words(
        select(Commission).order_by(Commission.label), search, Commission.label, Commission.code
    )
    if centres is not None:  # a centre administrator: their centres' commissions only
        query = query.where(col(Commission.centre_id).in_(centres))
    return paged(s, query, page, size)


def all_commissions(s: Session) -> list[Commission]:
    return list(s.exec(select(Commission).order_by(Commission.label)).all())


def save_commission(
    s: Session,
    account: Account,
    commission_id: int | None,
    *,
    centre_id: FormValue,
    code: FormValue,
    label: FormValue,
    contact_email: FormValue = "",
    alert_on_transmit: FormValue = False,
    alert_on_withdrawal: FormValue = False,
    clock: Clock = system_clock,
) -> Commission:
    offer_centres(s, account)
    commission = (
        get_or_404(s, Commission, commission_id, _("Commission introuvable."))
        if commission_id
        else new_row(Commission)
    )
    if commission.id is not None:
        require_centre(s, account, commission.centre_id)
    centre = s.get(Centre, optional_id(centre_id) or 0)
    if centre is None:
        raise DomainError(_("Choisissez le centre de la commission."), field="centre_id")
    require_centre(s, account, centre.id)
    if commission.id is not None and commission.centre_id != centre.id:
        has_formations = s.exec(
            select(Formation.id).where(col(Formation.commission_id) == commission.id)
        ).first()
        if has_formations is not None:
            raise DomainError(
                _(
                    "Cette commission a des formations : rattachez-les d'abord à une autre commission."
                ),
                field="centre_id",
            )
    code_v = clean_code(code, N_("Le code"))
    ensure_unique(
        s,
        Commission,
        Commission.code,
        code_v,
        commission.id,
        _("Ce code de commission existe déjà."),
        "code",
    )
    email = str(contact_email or "").strip()
    commission.contact_email = validate_email(email, field="contact_email") if email else ""
    commission.centre_id = centre.id
    commission.code = code_v
    commission.label = clean_text(label, N_("Le libellé"), 160, field="label", required=True)
    commission.alert_on_transmit = clean_bool(alert_on_transmit)
    commission.alert_on_withdrawal = clean_bool(alert_on_withdrawal)
    if (
        commission.alert_on_transmit or commission.alert_on_withdrawal
    ) and not commission.contact_email:
        raise DomainError(_("Les alertes demandent une adresse de contact."), field="contact_email")
    s.add(commission)
    s.flush()
    admin_audit(s, account, "commission_saved", f"Commission {commission.code}", clock)
    return commission


def _managed_commission(s: Session, account: Account, commission_id: int) -> Commission:
    """A commission of the account's centres (any for an admin); French refusal otherwise."""
    offer_centres(s, account)
    commission: Commission = get_or_404(s, Commission, commission_id, _("Commission introuvable."))
    require_centre(s, account, commission.centre_id)
    return commission


def commission_members(
    s: Session, account: Account, commission_id: int
) -> list[tuple[Account, bool]]:
    _managed_commission(s, account, commission_id)
    rows = s.exec(
        select(Account, CommissionMember.is_president)
        .join(CommissionMember, col(CommissionMember.account_id) == Account.id)
        .where(col(CommissionMember.commission_id) == commission_id)
        .order_by(Account.last_name, Account.first_name)
    ).all()
    return [(a, bool(p)) for a, p in rows]


def set_commission_member(
    s: Session,
    account: Account,
    commission_id: int,
    member_id: FormValue,
    *,
    is_president: FormValue = False,
    clock: Clock = system_clock,
) -> CommissionMember:
    """Add a staff member to a commission (or change their president flag); one president."""
    commission = _managed_commission(s, account, commission_id)
    member = s.get(Account, optional_id(member_id) or 0)
    if member is None or member.role not in PERMISSION_STAFF:
        raise DomainError(_("Choisissez un compte du personnel."), field="member_id")
    president = clean_bool(is_president)
    if president:
        for other in s.exec(
            select(CommissionMember).where(col(CommissionMember.commission_id) == commission.id)
        ).all():
            if other.is_president and other.account_id != member.id:
                other.is_president = False
                s.add(other)
    row = s.get(CommissionMember, (commission.id, member.id))
    if row is None:
        row = CommissionMember(commission_id=id_of(commission), account_id=id_of(member))
    row.is_president = president
    s.add(row)
    s.flush()
    admin_audit(
        s,
        account,
        "commission_member_set",
        f"{member.email} dans {commission.code}{' (président)' if president else ''}",
        clock,
    )
    return row


def remove_commission_member(
    s: Session, account: Account, commission_id: int, member_id: int, *, clock: Clock = system_clock
) -> None:
    _managed_commission(s, account, commission_id)
    row = s.get(CommissionMember, (commission_id, member_id))
    if row is None:
        raise NotFound(_("Ce membre ne fait pas partie de la commission."))
    s.delete(row)
    s.flush()
    admin_audit(
        s, account, "commission_member_removed", f"Compte {member_id} de {commission_id}", clock
    )
