"""Forgotten password: a single-use link by e-mail, then a new password.

Links carry a random token; only its SHA-256 is stored, with an expiry. The answer is the
same whether the address has an account or not."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.accounts.common import (
    MSG_FORGOT_SENT,
    active_campaign,
    issued_recently,
    link,
    live,
)
from ecandidat_app.core.accounts.registration import check_new_password, raise_first
from ecandidat_app.core.clock import Clock, as_utc, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import Account
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.security import (
    hash_password,
    hash_token,
    new_token,
)
from ecandidat_app.core.validation import validate_email

# ---------------------------------------------------------------- forgotten password


def forgot_password(s: Session, email: str, *, clock: Clock = system_clock) -> str:
    """E-mail a reset link; the answer is the same whether the address exists."""
    address = validate_email(email)
    settings = get_settings()
    campaign = active_campaign(s)
    rows = s.exec(live(select(Account).where(col(Account.email) == address))).all()
    targets = [
        a
        for a in rows
        if a.campaign_id is None or (campaign is not None and a.campaign_id == campaign.id)
    ]
    for account in targets:
        if issued_recently(account.reset_expires_at, settings.reset_link_hours, clock.now()):
            continue
        issue_reset_link(s, account, clock=clock)
        audit.record(s, "password_reset_requested", account_id=account.id, clock=clock)
    s.flush()
    return _(MSG_FORGOT_SENT).format(hours=settings.reset_link_hours)


def issue_reset_link(s: Session, account: Account, *, clock: Clock = system_clock) -> None:
    """A new single-use link to choose a password (any earlier one stops working), put in
    the outbox. Works as well for an account that never had a password (`create-admin`)."""
    hours = get_settings().reset_link_hours
    token = new_token()
    account.reset_token_hash = hash_token(token)
    account.reset_expires_at = clock.now() + timedelta(hours=hours)
    s.add(account)
    enqueue(
        s,
        "password_reset",
        account.email,
        {"first_name": account.first_name, "link": link("/reinitialiser", token), "hours": hours},
        account_id=account.id,
        clock=clock,
    )


def _account_for_reset(s: Session, token: str, now: datetime) -> Account:
    account = (
        s.exec(
            live(select(Account).where(col(Account.reset_token_hash) == hash_token(token)))
        ).first()
        if token
        else None
    )
    if account is None:
        raise DomainError(
            _(
                "Ce lien de réinitialisation n'est pas valide ou a été remplacé par une demande "
                "plus récente. Faites une nouvelle demande depuis « Mot de passe oublié ? »."
            )
        )
    if account.reset_expires_at is None:
        raise DomainError(
            _(
                "Ce lien a déjà été utilisé. Si besoin, faites une nouvelle demande depuis "
                "« Mot de passe oublié ? »."
            )
        )
    if as_utc(account.reset_expires_at) <= now:
        raise DomainError(
            _(
                "Ce lien de réinitialisation a expiré. Faites une nouvelle demande depuis "
                "« Mot de passe oublié ? »."
            )
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
    raise_first(
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
    sessions.revoke_all_sessions(s, id_of(account), clock=clock)
    audit.record(s, "password_reset", actor_id=account.id, account_id=account.id, clock=clock)
    s.flush()
    return account
