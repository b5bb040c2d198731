"""Engine and sessions: SQLite (WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import event
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.sql.dml import Update
from sqlmodel import Session, create_engine

from ecandidat_app.core import catalogue_version
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.sql_fold import SQLITE_FUNCTION, fold_or_none


def make_engine(url: str) -> Engine:
    engine = _new_engine(url)
    catalogue_version.watch(engine)  # every worker's catalogue writes change the token
    return engine


def _new_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
            dbapi_conn.create_function(SQLITE_FUNCTION, 1, fold_or_none, deterministic=True)

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


_engine_for_url = lru_cache(make_engine)


def get_engine() -> Engine:
    """The process-wide engine for the configured database (tests may replace this)."""
    return _engine_for_url(get_settings().database_url)


def reset_engine_cache() -> None:
    _engine_for_url.cache_clear()


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def rows_changed(result: Result[Any]) -> int:
    """Rows touched by an UPDATE or DELETE run with `session.exec`: its result is a
    CursorResult at run time, typed as a plain Result by SQLModel."""
    return cast("CursorResult[Any]", result).rowcount


def update_and_read(s: Session, statement: Update, row: Any) -> bool:
    """Run a conditional UPDATE of `row`'s table row and read the row back in the same
    round trip (RETURNING): `row` then holds the stored values whether the condition
    matched or not (re-read when it did not). True when exactly that row was updated."""
    updated = (
        s.execute(
            statement.returning(type(row)),
            execution_options={"synchronize_session": False, "populate_existing": True},
        )
        .scalars()
        .all()
    )
    if len(updated) != 1 or updated[0] is not row:
        s.refresh(row)
        return False
    return True
