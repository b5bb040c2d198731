"""Shared fixtures: a fresh database per test (SQLite always; PostgreSQL when
ECANDIDAT_TEST_POSTGRES_URL is set), settings pointed at a temporary folder, a fixed clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import ecandidat_app.core.models  # noqa: F401
from ecandidat_app.core import config, db
from ecandidat_app.core.clock import FixedClock

pytest_plugins = ("tests.s3_fixtures",)

POSTGRES_URL = os.environ.get("ECANDIDAT_TEST_POSTGRES_URL", "")
# ECANDIDAT_TEST_STORAGE=s3 runs every test's store in a bucket of a local S3 server (moto).
STORAGE = os.environ.get("ECANDIDAT_TEST_STORAGE", "local")
REDIS_URL = os.environ.get("ECANDIDAT_TEST_REDIS_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(autouse=True)
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[config.Settings]:
    """Every test gets its own data folder and database file."""
    monkeypatch.setenv("ECANDIDAT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ECANDIDAT_MODE", "dev")
    monkeypatch.delenv("ECANDIDAT_DATABASE_URL", raising=False)
    config.reset_settings_cache()
    db.reset_engine_cache()
    yield config.get_settings()
    db.reset_engine_cache()
    config.reset_settings_cache()


@pytest.fixture(autouse=True)
def _store_of_the_run(request: pytest.FixtureRequest, settings: config.Settings) -> None:
    if STORAGE == "s3" and "s3_settings" not in request.fixturenames:
        request.getfixturevalue("s3_settings")
    del settings


def ensure_postgres_database(url: str) -> None:
    """Create the test database named in the URL when the server does not have it yet."""
    base, name = url.rsplit("/", 1)
    admin = db.make_engine(base + "/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        exists = conn.execute(text("select 1 from pg_database where datname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def _postgres_engine() -> Iterator[Engine]:
    ensure_postgres_database(POSTGRES_URL)
    engine = db.make_engine(POSTGRES_URL)
    with engine.begin() as conn:
        SQLModel.metadata.drop_all(conn)
        SQLModel.metadata.create_all(conn)
    yield engine
    engine.dispose()


def _truncate_all(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def engine(
    request: pytest.FixtureRequest, settings: config.Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    """A fresh, empty schema; also installed as the app's engine (session_scope uses it)."""
    if request.param == "postgresql":
        eng = request.getfixturevalue("_postgres_engine")
        _truncate_all(eng)
        monkeypatch.setenv("ECANDIDAT_DATABASE_URL", POSTGRES_URL)
    else:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        eng = db.make_engine(settings.database_url)
        SQLModel.metadata.create_all(eng)
    monkeypatch.setattr(db, "get_engine", lambda: eng)
    yield eng
    if request.param == "sqlite":
        eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()
