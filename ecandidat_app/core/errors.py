"""Domain errors carry the message shown to the user (in the current locale, French by
default), never a stack trace."""

from __future__ import annotations

from ecandidat_app.core.i18n import N_, _

NOT_FOUND = N_("Élément introuvable.")
FORBIDDEN = N_("Vous n'avez pas accès à cette ressource.")


class DomainError(Exception):
    """A rule said no. `message` is safe to show, in the current locale (French by default)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(message if message is not None else _(NOT_FOUND))


class Forbidden(DomainError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(message if message is not None else _(FORBIDDEN))


class StaleEdit(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Ce dossier a été modifié par quelqu'un d'autre pendant que vous le consultiez. "
                "Rechargez-le avant de recommencer."
            )
        )


class ArchivedCampaign(DomainError):
    """A change on a dossier of a campaign that is not the current one (read-only)."""

    def __init__(self) -> None:
        super().__init__(
            _("Campagne archivée — consultation seule : ce dossier ne peut plus être modifié.")
        )
