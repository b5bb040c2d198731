"""Sign-up of an applicant and activation of the account by the link sent by e-mail.

Nothing a visitor sees tells whether an address has an account: an address already
registered this campaign gets the page of a new sign-up; its owner is told by mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.accounts.common import (
    EXISTING_NOTICE_COOLDOWN,
    MSG_PAST_CAMPAIGN,
    MSG_RESEND_SENT,
    active_campaign,
    applicant_by_email,
    issue_validation,
    issued_recently,
    live,
    new_file_number,
    require_active_campaign,
    url,
)
from ecandidat_app.core.accounts.passwords import check_password
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _, current_locale
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import Account, AuditEvent, Campaign, Candidate, Role
from ecandidat_app.core.security import (
    hash_password,
    hash_token,
)
from ecandidat_app.core.validation import validate_email, validate_person_name

# ---------------------------------------------------------------- sign up


@dataclass(frozen=True)
class SignupInput:
    last_name: str
    first_name: str
    email: str


def check_identity(
    *, last_name: str, first_name: str, email: str, email_confirm: str
) -> tuple[SignupInput, dict[str, str]]:
    """Step 1 of the sign-up form: every field's error at once (keys are the input ids)."""
    errors: dict[str, str] = {}
    clean = {"nom": "", "prenom": "", "email": ""}
    for key, label, value in (
        ("nom", N_("Le nom"), last_name),
        ("prenom", N_("Le prénom"), first_name),
    ):
        try:
            clean[key] = validate_person_name(value, label, field=key)
        except DomainError as exc:
            errors[key] = exc.message
    try:
        clean["email"] = validate_email(email, field="email")
    except DomainError as exc:
        errors["email"] = exc.message
    confirm = (email_confirm or "").strip().lower()
    if not confirm:
        errors["email_confirmation"] = _("Saisissez à nouveau votre adresse e-mail.")
    elif "email" not in errors and confirm != clean["email"]:
        errors["email_confirmation"] = _("Les deux adresses e-mail ne sont pas identiques.")
    return SignupInput(clean["nom"], clean["prenom"], clean["email"]), errors


def check_new_password(
    password: str, password_confirm: str | None, *, personal: list[str]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        check_password(password, personal=personal, field="mot_de_passe")
    except DomainError as exc:
        errors["mot_de_passe"] = exc.message
    if password_confirm is not None and password_confirm != password:
        errors["mot_de_passe_confirmation"] = _("Les deux mots de passe ne sont pas identiques.")
    return errors


def raise_first(errors: dict[str, str]) -> None:
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field)


def signup(
    s: Session,
    *,
    last_name: str,
    first_name: str,
    email: str,
    email_confirm: str,
    password: str,
    password_confirm: str | None = None,
    clock: Clock = system_clock,
) -> str:
    """Create an applicant account in the active campaign and e-mail its activation link;
    returns the address written to.

    An address already registered this campaign gets the very same answer, after the same
    work (one password hash), so the form cannot be used to learn who has an account: its
    owner is told by mail instead (`_tell_owner`)."""
    campaign = require_active_campaign(s)
    data, errors = check_identity(
        last_name=last_name, first_name=first_name, email=email, email_confirm=email_confirm
    )
    raise_first(errors)
    raise_first(
        check_new_password(
            password, password_confirm, personal=[data.last_name, data.first_name, data.email]
        )
    )
    password_hash = hash_password(password)  # before the look-up: both answers cost one hash
    assert campaign.id is not None
    existing = applicant_by_email(s, campaign.id, data.email)
    if existing is None:
        existing = _create_applicant(s, campaign, data, password_hash, clock=clock)
    if existing is not None:
        _tell_owner(s, existing, clock=clock)
    s.flush()
    return data.email


