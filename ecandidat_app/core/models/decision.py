"""Decisions (avis): entered by one step, validated by another; only validation e-mails."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.base import utcnow
from ecandidat_app.core.models.enums import DecisionType


class DecisionMotif(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    centre_id: int | None = Field(default=None, foreign_key="centre.id")
    code: str = Field(max_length=20, unique=True)
    label: str = Field(max_length=200)


class Decision(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    code: DecisionType = Field(sa_type=String(2))
    motif_id: int | None = Field(default=None, foreign_key="decisionmotif.id")
    rank: int | None = None  # liste complémentaire
    comment: str = Field(default="", max_length=1000)
    preselection_at: datetime | None = None
    preselection_place: str = Field(default="", max_length=200)
    entered_by_id: int = Field(foreign_key="account.id")
    entered_at: datetime = Field(default_factory=utcnow)
    validated_by_id: int | None = Field(default=None, foreign_key="account.id")
    validated_at: datetime | None = None
    superseded: bool = False  # a later decision replaced this one
