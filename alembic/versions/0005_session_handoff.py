"""session handoff codes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 04:20:00

The sign-in event hands the new session to the browser through a one-time code, exchanged
by an HTTP request that sets the HttpOnly cookie (the websocket cannot set cookies).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_handoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["loginsession.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index(
        op.f("ix_session_handoff_session_id"), "session_handoff", ["session_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_session_handoff_session_id"), table_name="session_handoff")
    op.drop_table("session_handoff")
