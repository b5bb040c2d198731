"""The id of a persisted row, typed `int`.

SQLModel tables declare `id: int | None` (None until the row is flushed). Code that has
flushed or loaded the row knows the id is set: `id_of(row)` says so once, and fails loudly
if a row was not flushed, instead of a `None` travelling on into a query.
"""

from __future__ import annotations

from typing import Protocol, cast

from sqlalchemy import ColumnElement
from sqlmodel import col


class HasId(Protocol):
    @property
    def id(self) -> int | None: ...


def id_of(row: HasId) -> int:
    """The id of `row`, which must have been flushed (or loaded) already."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush the session first.")
    return row.id


def id_column(model: type[HasId]) -> ColumnElement[int]:
    """The primary key column of a table, typed `int`: to select stored ids (never None)."""
    return cast("ColumnElement[int]", col(model.id))
