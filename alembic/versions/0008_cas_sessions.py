"""ENT (CAS) sessions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:00:00

A session opened through the ENT's CAS keeps the hash of its service ticket: the CAS single
logout request names that ticket, and the session it opened is then revoked.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("loginsession") as batch:
        batch.add_column(
            sa.Column("cas_ticket_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch.create_index(
            op.f("ix_loginsession_cas_ticket_hash"), ["cas_ticket_hash"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("loginsession") as batch:
        batch.drop_index(op.f("ix_loginsession_cas_ticket_hash"))
        batch.drop_column("cas_ticket_hash")
