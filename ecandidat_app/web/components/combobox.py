"""An accessible combobox (WAI-ARIA 1.2 « list autocomplete »): a labelled text input the
user types into, a list of suggestions under it, arrow keys to move, Enter to choose,
Escape to close; a tap or a click chooses on a phone. The state computes the suggestions.
No state here: the page passes its vars and handlers."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.web.components.forms import labelled_input

_LIST_STYLE = {
    "list_style": "none",
    "margin": "0.25rem 0 0",
    "padding": "0.25rem 0",
    "border": "1px solid var(--gray-7)",
    "border_radius": "var(--radius-2)",
    "background": "var(--color-panel-solid)",
    "max_height": "16rem",
    "overflow_y": "auto",
}
_OPTION_STYLE = {"padding": "0.6rem 0.75rem", "cursor": "pointer", "min_height": "44px"}


def combobox(
    label: str,
    id: str,
    *,
    text: Any,
    is_open: Any,
    suggestions: Any,
    active: Any,
    error: Any,
    on_type: Any,
    on_pick: Any,
    on_key: Any,
    on_blur: Any,
    hint: str = "",
    required: bool = True,
) -> rx.Component:
    """`on_pick(value)` receives the suggestion's value; `on_key(key)` the key pressed."""
    list_id = f"{id}-liste"

    def option(item: Any, index: Any) -> rx.Component:
        return rx.el.li(
            item.label,
            id=f"{id}-option-" + index.to_string(),
            role="option",
            aria_selected=rx.cond(index == active, "true", "false"),
            # mousedown comes before the input's blur: the choice is not lost.
            on_mouse_down=on_pick(item.value),
            style={
                **_OPTION_STYLE,
                "background": rx.cond(index == active, "var(--accent-4)", "transparent"),
            },
        )

    return rx.box(
        labelled_input(
            label,
            id,
            text,
            on_type,
            error,
            required=required,
            hint=hint,
            max_length=80,
            role="combobox",
            aria_autocomplete="list",
            aria_expanded=rx.cond(is_open, "true", "false"),
            aria_controls=list_id,
            aria_activedescendant=rx.cond(
                is_open & (active >= 0), f"{id}-option-" + active.to_string(), ""
            ),
            on_key_down=on_key,
            on_blur=on_blur,
        ),
        rx.el.ul(
            rx.foreach(suggestions, option),
            id=list_id,
            role="listbox",
            aria_label=label,
            style={**_LIST_STYLE, "display": rx.cond(is_open, "block", "none")},
        ),
        width="100%",
    )
