"""/admin/premiere-campagne: on a fresh database, the first campaign (code, label, dates),
made current at once; then on to the import of the formation offer. Once a campaign
exists the page says so and sends to « Campagnes »."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ecandidat_app.core.admin.bootstrap import CampaignInput, create_first_campaign, has_campaign
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.web.components.forms import form_message, labelled_input
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import FormData
from ecandidat_app.web.state.notice import toast
from ecandidat_app.web.state.page_state import start_clean

NEXT_PAGE = "/admin/import-offre"
# (form name, label, input type, hint): French marked with N_, shown with t()
FIELDS: list[tuple[str, str, str, str]] = [
    ("code", N_("Code"), "text", N_("Par exemple 2027 : il préfixe les numéros de dossier.")),
    ("label", N_("Libellé"), "text", N_("Par exemple « Campagne 2027 ».")),
    ("starts_on", N_("Ouverture"), "date", ""),
    ("applicant_ends_on", N_("Fin de validité des comptes candidats"), "date", ""),
    ("ends_on", N_("Fin de campagne"), "date", ""),
]


class FirstCampaignState(PageState, AuthState):
    audience: ClassVar[str] = "admin"
    exists: bool = False
    errors: dict[str, str] = {}

    @rx.event
    @page_load("admin")
    def load(self) -> None:
        start_clean(self)
        with session_scope() as s:
            self.exists = has_campaign(s)

    @staticmethod
    def _names() -> set[str]:
        return {name for name, *_rest in FIELDS}

    @rx.event
    def submit(self, form: FormData):  # type: ignore[no-untyped-def]
        values = {name: str(form.get(name, "")) for name, *_rest in FIELDS}
        data = CampaignInput(**values)
        outcome = self._attempt(lambda s, account: create_first_campaign(s, account, data))
        if isinstance(outcome, DomainError):
            self.errors = {outcome.field: outcome.message} if outcome.field else {}
            self._say(
                _("La campagne n'a pas été créée : corrigez le champ signalé.")
                if outcome.field in self._names()
                else outcome.message
            )
            return None
        self.errors, self.exists = {}, True
        return [
            toast.success(_("La campagne {code} est créée et en cours.").format(code=outcome.code)),
            rx.redirect(NEXT_PAGE),
        ]


S = FirstCampaignState


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            *[
                labelled_input(
                    t(label),
                    name,
                    None,  # uncontrolled: read from the submitted form
                    None,
                    S.errors[name],
                    type_=kind,
                    hint=t(hint) if hint else "",
                    max_length=120 if kind == "text" else None,
                )
                for name, label, kind, hint in FIELDS
            ],
            rx.button(t("Créer et ouvrir la campagne"), type="submit", size="3"),
            spacing="4",
            width="100%",
        ),
        on_submit=S.submit,
        width="100%",
    )


def page() -> rx.Component:
    return page_frame(
        rx.vstack(
            form_message(S.message, S.message_kind),
            rx.cond(
                S.exists,
                rx.vstack(
                    rx.text(t("Une campagne existe déjà : cette page ne sert qu'à la première.")),
                    rx.link(t("Gérer les campagnes"), href="/admin/campagnes"),
                    rx.link(t("Importer l'offre de formation"), href=NEXT_PAGE),
                ),
                rx.vstack(
                    rx.text(
                        t(
                            "La base ne contient encore aucune campagne. Créez la première : "
                            "elle devient la campagne en cours, celle des comptes candidats. Les "
                            "dates se suivent : ouverture, fin des comptes candidats, fin de "
                            "campagne."
                        )
                    ),
                    _form(),
                    spacing="4",
                    width="100%",
                ),
            ),
            spacing="4",
            max_width="36rem",
            width="100%",
        ),
        title=N_("Première campagne"),
    )
