"""/formations: the public catalogue. Filters live in the URL so a search can be shared;
the state holds only the visible page and the one open formation's details."""

from __future__ import annotations

import dataclasses
from typing import ClassVar
from urllib.parse import urlencode

import reflex as rx
from reflex_base.event import EventSpec

from ecandidat_app.core.applications import catalogue
from ecandidat_app.core.applications.catalogue import CatalogueRow, Option, RequiredDocument
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.web.components.catalogue_parts import (
    formation_details,
    labelled_select,
    pager,
    result_row,
)
from ecandidat_app.web.components.effects import address_bar
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import Id

PATH = "/formations"


class CatalogueState(PageState, AuthState):
    # Browsing is for anyone; applying asks for a signed-in account (the rule: core).
    audience: ClassVar[str] = "public"

    text: str = ""
    level: str = ""
    centre: str = ""
    domain: str = ""
    open_only: bool = False
    page: int = 1
    rows: list[CatalogueRow] = []
    total: int = 0
    page_count: int = 1
    level_options: list[Option] = []
    centre_options: list[Option] = []
    domain_options: list[Option] = []
    no_campaign: bool = False
    open_id: int = 0
    share_url: str = ""
    detail: dict[str, str] = {}
    detail_documents: list[RequiredDocument] = []
    # Why "Candidater" was refused, shown on the card that was clicked (it may be far
    # down the list, out of sight of a message above it).
    refused_id: int = 0
    refusal: str = ""
    _campaign_id: int | None = None

    def _filter(self) -> catalogue.CatalogueFilter:
        return catalogue.filter_from_params(
            {
                "q": self.text,
                "niveau": self.level,
                "centre": self.centre,
                "domaine": self.domain,
                "ouvertes": "1" if self.open_only else "",
                "page": str(self.page),
            }
        )

    def _search(self, result: catalogue.CataloguePage | None = None) -> None:
        """Run the search for the current filter (or show the `result` the load has just
        read for it); keep only the visible page."""
        self._set(open_id=0, refused_id=0, refusal="")
        if self._campaign_id is None:
            self._set(rows=[], total=0, page_count=1)
            return
        if result is None:
            with session_scope() as s:
                result = catalogue.search_with(
                    s, self._campaign_id, self._filter(), today=system_clock.today()
                )
        rows = list(result.rows)
        self._set(rows=rows, total=result.total, page=result.page, page_count=result.page_count)

    def _refresh(self, result: catalogue.CataloguePage | None = None) -> None:
        """Search again; the page puts the filter in the address bar (`address_bar`)."""
        self._search(result)
        self._share()

    def _share(self) -> None:
        query = urlencode(catalogue.filter_to_params(self._filter()))
        self._set(share_url=PATH + (f"?{query}" if query else ""))

    @rx.event
    @page_load("public")
    def load(self) -> None:
        flt = catalogue.filter_from_params(self.router.url.query_parameters)
        self._set(
            text=flt.text,
            level=flt.level or "",
            domain=flt.domain or "",
            centre=str(flt.centre_id or ""),
            open_only=flt.open_only,
            page=flt.page,
            message="",
        )
        options, result = None, None
        with session_scope() as s:
            campaign = catalogue.current_campaign(s)
            self._campaign_id = campaign.id if campaign else None
            if campaign is not None:
                options, result = catalogue.first_page(
                    s, id_of(campaign), self._filter(), today=system_clock.today()
                )
        self._set(
            no_campaign=campaign is None,
            level_options=list(options.levels) if options else [],
            centre_options=list(options.centres) if options else [],
            domain_options=list(options.domains) if options else [],
        )
        self._refresh(result)

    @rx.event
    def set_text(self, value: str) -> None:
        self._set(text=value[: catalogue.MAX_SEARCH_CHARS], page=1)
        self._refresh()

    @rx.event
    def set_level(self, value: str) -> None:
        self._set(level=value, page=1)
        self._refresh()

    @rx.event
    def set_centre(self, value: str) -> None:
        self._set(centre=value, page=1)
        self._refresh()

    @rx.event
    def set_domain(self, value: str) -> None:
        self._set(domain=value, page=1)
        self._refresh()

    @rx.event
    def set_open_only(self, value: bool) -> None:
        self._set(open_only=bool(value), page=1)
        self._refresh()

    @rx.event
    def clear_filters(self) -> None:
        self.text, self.level, self.centre, self.domain = "", "", "", ""
        self.open_only, self.page = False, 1
        self._refresh()

    @rx.event
    def go_to_page(self, page: int) -> None:
        self.page = max(1, int(page))
        self._refresh()

    @rx.event
    def toggle(self, formation_id: Id) -> None:
        if self.open_id == formation_id:
            self.open_id = 0
            return
        try:
            with session_scope() as s:
                d = catalogue.formation_detail(s, int(formation_id), today=system_clock.today())
        except DomainError as err:
            self.message = err.message
            return
        fields = dataclasses.asdict(d)
        self.detail_documents = list(d.documents)
        self.detail = {k: str(v) for k, v in fields.items() if k != "documents"}
        self.open_id = d.id

    @rx.event
    def apply(self, formation_id: Id) -> EventSpec | None:
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        # Imported here: the applications service belongs to another area and is optional
        # for the catalogue to render.
        from ecandidat_app.core import applications

        wanted = int(formation_id)
        application_id = self._attempt(
            lambda s, a: applications.apply(s, a, wanted, clock=system_clock).id, account
        )
        if isinstance(application_id, DomainError):
            self.refused_id, self.refusal = wanted, application_id.message
            return None
        self._set(refused_id=0, refusal="")
        return rx.redirect(f"/candidature/{application_id}")


