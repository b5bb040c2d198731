from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.base import utcnow


class Campaign(SQLModel, table=True):
    """A yearly campaign: applicant accounts belong to exactly one."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    label: str = Field(max_length=120)
    starts_on: date
    ends_on: date
    applicant_ends_on: date
    is_active: bool = Field(default=False, index=True)
    archived_at: datetime | None = None
    purged_at: datetime | None = None
    previous_id: int | None = Field(default=None, foreign_key="campaign.id")
    created_at: datetime = Field(default_factory=utcnow)
