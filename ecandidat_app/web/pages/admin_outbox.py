"""/admin/courriels: what the outbox holds (pending, sent, failed), errors, "Réessayer"."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.mail import monitor
from ecandidat_app.core.models import MailStatus
from ecandidat_app.web.components.board_parts import fmt_dt
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import IdText

PAGE_SIZE = 20
VIEW_LABELS = {"pending": N_("En attente"), "sent": N_("Envoyés"), "failed": N_("En échec")}
STATUS_LABELS = {
    MailStatus.PENDING: N_("En attente"),
    MailStatus.SENDING: N_("En cours d'envoi"),
    MailStatus.SENT: N_("Envoyé"),
    MailStatus.FAILED: N_("En échec"),
}


class OutboxAdminState(PageState, AuthState):
    audience: ClassVar[str] = "admin"

    view: str = "pending"
    page: int = 1
    page_count: int = 1
    total: int = 0
    counts: dict[str, int] = {"pending": 0, "sent": 0, "failed": 0}
    lines: list[dict[str, str]] = []

    def _is_admin(self) -> bool:
        return self._account() is not None

    def _reload(self) -> None:
        with session_scope() as s:
            self.counts = monitor.counts(s)
            result = monitor.page_of(s, self.view, page=self.page, page_size=PAGE_SIZE)
            if result.lines == [] and self.page > result.pages:
                self.page = result.pages
                result = monitor.page_of(s, self.view, page=self.page, page_size=PAGE_SIZE)
        self.total = result.total
        self.page_count = result.pages
        self.lines = [
            {
                "id": str(line.id),
                "to": line.to_addr,
                "subject": line.subject,
                "status": _(STATUS_LABELS[line.status]),
                "failed": "1" if line.status == MailStatus.FAILED else "",
                "attempts": str(line.attempts),
                "error": line.last_error,
                "created": fmt_dt(line.created_at),
                "when": fmt_dt(line.sent_at if line.sent_at else line.next_attempt_at),
            }
            for line in result.lines
        ]

    @rx.event
    @page_load("admin")
    def load(self) -> None:
        if not self._is_admin():
            return
        view = str(self.router.url.query_parameters.get("etat", "pending"))
        self.view = view if view in VIEW_LABELS else "pending"
        self.page, self.message = 1, ""
        self._reload()

    @rx.event
    def show(self, view: str) -> None:
        if not self._is_admin() or view not in VIEW_LABELS:
            return
        self.view, self.page, self.message = view, 1, ""
        self._reload()

    @rx.event
    def go_to(self, page: int) -> None:
        if not self._is_admin():
            return
        self.page = max(1, min(int(page), self.page_count))
        self._reload()

    @rx.event
    def refresh(self) -> None:
        if self._is_admin():
            self.message = ""
            self._reload()

    @rx.event
    def retry(self, message_id: IdText) -> None:
        if not self._is_admin():
            return
        try:
            with session_scope() as s:
                monitor.retry(s, int(message_id), clock=system_clock)
        except (DomainError, ValueError) as exc:
            self.message = exc.message if isinstance(exc, DomainError) else _("Courriel inconnu.")
            self.message_kind = "error"
        else:
            self.message = _("Le courriel est remis dans la file d'envoi.")
            self.message_kind = "success"
        self._reload()


def _view_button(view: str, label: str) -> rx.Component:
    selected = OutboxAdminState.view == view
    return rx.button(
        t("{label} ({count})", label=t(label), count=OutboxAdminState.counts[view].to_string()),
        on_click=OutboxAdminState.show(view),
        variant=rx.cond(selected, "solid", "outline"),
        aria_pressed=rx.cond(selected, "true", "false"),
    )


def _line(line: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line["created"]),
        rx.table.cell(line["to"], word_break="break-all"),
        rx.table.cell(line["subject"]),
        rx.table.cell(line["status"], rx.text(line["when"], size="1", color="#3a3a3a")),
        rx.table.cell(line["attempts"]),
        rx.table.cell(rx.text(line["error"], size="2", color="#a00", word_break="break-word")),
        rx.table.cell(
            rx.cond(
                line["failed"] != "",
                rx.button(
                    t("Réessayer"),
                    on_click=OutboxAdminState.retry(line["id"]),
                    size="2",
                    aria_label=t("Réessayer l'envoi à {address}", address=line["to"]),
                ),
            )
        ),
    )


def _pager() -> rx.Component:
    page = OutboxAdminState.page
    return rx.el.nav(
        rx.flex(
            rx.button(
                t("Page précédente"),
                on_click=OutboxAdminState.go_to(page - 1),
                disabled=page <= 1,
                variant="outline",
            ),
            rx.text(t("Page {page} sur {count}", page=page, count=OutboxAdminState.page_count)),
            rx.button(
                t("Page suivante"),
                on_click=OutboxAdminState.go_to(page + 1),
                disabled=page >= OutboxAdminState.page_count,
                variant="outline",
            ),
            gap="var(--space-3)",
            align="center",
            justify="center",
            wrap="wrap",
        ),
        aria_label=t("Pagination des courriels"),
        margin_top="var(--space-4)",
    )


def page() -> rx.Component:
    return page_frame(
        rx.flex(
            *(_view_button(view, label) for view, label in VIEW_LABELS.items()),
            rx.button(t("Actualiser"), on_click=OutboxAdminState.refresh, variant="ghost"),
            gap="var(--space-3)",
            wrap="wrap",
            margin_bottom="var(--space-4)",
            role="group",
            aria_label=t("Filtrer les courriels"),
        ),
        form_message(OutboxAdminState.message, OutboxAdminState.message_kind),
        rx.cond(
            OutboxAdminState.lines.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *(
                                rx.table.column_header_cell(t(h))
                                for h in (
                                    N_("Créé le"),
                                    N_("Destinataire"),
                                    N_("Sujet"),
                                    N_("État"),
                                    N_("Tentatives"),
                                    N_("Erreur"),
                                    N_("Action"),
                                )
                            )
                        )
                    ),
                    rx.table.body(rx.foreach(OutboxAdminState.lines, _line)),
                    width="100%",
                ),
                overflow_x="auto",
                width="100%",
            ),
            rx.text(t("Aucun courriel dans cette catégorie."), margin_y="var(--space-4)"),
        ),
        _pager(),
        title=N_("Courriels"),
    )
