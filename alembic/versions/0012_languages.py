"""languages

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 13:20:00

The interface language of each account (`account.language`, French by default), and the
English versions administrators may enter for what applicants read: formation label and
description, document type label and help text, question label, help text and choices.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, length) of every English column, nullable: absent means "use the French".
ENGLISH_COLUMNS = (
    ("formation", "label_en", 200),
    ("formation", "description_en", 4000),
    ("documenttype", "label_en", 160),
    ("documenttype", "help_text_en", 600),
    ("formation_question", "label_en", 300),
    ("formation_question", "help_text_en", 600),
    ("formation_question", "choices_en", 2000),
)


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.add_column(
            sa.Column(
                "language",
                sqlmodel.sql.sqltypes.AutoString(length=2),
                nullable=False,
                server_default="fr",
            )
        )
    for table, column, length in ENGLISH_COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(column, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=True)
            )


def downgrade() -> None:
    for table, column, _length in reversed(ENGLISH_COLUMNS):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
    with op.batch_alter_table("account") as batch:
        batch.drop_column("language")
