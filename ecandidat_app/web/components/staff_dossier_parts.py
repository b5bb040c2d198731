"""The staff dossier page's view pieces: a piece with its Valider/Refuser buttons, the
refusal dialog, the side panel (status buttons, decision form, other acts), the profile,
the internal notes and the history. The state is web/state/staff_dossier_state.py."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.core.models.enums import DECISION_LABELS
from ecandidat_app.web.components.board_parts import (
    file_preview,
    key_values,
    line_list,
    select_field,
    text_field,
)
from ecandidat_app.web.components.dossier_acts import dossier_acts
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.staff_dossier_state import StaffDossierState
from ecandidat_app.web.state.views import DocItem

S = StaffDossierState
DECISION_OPTIONS = [{"value": k, "label": t(v)} for k, v in DECISION_LABELS.items()]


def document_card(doc: DocItem) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.heading(doc.label, as_="h3", size="3"),
            rx.badge(doc.status_label),
            gap="var(--space-2)",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            doc.comment != "", rx.text(t("Commentaire : {comment}", comment=doc.comment), size="2")
        ),
        rx.cond(
            doc.requested != "",
            rx.text(t("Pièce demandée pour ce dossier : {reason}", reason=doc.requested), size="2"),
        ),
        rx.foreach(doc.files, file_preview),
        rx.cond(
            S.can_review,
            rx.flex(
                rx.button(
                    t("Valider"),
                    on_click=S.validate_doc(doc.id),
                    color_scheme="green",
                    high_contrast=True,
                    size="2",
                    aria_label=t("Valider la pièce : {piece}", piece=doc.label),
                ),
                rx.button(
                    t("Refuser"),
                    on_click=S.open_refuse(doc.id, doc.label),
                    color_scheme="red",
                    variant="outline",
                    size="2",
                    aria_label=t("Refuser la pièce : {piece}", piece=doc.label),
                ),
                gap="var(--space-2)",
                margin_top="var(--space-2)",
            ),
        ),
        width="100%",
    )


def refuse_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("Refuser la pièce « {piece} »", piece=S.refuse_label)),
            rx.dialog.description(t("Le commentaire est envoyé au candidat avec la demande.")),
            rx.el.label(t("Commentaire (obligatoire)"), html_for="refus-commentaire"),
            rx.el.textarea(
                id="refus-commentaire",
                value=S.refuse_comment,
                on_change=S.set_refuse_comment,
                rows=4,
                style={"width": "100%", "border": "1px solid #666", "padding": "0.4rem"},
                aria_describedby="refus-erreur",
            ),
            rx.text(S.refuse_error, id="refus-erreur", role="alert", color="#b60000", size="2"),
            rx.flex(
                rx.button(t("Annuler"), variant="outline", on_click=S.close_refuse),
                rx.button(t("Refuser la pièce"), color_scheme="red", on_click=S.confirm_refuse),
                gap="var(--space-2)",
                justify="end",
                margin_top="var(--space-3)",
            ),
        ),
        open=S.refuse_doc_id != "",
        on_open_change=lambda _open: S.close_refuse(),
    )


def _decision_form() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Avis de la commission"), as_="h2", size="4"),
        rx.text(t("Avis actuel : {decision}", decision=S.head["decision"]), size="2"),
        rx.flex(
            select_field(
                t("Type d'avis"),
                "d-code",
                S.d_code,
                S.set_d_code,
                DECISION_OPTIONS,
                t("— Choisir un avis —"),
            ),
            rx.cond(
                S.d_code == "DE",
                select_field(
                    t("Motif"),
                    "d-motif",
                    S.d_motif,
                    S.set_d_motif,
                    S.motif_options,
                    t("— Choisir un motif —"),
                ),
            ),
            rx.cond(
                S.d_code == "LC",
                text_field(t("Rang"), "d-rank", S.d_rank, S.set_d_rank, inputmode="numeric"),
            ),
            rx.cond(
                S.d_code == "PR",
                rx.flex(
                    text_field(t("Date"), "d-date", S.d_date, S.set_d_date, type="date"),
                    text_field(t("Heure"), "d-time", S.d_time, S.set_d_time, type="time"),
                    text_field(t("Lieu"), "d-place", S.d_place, S.set_d_place),
                    gap="var(--space-2)",
                    wrap="wrap",
                ),
            ),
            text_field(t("Commentaire"), "d-comment", S.d_comment, S.set_d_comment),
            direction="column",
            gap="var(--space-2)",
            margin_top="var(--space-2)",
        ),
        rx.text(S.d_error, role="alert", color="#b60000", size="2"),
        rx.flex(
            rx.button(t("Saisir l'avis"), on_click=S.enter_decision),
            rx.cond(
                S.can_review,
                rx.button(
                    t("Valider l'avis"),
                    on_click=S.validate_decision,
                    color_scheme="green",
                    high_contrast=True,
                ),
            ),
            gap="var(--space-2)",
            wrap="wrap",
            margin_y="var(--space-2)",
        ),
        aria_label=t("Avis de la commission"),
    )


def _status_actions() -> rx.Component:
    return rx.cond(
        S.can_review,
        rx.flex(
            rx.button(
                t("Dossier incomplet"),
                on_click=S.set_incomplete,
                color_scheme="orange",
                high_contrast=True,
            ),
            rx.button(
                t("Dossier complet"),
                on_click=S.set_complete,
                color_scheme="green",
                high_contrast=True,
            ),
            gap="var(--space-2)",
            wrap="wrap",
            margin_bottom="var(--space-3)",
        ),
    )


def side_panel() -> rx.Component:
    """Status buttons and the decision form: beside the dossier on a wide screen, kept in
    view while the pieces scroll; after the dossier on a phone."""
    return rx.el.aside(
        rx.card(
            _status_actions(),
            rx.cond(S.can_decide, _decision_form()),
            dossier_acts(S),
            width="100%",
        ),
        aria_label=t("Décision sur le dossier"),
        style={
            "position": rx.breakpoints(initial="static", md="sticky"),
            "top": "1rem",
            "align_self": "start",
            "max_height": rx.breakpoints(initial="none", md="calc(100vh - 2rem)"),
            "overflow_y": "auto",
        },
    )


def profile_section() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Profil du candidat"), as_="h2", size="4"),
        rx.heading(t("État civil"), as_="h3", size="3"),
        key_values(S.identity),
        rx.heading(t("Coordonnées"), as_="h3", size="3"),
        key_values(S.contact),
        rx.heading(t("Baccalauréat"), as_="h3", size="3"),
        key_values(S.bac),
        line_list(t("Cursus"), S.cursus),
        line_list(t("Expériences professionnelles"), S.experiences),
        line_list(t("Stages"), S.internships),
    )


def notes_section() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Notes internes (jamais visibles du candidat)"), as_="h2", size="4"),
        rx.cond(
            S.can_decide,  # a reader reads the notes, writes none
            rx.box(
                rx.el.label(t("Nouvelle note"), html_for="note"),
                rx.el.textarea(
                    id="note",
                    value=S.note_body,
                    on_change=S.set_note,
                    rows=3,
                    style={"width": "100%", "border": "1px solid #666", "padding": "0.4rem"},
                ),
                rx.button(t("Ajouter la note"), on_click=S.add_note, margin_y="var(--space-2)"),
            ),
        ),
        rx.foreach(
            S.notes,
            lambda n: rx.card(
                rx.text(n["author"], " · ", n["at"], size="1", color_scheme="gray"),
                rx.text(n["body"]),
                margin_y="var(--space-1)",
            ),
        ),
        margin_y="var(--space-4)",
    )


def history_section() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Historique"), as_="h2", size="4"),
        rx.el.ol(
            rx.foreach(
                S.history,
                lambda h: rx.el.li(
                    h["at"],
                    " · ",
                    h["actor"],
                    " · ",
                    h["label"],
                    rx.cond(h["detail"] != "", t(" : {detail}", detail=h["detail"]), ""),
                ),
            )
        ),
    )
