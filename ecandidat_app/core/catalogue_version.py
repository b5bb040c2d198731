"""The catalogue token: changed in the same transaction as every write to the tables the
public catalogue shows (formations, centres, campaigns), whichever worker makes it.

Each process keeps its own copy of the catalogue (services.catalogue_index) and rebuilds it
when the token it reads differs from the one the copy was built at. The hook sits on the
engine's connections, so it sees ORM flushes (their INSERT/UPDATE/DELETE go through
`Connection.execute` too) as well as Core statements such as `insert(Formation)` or
`update(Campaign)`. Raw SQL text is not parsed: write these tables through SQLAlchemy.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import bindparam, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.dml import UpdateBase
from sqlmodel import Session

from ecandidat_app.core.models.catalogue_version import CatalogueVersion

WATCHED_TABLES = frozenset({"formation", "centre", "campaign"})
ROW_ID = 1
_TABLE = CatalogueVersion.__table__  # type: ignore[attr-defined]

# Prebuilt so a search pays one primary-key lookup and no statement construction.
READ_TOKEN = select(_TABLE.c.version).where(_TABLE.c.id == ROW_ID)


def _upsert(insert: Any) -> Any:  # each dialect has its own ON CONFLICT insert
    """Set a new token, creating the row when it is missing (schemas made by create_all)."""
    stmt = insert(_TABLE).values(id=ROW_ID, version=bindparam("token"))
    return stmt.on_conflict_do_update(
        index_elements=[_TABLE.c.id], set_={"version": stmt.excluded.version}
    )


_BUMP = {"sqlite": _upsert(sqlite.insert), "postgresql": _upsert(postgresql.insert)}


def read_token(s: Session) -> int | None:
    """The current token; None while no catalogue write has created the row."""
    return s.connection().execute(READ_TOKEN).scalar()


def bump(conn: Connection) -> None:
    conn.execute(_BUMP[conn.dialect.name], {"token": secrets.randbits(62)})


def _writes_catalogue(clause: object) -> bool:
    return isinstance(clause, UpdateBase) and getattr(clause.table, "name", None) in WATCHED_TABLES


def _autocommit(conn: Connection) -> bool:
    return conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT"


def _before_execute(conn: Connection, clause: object, *_args: Any) -> None:
    # In a transaction, bump first: the token row is then the first lock a catalogue write
    # takes on PostgreSQL, so two such transactions queue instead of deadlocking.
    if _writes_catalogue(clause) and not _autocommit(conn):
        bump(conn)


def _after_execute(conn: Connection, clause: object, *_args: Any) -> None:
    # Without a transaction each statement commits alone: bump after the write, or a reader
    # could see the new token before the new rows and keep stale rows under it.
    if _writes_catalogue(clause) and _autocommit(conn):
        bump(conn)


def watch(engine: Engine) -> None:
    event.listen(engine, "before_execute", _before_execute)
    event.listen(engine, "after_execute", _after_execute)
