"""/gestion/transmission-si: hand the admitted applicants who confirmed to the student
information system, per campaign or per formation: the list of confirmed admissions with
where each stands, « Exporter » (a .zip of the two CSV files of docs/sis-export.md, each
admission once) and « Transmettre à nouveau » for one already sent. Gestionnaires (their
centres) and administrators; the core refuses anyone else."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import reflex as rx

from ecandidat_app.core.i18n import N_, _, ngettext
from ecandidat_app.core.i18n_format import format_datetime
from ecandidat_app.core.integrations.sis import batches, choices, files
from ecandidat_app.core.integrations.sis.batches import HandOver, Scope
from ecandidat_app.web.components.board_parts import select_field
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import Id, IdChoice, parse_id


@dataclasses.dataclass
class HandOverItem:
    id: str
    who: str
    formation: str
    state: str
    sent: bool


def _item(h: HandOver) -> HandOverItem:
    if h.exported_at is not None:
        state = _("Transmis le {date} (export {batch})").format(
            date=format_datetime(h.exported_at), batch=h.batch
        )
    elif h.rerequested:
        state = _("À transmettre à nouveau au prochain export")
    else:
        state = _("À transmettre")
    return HandOverItem(
        str(h.application_id),
        f"{h.name} · {h.file_number}",
        h.formation,
        state,
        bool(h.exported_at),
    )


class StaffSisState(PageState, AuthState):
    audience: ClassVar[str] = "staff"

    campaign_options: list[dict[str, str]] = []
    formation_options: list[dict[str, str]] = []
    campaign: str = ""
    formation: str = ""  # "" = the whole campaign
    items: list[HandOverItem] = []
    pending: int = 0

    def _scope(self) -> Scope:
        formation = parse_id(self.formation)
        if formation is not None:
            return Scope(formation_id=formation)
        return Scope(campaign_id=parse_id(self.campaign))

    def _read(self) -> None:
        campaign = parse_id(self.campaign)
        scope = self._scope()

        def read(s: Any, a: Any) -> tuple:
            camps = choices.campaigns(s, a)
            forms = choices.formations(s, a, campaign) if campaign else []
            listed = batches.hand_overs(s, a, scope) if campaign else []
            return camps, forms, listed

        result = self._act(read)
        if result is None:
            self.items, self.pending = [], 0
            return
        camps, forms, listed = result
        self.campaign_options = [{"value": str(c.id), "label": c.label} for c in camps]
        self.formation_options = [
            {"value": str(f.id), "label": f"{f.label} ({f.code})"} for f in forms
        ]
        self.items = [_item(h) for h in listed]
        self.pending = sum(1 for h in listed if h.exported_at is None)

    @rx.event
    @page_load("staff")
    def load(self) -> None:
        self.message, self.campaign, self.formation = "", "", ""
        self._read()
        if self.campaign_options:
            self.campaign = self.campaign_options[0]["value"]
            self._read()

    @rx.event
    def set_campaign(self, value: IdChoice) -> None:
        self.campaign, self.formation, self.message = value, "", ""
        self._read()

    @rx.event
    def set_formation(self, value: IdChoice) -> None:
        self.formation, self.message = value, ""
        self._read()

    @rx.event
    def export(self) -> Any:
        scope = self._scope()
        batch = self._act(lambda s, a: batches.export_batch(s, a, scope))
        self._read()
        if batch is None:
            return None
        count = len(batch.application_ids)
        self._say(
            ngettext(
                "Export {batch} : {count} admission(s) transmise(s).",
                "Export {batch} : {count} admission(s) transmise(s).",
                count,
            ).format(batch=batch.batch, count=count),
            "success",
        )
        return rx.download(data=files.batch_zip(batch), filename=f"opi_{batch.batch}.zip")

    @rx.event
    def rerequest(self, application_id: Id) -> None:
        self._act(
            lambda s, a: batches.rerequest(s, a, int(application_id)),
            _("Ce candidat partira avec le prochain export."),
        )
        self._read()


S = StaffSisState
CELL = {"padding": "0.4rem 0.6rem", "border_bottom": "1px solid var(--gray-5)"}


def _row(item: Any) -> rx.Component:
    return rx.el.tr(
        rx.el.th(item.who, scope="row", style={**CELL, "text_align": "left"}),
        rx.el.td(item.formation, style=CELL),
        rx.el.td(item.state, style=CELL),
        rx.el.td(
            rx.cond(
                item.sent,
                rx.button(
                    t("Transmettre à nouveau"),
                    on_click=S.rerequest(item.id),
                    variant="outline",
                    size="2",
                    aria_label=t("Transmettre à nouveau : {who}", who=item.who),
                ),
            ),
            style=CELL,
        ),
    )


def _table() -> rx.Component:
    head = (N_("Candidat"), N_("Formation"), N_("Transmission"), N_("Action"))
    return rx.box(
        rx.el.table(
            rx.el.caption(
                t("Admis ayant confirmé leur inscription"),
                style={"text_align": "left", "font_weight": "600"},
            ),
            rx.el.thead(rx.el.tr(*[rx.el.th(t(h), scope="col", style=CELL) for h in head])),
            rx.el.tbody(rx.foreach(S.items, _row)),
            style={"border_collapse": "collapse", "width": "100%", "font_size": "0.9rem"},
        ),
        role="region",
        aria_label=t("Admis ayant confirmé leur inscription"),
        tab_index=0,
        overflow_x="auto",
        width="100%",
    )


def page() -> rx.Component:
    return page_frame(
        rx.text(
            t(
                "Les candidats admis qui ont confirmé leur inscription sont transmis une seule "
                "fois au système d'information de scolarité (fichiers d'OPI). Format et "
                "correspondance des champs : docs/sis-export.md."
            ),
            margin_bottom="var(--space-3)",
        ),
        form_message(S.message, S.message_kind),
        rx.grid(
            select_field(
                t("Campagne"),
                "sis-campagne",
                S.campaign,
                S.set_campaign,
                S.campaign_options,
                t("— Choisir —"),
            ),
            select_field(
                t("Formation"),
                "sis-formation",
                S.formation,
                S.set_formation,
                S.formation_options,
                t("Toutes les formations de la campagne"),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="var(--space-3)",
            margin_bottom="var(--space-3)",
            width="100%",
        ),
        rx.flex(
            rx.button(
                t("Exporter les admis à transmettre ({count})", count=S.pending),
                on_click=S.export,
                disabled=S.pending == 0,
                size="3",
            ),
            margin_bottom="var(--space-4)",
        ),
        rx.cond(
            S.items.length() > 0,
            _table(),
            rx.text(t("Aucun admis n'a encore confirmé son inscription ici.")),
        ),
        title=t("Transmission au SI de scolarité"),
    )
