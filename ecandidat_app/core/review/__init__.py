"""Staff side: the board, the dossier view (`dossier`) and its changes (`dossier_changes`,
and for one dossier alone `one_dossier`: a later deadline, one more piece),\ndecisions, offers and answers, presence, statistics and exports.

The names below are the public API of this domain, imported from their modules.
"""

from __future__ import annotations

from ecandidat_app.core.review.bulk import BULK_LIMIT, BulkResult
from ecandidat_app.core.review.dossier import (
    HISTORY_LABELS,
    DocumentView,
    DossierView,
    FileView,
    HistoryView,
    NoteView,
    dossier_view,
    file_size,
    history,
    notes,
)
from ecandidat_app.core.review.dossier_changes import (
    COMMENT_MAX,
    NOTE_MAX,
    add_note,
    bulk_set_status,
    refuse_document,
    set_complete,
    set_incomplete,
    validate_document,
)
from ecandidat_app.core.review.one_dossier import (
    extend_answer_deadline,
    extend_return_date,
    extra_piece_choices,
    request_piece,
)

__all__ = [
    "BULK_LIMIT",
    "BulkResult",
    "COMMENT_MAX",
    "DocumentView",
    "DossierView",
    "FileView",
    "HISTORY_LABELS",
    "HistoryView",
    "NOTE_MAX",
    "NoteView",
    "add_note",
    "bulk_set_status",
    "dossier_view",
    "extend_answer_deadline",
    "extend_return_date",
    "extra_piece_choices",
    "request_piece",
    "file_size",
    "history",
    "notes",
    "refuse_document",
    "set_complete",
    "set_incomplete",
    "validate_document",
]
