"""The ENT's users: Django's own users (passwords hashed by Django) and, for each, the
SupAnn attributes the CAS sends to eCandidat (kept in django-cas-server's UserAttributes)."""

from __future__ import annotations

from typing import Any

from cas_server.auth import DjangoAuthUser
from cas_server.models import UserAttributes


class EntUser(DjangoAuthUser):  # type: ignore[misc]
    def attributs(self) -> dict[str, Any]:
        if self.user is None:
            return {}
        stored = UserAttributes.objects.filter(username=self.username).first()
        return dict(stored.attributs or {}) if stored is not None else {}
