"""Applications (candidatures), their documents and the files behind them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.base import utcnow
from ecandidat_app.core.models.enums import DocumentStatus, DossierStatus

# Partial-index condition: the staff board only ever looks at applications not cancelled.
_LIVE: dict[str, Any] = {
    "sqlite_where": text("cancelled_at IS NULL"),
    "postgresql_where": text("cancelled_at IS NULL"),
}


class Application(SQLModel, table=True):
    __table_args__ = (
        Index("ix_application_formation_status", "formation_id", "status"),
        Index("ix_application_commission_status", "commission_id", "status"),
        Index("ix_application_campaign_status", "campaign_id", "status"),
        Index("ix_application_transmitted", "transmitted_at"),
        # Staff board (see services/board.py and bench/bench_board.py), all partial on live
        # applications. Each ends with the columns of its WHERE (cancelled_at, always NULL
        # there): SQLite treats a partial index as covering only when it holds them.
        # Scope first: counts and totals read it alone (it holds every filtered column).
        Index(
            "ix_application_board_scope",
            "commission_id",
            "status",
            "decision_code",
            "decision_validated",
            "formation_id",
            "transmitted_at",
            "search_text",
            "cancelled_at",
            **_LIVE,
        ),
        # The cards of a column, latest first: walked in order, scope checked in the index.
        # "No decision" sits in the WHERE: PostgreSQL keeps the index order only after
        # equalities, and `decision_code IS NULL` is not one.
        Index(
            "ix_application_board_stage",
            "status",
            "transmitted_at",
            "id",
            "commission_id",
            "formation_id",
            "decision_code",
            "cancelled_at",
            sqlite_where=text("cancelled_at IS NULL AND decision_code IS NULL"),
            postgresql_where=text("cancelled_at IS NULL AND decision_code IS NULL"),
        ),
        Index(
            "ix_application_board_decided",
            "decision_validated",
            "transmitted_at",
            "id",
            "commission_id",
            "formation_id",
            "decision_code",
            "cancelled_at",
            sqlite_where=text("cancelled_at IS NULL AND decision_code IS NOT NULL"),
            postgresql_where=text("cancelled_at IS NULL AND decision_code IS NOT NULL"),
        ),
        # One per sort order of the list, so a page never sorts 100,000 rows.
        Index(
            "ix_application_board_name",
            "search_text",
            "commission_id",
            "status",
            "decision_code",
            "decision_validated",
            "formation_id",
            "transmitted_at",
            "cancelled_at",
            **_LIVE,
        ),
        Index(
            "ix_application_board_status",
            "status",
            "search_text",
            "commission_id",
            "cancelled_at",
            **_LIVE,
        ),
        Index(
            "ix_application_board_decision",
            "decision_code",
            "search_text",
            "commission_id",
            "cancelled_at",
            **_LIVE,
        ),
        Index(
            "ix_application_board_formation",
            "formation_sort",
            "search_text",
            "commission_id",
            "cancelled_at",
            **_LIVE,
        ),
        Index(
            "ix_application_board_sent",
            "transmitted_at",
            "search_text",
            "commission_id",
            "cancelled_at",
            **_LIVE,
        ),
        # Live updates poll max(updated_at) per commission (or overall) every few seconds.
        Index("ix_application_commission_updated", "commission_id", "updated_at"),
        Index("ix_application_updated", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    formation_id: int = Field(foreign_key="formation.id")
    # Denormalised from the formation so the staff board filters without joins.
    commission_id: int = Field(foreign_key="commission.id")
    campaign_id: int = Field(foreign_key="campaign.id")
    status: DossierStatus = Field(default=DossierStatus.EN_ATTENTE, sa_type=String(2))
    created_at: datetime = Field(default_factory=utcnow)
    transmitted_at: datetime | None = None
    received_at: datetime | None = None
    complete_at: datetime | None = None
    incomplete_at: datetime | None = None
    cancelled_at: datetime | None = None
    # Accept flag: None = no answer yet, True = confirmed, False = withdrew.
    accepted: bool | None = None
    answered_at: datetime | None = None
    confirm_deadline: datetime | None = None
    # A return date granted to this dossier alone (staff, with a reason), later than its
    # formation's `return_on`; None: the formation's date.
    return_until: date | None = None
    reminder_sent_at: datetime | None = None
    # Latest decision, denormalised for the board's columns and filters.
    decision_code: str | None = Field(default=None, max_length=2, index=True)
    decision_validated: bool = False
    # The formation's label folded (`text.fold`), the board's sort key for "Formation":
    # set on creation (applications.create), rewritten when the label changes (admin).
    formation_sort: str = Field(default="", max_length=200)
    # Applicant's name, file number and e-mail, lower-case and accent-free, for staff search.
    search_text: str = Field(default="", max_length=400)
    # Optimistic locking: a change made on a stale view is refused.
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class ApplicationDocument(SQLModel, table=True):
    """One required document (PjCand) of one application."""

    __table_args__ = (UniqueConstraint("application_id", "document_type_id"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    document_type_id: int = Field(foreign_key="documenttype.id")
    status: DocumentStatus = Field(default=DocumentStatus.EN_ATTENTE, sa_type=String(2))
    staff_comment: str = Field(default="", max_length=1000)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key="account.id")
    # A piece staff asked of this dossier alone (not in its formation's list), and why.
    requested_by_id: int | None = Field(default=None, foreign_key="account.id")
    request_note: str = Field(default="", max_length=1000)


class StoredFile(SQLModel, table=True):
    """A file in the private store. The display name is sanitised and never used as a path."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    document_type_id: int = Field(foreign_key="documenttype.id")
    display_name: str = Field(max_length=120)
    size: int
    content_type: str = Field(max_length=40)
    sha256: str = Field(max_length=64)
    storage_key: str = Field(max_length=120, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class DocumentFile(SQLModel, table=True):
    """Which files answer which application document (a common file answers several)."""

    application_document_id: int = Field(foreign_key="applicationdocument.id", primary_key=True)
    stored_file_id: int = Field(foreign_key="storedfile.id", primary_key=True, index=True)


class ApplicationNote(SQLModel, table=True):
    """Staff-only notes (post-its) on a dossier."""

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    author_id: int = Field(foreign_key="account.id")
    body: str = Field(max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
