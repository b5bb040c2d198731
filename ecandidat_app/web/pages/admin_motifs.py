"""/admin/motifs: refusal motifs offered with a défavorable decision."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core import admin
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account, DecisionMotif
from ecandidat_app.web.components.admin_parts import Field, RowAction, crud_page
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.crud import PAGE_SIZE, CentreCrudMixin, centre_choices

FIELDS = [
    Field("code", N_("Code"), required=True, max_length=20),
    Field("label", N_("Libellé"), required=True, max_length=200),
    Field(
        "centre_id",
        N_("Centre (vide : tous les centres, réservé à l'administrateur)"),
        "select",
        options="centres",
    ),
]
COLUMNS = [("code", N_("Code")), ("label", N_("Libellé")), ("centre", N_("Centre"))]


class MotifsState(CentreCrudMixin, AuthState):
    MODEL = DecisionMotif

    def _field_names(self) -> list[str]:
        return [f.name for f in FIELDS]

    def _choices(self, s: Session) -> dict[str, list[dict[str, str]]]:
        return {"centres": centre_choices(s, self._scope(s))}

    def _fetch(self, s: Session, account: Account, page: int, search: str) -> Any:
        return admin.list_motifs(s, account, page=page, size=PAGE_SIZE, search=search)

    def _display(self, m: DecisionMotif) -> dict[str, str]:
        centres = {o["value"]: o["label"] for o in self.options.get("centres", [])}
        return {
            "id": str(m.id),
            "code": m.code,
            "label": m.label,
            "centre": centres.get(str(m.centre_id), _("Tous")),
        }

    def _values(self, _s: Session, m: DecisionMotif) -> dict[str, str]:
        return {"code": m.code, "label": m.label, "centre_id": str(m.centre_id or "")}

    def _store(self, s: Session, account: Account, item_id: int | None, form: dict) -> None:
        admin.save_motif(s, account, item_id, **{k: form.get(k, "") for k in self._field_names()})

    def _row_act(self, s: Session, account: Account, action: str, item_id: int) -> str:
        if action != "delete":  # a hand-made event naming no button must not delete
            return super()._row_act(s, account, action, item_id)
        admin.delete_motif(s, account, item_id)
        return _("Motif supprimé.")


def page() -> rx.Component:
    return crud_page(
        MotifsState,
        title=N_("Motifs de refus"),
        noun=N_("motif"),
        columns=COLUMNS,
        fields=FIELDS,
        actions=[RowAction("delete", N_("Supprimer"))],
    )
