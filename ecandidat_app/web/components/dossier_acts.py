"""The staff dossier page's "Agir pour ce dossier" forms (state: web/state/dossier_acts.py):
extend a deadline, ask for one more piece. Shown only to those who may act."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.web.components.board_parts import select_field, text_field
from ecandidat_app.web.i18n import t

ERROR_STYLE = {"color": "#b60000"}


def _deadline_form(S: Any) -> rx.Component:
    return rx.el.form(
        rx.heading(S.deadline_title, as_="h3", size="3"),
        rx.text(t("Actuellement : {date}", date=S.deadline_now), size="2"),
        text_field(t("Nouvelle date"), "ext-until", S.ext_until, S.set_ext_until, type="date"),
        text_field(
            t("Motif de la prolongation (envoyé au candidat)"),
            "ext-reason",
            S.ext_reason,
            S.set_ext_reason,
            max_length=500,
        ),
        rx.text(S.ext_error, role="alert", size="2", style=ERROR_STYLE),
        rx.button(t("Prolonger le délai"), type="submit", margin_top="var(--space-2)"),
        on_submit=lambda _form: S.extend_deadline(),
        prevent_default=True,
        aria_label=t("Prolonger un délai"),
    )


def _piece_form(S: Any) -> rx.Component:
    return rx.el.form(
        rx.heading(t("Demander une pièce supplémentaire"), as_="h3", size="3"),
        select_field(
            t("Pièce"),
            "piece-pick",
            S.piece_pick,
            S.pick_piece,
            S.piece_options,
            t("— Choisir une pièce —"),
        ),
        text_field(
            t("Motif de la demande (envoyé au candidat)"),
            "piece-reason",
            S.piece_reason,
            S.set_piece_reason,
            max_length=500,
        ),
        rx.text(S.piece_error, role="alert", size="2", style=ERROR_STYLE),
        rx.button(t("Demander la pièce"), type="submit", margin_top="var(--space-2)"),
        on_submit=lambda _form: S.request_piece(),
        prevent_default=True,
        aria_label=t("Demander une pièce supplémentaire"),
    )


def dossier_acts(S: Any) -> rx.Component:
    """The forms that apply to the dossier now (none for a reader or a commission member)."""
    return rx.cond(
        (S.deadline_kind != "") | (S.piece_options.length() > 0),
        rx.el.section(
            rx.heading(t("Agir pour ce dossier"), as_="h2", size="4"),
            rx.cond(S.deadline_kind != "", _deadline_form(S)),
            rx.cond(S.piece_options.length() > 0, _piece_form(S)),
            aria_label=t("Agir pour ce dossier"),
            style={"display": "flex", "flex_direction": "column", "gap": "0.75rem"},
            margin_top="var(--space-3)",
        ),
    )
