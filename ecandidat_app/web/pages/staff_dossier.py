"""/gestion/dossier/[application_id]: one dossier for staff: the applicant's profile,
documents with previews, Valider/Refuser, complete/incomplete, notes, history, presence
and the decision form. Every handler re-reads the account and the permission (core).

The state is web/state/staff_dossier_state.py, the view pieces
web/components/staff_dossier_parts.py."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.web.components.board_parts import archived_notice
from ecandidat_app.web.components.document_links import dossier_pdf_link, letter_list
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.components.question_parts import staff_answers
from ecandidat_app.web.components.staff_dossier_parts import (
    document_card,
    history_section,
    notes_section,
    profile_section,
    refuse_dialog,
    side_panel,
)
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.staff_dossier_state import StaffDossierState

__all__ = ["StaffDossierState", "page"]

S = StaffDossierState


def _content() -> rx.Component:
    return rx.box(
        rx.cond(
            S.others.length() > 0,  # type: ignore[attr-defined]
            rx.callout(
                rx.foreach(
                    S.others, lambda n: rx.text(t("{name} consulte aussi ce dossier", name=n))
                ),
                color_scheme="blue",
                role="status",
            ),
        ),
        rx.heading(S.head["name"], " · ", S.head["file_number"], as_="h2", size="5"),
        rx.text(
            S.head["formation"],
            " · ",
            t("Statut : "),
            rx.el.strong(S.head["status"]),
            " · ",
            t("Transmis le {date}", date=S.head["transmitted"]),
            " · ",
            t("Date de retour : {date}", date=S.head["return_on"]),
        ),
        archived_notice(S.archived, S.campaign_label),
        rx.flex(
            dossier_pdf_link(S.head["pdf"]),
            letter_list(S.letters, heading=t("Lettres de décision")),
            gap="var(--space-4)",
            wrap="wrap",
            align="start",
            margin_y="var(--space-2)",
        ),
        form_message(S.message, S.message_kind),
        rx.grid(
            rx.box(
                rx.grid(
                    rx.box(profile_section(), staff_answers(S.answers)),
                    rx.el.section(
                        rx.heading(t("Pièces justificatives"), as_="h2", size="4"),
                        rx.vstack(rx.foreach(S.documents, document_card), spacing="3"),
                    ),
                    columns=rx.breakpoints(initial="1", lg="2"),
                    spacing="4",
                ),
                notes_section(),
                history_section(),
                min_width="0",
            ),
            rx.cond(S.archived, rx.fragment(), side_panel()),
            columns=rx.breakpoints(initial="1", md="minmax(0, 1fr) 21rem"),
            spacing="5",
            margin_top="var(--space-3)",
        ),
        refuse_dialog(),
    )


def page() -> rx.Component:
    return page_frame(
        rx.link(t("← Retour au tableau de bord"), href="/gestion"),
        rx.cond(S.found, _content(), form_message(S.message, "error")),
        title=t("Dossier de candidature"),
    )
