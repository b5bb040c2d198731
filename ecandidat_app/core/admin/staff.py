"""Staff accounts (gestionnaire, commission member, centre administrator, reader, admin):
creation with an initial password or an e-mailed link, role and activation, the reach of
the scoped roles (centres, commissions)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ecandidat_app.core.accounts.passwords import check_password
from ecandidat_app.core.admin.inputs import (
    Page,
    admin_audit,
    clean_bool,
    optional_id,
    paged,
    search_words,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import (
    Account,
    Centre,
    Commission,
    Role,
    StaffScope,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import SCOPED_ROLES, require_admin
from ecandidat_app.core.security import hash_password, hash_token, new_token
from ecandidat_app.core.validation import validate_email, validate_person_name

STAFF_ROLES = (Role.GESTIONNAIRE, Role.COMMISSION, Role.CENTRE_ADMIN, Role.LECTEUR, Role.ADMIN)
# Translated where shown (`_(ROLE_LABELS[role])`); the audit keeps the French.
ROLE_LABELS = {
    Role.GESTIONNAIRE.value: N_("Gestionnaire"),
    Role.COMMISSION.value: N_("Membre de commission"),
    Role.CENTRE_ADMIN.value: N_("Administrateur de centre"),
    Role.LECTEUR.value: N_("Lecteur (consultation seule)"),
    Role.ADMIN.value: N_("Administrateur"),
}


# ---------------------------------------------------------------- staff accounts


def _staff_query() -> SelectOfScalar[Account]:
    return select(Account).where(col(Account.role).in_([r.value for r in STAFF_ROLES]))


def list_staff(
    s: Session, account: Account, *, page: int = 1, size: int = 20, search: str = ""
) -> Page:
    require_admin(account)
    query = search_words(
        _staff_query().order_by(Account.last_name, Account.first_name),
        search,
        Account.last_name,
        Account.first_name,
        Account.email,
    )
    return paged(s, query, page, size)


def all_staff(s: Session) -> list[Account]:
    active = _staff_query().where(col(Account.is_active).is_(True))
    return list(s.exec(active.order_by(Account.last_name)).all())


def _role(value: Any) -> Role:
    if str(value) not in ROLE_LABELS:
        raise DomainError(_("Choisissez le rôle du compte."), field="role")
    return Role(str(value))


def _new_staff_number(s: Session) -> str:
    for _attempt in range(50):
        number = f"P{secrets.randbelow(10**8):08d}"
        if s.exec(select(Account.id).where(col(Account.file_number) == number)).first() is None:
            return number
    raise DomainError(_("Impossible d'attribuer un identifiant : réessayez."))


def _send_reset(s: Session, staff: Account, clock: Clock) -> None:
    settings = get_settings()
    token = new_token()
    staff.reset_token_hash = hash_token(token)
    staff.reset_expires_at = clock.now() + timedelta(hours=settings.reset_link_hours)
    s.add(staff)
    enqueue(
        s,
        "password_reset",
        staff.email,
        {
            "first_name": staff.first_name,
            "link": f"{settings.base_url.rstrip('/')}/reinitialiser?token={token}",
            "hours": settings.reset_link_hours,
        },
        account_id=staff.id,
        clock=clock,
    )


def _check_free_email(s: Session, address: str) -> None:
    live = (
        _staff_query().where(col(Account.email) == address).where(col(Account.deleted_at).is_(None))
    )
    if s.exec(live).first() is not None:
        raise DomainError(_("Un compte du personnel utilise déjà cette adresse."), field="email")


ENT_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")


def _ent_login(s: Session, value: str | None, staff_id: int | None) -> str | None:
    """The ENT uid an admin links a staff account to (CAS sign-in); None unlinks."""
    login = (value or "").strip().lower()
    if not login:
        return None
    if not ENT_LOGIN.fullmatch(login):
        raise DomainError(
            _(
                "Identifiant ENT invalide : lettres minuscules, chiffres, point, tiret ou tiret bas."
            ),
            field="ent_login",
        )
    taken = s.exec(
        _staff_query().where(col(Account.ent_login) == login, col(Account.deleted_at).is_(None))
    ).first()
    if taken is not None and taken.id != staff_id:
        raise DomainError(
            _("Cet identifiant ENT est déjà rattaché à un autre compte du personnel."),
            field="ent_login",
        )
    return login


def create_staff(
    s: Session,
    account: Account,
    *,
    email: str | None,
    first_name: str | None,
    last_name: str | None,
    role: Role | str,
    password: str = "",
    send_reset: bool | str = False,
    ent_login: str | None = None,
    clock: Clock = system_clock,
) -> Account:
    """A gestionnaire, commission member or admin: with an initial password, or a reset
    link e-mailed (through the outbox) so they choose their own."""
    require_admin(account)
    address = validate_email(email)
    _check_free_email(s, address)
    first = validate_person_name(first_name, N_("Le prénom"), field="first_name")
    last = validate_person_name(last_name, N_("Le nom"), field="last_name")
    role_v = _role(role)
    pw = str(password or "")
    reset = clean_bool(send_reset)
    if not pw and not reset:
        raise DomainError(
            _("Donnez un mot de passe initial ou cochez l'envoi d'un lien par e-mail."),
            field="password",
        )
    if pw:
        check_password(pw, personal=[first, last, address], field="password")
    staff = Account(
        role=role_v,
        file_number=_new_staff_number(s),
        email=address,
        first_name=first,
        last_name=last,
        password_hash=hash_password(pw) if pw else "",
        validated_at=clock.now(),
        created_at=clock.now(),
        ent_login=_ent_login(s, ent_login, None),
    )
    s.add(staff)
    s.flush()
    if reset:
        _send_reset(s, staff, clock)
    admin_audit(s, account, "staff_created", f"{address} ({ROLE_LABELS[role_v.value]})", clock)
    s.flush()
    return staff


def update_staff(
    s: Session,
    account: Account,
    staff_id: int,
    *,
    first_name: str | None,
    last_name: str | None,
    role: Role | str,
    is_active: bool | str = True,
    email: str | None = None,
    ent_login: str | None = None,
    clock: Clock = system_clock,
) -> Account:
    require_admin(account)
    staff = s.get(Account, staff_id)
    if staff is None or staff.role not in STAFF_ROLES:
        raise NotFound(_("Compte introuvable."))
    if email not in (None, ""):
        address = validate_email(email)
        if address != staff.email:
            _check_free_email(s, address)
            staff.email = address
    role_v = _role(role)
    active = clean_bool(is_active)
    if staff.id == account.id and (role_v != Role.ADMIN or not active):
        raise DomainError(
            _("Vous ne pouvez pas retirer vos propres droits d'administrateur."), field="role"
        )
    staff.first_name = validate_person_name(first_name, N_("Le prénom"), field="first_name")
    staff.last_name = validate_person_name(last_name, N_("Le nom"), field="last_name")
    staff.role = role_v
    staff.is_active = active
    staff.ent_login = _ent_login(s, ent_login, staff.id)
    s.add(staff)
    s.flush()
    admin_audit(s, account, "staff_updated", f"{staff.email} ({ROLE_LABELS[role_v.value]})", clock)
    return staff


def send_staff_reset(
    s: Session, account: Account, staff_id: int, *, clock: Clock = system_clock
) -> None:
    require_admin(account)
    staff = s.get(Account, staff_id)
    if staff is None or staff.role not in STAFF_ROLES:
        raise NotFound(_("Compte introuvable."))
    _send_reset(s, staff, clock)
    admin_audit(s, account, "staff_reset_sent", staff.email, clock)
    s.flush()


def staff_scope(s: Session, staff_id: int) -> tuple[list[int], list[int]]:
    """(whole centres, single commissions) a gestionnaire reaches."""
    rows = s.exec(select(StaffScope).where(col(StaffScope.account_id) == staff_id)).all()
    return (
        [r.centre_id for r in rows if r.commission_id is None],
        [r.commission_id for r in rows if r.commission_id is not None],
    )


def set_staff_scope(
    s: Session,
    account: Account,
    staff_id: int,
    *,
    centre_ids: Iterable[Any] = (),
    commission_ids: Iterable[Any] = (),
    clock: Clock = system_clock,
) -> None:
    """Replace the reach of a gestionnaire or a reader (whole centres and/or single
    commissions) or of a centre administrator (the offer of whole centres only)."""
    require_admin(account)
    staff = s.get(Account, staff_id)
    if staff is None or staff.role not in SCOPED_ROLES:
        raise DomainError(
            _(
                "Seuls un gestionnaire, un administrateur de centre ou un lecteur ont un "
                "périmètre de centres ou de commissions."
            )
        )
    centres = {int(i) for i in centre_ids if optional_id(i)}
    commissions = {int(i) for i in commission_ids if optional_id(i)}
    known_centres = (
        set(s.exec(select(Centre.id).where(col(Centre.id).in_(centres))).all())
        if centres
        else set()
    )
    found = (
        s.exec(select(Commission).where(col(Commission.id).in_(commissions))).all()
        if commissions
        else []
    )
    if known_centres != centres or len(found) != len(commissions):
        raise DomainError(_("Un des centres ou commissions choisis n'existe plus."), field="scope")
    for row in s.exec(select(StaffScope).where(col(StaffScope.account_id) == staff.id)).all():
        s.delete(row)
    s.flush()
    for centre_id in sorted(centres):
        s.add(StaffScope(account_id=id_of(staff), centre_id=centre_id))
    for commission in found:
        if commission.centre_id not in centres:  # already covered by the whole centre
            s.add(
                StaffScope(
                    account_id=id_of(staff),
                    centre_id=commission.centre_id,
                    commission_id=id_of(commission),
                )
            )
    s.flush()
    admin_audit(
        s,
        account,
        "staff_scope_set",
        f"{staff.email} : centres {sorted(centres)}, commissions {sorted(commissions)}",
        clock,
    )
