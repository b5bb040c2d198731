"""`folded(column)`: a column folded in SQL exactly like `text.fold` folds what is typed
(case, accents and ligatures), so "economie", "Économie" and "ECONOMIE" find "Sciences
économiques", and "oenologie" finds "DU Œnologie".

SQLite runs `text.fold` itself (registered on each connection by `db.make_engine`).
PostgreSQL spells out the letters that fold to several (œ, æ, ß...) with `replace`, maps
every other accented Latin letter to its base letter with `translate`, then lowers:
correct whatever the database's locale, with no extension to install.
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


# Latin letters: ASCII capitals, Latin-1 to Latin Extended-B, and the capital sharp s.
LATIN = [*range(0x41, 0x5B), *range(0xC0, 0x250), 0x1E9E]


def _latin_folds() -> list[tuple[str, str]]:
    """(letter, its fold) for each Latin letter that folds to something else (Catalan's
    ŀ folds to "l·"). No fold holds a quote: they are spelled inside SQL literals."""
    pairs = [(chr(code), fold(chr(code))) for code in LATIN]
    assert not any("'" in b or "\\" in b for _, b in pairs)
    return [(a, b) for a, b in pairs if b != a]


@cache
def single_letter_folds() -> tuple[str, str]:
    """(from, to) for `translate`: each Latin letter that folds to one other letter."""
    pairs = [(a, b) for a, b in _latin_folds() if len(b) == 1]
    return "".join(a for a, _ in pairs), "".join(b for _, b in pairs)


@cache
def multi_letter_folds() -> tuple[tuple[str, str], ...]:
    """(letter, letters) for `replace`: œ -> oe, æ -> ae, ß -> ss, ŀ -> l·..."""
    return tuple((a, b) for a, b in _latin_folds() if len(b) > 1)


class folded(FunctionElement):  # lower case: reads like the SQL function it stands for
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
    for letter, letters in multi_letter_folds():
        column = f"replace({column}, '{letter}', '{letters}')"
    return f"lower(translate({column}, '{source}', '{target}'))"
