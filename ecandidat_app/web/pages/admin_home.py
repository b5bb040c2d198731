"""/admin: the way into every administration page."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.web.components.admin_parts import ADMIN_SECTIONS, section_link
from ecandidat_app.web.components.layout import page_frame


def page() -> rx.Component:
    return page_frame(
        rx.grid(
            *[
                section_link(
                    label,
                    href,
                    lambda t, h: rx.link(
                        rx.card(rx.text(t, weight="medium"), width="100%"), href=h
                    ),
                )
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
