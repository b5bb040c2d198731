"""/admin/campagnes/suivante: open next year's campaign by copying one (the current one by
default). The page shows what the copy will create, with the dates a year later (editable);
one confirmation creates it; making it the current campaign is one more click, one audited
action that archives the old campaign (core/admin/campaign_copy.py, campaigns.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

import reflex as rx

from ecandidat_app.core import admin
from ecandidat_app.core.campaign_scope import campaign_choices
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.web.components.admin_parts import admin_nav, select_field
from ecandidat_app.web.components.forms import form_message, labelled_input
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import IdChoice, parse_id
from ecandidat_app.web.state.page_state import start_clean
from ecandidat_app.web.state.views import CopyStepView, copy_step_view

FieldName = Literal["code", "label", "starts_on", "applicant_ends_on", "ends_on"]
# (form name, label marked with N_, input type)
FIELDS: list[tuple[str, str, str]] = [
    ("code", N_("Code de la nouvelle campagne"), "text"),
    ("label", N_("Libellé"), "text"),
    ("starts_on", N_("Ouverture"), "date"),
    ("applicant_ends_on", N_("Fin de validité des comptes candidats"), "date"),
    ("ends_on", N_("Fin de campagne"), "date"),
]


class CampaignCopyState(PageState, AuthState):
    audience: ClassVar[str] = "admin"

    source: str = ""
    source_options: list[dict[str, str]] = []
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    steps: list[CopyStepView] = []
    created_label: str = ""  # set once the copy is made: offers to open it
    _created_id: int = 0

    def _preview(self) -> None:
        source_id = parse_id(self.source)
        read = self._attempt(
            lambda s, a: (admin.preview_copy(s, a, source_id or 0), campaign_choices(s))
        )
        if isinstance(read, DomainError):
            self._say(read.message)
            return
        preview, choices = read
        self.source = str(preview.source_id)
        self.source_options = [{"value": str(c.id), "label": c.label} for c in choices]
        self.values = {
            "code": preview.code,
            "label": preview.label,
            "starts_on": preview.starts_on.isoformat(),
            "applicant_ends_on": preview.applicant_ends_on.isoformat(),
            "ends_on": preview.ends_on.isoformat(),
        }
        self.errors = {}
        self.steps = [copy_step_view(step) for step in preview.steps]

    @rx.event
    @page_load("admin")
    def load(self) -> None:
        start_clean(self)
        read = self._attempt(lambda s, _a: campaign_choices(s))
        if isinstance(read, DomainError) or not read:
            self._say(_("Aucune campagne à copier : créez d'abord une campagne."))
            return
        current = next((c for c in read if c.current), read[0])
        self.source = str(current.id)
        self._preview()

    @rx.event
    def set_source(self, value: IdChoice) -> None:
        if value:
            self.source = value
            self._preview()

    @rx.event
    def set_value(self, name: FieldName, value: str) -> None:
        self.values = {**self.values, name: value[:120]}

    @rx.event
    def confirm(self) -> None:
        source_id, values = parse_id(self.source) or 0, dict(self.values)
        made = self._attempt(
            lambda s, a: admin.copy_campaign(
                s,
                a,
                source_id,
                code=values.get("code", ""),
                label=values.get("label", ""),
                starts_on=values.get("starts_on", ""),
                ends_on=values.get("ends_on", ""),
                applicant_ends_on=values.get("applicant_ends_on", ""),
            )
        )
        if isinstance(made, DomainError):
            self.errors = {made.field or "form": made.message}
            self._say(made.message)
            return
        self.errors = {}
        self._created_id, self.created_label = made.id or 0, made.label
        self._say(
            _(
                "La campagne « {label} » est créée, avec sa copie de l'offre. Elle n'est "
                "pas encore la campagne courante."
            ).format(label=made.label),
            "success",
        )

    @rx.event
    def open_created(self) -> None:
        created = self._created_id
        if not created:
            self._say(_("Créez d'abord la nouvelle campagne."))
            return
        done = self._act(
            lambda s, a: admin.activate_campaign(s, a, created),
            _(
                "La nouvelle campagne est la campagne courante ; l'ancienne est archivée "
                "(consultation seule)."
            ),
        )
        if done is not None:
            self._created_id, self.created_label = 0, ""


def _step(step: CopyStepView) -> rx.Component:
    return rx.el.details(
        rx.el.summary(
            step.label,
            " : ",
            rx.el.strong(step.count),
            rx.cond(
                step.creates,
                t(" à créer"),
                t(" (communs à toutes les campagnes, repris tels quels)"),
            ),
        ),
        rx.el.ul(rx.foreach(step.lines, lambda line: rx.el.li(line))),
        margin_y="var(--space-1)",
    )


def _form() -> rx.Component:
    S = CampaignCopyState
    return rx.el.form(
        rx.grid(
            *[
                labelled_input(
                    t(label),
                    f"copie-{name}",
                    S.values[name],
                    lambda v, name=name: S.set_value(name, v),
                    S.errors[name],
                    type_=kind,
                )
                for name, label, kind in FIELDS
            ],
            columns=rx.breakpoints(initial="1", md="2"),
            gap="var(--space-4)",
        ),
        rx.button(
            t("Créer la campagne avec cette copie"), type="submit", margin_top="var(--space-3)"
        ),
        on_submit=lambda _data: S.confirm(),
        reset_on_submit=False,
    )


def page() -> rx.Component:
    S = CampaignCopyState
    return page_frame(
        admin_nav(),
        rx.text(
            t(
                "Copiez une campagne pour ouvrir la suivante : formations (dates décalées d'un "
                "an, modifiables ensuite), pièces demandées ; commissions, motifs et modèles de "
                "courriel sont repris. Rien des candidats n'est copié."
            ),
            margin_bottom="var(--space-3)",
        ),
        form_message(S.message, S.message_kind),
        rx.box(
            select_field(
                t("Campagne copiée"),
                "copie-source",
                S.source,
                S.set_source,
                S.source_options,
                "",
            ),
            max_width="28rem",
        ),
        rx.heading(t("Ce qui sera créé"), as_="h2", size="4", margin_top="var(--space-4)"),
        rx.foreach(S.steps, _step),
        rx.heading(t("La nouvelle campagne"), as_="h2", size="4", margin_top="var(--space-4)"),
        _form(),
        rx.cond(
            S.created_label != "",
            rx.card(
                rx.text(t("Campagne créée : "), rx.el.strong(S.created_label)),
                rx.text(
                    t(
                        "La rendre courante archive la campagne actuelle : ses dossiers restent "
                        "consultables, plus aucun ne peut changer."
                    ),
                    size="2",
                ),
                rx.button(
                    t("Rendre cette campagne courante"),
                    on_click=S.open_created,
                    color_scheme="green",
                    high_contrast=True,
                    margin_top="var(--space-2)",
                ),
                margin_top="var(--space-4)",
            ),
        ),
        title=N_("Ouvrir la campagne suivante"),
    )
