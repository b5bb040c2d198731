"""Hand-over to the student information system: which admitted applications went out."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class SisExport(SQLModel, table=True):
    """One row per application handed to the SIS; `exported_at` is None once staff
    re-request it (it then goes out with the next export)."""

    __tablename__ = "sis_export"

    application_id: int = Field(foreign_key="application.id", primary_key=True)
    batch: str = Field(max_length=40, index=True)  # the export that carried it last
    exported_at: datetime | None = None
    exported_by_id: int | None = Field(default=None, foreign_key="account.id")
    times: int = 1  # how many exports carried it
    rerequested_at: datetime | None = None
