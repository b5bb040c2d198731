"""`folded(column)`: a column folded in SQL exactly like `text.fold` folds what is typed
(case and accents), so "economie", "Économie" and "ECONOMIE" find "Sciences économiques".

SQLite runs `text.fold` itself (registered on each connection by `db.make_engine`).
PostgreSQL maps every accented Latin letter to its base letter with `translate`, then
lowers: correct whatever the database's locale, with no extension to install.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from ecandidat_app.core.text import fold

SQLITE_FUNCTION = "ecandidat_fold"


def fold_or_none(value: str | None) -> str | None:
    """The SQLite function: NULL stays NULL."""
    return None if value is None else fold(value)


@cache
def single_letter_folds() -> tuple[str, str]:
    """(from, to) for `translate`: each Latin letter that folds to one other letter."""
    source, target = [], []
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250)]:
        letter = chr(code)
        folded_letter = fold(letter)
        if len(folded_letter) == 1 and folded_letter != letter and folded_letter.isalpha():
            source.append(letter)
            target.append(folded_letter)
    return "".join(source), "".join(target)


class folded(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    type = String()
    inherit_cache = True
    name = "folded"


@compiles(folded)
def _folded_sqlite(element: folded, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


@compiles(folded, "postgresql")
def _folded_postgresql(element: folded, compiler: Any, **kw: Any) -> str:
    source, target = single_letter_folds()  # letters only: nothing to quote
    column = compiler.process(element.clauses, **kw)
    return f"lower(translate({column}, '{source}', '{target}'))"
