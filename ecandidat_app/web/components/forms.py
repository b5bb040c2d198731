"""Form building blocks shared by every page: a visible label tied to its input, the hint and
the error right under the field (announced to screen readers), and a message box.

No state here: callers pass their own vars and handlers.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from ecandidat_app.core.accounts.passwords import MAX_LENGTH
from ecandidat_app.web.i18n import t

ERROR_COLOR = "#ce0500"  # 5.9:1 on white
_KIND_SCHEME = {"error": "red", "success": "green", "info": "blue", "warning": "amber"}


def field_error(msg: Any, *, id: str | None = None) -> rx.Component:
    """The error under a field; empty text renders nothing but keeps the live region."""
    return rx.el.p(
        msg,
        id=id,
        role="alert",
        aria_live="polite",
        style={"color": ERROR_COLOR, "font_size": "0.875rem", "margin": "0.25rem 0 0"},
    )


def labelled_input(
    label: Any,
    id: str,
    value: Any,
    on_change: Any,
    error: Any = "",
    *,
    type_: str = "text",
    autocomplete: str = "off",
    hint: str | Any = "",
    required: bool = True,
    max_length: int | None = None,
    default: Any = None,
    **props: Any,
) -> rx.Component:
    """A labelled text input; `error` (str or var) is shown under it and marks it invalid.

    Forms a visitor meets first (login, sign-up, passwords) pass `value=None`: the input is
    then the browser's own (uncontrolled) and its handler reads the submitted form. A
    controlled input shows the state's value, and the page's load (or its first render once
    connected) would wipe what a fast typist or a password manager put there before.
    `default` is what an uncontrolled input shows when it appears (a step revisited)."""
    hint_id = f"{id}-aide"
    error_id = f"{id}-erreur"
    invalid = (
        ("true" if error else "false")
        if isinstance(error, str)
        else rx.cond(error, "true", "false")  # truthy: an undefined key is no error
    )
    described = f"{hint_id} {error_id}" if (not isinstance(hint, str) or hint) else error_id
    extra: dict[str, Any] = {}
    if max_length is not None:
        extra["max_length"] = max_length
    # value=None leaves the input uncontrolled (read from the submitted form; passwords are
    # never sent back to the browser).
    if value is not None:
        extra["value"] = value
    elif default is not None:
        extra["default_value"] = default
    if on_change is not None:
        extra["on_change"] = on_change
    return rx.box(
        rx.el.label(
            label,
            rx.el.span(" *", aria_hidden="true") if required else rx.fragment(),
            html_for=id,
            style={"display": "block", "font_weight": "500", "margin_bottom": "0.25rem"},
        ),
        (
            rx.el.p(
                hint,
                id=hint_id,
                style={"color": "#3a3a3a", "font_size": "0.875rem", "margin": "0 0 0.25rem"},
            )
            if not isinstance(hint, str) or hint
            else rx.fragment()
        ),
        rx.input(
            id=id,
            name=id,
            type=type_,
            auto_complete=autocomplete,
            # aria-required, not `required`: the browser's own bubble would speak its language
            # and block the submit before the French message next to the field.
            aria_required="true" if required else "false",
            aria_describedby=described,
            aria_invalid=invalid,
            size="3",
            width="100%",
            **extra,
            **props,
        ),
        field_error(error, id=error_id),
        width="100%",
    )


def form_message(msg: Any, kind: str | Any = "error") -> rx.Component:
    """A message above or under a form (result of a submit); hidden when `msg` is empty."""
    scheme = (
        _KIND_SCHEME.get(kind, "red")
        if isinstance(kind, str)
        else rx.match(kind, *_KIND_SCHEME.items(), "red")
    )
    return rx.cond(
        msg,
        rx.callout(
            msg,
            color_scheme=scheme,
            role=("alert" if kind == "error" else "status")
            if isinstance(kind, str)
            else rx.cond(kind == "error", "alert", "status"),
            width="100%",
        ),
        rx.box(aria_live="polite"),
    )


def strength_meter(score: Any, label: Any, hints: Any, *, id: str = "robustesse") -> rx.Component:
    """The password strength (0-4) as a bar, a word and the advice still to follow; read
    out politely by screen readers as the user types."""
    return rx.box(
        rx.hstack(
            rx.progress(
                value=score * 25,
                max=100,
                color_scheme=rx.match(
                    score, (0, "red"), (1, "orange"), (2, "amber"), (3, "grass"), "green"
                ),
                aria_label=t("Robustesse du mot de passe"),
                width="100%",
            ),
            rx.text(label, size="2", weight="medium", white_space="nowrap"),
            align="center",
            spacing="3",
            width="100%",
        ),
        rx.el.ul(
            rx.foreach(hints, lambda hint: rx.el.li(hint)),
            style={"font_size": "0.875rem", "margin": "0.25rem 0 0", "padding_left": "1.25rem"},
        ),
        id=id,
        aria_live="polite",
        width="100%",
    )


PASSWORD_RULE_HINT = t(
    "Au moins 10 caractères mêlant 3 types (minuscules, majuscules, chiffres, symboles), "
    "ou une phrase de 16 caractères."
)


def password_input(
    label: Var | str,
    id: str,
    error: Any = "",
    *,
    on_change: Any = None,
    autocomplete: str = "current-password",
    hint: Var | str = "",
) -> rx.Component:
    """A password field, uncontrolled: read from the submitted form, never sent back."""
    return labelled_input(
        label,
        id,
        None,
        on_change,
        error,
        type_="password",
        autocomplete=autocomplete,
        hint=hint,
        max_length=MAX_LENGTH,
    )


def new_password_fields(
    errors: Any,
    *,
    on_change: Any,
    score: Any,
    strength: Any,
    hints: Any,
    label: Var | str = t("Mot de passe"),
    confirm_label: Var | str = t("Confirmation du mot de passe"),
    on_confirm_change: Any = None,
) -> rx.Component:
    """New password, its live strength, and its confirmation (sign-up, reset, Mon compte)."""
    return rx.fragment(
        password_input(
            label,
            "mot_de_passe",
            errors["mot_de_passe"],
            on_change=on_change,
            autocomplete="new-password",
            hint=PASSWORD_RULE_HINT,
        ),
        strength_meter(score, strength, hints),
        password_input(
            confirm_label,
            "mot_de_passe_confirmation",
            errors["mot_de_passe_confirmation"],
            on_change=on_confirm_change,
            autocomplete="new-password",
        ),
    )
