"""Starting a production install without the demo: the first administrator (`ecandidat
create-admin`, run by whoever operates the server) and the first campaign (admin pages).

`create_admin` is idempotent and safe: an address that already has an administrator
account changes nothing; a staff account of another role is promoted only when asked;
every creation or promotion is audited."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, col, func, select

from ecandidat_app.core import audit
from ecandidat_app.core.accounts.recovery import issue_reset_link
from ecandidat_app.core.accounts.registration import check_new_password, raise_first
from ecandidat_app.core.admin.campaigns import activate_campaign, save_campaign
from ecandidat_app.core.admin.inputs import FormValue
from ecandidat_app.core.admin.staff import ROLE_LABELS, STAFF_ROLES, _new_staff_number
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account, Campaign, Role
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import require_admin
from ecandidat_app.core.security import hash_password
from ecandidat_app.core.validation import validate_email, validate_person_name


class AdminOutcome(StrEnum):
    CREATED = "created"
    PROMOTED = "promoted"
    ALREADY_ADMIN = "already_admin"


@dataclass(frozen=True)
class AdminRequest:
    """What the operator gave: the address, the name, and how the password is chosen:
    `password` typed twice on the terminal, or (empty) a link e-mailed."""

    email: str
    first_name: str = "Administrateur"
    last_name: str = "eCandidat"
    password: str = ""
    password_confirm: str = ""
    promote: bool = False


@dataclass(frozen=True)
class AdminResult:
    account_id: int
    email: str
    outcome: AdminOutcome
    link_sent: bool


def _staff_with(s: Session, address: str) -> Account | None:
    query = (
        select(Account)
        .where(col(Account.email) == address)
        .where(col(Account.role).in_([r.value for r in STAFF_ROLES]))
        .where(col(Account.deleted_at).is_(None))
    )
    return s.exec(query).first()


def create_admin(s: Session, request: AdminRequest, *, clock: Clock = system_clock) -> AdminResult:
    """Create (or, with `promote`, promote) the administrator `request.email`; with no
    password, e-mail a single-use link to choose one. Refusals are French `DomainError`s."""
    address = validate_email(request.email)
    first = validate_person_name(request.first_name, N_("Le prénom"), field="first_name")
    last = validate_person_name(request.last_name, N_("Le nom"), field="last_name")
    if request.password:
        raise_first(
            check_new_password(
                request.password, request.password_confirm, personal=[first, last, address]
            )
        )
    existing = _staff_with(s, address)
    if existing is not None and existing.role == Role.ADMIN:
        return AdminResult(id_of(existing), address, AdminOutcome.ALREADY_ADMIN, False)
    if existing is not None and not request.promote:
        raise DomainError(
            f"{address} est déjà un compte du personnel "
            f"({ROLE_LABELS[str(existing.role)].lower()}) : ajoutez --promouvoir pour "
            "en faire un administrateur."
        )
    account = existing or Account(
        role=Role.ADMIN,
        file_number=_new_staff_number(s),
        email=address,
        first_name=first,
        last_name=last,
        validated_at=clock.now(),
        created_at=clock.now(),
    )
    previous = ROLE_LABELS[str(account.role)] if existing is not None else ""
    account.role, account.is_active = Role.ADMIN, True
    if request.password:
        account.password_hash = hash_password(request.password)
    s.add(account)
    s.flush()
    if not request.password:
        issue_reset_link(s, account, clock=clock)
    outcome = AdminOutcome.PROMOTED if existing is not None else AdminOutcome.CREATED
    detail = f"{address} (ligne de commande{', ancien rôle : ' + previous if previous else ''})"
    audit.record(s, f"admin_{outcome.value}_cli", account_id=account.id, detail=detail, clock=clock)
    s.flush()
    return AdminResult(id_of(account), address, outcome, not request.password)


# ---------------------------------------------------------------- the first campaign


def has_campaign(s: Session) -> bool:
    return bool(s.exec(select(func.count()).select_from(Campaign)).one())


@dataclass(frozen=True)
class CampaignInput:
    code: FormValue
    label: FormValue
    starts_on: FormValue
    applicant_ends_on: FormValue
    ends_on: FormValue


def create_first_campaign(
    s: Session, account: Account, data: CampaignInput, *, clock: Clock = system_clock
) -> Campaign:
    """On a fresh database: the first campaign, made current at once. Refused once any
    campaign exists (the campaigns page then creates and activates the next ones)."""
    require_admin(account)
    if has_campaign(s):
        raise DomainError(
            _("Une campagne existe déjà : gérez les campagnes depuis la page « Campagnes ».")
        )
    campaign = save_campaign(
        s,
        account,
        None,
        code=data.code,
        label=data.label,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        applicant_ends_on=data.applicant_ends_on,
        clock=clock,
    )
    return activate_campaign(s, account, id_of(campaign), clock=clock)
