"""/admin/commissions: juries, their contact and alerts, and who sits on them (one president)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core import admin
from ecandidat_app.core.admin.staff import ROLE_LABELS, all_staff
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account, Commission
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.web.components.admin_parts import Field, crud_page, select_field
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.crud import PAGE_SIZE, CentreCrudMixin, centre_choices, yes
from ecandidat_app.web.state.event_args import IdText

FIELDS = [
    Field("centre_id", N_("Centre"), "select", options="centres", required=True),
    Field("code", N_("Code"), required=True, max_length=20),
    Field("label", N_("Libellé"), required=True, max_length=160),
    Field("contact_email", N_("Adresse de contact"), "email", max_length=254),
    Field("alert_on_transmit", N_("Alerter la commission à chaque dossier transmis"), "checkbox"),
    Field("alert_on_withdrawal", N_("Alerter la commission à chaque désistement"), "checkbox"),
]
COLUMNS = [
    ("code", N_("Code")),
    ("label", N_("Libellé")),
    ("centre", N_("Centre")),
    ("contact", N_("Contact")),
]


class CommissionsState(CentreCrudMixin, AuthState):
    MODEL = Commission
    members: list[dict[str, str]] = []
    member_pick: str = ""
    member_president: bool = False
    member_error: str = ""

    def _field_names(self) -> list[str]:
        return [f.name for f in FIELDS]

    def _choices(self, s: Session) -> dict[str, list[dict[str, str]]]:
        staff = [
            {
                "value": str(a.id),
                "label": f"{a.last_name} {a.first_name} ({_(ROLE_LABELS[a.role])})",
            }
            for a in all_staff(s)
        ]
        return {"centres": centre_choices(s, self._scope(s)), "staff": staff}

    def _fetch(self, s: Session, account: Account, page: int, search: str) -> Any:
        return admin.list_commissions(s, account, page=page, size=PAGE_SIZE, search=search)

    def _display(self, c: Commission) -> dict[str, str]:
        centres = {o["value"]: o["label"] for o in self.options.get("centres", [])}
        return {
            "id": str(c.id),
            "code": c.code,
            "label": c.label,
            "centre": centres.get(str(c.centre_id), ""),
            "contact": c.contact_email,
        }

    def _load_members(self, s: Session, account: Account, commission_id: int) -> None:
        self.members = [
            {
                "id": str(a.id),
                "name": f"{a.first_name} {a.last_name}",
                "email": a.email,
                "president": _("Président(e)") if president else "",
            }
            for a, president in admin.commission_members(s, account, commission_id)
        ]

    def _values(self, s: Session, c: Commission) -> dict[str, str]:
        account = self._account()
        if account is None:
            raise NotFound()
        self._load_members(s, account, id_of(c))
        self.member_pick, self.member_president, self.member_error = "", False, ""
        return {
            "centre_id": str(c.centre_id),
            "code": c.code,
            "label": c.label,
            "contact_email": c.contact_email,
            "alert_on_transmit": yes(c.alert_on_transmit),
            "alert_on_withdrawal": yes(c.alert_on_withdrawal),
        }

    def _store(self, s: Session, account: Account, item_id: int | None, form: dict) -> None:
        admin.save_commission(
            s, account, item_id, **{k: form.get(k, "") for k in self._field_names()}
        )

    @rx.event
    def pick_member(self, value: str) -> None:
        self.member_pick = value

    @rx.event
    def set_member_president(self, checked: bool) -> None:
        self.member_president = checked

    @rx.event
    def add_member(self) -> None:
        account = self._account()
        if account is None or self._edit_id is None:
            return
        commission_id, pick, president = self._edit_id, self.member_pick, self.member_president

        def add(s: Session, a: Account) -> None:
            admin.set_commission_member(s, a, commission_id, pick, is_president=president)
            self._load_members(s, a, commission_id)

        refused = self._attempt(add, account)
        if isinstance(refused, DomainError):
            self.member_error = refused.message
            return
        self.member_pick, self.member_president, self.member_error = "", False, ""

    @rx.event
    def remove_member(self, member_id: IdText) -> None:
        account = self._account()
        if account is None or self._edit_id is None:
            return
        try:
            with session_scope() as s:
                admin.remove_commission_member(s, account, self._edit_id, int(member_id))
                self._load_members(s, account, self._edit_id)
        except (DomainError, ValueError) as exc:
            self.member_error = getattr(exc, "message", None) or _("Action impossible.")


def _members_panel() -> rx.Component:
    state = CommissionsState
    return rx.cond(
        ~state.is_new,
        rx.vstack(
            rx.heading(
                t("Membres de la commission"), size="4", as_="h3", margin_top="var(--space-4)"
            ),
            rx.cond(
                state.members.length() > 0,
                rx.el.ul(
                    rx.foreach(
                        state.members,
                        lambda m: rx.el.li(
                            rx.flex(
                                rx.text(m["name"], " · ", m["email"], " ", m["president"]),
                                rx.button(
                                    t("Retirer"),
                                    size="1",
                                    variant="outline",
                                    color_scheme="red",
                                    on_click=state.remove_member(m["id"]),
                                    aria_label=t("Retirer {name}", name=m["name"]),
                                ),
                                gap="var(--space-3)",
                                align="center",
                                wrap="wrap",
                            )
                        ),
                    ),
                    style={"padding_left": "1rem"},
                ),
                rx.text(t("Aucun membre pour l'instant."), size="2"),
            ),
            rx.flex(
                rx.box(
                    select_field(
                        t("Ajouter un membre"),
                        "membre-ajout",
                        state.member_pick,
                        state.pick_member,
                        state.options["staff"],
                        state.member_error,
                    ),
                    flex="1",
                    min_width="14rem",
                ),
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        id="membre-president",
                        checked=state.member_president,
                        on_change=state.set_member_president,
                        style={"width": "1.2rem", "height": "1.2rem", "margin_right": "0.4rem"},
                    ),
                    t("Président(e)"),
                    html_for="membre-president",
                    style={"display": "flex", "align_items": "center", "min_height": "2.5rem"},
                ),
                rx.button(t("Ajouter"), on_click=state.add_member, type="button"),
                gap="var(--space-3)",
                align="end",
                wrap="wrap",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
    )


def page() -> rx.Component:
    return crud_page(
        CommissionsState,
        title=N_("Commissions"),
        noun=N_("commission"),
        columns=COLUMNS,
        fields=FIELDS,
        extra_form=[_members_panel()],
    )
