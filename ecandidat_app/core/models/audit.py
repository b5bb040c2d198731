from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.base import utcnow


class AuditEvent(SQLModel, table=True):
    """Who did what, when: the dossier history staff read, and the security trail."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="account.id")
    application_id: int | None = Field(default=None, foreign_key="application.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    action: str = Field(max_length=60)
    detail: str = Field(default="", max_length=2000)
