"""What the account services share: messages, the active campaign, activation links and
lookups (also used by the former-student sign-in)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import TypeVar

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ecandidat_app.core.clock import Clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import Account, Campaign, Role
from ecandidat_app.core.models.ids import id_column
from ecandidat_app.core.security import (
    hash_token,
    new_token,
)

# A second "send me the link" within this delay is answered but not sent (no mail bombing).
RESEND_COOLDOWN_SECONDS = 60
# Sign-ups with an already activated address: at most one mail to its owner per this delay.
EXISTING_NOTICE_COOLDOWN = timedelta(hours=1)

MSG_BAD_CREDENTIALS = N_(
    "Identifiant ou mot de passe incorrect. Si vous venez de créer votre compte, activez-le "
    "d'abord avec le lien reçu par e-mail."
)
MSG_PAST_CAMPAIGN = N_(
    "Ce compte appartient à une campagne précédente : les comptes candidats ne sont valables "
    "que pour une campagne. Créez votre compte pour la campagne de cette année."
)
MSG_NO_CAMPAIGN = N_(
    "Aucune campagne de candidature n'est ouverte : la création de compte est fermée pour "
    "le moment."
)
MSG_RESEND_SENT = N_(
    "Si un compte non activé correspond à cet identifiant, un nouveau lien d'activation vient "
    "d'être envoyé à son adresse e-mail."
)
MSG_FORGOT_SENT = N_(
    "Si un compte correspond à cette adresse, un lien pour choisir un nouveau mot de passe "
    "vient de lui être envoyé. Il est valable {hours} heures."
)

STAFF_ROLES = (Role.GESTIONNAIRE, Role.COMMISSION, Role.CENTRE_ADMIN, Role.LECTEUR, Role.ADMIN)


class BadCredentials(DomainError):
    """Unknown identifier, wrong password, or the right password of an account still to
    activate: one message and one type for all three (the page then offers a resend)."""

    def __init__(self) -> None:
        super().__init__(_(MSG_BAD_CREDENTIALS), field="mot_de_passe")


T = TypeVar("T")


# ---------------------------------------------------------------- helpers


def active_campaign(s: Session) -> Campaign | None:
    return s.exec(
        select(Campaign).where(col(Campaign.is_active) == True).order_by(col(Campaign.id).desc())  # noqa: E712
    ).first()


def require_active_campaign(s: Session) -> Campaign:
    campaign = active_campaign(s)
    if campaign is None:
        raise DomainError(_(MSG_NO_CAMPAIGN))
    return campaign


def url(path: str) -> str:
    return f"{get_settings().base_url.rstrip('/')}{path}"


def link(path: str, token: str) -> str:
    return f"{url(path)}?token={token}"


def new_file_number(s: Session, campaign: Campaign) -> str:
    """Campaign year + 6 random digits: short enough to type, not guessable in sequence."""
    prefix = str(campaign.starts_on.year)
    for _attempt in range(50):
        candidate = f"{prefix}{secrets.randbelow(10**6):06d}"
        if s.exec(select(Account.id).where(col(Account.file_number) == candidate)).first() is None:
            return candidate
    raise DomainError(_("Impossible d'attribuer un numéro de dossier : réessayez."))


def live(statement: SelectOfScalar[T]) -> SelectOfScalar[T]:
    """Only accounts not deleted (the statement selects from Account)."""
    return statement.where(col(Account.deleted_at).is_(None))


def applicant_by_email(s: Session, campaign_id: int, email: str) -> Account | None:
    return s.exec(
        live(
            select(Account).where(
                col(Account.campaign_id) == campaign_id, col(Account.email) == email
            )
        )
    ).first()


def issue_validation(s: Session, account: Account, *, clock: Clock) -> None:
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
            "link": link("/valider", token),
            "hours": settings.validation_link_hours,
        },
        account_id=account.id,
        clock=clock,
    )


def issued_recently(expires_at: datetime | None, hours: int, now: datetime) -> bool:
    if expires_at is None:
        return False
    issued = expires_at - timedelta(hours=hours)
    return now - issued < timedelta(seconds=RESEND_COOLDOWN_SECONDS)


def email_taken(s: Session, account: Account, email: str) -> bool:
    return (
        s.exec(
            live(
                select(id_column(Account)).where(
                    col(Account.email) == email,
                    col(Account.id) != account.id,
                    col(Account.campaign_id) == account.campaign_id
                    if account.campaign_id is not None
                    else col(Account.campaign_id).is_(None),
                )
            )
        ).first()
        is not None
    )
