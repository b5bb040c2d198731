"""/admin/formations: the catalogue's formations, their dates, commission and pieces."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlalchemy.orm import object_session
from sqlmodel import Session

from ecandidat_app.core import admin
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account, Campaign, Formation
from ecandidat_app.core.models.enums import LEVEL_LABELS
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.web.components.admin_parts import ENGLISH_HINT, Field, crud_page
from ecandidat_app.web.components.question_admin_parts import questions_panel
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.crud import (
    PAGE_SIZE,
    CentreCrudMixin,
    commission_choices,
    document_choices,
    iso,
    multi_ids,
    multi_value,
    short_date,
)
from ecandidat_app.web.state.question_admin import QuestionAdminMixin

FIELDS = [
    Field("code", N_("Code"), required=True, max_length=20),
    Field("label", N_("Libellé"), required=True, max_length=200),
    Field("label_en", N_("Intitulé en anglais"), max_length=200, hint=ENGLISH_HINT),
    Field("level", N_("Niveau"), "select", options="levels", required=True),
    Field("commission_id", N_("Commission"), "select", options="commissions", required=True),
    Field("domain", N_("Domaine"), max_length=80),
    Field("keywords", N_("Mots-clés"), max_length=400, hint=N_("Séparés par des virgules.")),
    Field("capacity", N_("Capacité d'accueil"), "number"),
    Field("confirmation_days", N_("Délai de confirmation (jours)"), "number", required=True),
    Field("opens_on", N_("Début du dépôt"), "date", required=True),
    Field("closes_on", N_("Fin du dépôt"), "date", required=True),
    Field("return_on", N_("Date de retour des pièces"), "date", required=True),
    Field("jury_on", N_("Date du jury"), "date"),
    Field("publication_on", N_("Date de publication"), "date"),
    Field("description", N_("Informations complémentaires"), "textarea", max_length=4000),
    Field("description_en", N_("Description en anglais"), "textarea", max_length=4000),
    Field("document_type_ids", N_("Pièces justificatives demandées"), "multi", options="documents"),
]
COLUMNS = [
    ("code", N_("Code")),
    ("label", N_("Libellé")),
    ("level", N_("Niveau")),
    ("dates", N_("Dépôt")),
    ("campaign", N_("Campagne")),
]


class FormationsState(QuestionAdminMixin, CentreCrudMixin, AuthState):
    MODEL = Formation

    def _field_names(self) -> list[str]:
        return [f.name for f in FIELDS]

    def _blank(self) -> dict[str, str]:
        return {"confirmation_days": "8", "capacity": "0"}

    def _choices(self, s: Session) -> dict[str, list[dict[str, str]]]:
        return {
            "levels": [{"value": k, "label": _(v)} for k, v in LEVEL_LABELS.items()],
            "commissions": commission_choices(s, self._scope(s)),
            "documents": document_choices(s),
        }

    def _fetch(self, s: Session, account: Account, page: int, search: str) -> Any:
        return admin.list_formations(s, account, page=page, size=PAGE_SIZE, search=search)

    def _display(self, f: Formation) -> dict[str, str]:
        # The row is read inside the list's unit of work: its campaign from the same session.
        s = object_session(f)
        campaign = s.get(Campaign, f.campaign_id) if s is not None else None
        return {
            "id": str(f.id),
            "code": f.code,
            "label": f.label,
            "level": _(LEVEL_LABELS[f.level]) if f.level in LEVEL_LABELS else str(f.level),
            "dates": f"{short_date(f.opens_on)} → {short_date(f.closes_on)}",
            "campaign": campaign.code if campaign is not None else "",
        }

    def _values(self, s: Session, f: Formation) -> dict[str, str]:
        account = self._account()
        if account is not None:  # the formation opened: its questions come with it
            self._load_questions(s, account, id_of(f))
        return {
            "code": f.code,
            "label": f.label,
            "label_en": f.label_en or "",
            "level": str(f.level),
            "commission_id": str(f.commission_id),
            "domain": f.domain,
            "keywords": f.keywords,
            "capacity": str(f.capacity),
            "confirmation_days": str(f.confirmation_days),
            "opens_on": iso(f.opens_on),
            "closes_on": iso(f.closes_on),
            "return_on": iso(f.return_on),
            "jury_on": iso(f.jury_on),
            "publication_on": iso(f.publication_on),
            "description": f.description,
            "description_en": f.description_en or "",
            "document_type_ids": multi_value(sorted(admin.formation_document_ids(s, id_of(f)))),
        }

    def _store(self, s: Session, account: Account, item_id: int | None, form: dict) -> None:
        values = {k: form.get(k, "") for k in self._field_names()}
        values["document_type_ids"] = multi_ids(values["document_type_ids"])
        admin.save_formation(s, account, item_id, admin.FormationInput(**values))


def page() -> rx.Component:
    return crud_page(
        FormationsState,
        title=N_("Formations"),
        noun=N_("formation"),
        columns=COLUMNS,
        fields=FIELDS,
        intro=N_("Les formations créées ici appartiennent à la campagne active."),
        extra_form=[questions_panel(FormationsState)],
    )
