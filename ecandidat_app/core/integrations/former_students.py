"""Former students sign in with their ENT credentials (the university directory).

First sign-in of the active campaign: an account is created from the directory entry (name,
first name, student number, ENT login) with the personal address the student gives, which
must be confirmed by the usual activation link; the imported bac and internal cursus are
copied onto it (read-only). Later sign-ins open a session once the address is confirmed.

The account helpers of `accounts.common` (file number, activation link) and the login throttle
of `login_throttle.py` are reused, so both ways in behave the same. The ENT password is
never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.accounts import common, sessions
from ecandidat_app.core.accounts import throttle as login_throttle
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.integrations import directory
from ecandidat_app.core.integrations.cas import CasIdentity
from ecandidat_app.core.integrations.student_import import copy_record_to_account, record_for
from ecandidat_app.core.models import Account, Campaign, Candidate, Role
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.validation import validate_email

MSG_EMAIL_NEEDED = N_(
    "Première connexion : indiquez votre adresse e-mail personnelle, nous y enverrons un lien "
    "pour la confirmer."
)
MSG_EMAIL_TAKEN = N_(
    "Cette adresse est déjà utilisée par un compte de la campagne en cours : indiquez une autre "
    "adresse personnelle, ou connectez-vous avec ce compte depuis la page « Se connecter »."
)
MSG_NOT_A_STUDENT = N_(
    "Votre compte ENT n'est rattaché à aucun numéro étudiant : créez un compte avec votre "
    "adresse e-mail personnelle."
)

Outcome = Literal["created", "pending", "signed_in"]


@dataclass(frozen=True)
class FormerStudentSignIn:
    outcome: Outcome
    account: Account
    message: str = ""  # for "created" and "pending": what to do next
    token: str = ""  # for "signed_in": the new session's token


def former_student_sign_in(
    s: Session,
    *,
    login: str,
    password: str,
    personal_email: str = "",
    client_key: str = "",
    clock: Clock = system_clock,
) -> FormerStudentSignIn:
    campaign = common.require_active_campaign(s)
    # The ordinary login's rule: ENT login + client address, and the address alone.
    attempt = login_throttle.begin(s, login or "", client_key, clock=clock)
    try:
        entry = directory.authenticate(login, password)
    except directory.WrongCredentials:
        # The throttle's count is already committed; the trail is committed before raising.
        audit.record(
            s,
            "login_failed",
            detail=f"ENT {(login or '').strip()[:80]!r} (client {client_key or '?'})",
            clock=clock,
        )
        s.commit()
        raise
    except DomainError:  # empty field, directory down or off: no password was tried
        login_throttle.release(s, attempt)
        raise
    login_throttle.release(s, attempt)
    if not entry.student_number:
        raise DomainError(_(MSG_NOT_A_STUDENT), field="identifiant")

    account = account_by_ent_login(s, campaign, entry.login)
    if account is None:
        return _create_account(s, campaign, entry, personal_email, clock=clock)
    if not account.is_active:
        raise DomainError(
            _("Ce compte est désactivé. Contactez le service des candidatures."),
            field="identifiant",
        )
    if account.validated_at is None:
        return _still_pending(s, account, personal_email, clock=clock)

    token = sessions.open_session(s, id_of(account), clock=clock)
    audit.record(
        s,
        "login",
        actor_id=account.id,
        account_id=account.id,
        detail=f"ENT {entry.login} {client_key}".strip(),
        clock=clock,
    )
    s.flush()
    return FormerStudentSignIn("signed_in", account, token=token)


def account_by_ent_login(s: Session, campaign: Campaign, login: str) -> Account | None:
    return s.exec(
        select(Account).where(
            col(Account.campaign_id) == campaign.id,
            col(Account.ent_login) == login,
            col(Account.deleted_at).is_(None),
        )
    ).first()


def _personal_email(value: str) -> str:
    if not (value or "").strip():
        raise DomainError(_(MSG_EMAIL_NEEDED), field="email")
    return validate_email(value, field="email")


def _sent_message(email: str) -> str:
    hours = get_settings().validation_link_hours
    return _(
        "Un e-mail de confirmation a été envoyé à {email}. Ouvrez le lien qu'il contient "
        "(valable {hours} heures), puis reconnectez-vous ici avec vos identifiants ENT."
    ).format(email=email, hours=hours)


def _create_account(
    s: Session,
    campaign: Campaign,
    entry: directory.DirectoryEntry,
    personal_email: str,
    *,
    clock: Clock,
) -> FormerStudentSignIn:
    email = _personal_email(personal_email)
    assert campaign.id is not None
    if common.applicant_by_email(s, campaign.id, email) is not None:
        raise DomainError(_(MSG_EMAIL_TAKEN), field="email")
    account = former_student_account(s, campaign, entry, email, clock=clock)
    try:
        with s.begin_nested():  # a double submit (same ENT login or address) loses here
            s.add(account)
            s.flush()
    except IntegrityError:
        existing = account_by_ent_login(s, campaign, entry.login)
        if existing is not None and existing.validated_at is None:
            return _still_pending(s, existing, "", clock=clock)
        raise DomainError(_(MSG_EMAIL_TAKEN), field="email") from None
    attach_imported_records(s, account)
    common.issue_validation(s, account, clock=clock)
    audit.record(
        s,
        "account_created",
        actor_id=account.id,
        account_id=account.id,
        detail=f"Compte {account.file_number} créé (ancien étudiant, ENT {entry.login})",
        clock=clock,
    )
    s.flush()
    return FormerStudentSignIn(
        "created",
        account,
        message=_("Votre compte est créé (dossier n° {file_number}). {next_step}").format(
            file_number=account.file_number, next_step=_sent_message(email)
        ),
    )


def former_student_account(
    s: Session,
    campaign: Campaign,
    entry: directory.DirectoryEntry | CasIdentity,
    email: str,
    *,
    clock: Clock,
) -> Account:
    """A new applicant account (not yet added) for a former student the ENT vouches for."""
    return Account(
        campaign_id=campaign.id,
        role=Role.APPLICANT,
        file_number=common.new_file_number(s, campaign),
        email=email,
        last_name=(entry.last_name or entry.login)[:80],
        first_name=(entry.first_name or "")[:80],
        password_hash="",  # signs in through the ENT; a reset link can add one
        ent_login=entry.login,
        student_number=entry.student_number[:20],
        created_at=clock.now(),
    )


def attach_imported_records(s: Session, account: Account) -> None:
    """The civil status of a new former student's account, and the bac and internal cursus
    imported from the student information system (read-only)."""
    assert account.id is not None
    record = record_for(s, account.student_number or "")
    s.add(
        Candidate(
            account_id=account.id,
            birth_name=account.last_name,
            first_names=account.first_name,
            ine=record.ine if record else "",
        )
    )
    if record is not None:
        copy_record_to_account(s, account.id, record)


def _still_pending(
    s: Session, account: Account, personal_email: str, *, clock: Clock
) -> FormerStudentSignIn:
    """Address not confirmed yet: send the link again (or to a corrected address)."""
    hours = get_settings().validation_link_hours
    corrected = validate_email(personal_email, field="email") if personal_email.strip() else ""
    if corrected and corrected != account.email:
        if common.email_taken(s, account, corrected):
            raise DomainError(_(MSG_EMAIL_TAKEN), field="email")
        audit.record(
            s,
            "email_changed",
            actor_id=account.id,
            account_id=account.id,
            detail=f"{account.email} → {corrected} (avant confirmation)",
            clock=clock,
        )
        account.email = corrected
        common.issue_validation(s, account, clock=clock)
    elif not common.issued_recently(account.validation_expires_at, hours, clock.now()):
        common.issue_validation(s, account, clock=clock)
    s.flush()
    return FormerStudentSignIn(
        "pending",
        account,
        message=_("Votre adresse e-mail n'est pas encore confirmée. {next_step}").format(
            next_step=_sent_message(account.email)
        ),
    )
