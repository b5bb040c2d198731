"""/admin/comptes: staff accounts (gestionnaire, commission member, admin) and the reach of
a gestionnaire (whole centres or some commissions)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core.admin import staff as admin_staff
from ecandidat_app.core.admin.staff import ROLE_LABELS
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import SCOPED_ROLES
from ecandidat_app.web.components.admin_parts import Field, RowAction, crud_page
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.crud import (
    PAGE_SIZE,
    CrudMixin,
    centre_choices,
    commission_choices,
    multi_ids,
    multi_value,
    yes,
)

FIELDS = [
    Field("email", N_("Adresse e-mail"), "email", required=True, max_length=254),
    Field("role", N_("Rôle"), "select", options="roles", required=True),
    Field("first_name", N_("Prénom"), required=True, max_length=80),
    Field("last_name", N_("Nom"), required=True, max_length=80),
    Field(
        "password",
        N_("Mot de passe initial (nouveau compte)"),
        "password",
        hint=N_("Ou cochez l'envoi d'un lien pour que la personne choisisse le sien."),
        max_length=128,
    ),
    Field("send_reset", N_("Envoyer un lien pour choisir le mot de passe"), "checkbox"),
    Field(
        "ent_login",
        N_("Identifiant ENT"),
        hint=N_(
            "Rattache le compte à cet identifiant : la personne peut alors se connecter avec "
            "l'ENT de l'université. Vide : pas de connexion par l'ENT."
        ),
        max_length=80,
    ),
    Field("is_active", N_("Compte actif"), "checkbox"),
    Field(
        "centre_ids",
        N_("Gestionnaire, administrateur de centre, lecteur : centres entiers"),
        "multi",
        options="centres",
    ),
    Field(
        "commission_ids",
        N_("Gestionnaire, lecteur : ou seulement ces commissions"),
        "multi",
        options="commissions",
    ),
]
COLUMNS = [
    ("name", N_("Nom")),
    ("email", N_("E-mail")),
    ("role", N_("Rôle")),
    ("state", N_("État")),
]


class StaffState(CrudMixin, AuthState):
    MODEL = Account

    def _field_names(self) -> list[str]:
        return [f.name for f in FIELDS]

    def _blank(self) -> dict[str, str]:
        return {"is_active": "on"}

    def _choices(self, s: Session) -> dict[str, list[dict[str, str]]]:
        roles = [{"value": k, "label": _(v)} for k, v in ROLE_LABELS.items()]
        return {"roles": roles, "centres": centre_choices(s), "commissions": commission_choices(s)}

    def _fetch(self, s: Session, account: Account, page: int, search: str) -> Any:
        return admin_staff.list_staff(s, account, page=page, size=PAGE_SIZE, search=search)

    def _display(self, a: Account) -> dict[str, str]:
        return {
            "id": str(a.id),
            "name": f"{a.last_name} {a.first_name}",
            "email": a.email,
            "role": _(ROLE_LABELS.get(str(a.role), str(a.role))),
            "state": _("Actif") if a.is_active else _("Désactivé"),
        }

    def _values(self, s: Session, a: Account) -> dict[str, str]:
        centres, commissions = admin_staff.staff_scope(s, id_of(a))
        return {
            "email": a.email,
            "role": str(a.role),
            "first_name": a.first_name,
            "last_name": a.last_name,
            "is_active": yes(a.is_active),
            "ent_login": a.ent_login or "",
            "centre_ids": multi_value(centres),
            "commission_ids": multi_value(commissions),
        }

    def _store(self, s: Session, account: Account, item_id: int | None, form: dict) -> None:
        names = {
            k: form.get(k, "") for k in ("email", "first_name", "last_name", "role", "ent_login")
        }
        if item_id is None:
            staff = admin_staff.create_staff(
                s,
                account,
                **names,
                password=form.get("password", ""),
                send_reset=form.get("send_reset", ""),
            )
        else:
            staff = admin_staff.update_staff(
                s, account, item_id, **names, is_active=form.get("is_active", "")
            )
        if staff.role in SCOPED_ROLES:
            admin_staff.set_staff_scope(
                s,
                account,
                id_of(staff),
                centre_ids=multi_ids(form.get("centre_ids", "")),
                commission_ids=multi_ids(form.get("commission_ids", "")),
            )

    def _row_act(self, s: Session, account: Account, action: str, item_id: int) -> str:
        if action != "reset":  # a hand-made event naming no button must not send mail
            return super()._row_act(s, account, action, item_id)
        admin_staff.send_staff_reset(s, account, item_id)
        return _("Un lien pour choisir un nouveau mot de passe a été envoyé.")


def page() -> rx.Component:
    return crud_page(
        StaffState,
        title=N_("Comptes du personnel"),
        noun=N_("compte"),
        columns=COLUMNS,
        fields=FIELDS,
        actions=[RowAction("reset", N_("Envoyer un lien de mot de passe"))],
        search_hint=N_("Nom, prénom ou adresse e-mail"),
        intro=N_(
            "Les membres de commission sont rattachés à leurs commissions depuis la page "
            "Commissions ; un gestionnaire ou un lecteur voit les centres ou commissions cochés "
            "ici, un administrateur de centre gère l'offre des centres cochés."
        ),
    )
