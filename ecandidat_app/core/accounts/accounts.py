"""Applicant accounts: sign up, activation link, login with throttling, password reset and
change, e-mail change.

Security choices, in one place:
- links carry a random token; only its SHA-256 is stored, with an expiry; each is single use;
- nothing a visitor sees tells whether an address has an account: "forgot password" and
  "resend the link" answer the same either way, and so does sign-up (an address already
  registered this campaign gets the page of a new sign-up; its owner is told by mail);
- a wrong password, an unknown identifier, and the right password of an account not yet
  activated (which whoever signed up knows) get one message after the same work (one
  password hash); the other account-specific message (past campaign) needs the right
  password of an account nobody can create any more;
- login attempts are throttled by `login_throttle` (identifier + client address, and the
  address alone; a growing delay, never a lock of the account), counted before the password
  is checked and committed at once, so a guesser can neither race nor roll them back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ecandidat_app.core import audit
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.accounts import throttle as login_throttle
from ecandidat_app.core.accounts.passwords import MAX_LENGTH, check_password
from ecandidat_app.core.clock import Clock, as_utc, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import Account, AuditEvent, Campaign, Candidate, Role
from ecandidat_app.core.security import (
    burn_password_time,
    hash_password,
    hash_token,
    new_token,
    verify_password,
)
from ecandidat_app.core.validation import validate_email, validate_person_name

# A second "send me the link" within this delay is answered but not sent (no mail bombing).
RESEND_COOLDOWN_SECONDS = 60
# Sign-ups with an already activated address: at most one mail to its owner per this delay.
EXISTING_NOTICE_COOLDOWN = timedelta(hours=1)

MSG_BAD_CREDENTIALS = (
    "Identifiant ou mot de passe incorrect. Si vous venez de créer votre compte, activez-le "
    "d'abord avec le lien reçu par e-mail."
)
MSG_PAST_CAMPAIGN = (
    "Ce compte appartient à une campagne précédente : un nouveau compte est nécessaire cette année."
)
MSG_NO_CAMPAIGN = (
    "Aucune campagne de candidature n'est ouverte : la création de compte est fermée pour "
    "le moment."
)
MSG_RESEND_SENT = (
    "Si un compte non activé correspond à cet identifiant, un nouveau lien d'activation vient "
    "d'être envoyé à son adresse e-mail."
)
MSG_FORGOT_SENT = (
    "Si un compte correspond à cette adresse, un lien pour choisir un nouveau mot de passe "
    "vient de lui être envoyé. Il est valable {hours} heures."
)

STAFF_ROLES = (Role.GESTIONNAIRE, Role.COMMISSION, Role.ADMIN)


class BadCredentials(DomainError):
    """Unknown identifier, wrong password, or the right password of an account still to
    activate: one message and one type for all three (the page then offers a resend)."""

    def __init__(self) -> None:
        super().__init__(MSG_BAD_CREDENTIALS, field="mot_de_passe")


# ---------------------------------------------------------------- helpers


def active_campaign(s: Session) -> Campaign | None:
    return s.exec(
        select(Campaign).where(Campaign.is_active == True).order_by(Campaign.id.desc())  # type: ignore[union-attr]  # noqa: E712
    ).first()


def _require_active_campaign(s: Session) -> Campaign:
    campaign = active_campaign(s)
    if campaign is None:
        raise DomainError(MSG_NO_CAMPAIGN)
    return campaign


def _url(path: str) -> str:
    return f"{get_settings().base_url.rstrip('/')}{path}"


def _link(path: str, token: str) -> str:
    return f"{_url(path)}?token={token}"


def _new_file_number(s: Session, campaign: Campaign) -> str:
    """Campaign year + 6 random digits: short enough to type, not guessable in sequence."""
    prefix = str(campaign.starts_on.year)
    for _ in range(50):
        candidate = f"{prefix}{secrets.randbelow(10**6):06d}"
        if s.exec(select(Account.id).where(Account.file_number == candidate)).first() is None:
            return candidate
    raise DomainError("Impossible d'attribuer un numéro de dossier : réessayez.")


def _live(statement):  # type: ignore[no-untyped-def]
    return statement.where(Account.deleted_at.is_(None))  # type: ignore[union-attr]


def _applicant_by_email(s: Session, campaign_id: int, email: str) -> Account | None:
    return s.exec(
        _live(select(Account).where(Account.campaign_id == campaign_id, Account.email == email))
    ).first()


def _issue_validation(s: Session, account: Account, *, clock: Clock) -> None:
    """A fresh activation link (the previous one stops working) and its e-mail."""
    settings = get_settings()
    token = new_token()
    account.validation_token_hash = hash_token(token)
    account.validation_expires_at = clock.now() + timedelta(hours=settings.validation_link_hours)
    enqueue(
        s,
        "account_created",
        account.email,
        {
            "first_name": account.first_name,
            "file_number": account.file_number,
            "link": _link("/valider", token),
            "hours": settings.validation_link_hours,
        },
        account_id=account.id,
        clock=clock,
    )


def _issued_recently(expires_at: datetime | None, hours: int, now: datetime) -> bool:
    if expires_at is None:
        return False
    issued = expires_at - timedelta(hours=hours)
    return now - issued < timedelta(seconds=RESEND_COOLDOWN_SECONDS)


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
    for key, label, value in (("nom", "Le nom", last_name), ("prenom", "Le prénom", first_name)):
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
        errors["email_confirmation"] = "Saisissez à nouveau votre adresse e-mail."
    elif "email" not in errors and confirm != clean["email"]:
        errors["email_confirmation"] = "Les deux adresses e-mail ne sont pas identiques."
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
        errors["mot_de_passe_confirmation"] = "Les deux mots de passe ne sont pas identiques."
    return errors


def _raise_first(errors: dict[str, str]) -> None:
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
    campaign = _require_active_campaign(s)
    data, errors = check_identity(
        last_name=last_name, first_name=first_name, email=email, email_confirm=email_confirm
    )
    _raise_first(errors)
    _raise_first(
        check_new_password(
            password, password_confirm, personal=[data.last_name, data.first_name, data.email]
        )
    )
    password_hash = hash_password(password)  # before the look-up: both answers cost one hash
    assert campaign.id is not None
    existing = _applicant_by_email(s, campaign.id, data.email)
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
        file_number=_new_file_number(s, campaign),
        email=data.email,
        last_name=data.last_name,
        first_name=data.first_name,
        password_hash=password_hash,
        created_at=clock.now(),
    )
    try:
        with s.begin_nested():  # the unique (campaign, e-mail) key decides between racers
            s.add(account)
            s.flush()
    except IntegrityError:
        assert campaign.id is not None
        existing = _applicant_by_email(s, campaign.id, data.email)
        if existing is None:
            raise DomainError("Impossible de créer le compte pour le moment : réessayez.") from None
        return existing
    assert account.id is not None
    s.add(Candidate(account_id=account.id, birth_name=data.last_name, first_names=data.first_name))
    _issue_validation(s, account, clock=clock)
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
        if not _issued_recently(existing.validation_expires_at, hours, now):
            _issue_validation(s, existing, clock=clock)
        return
    told = s.exec(
        select(AuditEvent.id).where(
            AuditEvent.account_id == existing.id,
            AuditEvent.action == "signup_existing",
            AuditEvent.at > now - EXISTING_NOTICE_COOLDOWN,
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
            "login_link": _url("/connexion"),
            "reset_link": _url("/mot-de-passe-oublie"),
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
            _live(select(Account).where(Account.validation_token_hash == hash_token(token)))
        ).first()
        if token
        else None
    )
    if account is None:
        raise DomainError(
            "Ce lien d'activation n'est pas valide : vérifiez que l'adresse a été copiée en "
            "entier, ou utilisez le lien du message le plus récent."
        )
    if account.validated_at is not None:
        raise DomainError(
            "Ce lien a déjà été utilisé : votre compte est activé, vous pouvez vous connecter."
        )
    campaign = s.get(Campaign, account.campaign_id) if account.campaign_id else None
    if account.campaign_id is not None and (campaign is None or not campaign.is_active):
        raise DomainError(MSG_PAST_CAMPAIGN)
    if account.validation_expires_at is None or account.validation_expires_at <= clock.now():
        raise DomainError(
            "Ce lien d'activation a expiré. Demandez-en un nouveau depuis la page de connexion "
            "(« Renvoyer le lien d'activation »)."
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
            account = _applicant_by_email(s, campaign.id, validate_email(ident))
        elif ident:
            account = s.exec(
                _live(
                    select(Account).where(
                        Account.campaign_id == campaign.id, Account.file_number == ident.upper()
                    )
                )
            ).first()
    hours = get_settings().validation_link_hours
    if (
        account is not None
        and account.validated_at is None
        and not _issued_recently(account.validation_expires_at, hours, clock.now())
    ):
        _issue_validation(s, account, clock=clock)
        s.flush()
    return MSG_RESEND_SENT


# ---------------------------------------------------------------- login


def _login_candidates(s: Session, identifier: str) -> list[Account]:
    """Accounts the identifier may mean, best first: this campaign's applicant, staff, then
    the most recent past-campaign account (only for its "new account needed" message)."""
    ident = identifier.strip()
    if not ident:
        return []
    if "@" not in ident:
        row = s.exec(_live(select(Account).where(Account.file_number == ident.upper()))).first()
        return [row] if row is not None else []
    email = ident.lower()
    rows = s.exec(
        _live(select(Account).where(Account.email == email)).order_by(Account.id.desc())  # type: ignore[union-attr]
    ).all()
    campaign = active_campaign(s)
    current = [a for a in rows if campaign is not None and a.campaign_id == campaign.id]
    staff = [a for a in rows if a.campaign_id is None]
    past = [a for a in rows if a.campaign_id is not None and a not in current]
    return current + staff + past[:1]


def _failed(
    s: Session, account: Account | None, client_key: str, *, clock: Clock, reason: str
) -> BadCredentials:
    """Record the failure (its throttle count is already committed) and return the error."""
    audit.record(
        s,
        "login_failed",
        account_id=account.id if account is not None else None,
        detail=f"{reason} (client {client_key or '?'})",
        clock=clock,
    )
    s.commit()  # the error rolls the unit of work back; the trail stays
    return BadCredentials()


def _check_password(candidates: list[Account], password: str) -> tuple[Account | None, str]:
    """The first candidate the password opens, and its upgraded hash if any."""
    for candidate in candidates:
        ok, upgraded = verify_password(password, candidate.password_hash or None)
        if ok:
            return candidate, upgraded or ""
    return None, ""


def login(
    s: Session,
    *,
    identifier: str,
    password: str,
    client_key: str = "",
    clock: Clock = system_clock,
) -> tuple[Account, str]:
    """Check the credentials and open a session; returns (account, session token).

    `identifier` is an e-mail address or a file number. Raises `LoginThrottled` while the
    identifier on this client address (or the address) must wait, `BadCredentials` for any
    failure that must not say whether the account exists."""
    attempt = login_throttle.begin(s, identifier or "", client_key, clock=clock)
    password = password or ""
    if len(password) > MAX_LENGTH:
        password = password[:MAX_LENGTH]  # same work and the same answer as any wrong one

    candidates = _login_candidates(s, identifier or "")
    if not candidates:
        burn_password_time(password)
        raise _failed(s, None, client_key, clock=clock, reason="identifiant inconnu")
    account, new_hash = _check_password(candidates, password)
    if account is None:
        raise _failed(s, candidates[0], client_key, clock=clock, reason="mot de passe erroné")

    campaign = s.get(Campaign, account.campaign_id) if account.campaign_id else None
    current = campaign is not None and campaign.is_active
    if account.role == Role.APPLICANT and current and account.validated_at is None:
        # Whoever signed up knows this password: saying "not activated" would tell them the
        # address was free. The message and the resend button cover the real owner.
        raise _failed(s, account, client_key, clock=clock, reason="compte pas encore activé")
    login_throttle.release(s, attempt)
    if account.role == Role.APPLICANT and not current:
        raise DomainError(MSG_PAST_CAMPAIGN, field="identifiant")
    if not account.is_active:
        raise DomainError(
            "Ce compte est désactivé. Contactez le service des candidatures.",
            field="identifiant",
        )

    if new_hash:  # bcrypt (older imports) upgraded to argon2id now we know the password
        account.password_hash = new_hash
    token = sessions.open_session(s, account.id, clock=clock)  # type: ignore[arg-type]
    audit.record(
        s, "login", actor_id=account.id, account_id=account.id, detail=client_key, clock=clock
    )
    s.flush()
    return account, token


# ---------------------------------------------------------------- forgotten password


def forgot_password(s: Session, email: str, *, clock: Clock = system_clock) -> str:
    """E-mail a reset link; the answer is the same whether the address exists."""
    address = validate_email(email)
    settings = get_settings()
    campaign = active_campaign(s)
    rows = s.exec(_live(select(Account).where(Account.email == address))).all()
    targets = [
        a
        for a in rows
        if a.campaign_id is None or (campaign is not None and a.campaign_id == campaign.id)
    ]
    for account in targets:
        if _issued_recently(account.reset_expires_at, settings.reset_link_hours, clock.now()):
            continue
        token = new_token()
        account.reset_token_hash = hash_token(token)
        account.reset_expires_at = clock.now() + timedelta(hours=settings.reset_link_hours)
        enqueue(
            s,
            "password_reset",
            account.email,
            {
                "first_name": account.first_name,
                "link": _link("/reinitialiser", token),
                "hours": settings.reset_link_hours,
            },
            account_id=account.id,
            clock=clock,
        )
        audit.record(s, "password_reset_requested", account_id=account.id, clock=clock)
    s.flush()
    return MSG_FORGOT_SENT.format(hours=settings.reset_link_hours)


def _account_for_reset(s: Session, token: str, now: datetime) -> Account:
    account = (
        s.exec(_live(select(Account).where(Account.reset_token_hash == hash_token(token)))).first()
        if token
        else None
    )
    if account is None:
        raise DomainError(
            "Ce lien de réinitialisation n'est pas valide ou a été remplacé par une demande "
            "plus récente. Faites une nouvelle demande depuis « Mot de passe oublié ? »."
        )
    if account.reset_expires_at is None:
        raise DomainError(
            "Ce lien a déjà été utilisé. Si besoin, faites une nouvelle demande depuis "
            "« Mot de passe oublié ? »."
        )
    if as_utc(account.reset_expires_at) <= now:
        raise DomainError(
            "Ce lien de réinitialisation a expiré. Faites une nouvelle demande depuis "
            "« Mot de passe oublié ? »."
        )
    return account


def check_reset_token(s: Session, token: str, *, clock: Clock = system_clock) -> None:
    """For the reset page's on_load: say at once when the link is no good."""
    _account_for_reset(s, token, clock.now())


