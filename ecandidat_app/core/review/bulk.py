"""What a bulk action on dossiers did, for the staff board and the decisions alike."""

from __future__ import annotations

from dataclasses import dataclass, field

# At most this many dossiers in one bulk action (one transaction, one page of answers).
BULK_LIMIT = 200


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)  # application id -> French reason

    @property
    def summary(self) -> str:
        text = f"{len(self.done)} dossier(s) traité(s)"
        return text + (f", {len(self.refused)} refusé(s)." if self.refused else ".")
