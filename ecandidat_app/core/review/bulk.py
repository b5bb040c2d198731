"""What a bulk action on dossiers did, for the staff board and the decisions alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecandidat_app.core.i18n import _, ngettext

# At most this many dossiers in one bulk action (one transaction, one page of answers).
BULK_LIMIT = 200


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)  # application id -> reason

    @property
    def summary(self) -> str:
        """ "3 dossier(s) traité(s), 1 refusé(s)." in the current locale."""
        done, refused = len(self.done), len(self.refused)
        if not refused:
            return ngettext(
                "{done} dossier(s) traité(s).", "{done} dossier(s) traité(s).", done
            ).format(done=done)
        return _("{done} dossier(s) traité(s), {refused} refusé(s).").format(
            done=done, refused=refused
        )
