"""The file drop zone of the pages that take a file (a dossier's pieces, the offer import):
a button and a drop area whose hidden file input has an accessible name. No state here:
the page passes its upload event."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var


def upload_zone(
    upload_id: str,
    *,
    button: Var | str,
    hint: Var | str,
    label: Var | str,
    on_drop: Any,
    multiple: bool,
    **style: Any,
) -> rx.Component:
    """`on_drop` receives the chosen files (`handler(rx.upload_files(...))` or chunks)."""
    return labelled_file_input(
        rx.upload(
            rx.vstack(
                rx.button(rx.icon("folder-open", size=14), button, type="button", variant="soft"),
                rx.text(hint, size="2"),
                align="center",
                spacing="2",
            ),
            id=upload_id,
            multiple=multiple,
            on_drop=on_drop,
            border="1px dashed var(--gray-9)",
            padding="var(--space-4)",
            border_radius="6px",
            **style,
        ),
        label,
    )


def labelled_file_input(upload: rx.Component, label: Var | str) -> rx.Component:
    """`rx.upload` renders a hidden <input type=file> it takes no props for: give it an
    accessible name (axe: "form elements must have labels")."""
    pending = [upload]
    while pending:
        node = pending.pop()
        if node.tag == "input":
            node.custom_attrs["aria-label"] = label
            return upload
        pending.extend(c for c in node.children if isinstance(c, rx.Component))
    raise ValueError("rx.upload without a file input")
