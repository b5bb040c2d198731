"""/admin: the way into every administration page. On a fresh database (no campaign yet) it
leads first to the first-campaign setup, then to the import of the formation offer."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ecandidat_app.core.admin.bootstrap import has_campaign
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.i18n import N_
from ecandidat_app.core.models import Role
from ecandidat_app.web.components.admin_parts import ADMIN_SECTIONS, SENT_MAILS, section_link
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState

FIRST_CAMPAIGN = "/admin/premiere-campagne"
OFFER_IMPORT = "/admin/import-offre"


class AdminHomeState(PageState, AuthState):
    # Centre administrators open it too: `section_link` shows them their sections only.
    audience: ClassVar[str] = "centre"
    no_campaign: bool = False

    @rx.event
    @page_load("centre")
    def load(self) -> None:
        """The first steps are the platform administrator's: only they create a campaign."""
        if self.user_role != Role.ADMIN.value:
            self.no_campaign = False
            return
        with session_scope() as s:
            self.no_campaign = not has_campaign(s)


def _first_steps() -> rx.Component:
    return rx.vstack(
        rx.callout.root(
            rx.callout.text(
                rx.text(t("Aucune campagne n'existe encore."), weight="bold"),
                " ",
                t(
                    "Pour ouvrir les candidatures : créez la première campagne, puis importez "
                    "l'offre de formation (centres, commissions, formations, pièces)."
                ),
            ),
            color_scheme="blue",
            role="status",
            width="100%",
        ),
        rx.link(
            rx.button(t("Créer la première campagne"), size="3"),
            href=FIRST_CAMPAIGN,
            id="lien-premiere-campagne",
        ),
        spacing="3",
        margin_bottom="var(--space-4)",
    )


def page() -> rx.Component:
    return page_frame(
        rx.cond(AdminHomeState.no_campaign, _first_steps()),
        rx.grid(
            *[
                section_link(
                    label,
                    href,
                    lambda text, h: rx.link(
                        rx.card(rx.text(text, weight="medium"), width="100%"), href=h
                    ),
                )
                for label, href in [
                    *ADMIN_SECTIONS,
                    (N_("Importer l'offre de formation"), OFFER_IMPORT),
                    SENT_MAILS,
                    (N_("Statistiques"), "/gestion/statistiques"),
                ]
            ],
            columns=rx.breakpoints(initial="1", sm="2", lg="3"),
            gap="var(--space-3)",
        ),
        title=N_("Administration"),
    )