def reset_password(
    s: Session,
    token: str,
    new_password: str,
    new_password_confirm: str | None = None,
    *,
    clock: Clock = system_clock,
) -> Account:
    """Set a new password from a reset link; ends every session of the account."""
    account = _account_for_reset(s, token, clock.now())
    _raise_first(
        check_new_password(
            new_password,
            new_password_confirm,
            personal=[account.last_name, account.first_name, account.email],
        )
    )
    account.password_hash = hash_password(new_password)
    account.reset_expires_at = None  # used; the hash stays so a second click says so
    if account.validated_at is None:
        account.validated_at = clock.now()  # the link proved the address
    sessions.revoke_all_sessions(s, account.id, clock=clock)  # type: ignore[arg-type]
    audit.record(s, "password_reset", actor_id=account.id, account_id=account.id, clock=clock)
    s.flush()
    return account


# ---------------------------------------------------------------- signed-in account


def _require_password(account: Account, password: str, field: str) -> None:
    ok, _ = verify_password(password or "", account.password_hash or None)
    if not ok:
        raise DomainError("Mot de passe actuel incorrect.", field=field)


def change_password(
    s: Session,
    account: Account,
    old: str,
    new: str,
    new_confirm: str | None = None,
    *,
    keep_token: str | None = None,
    clock: Clock = system_clock,
) -> int:
    """Change the password and end every other session; returns how many were ended."""
    account = s.merge(account)
    _require_password(account, old, "mot_de_passe_actuel")
    _raise_first(
        check_new_password(
            new, new_confirm, personal=[account.last_name, account.first_name, account.email]
        )
    )
    if new == old:
        raise DomainError(
            "Le nouveau mot de passe doit être différent de l'actuel.", field="mot_de_passe"
        )
    account.password_hash = hash_password(new)
    ended = sessions.revoke_all_sessions(s, account.id, keep_token=keep_token, clock=clock)  # type: ignore[arg-type]
    audit.record(
        s,
        "password_changed",
        actor_id=account.id,
        account_id=account.id,
        detail=f"{ended} autre(s) session(s) fermée(s)",
        clock=clock,
    )
    s.flush()
    return ended


