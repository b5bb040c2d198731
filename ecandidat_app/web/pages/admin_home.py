"""/admin: the way into every administration page."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.web.components.admin_parts import ADMIN_SECTIONS
from ecandidat_app.web.components.layout import page_frame


def page() -> rx.Component:
    return page_frame(
        rx.grid(
            *[
                rx.link(rx.card(rx.text(label, weight="medium"), width="100%"), href=href)
                for label, href in [
                    *ADMIN_SECTIONS,
                    ("Courriels envoyés", "/admin/courriels"),
                    ("Statistiques", "/gestion/statistiques"),
                ]
            ],
            columns=rx.breakpoints(initial="1", sm="2", lg="3"),
            gap="3",
        ),
        title="Administration",
    )
