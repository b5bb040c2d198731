"""Accounts (applicants and staff) and their login sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.base import utcnow
from ecandidat_app.core.models.enums import Role


class Account(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("campaign_id", "email", name="uq_account_campaign_email"),
        # One account per former student and campaign (NULL for e-mail sign-ups).
        UniqueConstraint("campaign_id", "ent_login", name="uq_account_campaign_ent_login"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Applicants belong to one campaign ("valable un an"); staff accounts to none.
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    role: Role = Field(default=Role.APPLICANT, sa_type=String(20))
    file_number: str = Field(max_length=20, unique=True)  # numDossier, usable as login
    email: str = Field(max_length=254, index=True)
    last_name: str = Field(max_length=80)
    first_name: str = Field(max_length=80)
    password_hash: str = Field(default="", max_length=255)
    is_active: bool = True
    validated_at: datetime | None = None
    validation_token_hash: str | None = Field(default=None, max_length=64, index=True)
    validation_expires_at: datetime | None = None
    reset_token_hash: str | None = Field(default=None, max_length=64, index=True)
    reset_expires_at: datetime | None = None
    pending_email: str | None = Field(default=None, max_length=254)
    # Confirms pending_email (sent to the new address); separate from the activation link.
    email_token_hash: str | None = Field(default=None, max_length=64, index=True)
    email_token_expires_at: datetime | None = None
    ent_login: str | None = Field(default=None, max_length=80)
    student_number: str | None = Field(default=None, max_length=20, index=True)
    # The interface language the account chose ("fr", "en": core/i18n.LOCALES); it
    # becomes the browser's at sign-in.
    language: str = Field(default="fr", max_length=2, sa_column_kwargs={"server_default": "fr"})
    created_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None


class LoginSession(SQLModel, table=True):
    """A signed-in browser. Only the token's hash is kept, so a leaked table opens nothing."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    # Opened by the ENT (CAS): the service ticket's hash, which the CAS single logout names.
    cas_ticket_hash: str | None = Field(default=None, max_length=64, index=True)


class LoginThrottle(SQLModel, table=True):
    """Login attempts counted per key (typed identifier + client address, or the address
    alone), for the growing delay of `services/login_throttle.py`. The key is a hash: the
    typed identifiers (sometimes a password typed in the wrong field) are not stored."""

    key: str = Field(max_length=64, primary_key=True)
    failures: int = 0
    # Failures drain one by one from this moment on (a leaky bucket).
    counted_from: datetime = Field(default_factory=utcnow, index=True)
    next_try_at: datetime | None = None
    # Bumped by every write, so two workers never both act on the same reading.
    version: int = 0
