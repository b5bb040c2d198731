"""/admin/centres: faculties (centres de candidature)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core import admin
from ecandidat_app.core.i18n import N_
from ecandidat_app.core.models import Account, Centre
from ecandidat_app.web.components.admin_parts import Field, crud_page
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.crud import PAGE_SIZE, CrudMixin

FIELDS = [
    Field("code", N_("Code"), required=True, max_length=20),
    Field("label", N_("Libellé"), required=True, max_length=160),
    Field(
        "max_applications",
        N_("Nombre maximal de candidatures par candidat"),
        "number",
        required=True,
    ),
]
COLUMNS = [
    ("code", N_("Code")),
    ("label", N_("Libellé")),
    ("max_applications", N_("Candidatures max.")),
]


class CentresState(CrudMixin, AuthState):
    MODEL = Centre

    def _field_names(self) -> list[str]:
        return [f.name for f in FIELDS]

    def _blank(self) -> dict[str, str]:
        return {"max_applications": "20"}

    def _fetch(self, s: Session, account: Account, page: int, search: str) -> Any:
        return admin.list_centres(s, account, page=page, size=PAGE_SIZE, search=search)

    def _display(self, c: Centre) -> dict[str, str]:
        return {
            "id": str(c.id),
            "code": c.code,
            "label": c.label,
            "max_applications": str(c.max_applications),
        }

    def _values(self, _s: Session, c: Centre) -> dict[str, str]:
        return {"code": c.code, "label": c.label, "max_applications": str(c.max_applications)}

    def _store(self, s: Session, account: Account, item_id: int | None, form: dict) -> None:
        admin.save_centre(s, account, item_id, **{k: form.get(k, "") for k in self._field_names()})


def page() -> rx.Component:
    return crud_page(
        CentresState, title=N_("Centres"), noun=N_("centre"), columns=COLUMNS, fields=FIELDS
    )
