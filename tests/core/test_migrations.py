"""`alembic upgrade head` on an empty database gives exactly the models' schema."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from ecandidat_app.core.db import make_engine
from ecandidat_app.core.migrations import upgrade_head
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
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "0003"
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
