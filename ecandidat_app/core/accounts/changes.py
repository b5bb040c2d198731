"""What a signed-in account changes itself: its password, its e-mail, its sessions, its
language."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.accounts.common import email_taken, link, live
from ecandidat_app.core.accounts.registration import check_new_password, raise_first
from ecandidat_app.core.clock import Clock, as_utc, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import LOCALES, _
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import Account
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.security import (
    hash_password,
    hash_token,
    new_token,
    verify_password,
)
from ecandidat_app.core.validation import validate_email

# ---------------------------------------------------------------- signed-in account


def _require_password(account: Account, password: str, field: str) -> None:
    ok, _rehash = verify_password(password or "", account.password_hash or None)
    if not ok:
        raise DomainError(_("Mot de passe actuel incorrect."), field=field)


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
    raise_first(
        check_new_password(
            new, new_confirm, personal=[account.last_name, account.first_name, account.email]
        )
    )
    if new == old:
        raise DomainError(
            _("Le nouveau mot de passe doit être différent de l'actuel."), field="mot_de_passe"
        )
    account.password_hash = hash_password(new)
    ended = sessions.revoke_all_sessions(s, id_of(account), keep_token=keep_token, clock=clock)
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


def change_language(
    s: Session, account_id: int, language: str, *, clock: Clock = system_clock
) -> bool:
    """The interface language of the account (one of `LOCALES`); True if it changed."""
    if language not in LOCALES:
        raise DomainError(_("Cette langue n'est pas proposée."))
    account = s.get(Account, account_id)
    if account is None or account.deleted_at is not None:
        raise DomainError(_("Votre session a expiré : reconnectez-vous."))
    if account.language == language:
        return False
    account.language = language
    audit.record(
        s,
        "language_changed",
        actor_id=account.id,
        account_id=account.id,
        detail=language,
        clock=clock,
    )
    s.flush()
    return True


def logout_everywhere(s: Session, account: Account, *, clock: Clock = system_clock) -> int:
    ended = sessions.revoke_all_sessions(s, id_of(account), clock=clock)
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


def request_email_change(
    s: Session, account: Account, new_email: str, password: str, *, clock: Clock = system_clock
) -> str:
    """Record the new address as pending and send it a confirmation link; the current address
    stays in use until the link is opened. Returns the normalised new address."""
    account = s.merge(account)
    address = validate_email(new_email, field="nouvel_email")
    _require_password(account, password, "mot_de_passe_email")
    if address == account.email:
        raise DomainError(_("C'est déjà l'adresse de votre compte."), field="nouvel_email")
    if email_taken(s, account, address):
        raise DomainError(
            _("Cette adresse est déjà utilisée par un autre compte de la campagne."),
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
            "link": link("/confirmer-email", token),
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
        s.exec(
            live(select(Account).where(col(Account.email_token_hash) == hash_token(token)))
        ).first()
        if token
        else None
    )
    if account is None:
        raise DomainError(
            _(
                "Ce lien de confirmation n'est pas valide ou a été remplacé par une demande plus "
                "récente."
            )
        )
    if account.pending_email is None:
        raise DomainError(_("Ce lien a déjà été utilisé : votre nouvelle adresse est enregistrée."))
    if account.email_token_expires_at is None or as_utc(account.email_token_expires_at) <= (
        clock.now()
    ):
        raise DomainError(
            _("Ce lien de confirmation a expiré. Refaites la demande depuis « Mon compte ».")
        )
    if email_taken(s, account, account.pending_email):
        raise DomainError(_("Cette adresse est désormais utilisée par un autre compte."))
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
