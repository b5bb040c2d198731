"""/admin/campagnes: yearly campaigns; one active at a time, archived ones stay readable."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core import admin
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account, Campaign
from ecandidat_app.web.components.admin_parts import Field, RowAction, crud_page
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.crud import PAGE_SIZE, CrudMixin, iso, short_date

FIELDS = [
    Field("code", N_("Code"), required=True, max_length=20, hint=N_("Par exemple 2027.")),
    Field("label", N_("Libellé"), required=True, max_length=120),
    Field("starts_on", N_("Ouverture"), "date", required=True),
    Field("applicant_ends_on", N_("Fin de validité des comptes candidats"), "date", required=True),
    Field("ends_on", N_("Fin de campagne"), "date", required=True),
]
COLUMNS = [
    ("code", N_("Code")),
    ("label", N_("Libellé")),
    ("dates", N_("Dates")),
    ("state", N_("État")),
]
ACTIONS = [
    RowAction("activate", N_("Rendre courante"), when="can_activate"),
    RowAction("archive", N_("Archiver"), when="can_archive"),
]


class CampaignsState(CrudMixin, AuthState):
    MODEL = Campaign

    def _field_names(self) -> list[str]:
        return [f.name for f in FIELDS]

    def _fetch(self, s: Session, account: Account, page: int, _search: str) -> Any:
        return admin.list_campaigns(s, account, page=page, size=PAGE_SIZE)

    def _display(self, c: Campaign) -> dict[str, str]:
        state = _("Active") if c.is_active else (_("Archivée") if c.archived_at else _("Inactive"))
        return {
            "id": str(c.id),
            "code": c.code,
            "label": c.label,
            "dates": _("du {start} au {end}").format(
                start=short_date(c.starts_on), end=short_date(c.ends_on)
            ),
            "state": state,
            "can_activate": "1" if not c.is_active and not c.archived_at else "",
            "can_archive": "1" if not c.is_active and not c.archived_at else "",
        }

    def _values(self, _s: Session, c: Campaign) -> dict[str, str]:
        return {
            "code": c.code,
            "label": c.label,
            "starts_on": iso(c.starts_on),
            "applicant_ends_on": iso(c.applicant_ends_on),
            "ends_on": iso(c.ends_on),
        }

    def _store(self, s: Session, account: Account, item_id: int | None, form: dict) -> None:
        admin.save_campaign(
            s, account, item_id, **{k: form.get(k, "") for k in self._field_names()}
        )

    def _row_act(self, s: Session, account: Account, action: str, item_id: int) -> str:
        if action == "activate":
            c = admin.activate_campaign(s, account, item_id)
            return _(
                "La campagne {code} est maintenant la campagne courante ; "
                "la précédente est archivée (consultation seule)."
            ).format(code=c.code)
        if action != "archive":  # a hand-made event naming no button must not archive
            return super()._row_act(s, account, action, item_id)
        c = admin.archive_campaign(s, account, item_id)
        return _("La campagne {code} est archivée.").format(code=c.code)


def page() -> rx.Component:
    return crud_page(
        CampaignsState,
        title=N_("Campagnes"),
        noun=N_("campagne"),
        columns=COLUMNS,
        fields=FIELDS,
        actions=ACTIONS,
        searchable=False,
        intro=N_(
            "Une seule campagne est courante : les comptes candidats appartiennent à la "
            "campagne courante au moment de leur création. Rendre une campagne courante archive "
            "la précédente (ses dossiers restent consultables, en lecture seule). Pour ouvrir "
            "l'année suivante, copiez la campagne depuis « Campagne suivante »."
        ),
    )
