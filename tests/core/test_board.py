"""The staff board: scope, columns, filters, sorting and paging in SQL, live version."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from ecandidat_app.core.errors import Forbidden
from ecandidat_app.core.models import Role
from ecandidat_app.core.review import board
from ecandidat_app.core.review.board import BoardFilter
from tests import factories as f
from tests.core.review_data import application, world


@pytest.fixture
def w(session: Session, clock):  # type: ignore[no-untyped-def]
    data = world(session, clock)
    a1, a2, b = data.form_a1, data.form_a2, data.form_b
    application(session, clock, a1, status="AT", last_name="Attente")
    application(session, clock, a1, status="RE", last_name="Recu", minutes_ago=5)
    application(session, clock, a1, status="IN", last_name="Incomplet", minutes_ago=4)
    application(session, clock, a2, status="CO", last_name="Complet", minutes_ago=3)
    application(session, clock, a2, status="CO", last_name="Saisie", decision="FA", minutes_ago=2)
    application(session, clock, a2, status="CO", last_name="Validée", decision="DE", validated=True)
    application(session, clock, a1, status="RE", last_name="Annulé", cancelled=True)
    application(session, clock, b, status="RE", last_name="Bérénice", first_name="Zoé")
    session.commit()
    return data


def test_counts_per_column_for_each_scope(session: Session, w) -> None:  # type: ignore[no-untyped-def]
    admin = board.board_counts(session, w.admin)
    assert admin == {
        "recu": 2,
        "incomplet": 1,
        "complet": 1,
        "saisie": 1,
        "validee": 1,
        "attente": 1,
    }
    gest_a = board.board_counts(session, w.gest_a)
    assert gest_a["recu"] == 1 and sum(gest_a.values()) == 6  # centre B's dossier not counted
    assert board.board_counts(session, w.gest_b) == {
        **dict.fromkeys(board.ALL_COLUMNS, 0),
        "recu": 1,
    }
    member = board.board_counts(session, w.member_a1)  # commission A1 only
    assert member == {
        **dict.fromkeys(board.ALL_COLUMNS, 0),
        "recu": 1,
        "incomplet": 1,
        "attente": 1,
    }


def test_applicants_and_strangers_see_nothing(session: Session, w, clock) -> None:  # type: ignore[no-untyped-def]
    camp_applicant = f.applicant(session, f.campaign(session, today=clock.today()))
    with pytest.raises(Forbidden):
        board.board_counts(session, camp_applicant)
    lonely = f.staff(session, role=Role.GESTIONNAIRE)  # no scope rows at all
    assert sum(board.board_counts(session, lonely).values()) == 0
    assert board.board_list(session, lonely) == ([], 0)
    # A commission filter outside the scope gives nothing, not the other centre's data.
    outside = BoardFilter(commission_id=w.form_b.commission_id)
    assert board.board_list(session, w.gest_a, outside) == ([], 0)


def test_cards_are_the_latest_per_column(session: Session, w, clock) -> None:  # type: ignore[no-untyped-def]
    for i in range(4):
        application(session, clock, w.form_a1, status="RE", last_name=f"Nouveau{i}", minutes_ago=-i)
    session.commit()
    cards = board.board_cards(session, w.gest_a, per_column=3)
    assert [c.last_name for c in cards["recu"]] == ["Nouveau3", "Nouveau2", "Nouveau1"]
    assert [c.last_name for c in cards["saisie"]] == ["Saisie"]
    assert [c.last_name for c in cards["validee"]] == ["Validée"]
    assert cards["complet"][0].formation_label == "Licence A2"
    assert all(c.column == key for key, rows in cards.items() for c in rows)


def test_list_filters(session: Session, w, clock) -> None:  # type: ignore[no-untyped-def]
    def names(flt: BoardFilter, account=None) -> list[str]:  # type: ignore[no-untyped-def]
        rows, total = board.board_list(session, account or w.admin, flt, sort="name", desc=False)
        assert total == len(rows)
        return [r.last_name for r in rows]

    assert names(BoardFilter(text="BERENICE zoe")) == ["Bérénice"]  # folded, every word
    assert names(BoardFilter(text="100%")) == []  # LIKE wildcards are escaped
    assert names(BoardFilter(decision="FA")) == ["Saisie"]
    assert names(BoardFilter(decision="none", column="complet")) == ["Complet"]
    assert names(BoardFilter(column="attente")) == ["Attente"]
    assert names(BoardFilter(formation_id=w.form_a2.id)) == ["Complet", "Saisie", "Validée"]
    assert "Annulé" not in names(BoardFilter())
    today = clock.today()
    assert len(names(BoardFilter(transmitted_from=today, transmitted_to=today))) == 6
    assert names(BoardFilter(transmitted_to=today - timedelta(days=1))) == []


@pytest.mark.parametrize("sort", board.SORTS)
def test_list_sorts_and_pages_in_sql(session: Session, w, clock, sort: str) -> None:  # type: ignore[no-untyped-def]
    for i in range(23):
        form = w.form_a1 if i % 2 else w.form_a2
        application(session, clock, form, status="RE", last_name=f"Nom{i:02d}", minutes_ago=i)
    session.commit()
    for desc in (False, True):
        everything, total = board.board_list(session, w.gest_a, sort=sort, desc=desc, page_size=200)
        pages = []
        for page in range(1, 5):
            rows, page_total = board.board_list(
                session, w.gest_a, sort=sort, desc=desc, page=page, page_size=8
            )
            assert page_total == total
            pages += rows
        assert [r.application_id for r in pages] == [r.application_id for r in everything]
        assert len({r.application_id for r in pages}) == total == 29
    by_name, _ = board.board_list(session, w.gest_a, sort="name", desc=False, page_size=200)
    assert by_name[0].last_name == "Attente" and by_name[-1].last_name == "Validée"
    by_form, _ = board.board_list(session, w.gest_a, sort="formation", desc=False, page_size=200)
    labels = [r.formation_label for r in by_form]
    assert labels == sorted(labels)  # "Licence A2" before "Master A1"


def test_version_changes_when_anything_in_scope_changes(session: Session, w, clock) -> None:  # type: ignore[no-untyped-def]
    before_a = board.board_version(session, w.gest_a)
    before_b = board.board_version(session, w.gest_b)
    assert board.board_version(session, w.gest_a) == before_a  # stable when nothing moves
    clock.advance(seconds=5)
    app = application(session, clock, w.form_a1, status="RE", last_name="Arrivé")
    session.commit()
    after_a = board.board_version(session, w.gest_a)
    assert after_a != before_a
    assert board.board_version(session, w.gest_b) == before_b  # other centre: unchanged
    clock.advance(seconds=5)
    app.updated_at = clock.now()  # what every service does when it changes a dossier
    session.add(app)
    session.commit()
    assert board.board_version(session, w.gest_a) != after_a


def test_formation_sort_follows_a_renamed_formation(session: Session, w, clock) -> None:  # type: ignore[no-untyped-def]
    from ecandidat_app.core import admin

    def labels() -> list[str]:
        rows, _ = board.board_list(session, w.gest_a, sort="formation", desc=False, page_size=200)
        return list(dict.fromkeys(r.formation_label for r in rows))

    assert labels() == ["Licence A2", "Master A1"]
    form = w.form_a2
    data = admin.FormationInput(
        commission_id=form.commission_id,
        code=form.code,
        label="Zoologie A2",
        level=form.level,
        opens_on=form.opens_on,
        closes_on=form.closes_on,
        return_on=form.return_on,
    )
    admin.save_formation(session, w.admin, form.id, data, clock=clock)
    session.commit()
    assert labels() == ["Master A1", "Zoologie A2"]  # the copied sort key moved too


def test_columns_agree_between_counts_cards_and_filters(session: Session, w) -> None:  # type: ignore[no-untyped-def]
    counts = board.board_counts(session, w.admin)
    cards = board.board_cards(session, w.admin, per_column=50, counts=counts)
    for key in board.COLUMNS:
        assert len(cards[key]) == counts[key]
        rows, total = board.board_list(session, w.admin, BoardFilter(column=key), page_size=200)
        assert total == counts[key] == len(rows)
        assert {r.column for r in rows} <= {key}
    # The counts of the list view give the same total as counting again.
    for flt in (BoardFilter(), BoardFilter(column="complet"), BoardFilter(text="zoe")):
        with_counts = board.board_list(
            session, w.admin, flt, counts=board.board_counts(session, w.admin, flt)
        )
        assert with_counts == board.board_list(session, w.admin, flt)
