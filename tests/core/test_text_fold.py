"""Search folding: Python (`text.fold`) and SQL (`sql_fold.folded`, SQLite and PostgreSQL)
fold alike, accents, case and ligatures, so "oenologie" finds "DU Œnologie"."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import literal, select
from sqlmodel import Session

from ecandidat_app.core.services import admin, catalogue
from ecandidat_app.core.sql_fold import LATIN, folded
from ecandidat_app.core.text import fold
from tests import factories as f

TODAY = date(2027, 3, 15)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("DU Œnologie et viticulture", "du oenologie et viticulture"),
        ("œuvre", "oeuvre"),
        ("Cæsar", "caesar"),
        ("Ærø", "aero"),
        ("Straße STRAẞE", "strasse strasse"),
        ("  Économie   gérée ", "economie geree"),
    ],
)
def test_fold_spells_out_ligatures(typed: str, expected: str) -> None:
    assert fold(typed) == expected


def test_sql_fold_matches_python_fold_for_every_latin_letter(session: Session) -> None:
    """Each database folds every Latin letter exactly as Python does (one query)."""
    letters = [chr(code) for code in LATIN] + ["Œnologie Cæsar ẞ"]
    row = session.exec(select(*(folded(literal(x)) for x in letters))).one()  # type: ignore[call-overload]
    wrong = [(x, got, fold(x)) for x, got in zip(letters, row, strict=True) if got != fold(x)]
    assert wrong == []


def test_catalogue_finds_a_ligature_typed_without_it(session: Session) -> None:
    camp = f.campaign(session, today=TODAY)
    jury = f.commission(session, f.centre(session, label="UFR Lettres"))
    wine = f.formation(session, camp, jury, today=TODAY, label="DU Œnologie et viticulture")
    f.formation(session, camp, jury, today=TODAY, label="Licence Histoire")
    for typed in ("oenologie", "Œnologie", "OENOLOGIE", "œno"):
        found = catalogue.search(session, campaign_id=camp.id, text=typed, today=TODAY)
        assert [r.id for r in found.rows] == [wine.id], typed


def test_admin_search_finds_a_ligature_typed_without_it(session: Session) -> None:
    """The admin lists filter in SQL (`folded`): same answer on both databases."""
    boss = f.staff(session, role="admin")
    wanted = f.centre(session, label="Institut d'Œnologie")
    f.centre(session, label="UFR Lettres")
    session.flush()
    for typed in ("oenologie", "ŒNOLOGIE", "institut d'oeno"):
        found = admin.list_centres(session, boss, search=typed).items
        assert [c.id for c in found] == [wanted.id], typed
