"""Who is looking at a dossier right now (kept in the database so every worker sees it)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.base import utcnow


class DossierPresence(SQLModel, table=True):
    application_id: int = Field(foreign_key="application.id", primary_key=True)
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    last_seen: datetime = Field(default_factory=utcnow, index=True)
