"""One row whose token changes with every write to what the public catalogue shows."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel


class CatalogueVersion(SQLModel, table=True):
    __tablename__ = "catalogue_version"

    id: int = Field(default=1, primary_key=True)  # always 1: a single row
    # A random token, not a counter: after a rollback or a restored backup a counter can
    # come back to a value an index was built at, with other rows behind it.
    version: int = Field(sa_type=BigInteger)
