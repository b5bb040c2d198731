"""The applicant's side: dossiers (`dossiers`, `submission`, `dossier_checklist`, `overview`),\ntheir documents, the profile, the catalogue and the deadlines.

The names below are the public API of this domain, imported from their modules.
"""

from __future__ import annotations

from ecandidat_app.core.applications.dossier_checklist import (
    ApplicationView,
    DocumentView,
    FileView,
    checklist,
    checklist_and_questions,
    human_size,
)
from ecandidat_app.core.applications.dossiers import (
    ANSWERED_STATUSES,
    DEPOSITED_LABEL,
    MISSING_STATUSES,
    active_applications,
    claim_for_change,
    deadline_of,
    document_editable,
    document_status_label,
    documents_of,
    editable_reason,
    files_by_document,
    files_of,
    has_decision,
    load_own_application,
)
from ecandidat_app.core.applications.overview import (
    ANSWER_LABELS,
    RETRANSMITTED,
    TIMELINE_LABELS,
    ApplicationRow,
    TimelineStep,
    my_applications,
    validated_decision,
)
from ecandidat_app.core.applications.submission import (
    apply,
    cancel,
    transmit,
)

__all__ = [
    "DEPOSITED_LABEL",
    "document_status_label",
    "ANSWERED_STATUSES",
    "ANSWER_LABELS",
    "ApplicationRow",
    "ApplicationView",
    "DocumentView",
    "FileView",
    "MISSING_STATUSES",
    "RETRANSMITTED",
    "TIMELINE_LABELS",
    "TimelineStep",
    "active_applications",
    "apply",
    "cancel",
    "checklist",
    "checklist_and_questions",
    "claim_for_change",
    "deadline_of",
    "document_editable",
    "documents_of",
    "editable_reason",
    "files_by_document",
    "files_of",
    "has_decision",
    "human_size",
    "load_own_application",
    "my_applications",
    "transmit",
    "validated_decision",
]
