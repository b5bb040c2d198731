"""Domain errors carry the French message shown to the user, never a stack trace."""

from __future__ import annotations


class DomainError(Exception):
    """A rule said no. `message` is French and safe to show."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    def __init__(self, message: str = "Élément introuvable.") -> None:
        super().__init__(message)


class Forbidden(DomainError):
    def __init__(self, message: str = "Vous n'avez pas accès à cette ressource.") -> None:
        super().__init__(message)


class StaleEdit(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Ce dossier a été modifié par quelqu'un d'autre pendant que vous le consultiez. "
            "Rechargez-le avant de recommencer."
        )


class ArchivedCampaign(DomainError):
    """A change on a dossier of a campaign that is not the current one (read-only)."""

    def __init__(self) -> None:
        super().__init__(
            "Campagne archivée — consultation seule : ce dossier ne peut plus être modifié."
        )
