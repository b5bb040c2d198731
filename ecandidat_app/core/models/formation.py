"""The catalogue: formations and the documents (pièces justificatives) they require."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.enums import Level


class Formation(SQLModel, table=True):
    __table_args__ = (
        Index("ix_formation_campaign_closes", "campaign_id", "closes_on"),
        Index("ix_formation_campaign_level", "campaign_id", "level"),
        Index("ix_formation_campaign_centre", "campaign_id", "centre_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    centre_id: int = Field(foreign_key="centre.id")
    commission_id: int = Field(foreign_key="commission.id", index=True)
    code: str = Field(max_length=20, index=True)
    label: str = Field(max_length=200)
    level: Level = Field(sa_type=String(4))
    domain: str = Field(default="", max_length=80)
    keywords: str = Field(default="", max_length=400)
    capacity: int = 0
    description: str = Field(default="", max_length=4000)
    # English versions entered by administrators; None (or empty): the French one shows.
    label_en: str | None = Field(default=None, max_length=200)
    description_en: str | None = Field(default=None, max_length=4000)
    opens_on: date
    closes_on: date  # "fin dépôt": the last day an application can be created/transmitted
    return_on: date  # "date de retour": the last day documents can change
    jury_on: date | None = None
    publication_on: date | None = None
    confirmation_days: int = 8
    # Lower-case, accent-free concatenation of label, keywords, code and centre for search.
    search_text: str = Field(default="", max_length=1200)


class DocumentType(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    centre_id: int | None = Field(default=None, foreign_key="centre.id")
    code: str = Field(max_length=20, unique=True)
    label: str = Field(max_length=160)
    help_text: str = Field(default="", max_length=600)
    label_en: str | None = Field(default=None, max_length=160)
    help_text_en: str | None = Field(default=None, max_length=600)
    is_common: bool = False  # one upload serves every application of the applicant
    is_conditional: bool = False  # "Je ne suis pas concerné" allowed
    order: int = 0


class FormationDocument(SQLModel, table=True):
    formation_id: int = Field(foreign_key="formation.id", primary_key=True)
    document_type_id: int = Field(foreign_key="documenttype.id", primary_key=True)
