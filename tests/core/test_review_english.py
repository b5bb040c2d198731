"""What the review core says to staff follows the reader's language: French unchanged,
English from the catalogue (bulk summaries, file sizes, board columns, history labels)."""

from __future__ import annotations

from ecandidat_app.core.i18n import _, use_locale
from ecandidat_app.core.review.board import ALL_COLUMNS
from ecandidat_app.core.review.bulk import BulkResult
from ecandidat_app.core.review.dossier import HISTORY_LABELS, file_size


def test_a_bulk_summary_in_french_and_in_english() -> None:
    done = BulkResult(done=[1, 2])
    one = BulkResult(done=[1])
    mixed = BulkResult(done=[1, 2, 3], refused={4: "Non."})
    assert done.summary == "2 dossier(s) traité(s)."
    assert mixed.summary == "3 dossier(s) traité(s), 1 refusé(s)."
    with use_locale("en"):
        assert done.summary == "2 applications processed."
        assert one.summary == "1 application processed."
        assert mixed.summary == "3 application(s) processed, 1 refused."


def test_file_sizes_in_each_language() -> None:
    assert (file_size(350_000), file_size(1_234_567)) == ("350 Ko", "1,2 Mo")
    with use_locale("en"):
        assert (file_size(350_000), file_size(1_234_567)) == ("350 kB", "1.2 MB")


def test_board_columns_and_history_labels_have_their_english() -> None:
    with use_locale("en"):
        columns = {key: _(label) for key, label in ALL_COLUMNS.items()}
        history = {key: _(label) for key, label in HISTORY_LABELS.items()}
    assert columns["recu"] == "Received"
    assert columns["attente"] == "Not yet submitted"
    assert history["note_added"] == "Note added"
    still_french = [k for k in ALL_COLUMNS if columns[k] == ALL_COLUMNS[k]]
    still_french += [k for k in HISTORY_LABELS if history[k] == HISTORY_LABELS[k]]
    assert not still_french
