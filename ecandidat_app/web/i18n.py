"""Component text in the browser's language, decided in the browser.

Reflex compiles each page to React once, so a component's text cannot be translated per
request on the server. `t(msgid)` looks the French `msgid` up in every locale's catalogue
at compile time and returns a Var that picks the translation from `AuthState.lang` in the
browser: switching language re-renders at once, without a round trip. A text that has the
same words in every locale stays a plain `str`.

    rx.heading(t("Se connecter"))
    rx.input(placeholder=t("Rechercher une formation"))
    rx.text(t("Bonjour {name}", name=AuthState.user_name))   # a field may be a Var

Messages made on the server in an event (core `_()`, `PageState._say`) are already in
the user's language: every handler runs under `use_locale` (state/checked_handlers.py)."""

from __future__ import annotations

import string
from typing import Any, cast

import reflex as rx
from reflex_base.vars.base import Var
from reflex_base.vars.sequence import StringVar

from ecandidat_app.core.i18n import LOCALES, SOURCE, translate
from ecandidat_app.web.state.auth import AuthState

_FORMATTER = string.Formatter()

# The browser's language as the pages read it: "" (not known yet) reads as French.
lang_var: Var = cast(Var, AuthState.lang)


def _with_fields(text: str, fields: dict[str, Any]) -> Var | str:
    """`text` with its `{name}` fields filled: a plain str when every field is one, else the
    concatenation of its literal parts and the fields' Vars."""
    if not any(isinstance(value, Var) for value in fields.values()):
        return text.format(**fields) if fields else text
    parts: list[Var | str] = []
    for literal, name, spec, conversion in _FORMATTER.parse(text):
        if literal:
            parts.append(literal)
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"t(): {{{name}}} takes no format spec or conversion in {text!r}")
        value = fields[name]
        if isinstance(value, Var):
            parts.append(value if isinstance(value, StringVar) else value.to_string())
        else:
            parts.append(str(value))
    result: Var = Var.create("")
    for part in parts:
        result = result + part  # type: ignore[operator]
    return result


def t(msgid: str, **fields: Any) -> Var | str:
    """`msgid` (French) in the browser's language, for a component's child or a prop."""
    texts = {lang: _with_fields(translate(msgid, lang), fields) for lang in LOCALES}
    french = texts[SOURCE]
    others = [(lang, text) for lang, text in texts.items() if lang != SOURCE]
    if all(isinstance(text, str) and text == french for _lang, text in others):
        return french
    # A ternary per other locale, French last: the smallest code React evaluates.
    chosen: Var | str = french
    for lang, text in reversed(others):
        chosen = rx.cond(lang_var == lang, text, chosen)
    return chosen


def lang_attribute() -> Var:
    """The value of a `lang` attribute that follows the chosen language."""
    return rx.cond(lang_var == "", SOURCE, lang_var)
