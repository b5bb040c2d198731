"""Signing in through the ENT's CAS, once the ticket is validated (`cas.validate`).

Former students: the account of the active campaign linked to their ENT uid, created at the
first sign-in from the CAS identity (names, student number, the university address that the
ENT vouches for, confirmed by that very sign-in), with the imported bac and internal cursus
copied on it, read-only. Staff: the staff account an administrator linked to the uid
(`admin.staff.update_staff(ent_login=…)`); nobody becomes staff through the ENT alone.

The session keeps the hash of the service ticket, so the CAS single logout, which names the
ticket, ends it (`end_sessions_of_ticket`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.accounts import common, sessions
from ecandidat_app.core.admin.staff import STAFF_ROLES
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.integrations.cas import CasIdentity, CasRefusal
from ecandidat_app.core.integrations.former_students import (
    account_by_ent_login,
    attach_imported_records,
    former_student_account,
)
from ecandidat_app.core.models import Account, LoginSession
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.security import hash_token

Profile = Literal["etudiant", "personnel"]


@dataclass(frozen=True)
class CasSignIn:
    account: Account
    token: str  # the new session's token, for the HttpOnly cookie only
    created: bool = False


def cas_sign_in(
    s: Session,
    identity: CasIdentity,
    *,
    profile: Profile,
    ticket: str,
    client_key: str = "",
    clock: Clock = system_clock,
) -> CasSignIn:
    created = False
    if profile == "personnel":
        account = staff_by_ent_login(s, identity.login)
        if account is None:
            raise CasRefusal("pas-personnel")
    else:
        account, created = _former_student(s, identity, clock=clock)
    if not account.is_active:
        raise CasRefusal("compte-desactive")
    if account.validated_at is None:
        raise CasRefusal("non-confirme")
    token = sessions.open_session(s, id_of(account), clock=clock)
    row = s.exec(select(LoginSession).where(LoginSession.token_hash == hash_token(token))).one()
    row.cas_ticket_hash = hash_token(ticket)
    audit.record(
        s,
        "login",
        actor_id=account.id,
        account_id=account.id,
        detail=f"ENT (CAS) {identity.login} {client_key}".strip(),
        clock=clock,
    )
    s.flush()
    return CasSignIn(account, token, created)


def staff_by_ent_login(s: Session, login: str) -> Account | None:
    return s.exec(
        select(Account).where(
            col(Account.role).in_([r.value for r in STAFF_ROLES]),
            col(Account.ent_login) == login,
            col(Account.deleted_at).is_(None),
        )
    ).first()


def _former_student(s: Session, identity: CasIdentity, *, clock: Clock) -> tuple[Account, bool]:
    campaign = common.require_active_campaign(s)
    existing = account_by_ent_login(s, campaign, identity.login)
    if existing is not None:
        return existing, False
    if not identity.student_number:
        raise CasRefusal("pas-etudiant")
    if not identity.email:
        raise CasRefusal("sans-adresse")
    assert campaign.id is not None
    if common.applicant_by_email(s, campaign.id, identity.email) is not None:
        raise CasRefusal("adresse-prise")
    account = former_student_account(s, campaign, identity, identity.email, clock=clock)
    account.validated_at = clock.now()  # the ENT vouches for its own address
    try:
        with s.begin_nested():  # two tabs coming back from the CAS at once: one account
            s.add(account)
            s.flush()
    except IntegrityError:
        again = account_by_ent_login(s, campaign, identity.login)
        if again is None:
            raise CasRefusal("adresse-prise") from None
        return again, False
    attach_imported_records(s, account)
    audit.record(
        s,
        "account_created",
        actor_id=account.id,
        account_id=account.id,
        detail=f"Compte {account.file_number} créé (ancien étudiant, ENT CAS {identity.login})",
        clock=clock,
    )
    return account, True


def end_sessions_of_ticket(s: Session, ticket: str, *, clock: Clock = system_clock) -> int:
    """CAS single logout: revoke the sessions opened with this service ticket."""
    if not ticket:
        return 0
    rows = s.exec(
        select(LoginSession).where(
            col(LoginSession.cas_ticket_hash) == hash_token(ticket),
            col(LoginSession.revoked_at).is_(None),
        )
    ).all()
    for row in rows:
        row.revoked_at = clock.now()
        audit.record(
            s, "logout", account_id=row.account_id, detail="Déconnexion unique (ENT)", clock=clock
        )
    return len(rows)


def opened_by_cas(s: Session, token: str) -> bool:
    """Whether the browser's session (revoked or not) was opened through the ENT."""
    if not token:
        return False
    row = s.exec(select(LoginSession).where(LoginSession.token_hash == hash_token(token))).first()
    return row is not None and row.cas_ticket_hash is not None
