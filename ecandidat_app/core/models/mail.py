"""The outbox (every e-mail is a row written with the change that causes it) and templates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.base import utcnow
from ecandidat_app.core.models.enums import MailStatus


class OutboxMessage(SQLModel, table=True):
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    event: str = Field(max_length=40)
    to_addr: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body_text: str
    body_html: str = ""
    message_id: str = Field(max_length=200, unique=True)  # stable across retries
    status: MailStatus = Field(default=MailStatus.PENDING, sa_type=String(10))
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_by: str | None = Field(default=None, max_length=80)
    claimed_until: datetime | None = None
    last_error: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    application_id: int | None = Field(default=None, foreign_key="application.id")


class MailTemplate(SQLModel, table=True):
    """A staff-edited override of a default template (files under core/mail/templates),
    one per event and language ("fr", "en")."""

    __table_args__ = (UniqueConstraint("event", "language", name="uq_mailtemplate_language"),)

    id: int | None = Field(default=None, primary_key=True)
    event: str = Field(max_length=40)
    language: str = Field(default="fr", max_length=2, sa_column_kwargs={"server_default": "fr"})
    subject: str = Field(max_length=300)
    body: str = Field(max_length=20000)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key="account.id")


class CentreMailTemplate(SQLModel, table=True):
    """A centre's own text for one event, used for its applicants' e-mails before the
    global `MailTemplate` override and the default file (see core/mail/render.py), one per
    language."""

    __table_args__ = (
        UniqueConstraint("centre_id", "event", "language", name="uq_centremailtemplate_language"),
    )

    id: int | None = Field(default=None, primary_key=True)
    centre_id: int = Field(foreign_key="centre.id", index=True)
    event: str = Field(max_length=40)
    language: str = Field(default="fr", max_length=2, sa_column_kwargs={"server_default": "fr"})
    subject: str = Field(max_length=300)
    body: str = Field(max_length=20000)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key="account.id")
