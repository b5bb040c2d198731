"""The checklist of a dossier's documents and the transmit block. No state here: the page
passes its vars and handlers (see pages/application.py)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.upload_zone import upload_zone
from ecandidat_app.web.i18n import t

FILE_INPUT_LABEL = t("Fichiers à déposer (PDF, JPG ou PNG)")
STATUS_SCHEME = {"AT": "gray", "TR": "blue", "VA": "green", "RE": "red", "NC": "gray"}


def status_badge(status: Any, label: Any) -> rx.Component:
    return rx.badge(
        label,
        color_scheme=rx.match(status, *list(STATUS_SCHEME.items()), "gray"),
        variant="soft",
        size="2",
    )


def file_row(file: Any, doc: Any, on_remove: Any) -> rx.Component:
    return rx.hstack(
        rx.link(
            rx.icon("file", size=16),
            rx.text(file.name, as_="span"),
            href="/api/fichiers/" + file.id.to_string(),
            is_external=True,
            display="inline-flex",
            gap="var(--space-1)",
            align_items="center",
        ),
        rx.text(file.size, size="1", color_scheme="gray"),
        rx.cond(
            doc.can_edit,
            rx.button(
                rx.icon("minus", size=14),
                t("Retirer"),
                on_click=on_remove(file.id),
                size="1",
                variant="outline",
                color_scheme="red",
                aria_label=t("Retirer le fichier {name}", name=file.name),
            ),
        ),
        spacing="3",
        align="center",
        wrap="wrap",
    )


UPLOAD_ID = "upload-piece"


def add_file_button(doc: Any, on_choose: Any) -> rx.Component:
    """(+) on a document opens the one upload dialog of the page for that document.

    Reflex cannot compile an `rx.upload` inside `rx.foreach` (its id must be static), so
    the page has a single upload zone and the button tells it which document it serves.
    """
    return rx.button(
        rx.icon("plus", size=14),
        t("Ajouter un fichier"),
        on_click=on_choose(doc.document_type_id, doc.label),
        id="ajouter-" + doc.code,
        size="2",
        variant="soft",
        type="button",
        aria_label=t("Ajouter un fichier : {label}", label=doc.label),
    )


def upload_dialog(
    open_: Any,
    label: Any,
    progress: Any,
    uploading: Any,
    error: Any,
    on_upload: Any,
    on_progress: Any,
    on_close: Any,
) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("Ajouter un fichier : "), label),
            rx.dialog.description(
                t("PDF, JPG ou PNG, 10 Mo au plus par fichier. Vous pouvez en choisir plusieurs."),
                size="2",
            ),
            upload_zone(
                UPLOAD_ID,
                button=t("Choisir des fichiers"),
                hint=t("ou déposez-les ici"),
                label=FILE_INPUT_LABEL,
                # No `accept` filter: a picker that filters drops a .docx silently and
                # posts an empty upload; every file goes to the server, which checks its
                # content and answers « Seuls les fichiers PDF, JPG et PNG… » in French.
                on_drop=on_upload(
                    rx.upload_files_chunk(upload_id=UPLOAD_ID, on_upload_progress=on_progress)
                ),
                multiple=True,
                margin_y="var(--space-3)",
            ),
            form_message(error, "error"),
            rx.cond(
                uploading,
                rx.vstack(
                    rx.text(
                        t("Envoi en cours… {progress} %", progress=progress),
                        size="2",
                        aria_live="polite",
                    ),
                    rx.progress(
                        value=progress,
                        max=100,
                        width="100%",
                        aria_label=t("Progression de l'envoi"),
                    ),
                    width="100%",
                ),
            ),
            rx.flex(
                rx.dialog.close(
                    rx.button(t("Fermer"), variant="soft", color_scheme="gray", on_click=on_close)
                ),
                justify="end",
            ),
        ),
        open=open_,
        on_open_change=lambda is_open: rx.cond(is_open, rx.noop(), on_close()),
    )


def not_concerned_dialog(
    doc: Any, certified: Any, on_certify: Any, on_confirm: Any
) -> rx.Component:
    box_id = "certif-" + doc.code
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(t("Je ne suis pas concerné"), size="2", variant="outline", type="button")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Pièce non concernée : {label}", label=doc.label)),
            rx.alert_dialog.description(
                t(
                    "Vous déclarez ne pas être concerné par cette pièce. La commission "
                    "pourra vous la réclamer si ce n'est pas le cas."
                ),
                size="2",
            ),
            rx.box(
                # Radix checkbox: its change event carries the checked state (a plain
                # <input type=checkbox> would send its constant "on" value both ways).
                rx.checkbox(
                    t("Je certifie sur l'honneur ne pas être concerné par cette pièce"),
                    id=box_id,
                    aria_label=t("Je certifie sur l'honneur ne pas être concerné par cette pièce"),
                    checked=certified,
                    on_change=on_certify,
                ),
                margin_y="var(--space-3)",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(t("Annuler"), variant="soft", color_scheme="gray")
                ),
                rx.alert_dialog.action(
                    rx.button(
                        t("Confirmer"),
                        on_click=on_confirm(doc.document_type_id),
                        disabled=~certified,
                    )
                ),
                spacing="3",
                justify="end",
            ),
        ),
    )


def document_card(
    doc: Any,
    *,
    on_choose: Any,
    on_remove: Any,
    certified: Any,
    on_certify: Any,
    on_not_concerned: Any,
    on_undo: Any,
) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(doc.label, size="4", as_="h3"),
                status_badge(doc.status, doc.status_label),
                rx.cond(doc.is_common, rx.badge(t("Pièce commune"), variant="outline")),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.cond(doc.help != "", rx.text(doc.help, size="2", color_scheme="gray")),
            rx.cond(
                doc.requested != "",
                rx.callout(
                    t("Pièce demandée pour votre dossier : {what}", what=doc.requested),
                    icon="info",
                    color_scheme="blue",
                ),
            ),
            rx.cond(
                doc.comment != "",
                rx.callout(
                    t("Pièce refusée : {comment}", comment=doc.comment),
                    icon="triangle_alert",
                    color_scheme="red",
                    role="alert",
                ),
            ),
            rx.foreach(doc.files, lambda f: file_row(f, doc, on_remove)),
            rx.cond(
                doc.can_edit,
                rx.hstack(
                    rx.cond(doc.status != "NC", add_file_button(doc, on_choose)),
                    rx.cond(
                        doc.is_conditional & (doc.status != "NC") & (doc.files.length() == 0),
                        not_concerned_dialog(doc, certified, on_certify, on_not_concerned),
                    ),
                    rx.cond(
                        doc.status == "NC",
                        rx.button(
                            t("Annuler la déclaration"),
                            on_click=on_undo(doc.document_type_id),
                            variant="outline",
                            size="2",
                        ),
                    ),
                    spacing="3",
                    wrap="wrap",
                    align="start",
                ),
            ),
            spacing="2",
            align="start",
            width="100%",
        ),
        width="100%",
    )


def transmit_block(
    can_transmit: Any, can_edit: Any, missing: Any, on_transmit: Any
) -> rx.Component:
    button = rx.button(
        t("Transmettre ma candidature"),
        size="3",
        color_scheme=rx.cond(can_transmit, "green", "gray"),
        disabled=~can_transmit,
        aria_describedby="manquant",
    )
    return rx.cond(
        can_edit,
        rx.vstack(
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(button),
                rx.alert_dialog.content(
                    rx.alert_dialog.title(t("Transmettre ma candidature")),
                    rx.alert_dialog.description(
                        t("Une fois votre dossier transmis aucune modification ne sera possible.")
                    ),
                    rx.hstack(
                        rx.alert_dialog.cancel(
                            rx.button(t("Annuler"), variant="soft", color_scheme="gray")
                        ),
                        rx.alert_dialog.action(
                            rx.button(t("Je transmets"), color_scheme="green", on_click=on_transmit)
                        ),
                        spacing="3",
                        justify="end",
                        margin_top="var(--space-3)",
                    ),
                ),
            ),
            rx.box(
                rx.cond(
                    missing.length() > 0,
                    rx.vstack(
                        rx.text(t("Il manque encore :"), weight="bold", size="2"),
                        rx.el.ul(rx.foreach(missing, lambda m: rx.el.li(m))),
                        spacing="1",
                    ),
                    rx.text(t("Votre dossier est complet : vous pouvez le transmettre."), size="2"),
                ),
                id="manquant",
                aria_live="polite",
            ),
            spacing="2",
            align="start",
        ),
    )