def _create_applicant(
    s: Session, campaign: Campaign, data: SignupInput, password_hash: str, *, clock: Clock
) -> Account | None:
    """The new account, with its profile and activation mail; returns the account that
    already holds the address when a concurrent submit (a double click) won the race."""
    account = Account(
        campaign_id=campaign.id,
        role=Role.APPLICANT,
        file_number=new_file_number(s, campaign),
        email=data.email,
        last_name=data.last_name,
        first_name=data.first_name,
        password_hash=password_hash,
        # The language the sign-up was made in (the event's locale, set by the web layer).
        language=current_locale(),
        created_at=clock.now(),
        # Set before the insert: on SQLite a released savepoint with no outer BEGIN
        # (pysqlite) is visible at once, and a racing submit must see a link as just sent.
        validation_expires_at=clock.now() + timedelta(hours=get_settings().validation_link_hours),
    )
    try:
        with s.begin_nested():  # the unique (campaign, e-mail) key decides between racers
            s.add(account)
            s.flush()
    except IntegrityError:
        assert campaign.id is not None
        existing = applicant_by_email(s, campaign.id, data.email)
        if existing is None:
            raise DomainError(
                _("Impossible de créer le compte pour le moment : réessayez.")
            ) from None
        return existing
    assert account.id is not None
    s.add(Candidate(account_id=account.id, birth_name=data.last_name, first_names=data.first_name))
    issue_validation(s, account, clock=clock)
    audit.record(
        s,
        "account_created",
        actor_id=account.id,
        account_id=account.id,
        detail=f"Compte {account.file_number} créé",
        clock=clock,
    )
    return None


def _tell_owner(s: Session, existing: Account, *, clock: Clock) -> None:
    """Someone signed up with an address that has an account this campaign: a fresh
    activation link if it was never activated (with the usual resend cooldown), else a mail
    saying so, with the login and "forgotten password" links (at most one an hour)."""
    now = clock.now()
    if existing.validated_at is None:
        hours = get_settings().validation_link_hours
        if not issued_recently(existing.validation_expires_at, hours, now):
            issue_validation(s, existing, clock=clock)
        return
    told = s.exec(
        select(AuditEvent.id).where(
            col(AuditEvent.account_id) == existing.id,
            col(AuditEvent.action) == "signup_existing",
            col(AuditEvent.at) > now - EXISTING_NOTICE_COOLDOWN,
        )
    ).first()
    if told is not None:
        return
    enqueue(
        s,
        "account_exists",
        existing.email,
        {
            "first_name": existing.first_name,
            "file_number": existing.file_number,
            "login_link": url("/connexion"),
            "reset_link": url("/mot-de-passe-oublie"),
        },
        account_id=existing.id,
        clock=clock,
    )
    audit.record(
        s,
        "signup_existing",
        account_id=existing.id,
        detail="Inscription tentée avec l'adresse du compte : propriétaire prévenu par e-mail",
        clock=clock,
    )


# ---------------------------------------------------------------- activation


def validate_account(s: Session, token: str, *, clock: Clock = system_clock) -> Account:
    """Open the activation link: single use, expiring. The used token's hash is kept so a
    second click says "already used" rather than "unknown"."""
    account = (
        s.exec(
            live(select(Account).where(col(Account.validation_token_hash) == hash_token(token)))
        ).first()
        if token
        else None
    )
    if account is None:
        raise DomainError(
            _(
                "Ce lien d'activation n'est pas valide : vérifiez que l'adresse a été copiée en "
                "entier, ou utilisez le lien du message le plus récent."
            )
        )
    if account.validated_at is not None:
        raise DomainError(
            _("Ce lien a déjà été utilisé : votre compte est activé, vous pouvez vous connecter.")
        )
    campaign = s.get(Campaign, account.campaign_id) if account.campaign_id else None
    if account.campaign_id is not None and (campaign is None or not campaign.is_active):
        raise DomainError(_(MSG_PAST_CAMPAIGN))
    if account.validation_expires_at is None or account.validation_expires_at <= clock.now():
        raise DomainError(
            _(
                "Ce lien d'activation a expiré. Demandez-en un nouveau depuis la page de connexion "
                "(« Renvoyer le lien d'activation »)."
            )
        )
    account.validated_at = clock.now()
    account.validation_expires_at = None
    audit.record(s, "account_validated", actor_id=account.id, account_id=account.id, clock=clock)
    s.flush()
    return account


def resend_validation(s: Session, identifier: str, *, clock: Clock = system_clock) -> str:
    """Send a fresh activation link to the account an e-mail address or file number names;
    the answer is the same whether there is one."""
    ident = (identifier or "").strip()
    campaign = active_campaign(s)
    account = None
    if campaign is not None and campaign.id is not None:
        if "@" in ident:
            account = applicant_by_email(s, campaign.id, validate_email(ident))
        elif ident:
            account = s.exec(
                live(
                    select(Account).where(
                        col(Account.campaign_id) == campaign.id,
                        col(Account.file_number) == ident.upper(),
                    )
                )
            ).first()
    hours = get_settings().validation_link_hours
    if (
        account is not None
        and account.validated_at is None
        and not issued_recently(account.validation_expires_at, hours, clock.now())
    ):
        issue_validation(s, account, clock=clock)
        s.flush()
    return _(MSG_RESEND_SENT)
