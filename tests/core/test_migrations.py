"""`alembic upgrade head` on an empty database gives exactly the models' schema."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import SQLModel

from ecandidat_app.core.db import make_engine
from ecandidat_app.core.migrations import alembic_config, upgrade_head
from tests.conftest import POSTGRES_URL


def _drift(url: str) -> list:
    upgrade_head(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    engine.dispose()
    return diff


def test_sqlite_upgrade_matches_models(tmp_path) -> None:
    assert _drift(f"sqlite:///{tmp_path / 'm.db'}") == []


def test_upgrade_twice_is_a_no_op(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade_head(url)
    upgrade_head(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
        assert conn.execute(text("select version_num from alembic_version")).scalar() == head
        # 0002 inserts the catalogue token's single row (every worker reads it per search).
        assert conn.execute(text("select count(*) from catalogue_version")).scalar() == 1
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="ECANDIDAT_TEST_POSTGRES_URL not set")
def test_postgres_upgrade_matches_models() -> None:
    admin = make_engine(POSTGRES_URL)
    name = f"ecandidat_mig_{uuid.uuid4().hex[:8]}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    try:
        assert _drift(url) == []
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_0004_spells_out_ligatures_in_stored_search_texts(tmp_path) -> None:
    """Rows folded before `fold` spelled out œ/æ are found by "oenologie" after upgrading."""
    from datetime import date

    from sqlmodel import Session

    from alembic import command
    from ecandidat_app.core.migrations import alembic_config
    from ecandidat_app.core.models import Formation
    from tests import factories as f

    url = f"sqlite:///{tmp_path / 'm.db'}"
    command.upgrade(alembic_config(url), "0003")
    engine = make_engine(url)
    with Session(engine) as s:
        today = date(2027, 3, 15)
        jury = f.commission(s, f.centre(s))
        campaign = f.campaign(s, today=today)
        # Written in SQL: the Formation model has columns that 0003 does not have yet.
        formation_id = s.execute(
            text(
                "insert into formation (campaign_id, centre_id, commission_id, code, label,"
                " level, domain, keywords, capacity, description, opens_on, closes_on,"
                " return_on, confirmation_days, search_text) values (:campaign, :centre,"
                " :jury, 'F4', 'DU Œnologie', 'DU', '', '', 10, '', :day, :day, :day, 8,"
                " 'du œnologie et viticulture cæsar') returning id"  # as the old fold left it
            ),
            {"campaign": campaign.id, "centre": jury.centre_id, "jury": jury.id, "day": today},
        ).scalar_one()
        s.commit()
    command.upgrade(alembic_config(url), "head")
    with Session(engine) as s:
        assert s.get(Formation, formation_id).search_text == "du oenologie et viticulture caesar"
    engine.dispose()


def test_0010_matches_free_text_to_the_reference_lists(tmp_path) -> None:
    """Nationality, country, commune and bac series typed before the lists get their codes
    when they name an entry; other text keeps no code (shown « à confirmer »)."""
    import sqlalchemy as sa

    from alembic import command
    from ecandidat_app.core.migrations import alembic_config

    url = f"sqlite:///{tmp_path / 'm.db'}"
    command.upgrade(alembic_config(url), "0005")
    engine = sa.create_engine(url)  # no foreign keys: profile rows without their accounts
    people = [
        (1, "Française", "France", "66000", "Perpignan"),
        (2, "Atlantide", "Belgique", "1000", "Bruxelles"),
        (3, "marocaine", "france", "66200", "Elne-sur-Mer"),
    ]
    with engine.begin() as conn:
        for account_id, nationality, country, postal, city in people:
            conn.execute(
                sa.text(
                    "INSERT INTO candidate (account_id, civility, birth_name, usage_name, "
                    "first_names, birth_place, nationality, ine, phone, address_line, "
                    "postal_code, city, country, updated_at) VALUES (:id, 'Mme', 'X', '', "
                    "'Y', 'Z', :nat, '', '', '1 rue A', :postal, :city, :country, "
                    "'2027-01-01 00:00:00')"
                ),
                {
                    "id": account_id,
                    "nat": nationality,
                    "postal": postal,
                    "city": city,
                    "country": country,
                },
            )
        for account_id, series in [(1, "Générale"), (2, "Autre chose")]:
            conn.execute(
                sa.text(
                    "INSERT INTO bacrecord (account_id, year, series, mention, school, "
                    "imported) VALUES (:id, 2021, :series, '', '', 0)"
                ),
                {"id": account_id, "series": series},
            )
    command.upgrade(alembic_config(url), "head")
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT nationality, nationality_code, country, country_code, commune_code "
                "FROM candidate ORDER BY account_id"
            )
        ).all()
        bacs = conn.execute(
            sa.text("SELECT series, series_code FROM bacrecord ORDER BY account_id")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("France", "FR", "France", "FR", "66136"),
        ("Atlantide", "", "Belgique", "BE", ""),
        ("Maroc", "MA", "France", "FR", ""),  # no commune « Elne-sur-Mer » at 66200
    ]
    assert [tuple(b) for b in bacs] == [
        ("Baccalauréat général (depuis 2021, avec spécialités)", "BG"),
        ("Autre chose", ""),
    ]