def logout_everywhere(s: Session, account: Account, *, clock: Clock = system_clock) -> int:
    ended = sessions.revoke_all_sessions(s, account.id, clock=clock)  # type: ignore[arg-type]
    audit.record(
        s,
        "sessions_revoked",
        actor_id=account.id,
        account_id=account.id,
        detail=f"{ended} session(s) fermée(s)",
        clock=clock,
    )
    s.flush()
    return ended


def _email_taken(s: Session, account: Account, email: str) -> bool:
    return (
        s.exec(
            _live(
                select(Account.id).where(
                    Account.email == email,
                    Account.id != account.id,
                    Account.campaign_id == account.campaign_id
                    if account.campaign_id is not None
                    else Account.campaign_id.is_(None),  # type: ignore[union-attr]
                )
            )
        ).first()
        is not None
    )


def request_email_change(
    s: Session, account: Account, new_email: str, password: str, *, clock: Clock = system_clock
) -> str:
    """Record the new address as pending and send it a confirmation link; the current address
    stays in use until the link is opened. Returns the normalised new address."""
    account = s.merge(account)
    address = validate_email(new_email, field="nouvel_email")
    _require_password(account, password, "mot_de_passe_email")
    if address == account.email:
        raise DomainError("C'est déjà l'adresse de votre compte.", field="nouvel_email")
    if _email_taken(s, account, address):
        raise DomainError(
            "Cette adresse est déjà utilisée par un autre compte de la campagne.",
            field="nouvel_email",
        )
    settings = get_settings()
    token = new_token()
    account.pending_email = address
    account.email_token_hash = hash_token(token)
    account.email_token_expires_at = clock.now() + timedelta(hours=settings.validation_link_hours)
    enqueue(
        s,
        "email_changed",
        address,
        {
            "first_name": account.first_name,
            "file_number": account.file_number,
            "link": _link("/confirmer-email", token),
            "hours": settings.validation_link_hours,
        },
        account_id=account.id,
        clock=clock,
    )
    audit.record(
        s,
        "email_change_requested",
        actor_id=account.id,
        account_id=account.id,
        detail=f"Nouvelle adresse demandée : {address}",
        clock=clock,
    )
    s.flush()
    return address


def confirm_email_change(s: Session, token: str, *, clock: Clock = system_clock) -> Account:
    account = (
        s.exec(_live(select(Account).where(Account.email_token_hash == hash_token(token)))).first()
        if token
        else None
    )
    if account is None:
        raise DomainError(
            "Ce lien de confirmation n'est pas valide ou a été remplacé par une demande plus "
            "récente."
        )
    if account.pending_email is None:
        raise DomainError("Ce lien a déjà été utilisé : votre nouvelle adresse est enregistrée.")
    if account.email_token_expires_at is None or as_utc(account.email_token_expires_at) <= (
        clock.now()
    ):
        raise DomainError(
            "Ce lien de confirmation a expiré. Refaites la demande depuis « Mon compte »."
        )
    if _email_taken(s, account, account.pending_email):
        raise DomainError("Cette adresse est désormais utilisée par un autre compte.")
    old = account.email
    account.email = account.pending_email
    account.pending_email = None
    account.email_token_expires_at = None
    audit.record(
        s,
        "email_changed",
        actor_id=account.id,
        account_id=account.id,
        detail=f"{old} → {account.email}",
        clock=clock,
    )
    s.flush()
    return account
