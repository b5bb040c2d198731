"""/admin/import-offre: the formation offer from a CSV or XLSX file (docs/import-offre.md).
Choosing the file runs the dry run (what would be created, every refused line with its
number and reason); « Importer » then creates everything in one transaction, only when no
line is refused. The file's bytes stay on the server (`_data`), never in a client var."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from ecandidat_app.core.admin.bootstrap import has_campaign
from ecandidat_app.core.admin.offer_file import MAX_BYTES
from ecandidat_app.core.admin.offer_import import (
    OfferReport,
    Refusal,
    import_offer,
    preview_offer,
)
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.components.upload_zone import upload_zone
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import SESSION_EXPIRED, PageState
from ecandidat_app.web.state.notice import toast
from ecandidat_app.web.state.page_state import start_clean

UPLOAD_ID = "fichier-offre"
NOTHING = N_("Aucun fichier n'a été reçu : choisissez un fichier CSV ou XLSX.")
CHECK_FIRST = N_("Choisissez d'abord le fichier de l'offre : il sera vérifié avant l'import.")


class OfferImportState(PageState, AuthState):
    audience: ClassVar[str] = "admin"
    no_campaign: bool = False
    file_name: str = ""
    checked: bool = False
    imported: bool = False
    campaign: str = ""
    creations: list[str] = []
    kept: list[str] = []
    refusals: list[Refusal] = []
    _data: bytes = b""

    @rx.event
    @page_load("admin")
    def load(self) -> None:
        start_clean(self)
        with session_scope() as s:
            self.no_campaign = not has_campaign(s)

    def _show(self, report: OfferReport) -> None:
        self.campaign, self.creations, self.kept = report.campaign, report.creations, report.kept
        self.refusals, self.checked, self.imported = report.refusals, True, report.applied

    @rx.event
    async def upload(self, files: list[rx.UploadFile]) -> None:
        """The file chosen: read it (5 Mo at most) and run the dry run."""
        start_clean(self, keep=("no_campaign",))
        if self._account() is None:
            self._say(_(SESSION_EXPIRED))
            return
        if not files:
            self._say(_(NOTHING))
            return
        name = str(files[0].filename or "")
        data = await files[0].read(MAX_BYTES + 1)
        self.file_name = name
        outcome = self._attempt(lambda s, account: preview_offer(s, account, name, data))
        if isinstance(outcome, DomainError):
            self._say(outcome.message)
            return
        self._show(outcome)
        if outcome.ok:
            self._data = data
            count = len(outcome.creations)
            self._say(
                _("Fichier vérifié : {count} élément(s) à créer, aucune ligne refusée.").format(
                    count=count
                ),
                "success",
            )
        else:
            self._say(
                _(
                    "{count} ligne(s) refusée(s) : corrigez le fichier puis choisissez-le à "
                    "nouveau. Rien ne sera importé tant qu'une ligne est refusée."
                ).format(count=len(outcome.refusals))
            )

    @rx.event
    def confirm(self):  # type: ignore[no-untyped-def]
        """« Importer »: the checked file, in one transaction (all or nothing)."""
        if not self._data:
            self._say(_(CHECK_FIRST))
            return None
        data, name = self._data, self.file_name
        report = self._act(lambda s, account: import_offer(s, account, name, data))
        if report is None:
            return None
        self._data = b""
        self._show(report)
        done = _("Offre importée : {count} élément(s) créé(s).").format(count=len(report.creations))
        self._say(done, "success")
        return toast.success(done)

    @rx.event
    def cancel(self) -> None:
        start_clean(self, keep=("no_campaign",))


S = OfferImportState


def _chooser() -> rx.Component:
    return upload_zone(
        UPLOAD_ID,
        button=t("Choisir le fichier"),
        hint=t("ou déposez-le ici (CSV ou XLSX, 5 Mo au plus)"),
        label=t("Fichier de l'offre de formation (CSV ou XLSX)"),
        on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
        multiple=False,
    )


def _list(title: Any, items: rx.Var, list_id: str) -> rx.Component:
    return rx.cond(
        items.length() > 0,
        rx.box(
            rx.heading(title, as_="h2", size="4", margin_bottom="var(--space-2)"),
            rx.el.ul(rx.foreach(items, lambda item: rx.el.li(item)), id=list_id),
            width="100%",
        ),
    )


def _refusals() -> rx.Component:
    return rx.cond(
        S.refusals.length() > 0,
        rx.box(
            rx.heading(t("Lignes refusées"), as_="h2", size="4", margin_bottom="var(--space-2)"),
            rx.el.ul(
                rx.foreach(
                    S.refusals,
                    lambda r: rx.el.li(rx.text.strong(t("Ligne {line} : ", line=r.line)), r.reason),
                ),
                id="lignes-refusees",
            ),
            width="100%",
        ),
    )


def _report() -> rx.Component:
    return rx.cond(
        S.checked,
        rx.vstack(
            rx.text(
                t("Fichier : "),
                rx.text.strong(S.file_name),
                t(" — campagne {campaign}", campaign=S.campaign),
            ),
            _list(
                rx.cond(S.imported, t("Créés"), t("Ce que l'import créera")),
                S.creations,
                "elements-a-creer",
            ),
            _list(t("Déjà présents, laissés tels quels"), S.kept, "elements-presents"),
            _refusals(),
            rx.cond(
                ~S.imported & (S.refusals.length() == 0),
                rx.hstack(
                    rx.button(t("Importer"), on_click=S.confirm, size="3", id="importer"),
                    rx.button(
                        t("Annuler"),
                        on_click=S.cancel,
                        size="3",
                        variant="soft",
                        color_scheme="gray",
                    ),
                    spacing="3",
                ),
            ),
            spacing="4",
            width="100%",
        ),
    )


def page() -> rx.Component:
    return page_frame(
        rx.vstack(
            rx.cond(
                S.no_campaign,
                rx.callout(
                    rx.fragment(
                        t("Aucune campagne n'existe : "),
                        rx.link(
                            t("créez d'abord la première campagne"),
                            href="/admin/premiere-campagne",
                        ),
                        ".",
                    ),
                    color_scheme="amber",
                    role="status",
                ),
            ),
            rx.text(
                t(
                    "Un fichier CSV (séparateur « ; » ou « , », UTF-8 ou Windows-1252) ou un classeur "
                    "Excel (.xlsx), une ligne par formation : centre, commission, formation, niveau, "
                    "capacité, dates et pièces demandées. Le fichier est d'abord vérifié : rien n'est "
                    "créé avant « Importer », et rien du tout si une ligne est refusée. Les codes déjà "
                    "présents sont laissés tels quels."
                )
            ),
            _chooser(),
            form_message(S.message, S.message_kind),
            _report(),
            spacing="4",
            width="100%",
            max_width="52rem",
        ),
        title=N_("Importer l'offre de formation"),
    )
