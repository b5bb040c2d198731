"""questions per formation and their answers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:00:00

Administrators add questions to a formation (short or long text, single or multiple
choice, date, yes/no); each application keeps its answers, one row per question.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "formation_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("formation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("help_text", sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("max_length", sa.Integer(), nullable=True),
        sa.Column("choices", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("archived_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["formation_id"], ["formation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_formation_question_formation_id"),
        "formation_question",
        ["formation_id"],
        unique=False,
    )
    op.create_table(
        "question_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"]),
        sa.ForeignKeyConstraint(["question_id"], ["formation_question.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id", "question_id"),
    )
    op.create_index(
        op.f("ix_question_answer_application_id"),
        "question_answer",
        ["application_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_question_answer_question_id"), "question_answer", ["question_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_question_answer_question_id"), table_name="question_answer")
    op.drop_index(op.f("ix_question_answer_application_id"), table_name="question_answer")
    op.drop_table("question_answer")
    op.drop_index(op.f("ix_formation_question_formation_id"), table_name="formation_question")
    op.drop_table("formation_question")
