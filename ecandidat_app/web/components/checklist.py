"""The checklist of a dossier's documents and the transmit block. No state here: the page
passes its vars and handlers (see pages/application.py)."""

from __future__ import annotations

from typing import Any

import reflex as rx

ACCEPT = {"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]}
STATUS_SCHEME = {"AT": "gray", "TR": "blue", "VA": "green", "RE": "red", "NC": "gray"}


def status_badge(status: Any, label: Any) -> rx.Component:
    return rx.badge(
        label,
        color_scheme=rx.match(status, *[(k, v) for k, v in STATUS_SCHEME.items()], "gray"),
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
            gap="1",
            align_items="center",
        ),
        rx.text(file.size, size="1", color="gray"),
        rx.cond(
            doc.can_edit,
            rx.button(
                rx.icon("minus", size=14),
                "Retirer",
                on_click=on_remove(file.id),
                size="1",
                variant="outline",
                color_scheme="red",
                aria_label="Retirer le fichier " + file.name,
            ),
        ),
        spacing="3",
        align="center",
        wrap="wrap",
    )


def upload_zone(doc: Any, on_upload: Any, on_progress: Any) -> rx.Component:
    upload_id = "upload-" + doc.code
    return rx.upload(
        rx.vstack(
            rx.button(
                rx.icon("plus", size=14),
                "Ajouter un fichier",
                size="2",
                variant="soft",
                type="button",
            ),
            rx.text("PDF, JPG ou PNG, 10 Mo au plus par fichier.", size="1", color="gray"),
            spacing="1",
            align="start",
        ),
        id=upload_id,
        multiple=True,
        accept=ACCEPT,
        on_drop=on_upload(
            rx.upload_files(upload_id=upload_id, on_upload_progress=on_progress),
            doc.document_type_id,
        ),
        border="1px dashed var(--gray-8)",
        padding="2",
        border_radius="6px",
        aria_label="Ajouter un fichier : " + doc.label,
    )


def not_concerned_dialog(
    doc: Any, certified: Any, on_certify: Any, on_confirm: Any
) -> rx.Component:
    box_id = "certif-" + doc.code
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button("Je ne suis pas concerné", size="2", variant="outline", type="button")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Pièce non concernée : " + doc.label),
            rx.alert_dialog.description(
                "Vous déclarez ne pas être concerné par cette pièce. La commission "
                "pourra vous la réclamer si ce n'est pas le cas.",
                size="2",
            ),
            rx.hstack(
                rx.el.input(
                    type="checkbox",
                    id=box_id,
                    checked=certified,
                    on_change=on_certify,
                ),
                rx.el.label(
                    "Je certifie sur l'honneur ne pas être concerné par cette pièce",
                    html_for=box_id,
                ),
                spacing="2",
                align="center",
                margin_y="3",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Annuler", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Confirmer",
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
    on_upload: Any,
    on_progress: Any,
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
                rx.cond(doc.is_common, rx.badge("Pièce commune", variant="outline")),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.cond(doc.help != "", rx.text(doc.help, size="2", color="gray")),
            rx.cond(
                doc.comment != "",
                rx.callout(
                    "Pièce refusée : " + doc.comment,
                    icon="triangle_alert",
                    color_scheme="red",
                    role="alert",
                ),
            ),
            rx.foreach(doc.files, lambda f: file_row(f, doc, on_remove)),
            rx.cond(
                doc.can_edit,
                rx.hstack(
                    rx.cond(doc.status != "NC", upload_zone(doc, on_upload, on_progress)),
                    rx.cond(
                        doc.is_conditional & (doc.status != "NC") & (doc.files.length() == 0),
                        not_concerned_dialog(doc, certified, on_certify, on_not_concerned),
                    ),
                    rx.cond(
                        doc.status == "NC",
                        rx.button(
                            "Annuler la déclaration",
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
        "Transmettre ma candidature",
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
                    rx.alert_dialog.title("Transmettre ma candidature"),
                    rx.alert_dialog.description(
                        "Une fois votre dossier transmis aucune modification ne sera possible."
                    ),
                    rx.hstack(
                        rx.alert_dialog.cancel(
                            rx.button("Annuler", variant="soft", color_scheme="gray")
                        ),
                        rx.alert_dialog.action(
                            rx.button("Je transmets", color_scheme="green", on_click=on_transmit)
                        ),
                        spacing="3",
                        justify="end",
                        margin_top="3",
                    ),
                ),
            ),
            rx.box(
                rx.cond(
                    missing.length() > 0,
                    rx.vstack(
                        rx.text("Il manque encore :", weight="bold", size="2"),
                        rx.el.ul(rx.foreach(missing, lambda m: rx.el.li(m))),
                        spacing="1",
                    ),
                    rx.text("Votre dossier est complet : vous pouvez le transmettre.", size="2"),
                ),
                id="manquant",
                aria_live="polite",
            ),
            spacing="2",
            align="start",
        ),
    )