def _filters() -> rx.Component:
    return rx.box(
        rx.el.label(
            t("Filtrer les formations (intitulé, mot-clé, code, composante)"),
            html_for="filtre",
            style={"display": "block", "font_weight": "500", "margin_bottom": "0.25rem"},
        ),
        rx.input(
            id="filtre",
            value=CatalogueState.text,
            on_change=CatalogueState.set_text,
            debounce_timeout=300,
            placeholder=t("Exemple : méthodes informatiques"),
            type="search",
            size="3",
            width="100%",
            auto_complete="off",
        ),
        rx.grid(
            labelled_select(
                t("Niveau"),
                "niveau",
                CatalogueState.level,
                CatalogueState.set_level,
                CatalogueState.level_options,
                empty_label=t("Tous les niveaux"),
            ),
            labelled_select(
                t("Composante"),
                "centre",
                CatalogueState.centre,
                CatalogueState.set_centre,
                CatalogueState.centre_options,
                empty_label=t("Toutes les composantes"),
            ),
            labelled_select(
                t("Domaine"),
                "domaine",
                CatalogueState.domain,
                CatalogueState.set_domain,
                CatalogueState.domain_options,
                empty_label=t("Tous les domaines"),
            ),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            margin_top="var(--space-3)",
        ),
        rx.flex(
            rx.el.label(
                rx.checkbox(
                    checked=CatalogueState.open_only,
                    on_change=CatalogueState.set_open_only,
                    size="2",
                    aria_label=t("Ouvertes seulement"),
                ),
                t("Ouvertes seulement"),
                style={"display": "flex", "gap": "0.5rem", "align_items": "center"},
            ),
            rx.button(
                t("Effacer les filtres"),
                on_click=CatalogueState.clear_filters,
                variant="ghost",
                size="2",
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="var(--space-3)",
            margin_top="var(--space-3)",
        ),
        role="search",
        aria_label=t("Recherche de formations"),
        margin_bottom="var(--space-4)",
    )


def _results() -> rx.Component:
    return rx.vstack(
        rx.text(
            rx.cond(
                CatalogueState.total > 1,
                t("{n} formations trouvées", n=CatalogueState.total),
                t("{n} formation trouvée", n=CatalogueState.total),
            ),
            aria_live="polite",
            role="status",
            weight="medium",
        ),
        form_message(CatalogueState.message),
        rx.cond(
            CatalogueState.total == 0,
            rx.text(
                t(
                    "Aucune formation ne correspond à votre recherche : modifiez ou effacez les "
                    "filtres."
                ),
                color_scheme="gray",
            ),
        ),
        rx.foreach(
            CatalogueState.rows,
            lambda row: result_row(
                row,
                is_open=CatalogueState.open_id == row.id,
                on_toggle=CatalogueState.toggle,
                on_apply=CatalogueState.apply,
                refusal=rx.cond(CatalogueState.refused_id == row.id, CatalogueState.refusal, ""),
                details=formation_details(
                    CatalogueState.detail,
                    CatalogueState.detail_documents,
                    "details-" + row.id.to_string(),
                ),
            ),
        ),
        rx.cond(
            CatalogueState.page_count > 1,
            pager(CatalogueState.page, CatalogueState.page_count, CatalogueState.go_to_page),
        ),
        spacing="3",
        width="100%",
    )


def page() -> rx.Component:
    return page_frame(
        rx.cond(
            CatalogueState.no_campaign,
            rx.callout(
                t("Aucune campagne de candidature n'est ouverte pour le moment."),
                color_scheme="blue",
            ),
            rx.box(_filters(), _results(), address_bar(CatalogueState.share_url)),
        ),
        title=t("Formations"),
    )
