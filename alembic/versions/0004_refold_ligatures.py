"""refold ligatures in stored search texts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 04:30:00

`text.fold` now spells out œ, æ and ø ("oenologie" finds "DU Œnologie"). The search texts
stored before were folded without that: rewrite them the same way (they were already
lower-case, and ß already became "ss"), and give the catalogue a new token so every
worker reloads its copy.
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SPELLED = (("œ", "oe"), ("æ", "ae"), ("ø", "o"))
COLUMNS = (("formation", "search_text"), ("application", "search_text"),
           ("application", "formation_sort"))


def upgrade() -> None:
    for table, column in COLUMNS:
        refolded = sa.column(column)
        for letter, letters in SPELLED:
            refolded = sa.func.replace(refolded, letter, letters)
        tbl = sa.table(table, sa.column(column))
        op.execute(
            tbl.update()
            .where(sa.or_(*(tbl.c[column].like(f"%{letter}%") for letter, _ in SPELLED)))
            .values({column: refolded})
        )
    op.execute(
        sa.text("UPDATE catalogue_version SET version = :v").bindparams(v=secrets.randbits(62))
    )


def downgrade() -> None:
    """Nothing to undo: spelled-out texts are what the new fold writes for new rows too."""
