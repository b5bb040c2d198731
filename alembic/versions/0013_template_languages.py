"""template languages

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 14:00:00

Staff overrides of mail and letter templates are per language: every override row gets a
`language` ("fr" for the rows already there, all written in French), and each event/kind
(and centre) may have one text per language. An English mail or letter uses the English
override, else the shipped English default, never the French override.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PostgreSQL's name of an unnamed unique constraint; SQLite's batch copy reflects the
# unnamed one under the same name through this convention, so one drop works on both.
NAMING = {"uq": "%(table_name)s_%(column_0_name)s_key"}
# (table, old unique columns, old constraint name (None: unnamed), key column)
TABLES = (
    ("mailtemplate", ("event",), None, "event"),
    ("centremailtemplate", ("centre_id", "event"), "uq_centremailtemplate", "event"),
    ("lettertemplate", ("kind",), None, "kind"),
    ("centrelettertemplate", ("centre_id", "kind"), "uq_centrelettertemplate", "kind"),
)


def _language() -> sa.Column:
    return sa.Column(
        "language",
        sqlmodel.sql.sqltypes.AutoString(length=2),
        nullable=False,
        server_default="fr",
    )


def upgrade() -> None:
    for table, columns, name, _key in TABLES:
        with op.batch_alter_table(table, naming_convention=NAMING) as batch:
            batch.add_column(_language())
            batch.drop_constraint(name or f"{table}_{columns[0]}_key", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_language", [*columns, "language"])


def downgrade() -> None:
    for table, columns, name, _key in reversed(TABLES):
        op.execute(sa.text(f"DELETE FROM {table} WHERE language <> 'fr'"))
        with op.batch_alter_table(table, naming_convention=NAMING) as batch:
            batch.drop_constraint(f"uq_{table}_language", type_="unique")
            batch.drop_column("language")
            batch.create_unique_constraint(name or f"{table}_{columns[0]}_key", list(columns))
