"""delegation: centre mail texts, a dossier's own return date, pieces asked of one dossier

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00

Centre administrators keep their centre's own mail texts (`centremailtemplate`); staff may
give one dossier a later return date (`application.return_until`) and ask one dossier for
a piece its formation's list does not have (`applicationdocument.requested_by_id`,
`request_note`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "centremailtemplate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("event", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["centre_id"], ["centre.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("centre_id", "event", name="uq_centremailtemplate"),
    )
    op.create_index(
        op.f("ix_centremailtemplate_centre_id"), "centremailtemplate", ["centre_id"], unique=False
    )
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.add_column(sa.Column("return_until", sa.Date(), nullable=True))
    with op.batch_alter_table("applicationdocument", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requested_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "request_note",
                sqlmodel.sql.sqltypes.AutoString(length=1000),
                nullable=False,
                server_default="",
            )
        )
        batch_op.create_foreign_key(
            "fk_applicationdocument_requested_by_id", "account", ["requested_by_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("applicationdocument", schema=None) as batch_op:
        batch_op.drop_constraint("fk_applicationdocument_requested_by_id", type_="foreignkey")
        batch_op.drop_column("request_note")
        batch_op.drop_column("requested_by_id")
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_column("return_until")
    op.drop_index(op.f("ix_centremailtemplate_centre_id"), table_name="centremailtemplate")
    op.drop_table("centremailtemplate")
