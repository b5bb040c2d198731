"""Decisions (avis) in two steps, and the applicant's answer to a favourable one.\n\n1. Staff enter a decision (`entry`): nothing is e-mailed, it can be replaced.\n2. A gestionnaire validates it (`validation`): only now the applicant is e-mailed.\n3. The applicant confirms or withdraws before the deadline (`answers`).

The names below are the public API of this domain, imported from their modules.
"""

from __future__ import annotations

from ecandidat_app.core.review.bulk import BULK_LIMIT, BulkResult
from ecandidat_app.core.review.decisions.answers import (
    confirm_offer,
    promote_next,
    record_answer,
    release_place,
    withdraw,
)
from ecandidat_app.core.review.decisions.entry import (
    bulk_enter_decision,
    enter_decision,
)
from ecandidat_app.core.review.decisions.queries import (
    TRANSMITTED,
    current_validated_decision,
    decision_history,
    motifs,
    pending_decision,
)
from ecandidat_app.core.review.decisions.validation import (
    validate_decision,
    validate_decisions,
)

__all__ = [
    "BULK_LIMIT",
    "BulkResult",
    "TRANSMITTED",
    "bulk_enter_decision",
    "confirm_offer",
    "current_validated_decision",
    "decision_history",
    "enter_decision",
    "motifs",
    "pending_decision",
    "promote_next",
    "record_answer",
    "release_place",
    "validate_decision",
    "validate_decisions",
    "withdraw",
]
