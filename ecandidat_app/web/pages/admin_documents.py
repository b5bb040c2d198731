"""/admin/pieces: document types (pièces justificatives) formations may require."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core import admin
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account, DocumentType
from ecandidat_app.web.components.admin_parts import ENGLISH_HINT, Field, crud_page
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.crud import PAGE_SIZE, CrudMixin, centre_choices, yes

FIELDS = [
    Field("code", N_("Code"), required=True, max_length=20),
    Field("label", N_("Libellé"), required=True, max_length=160),
    Field("label_en", N_("Intitulé en anglais"), max_length=160, hint=ENGLISH_HINT),
    Field("order", N_("Ordre d'affichage"), "number"),
    Field("centre_id", N_("Centre (vide : tous les centres)"), "select", options="centres"),
    Field("is_common", N_("Commune : un seul dépôt sert à toutes les candidatures"), "checkbox"),
    Field(
        "is_conditional", N_("Conditionnelle : « Je ne suis pas concerné » possible"), "checkbox"
    ),
    Field("help_text", N_("Aide affichée au candidat"), "textarea", max_length=600),
    Field("help_text_en", N_("Aide en anglais"), "textarea", max_length=600),
]
COLUMNS = [
    ("order", N_("Ordre")),
    ("code", N_("Code")),
    ("label", N_("Libellé")),
    ("flags", N_("Type")),
]


class DocumentsState(CrudMixin, AuthState):
    MODEL = DocumentType

    def _field_names(self) -> list[str]:
        return [f.name for f in FIELDS]

    def _blank(self) -> dict[str, str]:
        return {"order": "0"}

    def _choices(self, s: Session) -> dict[str, list[dict[str, str]]]:
        return {"centres": centre_choices(s)}

    def _fetch(self, s: Session, account: Account, page: int, search: str) -> Any:
        return admin.list_document_types(s, account, page=page, size=PAGE_SIZE, search=search)

    def _display(self, d: DocumentType) -> dict[str, str]:
        flags = [
            name
            for flag, name in ((d.is_common, _("commune")), (d.is_conditional, _("conditionnelle")))
            if flag
        ]
        return {
            "id": str(d.id),
            "order": str(d.order),
            "code": d.code,
            "label": d.label,
            "flags": ", ".join(flags) or _("propre à chaque candidature"),
        }

    def _values(self, _s: Session, d: DocumentType) -> dict[str, str]:
        return {
            "code": d.code,
            "label": d.label,
            "order": str(d.order),
            "centre_id": str(d.centre_id or ""),
            "is_common": yes(d.is_common),
            "is_conditional": yes(d.is_conditional),
            "help_text": d.help_text,
            "label_en": d.label_en or "",
            "help_text_en": d.help_text_en or "",
        }

    def _store(self, s: Session, account: Account, item_id: int | None, form: dict) -> None:
        admin.save_document_type(
            s, account, item_id, **{k: form.get(k, "") for k in self._field_names()}
        )


def page() -> rx.Component:
    return crud_page(
        DocumentsState,
        title=N_("Pièces justificatives"),
        noun=N_("pièce"),
        columns=COLUMNS,
        fields=FIELDS,
    )
