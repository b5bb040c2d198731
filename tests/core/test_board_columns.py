"""A board column holding more dossiers than it shows: its window (« 21 à 40 sur 325 »)
and the next pages, paged in SQL; exports leave out dossiers never transmitted, like the
board, unless asked."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from ecandidat_app.core.review import board
from ecandidat_app.core.review.board import BoardFilter, column_window
from tests.core.review_data import application, world


@pytest.mark.parametrize(
    ("total", "start", "expected"),
    [
        (0, 0, (0, 0, 0, 0, 0)),
        (12, 0, (0, 1, 12, 0, 0)),
        (25, 0, (0, 1, 20, 5, 0)),
        (25, 20, (20, 21, 25, 0, 20)),
        (325, 20, (20, 21, 40, 20, 20)),
        (25, 40, (20, 21, 25, 0, 20)),  # the column shrank: back inside it
        (25, 7, (0, 1, 20, 5, 0)),  # an odd offset snaps to its page
        (40, 20, (20, 21, 40, 0, 20)),
    ],
)
def test_column_window(total: int, start: int, expected: tuple[int, ...]) -> None:
    w = column_window(total, start, 20)
    assert (w.start, w.first, w.last, w.next_count, w.prev_count) == expected
    assert w.total == total


@pytest.fixture
def crowded(session: Session, clock):  # type: ignore[no-untyped-def]
    """25 validated decisions in one column (newest: Valide24), plus a dossier not sent."""
    data = world(session, clock)
    for i in range(25):
        application(
            session,
            clock,
            data.form_a1,
            status="CO",
            last_name=f"Valide{i:02d}",
            decision="FA",
            validated=True,
            minutes_ago=100 - i,
        )
    application(session, clock, data.form_a1, status="AT", last_name="PasEnvoye")
    session.commit()
    return data


def test_a_column_over_twenty_shows_its_next_cards(session: Session, crowded) -> None:  # type: ignore[no-untyped-def]
    counts = board.board_counts(session, crowded.gest_a)
    assert counts["validee"] == 25
    first = board.board_cards(session, crowded.gest_a, counts=counts)["validee"]
    assert [c.last_name for c in first] == [f"Valide{i:02d}" for i in range(24, 4, -1)]
    rest = board.board_cards(session, crowded.gest_a, counts=counts, starts={"validee": 20})
    assert [c.last_name for c in rest["validee"]] == [f"Valide{i:02d}" for i in range(4, -1, -1)]
    # Each page holds only its own cards (the state stays small), the whole column is seen.
    assert len(rest["validee"]) == 5
    names = {c.last_name for c in first} | {c.last_name for c in rest["validee"]}
    assert len(names) == 25
    # An offset past the end (the column shrank) shows the last page, not an empty column.
    late = board.board_cards(session, crowded.gest_a, counts=counts, starts={"validee": 60})
    assert late["validee"] == rest["validee"]


def test_export_ids_leave_out_dossiers_never_transmitted(session: Session, crowded) -> None:  # type: ignore[no-untyped-def]
    ids = board.board_ids(session, crowded.gest_a)
    assert len(ids) == 25  # like the board: the one still "en attente" is not there
    assert len(board.board_ids(session, crowded.gest_a, include_waiting=True)) == 26
    waiting = board.board_ids(session, crowded.gest_a, BoardFilter(column=board.WAITING))
    assert len(waiting) == 1  # asked for by the filter itself
