"""Questions a formation asks its applicants (the original eCandidat's "formulaires"), and
the answers of each application. A question that has answers is archived, never deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.base import utcnow


class FormationQuestion(SQLModel, table=True):
    __tablename__ = "formation_question"

    id: int | None = Field(default=None, primary_key=True)
    formation_id: int = Field(foreign_key="formation.id", index=True)
    # short, long, single, multiple, date, yesno (core/questions/kinds.py)
    kind: str = Field(sa_type=String(10))
    label: str = Field(max_length=300)
    help_text: str = Field(default="", max_length=600)
    required: bool = False
    # Long text: the most characters an answer may have (None for the other kinds).
    max_length: int | None = None
    # Single and multiple choice: one choice per line.
    choices: str = Field(default="", max_length=2000)
    # English versions (None or empty: the French one shows); choices_en one per line, in
    # the order of `choices` (the stored answer stays the French choice).
    label_en: str | None = Field(default=None, max_length=300)
    help_text_en: str | None = Field(default=None, max_length=600)
    choices_en: str | None = Field(default=None, max_length=2000)
    order: int = 0
    # Set when removed while it had answers: no longer asked, its answers still read.
    archived_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class QuestionAnswer(SQLModel, table=True):
    __tablename__ = "question_answer"
    __table_args__ = (UniqueConstraint("application_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    question_id: int = Field(foreign_key="formation_question.id", index=True)
    # The answer as stored: text, the chosen choice, choices one per line, ISO date, oui/non.
    value: str = Field(default="", sa_type=Text)
    updated_at: datetime = Field(default_factory=utcnow)
