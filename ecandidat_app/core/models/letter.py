"""Documents the platform issues: one letter per validated decision (admission, refusal,
waiting list), the staff-edited letter templates, and e-mail attachments of the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.base import utcnow


class Letter(SQLModel, table=True):
    """A generated PDF, stored once per validated decision and never regenerated: a
    corrected decision gets its own letter, the older one stays in the history."""

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    decision_id: int = Field(foreign_key="decision.id", unique=True)
    kind: str = Field(sa_type=String(2))  # the decision's code: FA, DE, LA or LC
    file_name: str = Field(max_length=120)
    storage_key: str = Field(max_length=120, unique=True)
    size: int
    sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class LetterTemplate(SQLModel, table=True):
    """A staff-edited override of a default letter (files under core/documents/templates),
    one per kind and language ("fr", "en")."""

    __table_args__ = (UniqueConstraint("kind", "language", name="uq_lettertemplate_language"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    language: str = Field(default="fr", max_length=2, sa_column_kwargs={"server_default": "fr"})
    title: str = Field(max_length=300)
    body: str = Field(max_length=20000)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key="account.id")


class CentreLetterTemplate(SQLModel, table=True):
    """A centre's own text for one letter, used for the letters of its formations before the
    global `LetterTemplate` override and the default file (core/documents/letter_templates)."""

    __table_args__ = (
        UniqueConstraint("centre_id", "kind", "language", name="uq_centrelettertemplate_language"),
    )

    id: int | None = Field(default=None, primary_key=True)
    centre_id: int = Field(foreign_key="centre.id", index=True)
    kind: str = Field(max_length=40)
    language: str = Field(default="fr", max_length=2, sa_column_kwargs={"server_default": "fr"})
    title: str = Field(max_length=300)
    body: str = Field(max_length=20000)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key="account.id")


class OutboxAttachment(SQLModel, table=True):
    """A stored file sent with an outbox message (read from the store at each attempt)."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="outboxmessage.id", index=True)
    storage_key: str = Field(max_length=120)
    file_name: str = Field(max_length=120)
    content_type: str = Field(max_length=40)
