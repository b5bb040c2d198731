"""/gestion: the staff review board (columns with counts and cards) and the list view
(sorted and paged in SQL, multi-select, bulk actions, exports). Live: a background loop
polls a cheap version number and refreshes when anything in scope changes.

The state is web/state/staff_board_state.py (reads: staff_board_load.py), the view pieces
web/components/staff_board_parts.py."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.components.staff_board_parts import (
    board_filters,
    board_view,
    export_panel,
    list_view,
)
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.staff_board_load import export_data as _export_data
from ecandidat_app.web.state.staff_board_state import StaffBoardState

__all__ = ["StaffBoardState", "_export_data", "page"]


def page() -> rx.Component:
    S = StaffBoardState
    return page_frame(
        board_filters(),
        rx.flex(
            rx.button(
                t("Vue tableau"),
                on_click=S.set_view("board"),
                variant=rx.cond(S.view == "board", "solid", "outline"),
                aria_pressed=S.view == "board",
            ),
            rx.button(
                t("Vue liste"),
                on_click=S.set_view("list"),
                variant=rx.cond(S.view == "list", "solid", "outline"),
                aria_pressed=S.view == "list",
            ),
            gap="var(--space-2)",
            margin_y="var(--space-3)",
        ),
        form_message(S.message, S.message_kind),
        export_panel(),
        rx.cond(S.view == "board", board_view(), list_view()),
        title=t("Tableau de bord des candidatures"),
    )
