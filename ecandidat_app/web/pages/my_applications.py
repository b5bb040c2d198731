"""/mes-candidatures: every application of the applicant with its status, timeline,
countdown, validated decision and the answer to an offer."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx
from reflex_base.vars.base import Var

from ecandidat_app.core import applications
from ecandidat_app.core.applications import ApplicationRow
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.i18n import _
from ecandidat_app.web.components.checklist import status_badge
from ecandidat_app.web.components.document_links import letter_list
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import Id


class MyApplicationsState(PageState, AuthState):
    audience: ClassVar[str] = "applicant"
    rows: list[ApplicationRow] = []

    def _reload(self) -> None:
        account = self.current_account()
        with session_scope() as s:
            self.rows = applications.my_applications(s, account, clock=system_clock)

    def _run(self, action: Any, application_id: int, done: str) -> None:
        self._act(lambda s, a: action(s, a, int(application_id), clock=system_clock), done)
        self._reload()

    @rx.event
    @page_load("applicant")
    def load(self) -> None:
        self.message = ""
        self._reload()

    @rx.event
    def cancel(self, application_id: Id) -> None:
        self._run(applications.cancel, application_id, _("Candidature annulée."))

    @rx.event
    def confirm(self, application_id: Id) -> None:
        from ecandidat_app.core.review import decisions

        self._run(decisions.confirm_offer, application_id, _("Votre inscription est confirmée."))

    @rx.event
    def withdraw(self, application_id: Id) -> None:
        from ecandidat_app.core.review import decisions

        self._run(decisions.withdraw, application_id, _("Votre désistement est enregistré."))


def _confirm_dialog(
    trigger: Var | str, title: Var | str, text: Var | str, on_ok: Any, scheme: str
) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(trigger, variant="outline", color_scheme=scheme)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(text),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Retour"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(trigger, color_scheme=scheme, high_contrast=True, on_click=on_ok)
                ),
                spacing="3",
                justify="end",
                margin_top="var(--space-3)",
            ),
        ),
    )


def _decision(row: Any) -> rx.Component:
    return rx.cond(
        row.decision != "",
        rx.vstack(
            rx.text(t("Décision : "), rx.el.strong(row.decision)),
            rx.cond(row.decision_motif != "", rx.text(t("Motif : "), row.decision_motif, size="2")),
            rx.cond(
                row.decision_rank,
                rx.text(t("Rang sur la liste complémentaire : "), row.decision_rank.to_string()),
            ),
            rx.cond(row.decision_comment != "", rx.text(row.decision_comment, size="2")),
            letter_list(row.letters),
            rx.cond(
                row.answer != "",
                rx.badge(
                    row.answer_label,
                    color_scheme=rx.cond(row.answer == "confirmed", "green", "gray"),
                ),
            ),
            rx.cond(
                row.can_answer,
                rx.vstack(
                    rx.text(t("Répondez avant le "), rx.el.strong(row.confirm_deadline), size="2"),
                    rx.hstack(
                        _confirm_dialog(
                            t("Confirmer"),
                            t("Confirmer mon inscription"),
                            t("Vous confirmez vouloir rejoindre cette formation."),
                            MyApplicationsState.confirm(row.id),
                            "green",
                        ),
                        _confirm_dialog(
                            t("Se désister"),
                            t("Me désister"),
                            t(
                                "Votre place sera proposée à un autre candidat. "
                                "Ce choix est définitif."
                            ),
                            MyApplicationsState.withdraw(row.id),
                            "red",
                        ),
                        spacing="3",
                    ),
                    spacing="2",
                ),
            ),
            spacing="1",
            align="start",
        ),
    )


def _row(row: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(row.formation, size="4", as_="h2"),
                status_badge(row.status, row.status_label),
                rx.cond(row.countdown != "", rx.badge(row.countdown, color_scheme="amber")),
                spacing="3",
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                row.deadline != "",
                rx.text(t("{what} : {date}", what=row.deadline_label, date=row.deadline), size="2"),
            ),
            rx.el.ol(
                rx.foreach(
                    row.timeline,
                    lambda step: rx.el.li(
                        rx.text(t("{step} le {at}", step=step.label, at=step.at), size="2")
                    ),
                ),
                aria_label=t("Historique"),
                style={"padding_left": "1.2rem"},
            ),
            _decision(row),
            rx.hstack(
                rx.link(
                    rx.button(
                        rx.cond(row.can_edit, t("Compléter mon dossier"), t("Voir mon dossier")),
                        variant="soft",
                    ),
                    href="/candidature/" + row.id.to_string(),
                ),
                rx.cond(
                    row.can_cancel,
                    _confirm_dialog(
                        t("Annuler"),
                        t("Annuler ma candidature"),
                        t(
                            "Votre candidature à « {formation} » sera annulée.",
                            formation=row.formation,
                        ),
                        MyApplicationsState.cancel(row.id),
                        "red",
                    ),
                ),
                spacing="3",
                wrap="wrap",
            ),
            spacing="2",
            align="start",
        ),
        width="100%",
    )


def page() -> rx.Component:
    S = MyApplicationsState
    return page_frame(
        form_message(S.message, S.message_kind),
        rx.cond(
            S.rows.length() == 0,
            rx.text(
                t("Vous n'avez pas encore de candidature. "),
                rx.link(t("Parcourir les formations"), href="/formations"),
            ),
            rx.vstack(rx.foreach(S.rows, _row), spacing="3", width="100%"),
        ),
        title=t("Mes candidatures"),
    )
