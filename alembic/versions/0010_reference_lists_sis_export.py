"""reference lists in the profile, hand-over to the student information system

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 10:10:00

Countries, nationality, bac series and commune get codes from the reference lists
(core/reference). Free text already typed is matched against the lists; what matches
gets its code (and the list's spelling); what does not keeps its text without a code,
which « Mon dossier » shows as to be confirmed by the applicant (profile_rules.to_confirm).
`sis_export` records which admitted applications were handed to the SIS.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from ecandidat_app.core.reference.matching import match_bac, match_candidate

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CANDIDATE_COLUMNS = (
    ("nationality_code", 2),
    ("birth_country_code", 2),
    ("country_code", 2),
    ("commune_code", 5),
)
_BAC_COLUMNS = (("series_code", 8), ("speciality_1", 8), ("speciality_2", 8))


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    # A server default of "" fills the rows already there (the models write every value).
    for table, added in (("candidate", _CANDIDATE_COLUMNS), ("bacrecord", _BAC_COLUMNS)):
        for name, length in added:
            op.add_column(
                table, sa.Column(name, _text(length), nullable=False, server_default="")
            )
    _migrate_free_text()
    op.create_table(
        "sis_export",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("batch", _text(40), nullable=False),
        sa.Column("exported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("exported_by_id", sa.Integer(), nullable=True),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.Column("rerequested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"]),
        sa.ForeignKeyConstraint(["exported_by_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("application_id"),
    )
    op.create_index(op.f("ix_sis_export_batch"), "sis_export", ["batch"], unique=False)


def _migrate_free_text() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT account_id, nationality, country, postal_code, city FROM candidate"
        )
    ).mappings()
    for row in list(rows):
        codes = match_candidate(
            row["nationality"], row["country"], row["postal_code"], row["city"]
        )
        conn.execute(
            sa.text(
                "UPDATE candidate SET nationality = :nationality, "
                "nationality_code = :nationality_code, country = :country, "
                "country_code = :country_code, commune_code = :commune_code "
                "WHERE account_id = :id"
            ),
            {**codes, "id": row["account_id"]},
        )
    bacs = conn.execute(sa.text("SELECT account_id, series FROM bacrecord")).mappings()
    for row in list(bacs):
        found = match_bac(row["series"])
        if found is not None:
            conn.execute(
                sa.text(
                    "UPDATE bacrecord SET series_code = :code, series = :label "
                    "WHERE account_id = :id"
                ),
                {"code": found.code, "label": found.label, "id": row["account_id"]},
            )


def downgrade() -> None:
    op.drop_index(op.f("ix_sis_export_batch"), table_name="sis_export")
    op.drop_table("sis_export")
    with op.batch_alter_table("bacrecord") as batch:
        for name, _length in _BAC_COLUMNS:
            batch.drop_column(name)
    with op.batch_alter_table("candidate") as batch:
        for name, _length in _CANDIDATE_COLUMNS:
            batch.drop_column(name)
