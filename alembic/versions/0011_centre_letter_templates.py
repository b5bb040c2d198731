"""centre letter templates

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 11:30:00

Centre administrators keep their centre's own letter texts (`centrelettertemplate`), used
for the letters of the centre's formations before the global override and the default.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "centrelettertemplate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["centre_id"], ["centre.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("centre_id", "kind", name="uq_centrelettertemplate"),
    )
    op.create_index(
        op.f("ix_centrelettertemplate_centre_id"),
        "centrelettertemplate",
        ["centre_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_centrelettertemplate_centre_id"), table_name="centrelettertemplate")
    op.drop_table("centrelettertemplate")
