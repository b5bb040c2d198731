"""The first paint in the reader's language, not a flash of French.

The pages are prerendered in French and learn the reader's language only when the
server answers the first event (the `ecandidat_lang` cookie, else `Accept-Language`).
This script, inline in <head> (its hash is in the CSP like Reflex's own), runs before the
body is painted: when the cookie or the browser's languages point to another locale
than French, it marks <html> so that styles.css keeps the body hidden until the language
is known (layout.document_language lifts the mark), or for 3 s at most if the server
never answers."""

from __future__ import annotations

import json

import reflex as rx

from ecandidat_app.core.i18n import LOCALES, SOURCE
from ecandidat_app.web.state.auth import LANG_COOKIE

WAIT_ATTRIBUTE = "data-langue-attendue"
WAIT_AT_MOST_MS = 3000

# The same choice as core.i18n.negotiate: the cookie, else the first of the browser's
# languages whose primary tag is one of ours, else French.
_SCRIPT = """
if (typeof document !== 'undefined') {
  try {
    var locales = %(locales)s;
    var found = document.cookie.match(/(?:^|;\\s*)%(cookie)s=([a-z]+)/);
    var lang = found && locales.indexOf(found[1]) >= 0 ? found[1] : null;
    var wanted = navigator.languages || [navigator.language || ''];
    for (var i = 0; lang === null && i < wanted.length; i++) {
      var primary = String(wanted[i]).split(/[-_]/)[0].toLowerCase();
      if (locales.indexOf(primary) >= 0) lang = primary;
    }
    if (lang !== null && lang !== %(source)s) {
      var root = document.documentElement;
      root.lang = lang;
      root.setAttribute(%(attribute)s, lang);
      setTimeout(function () { root.removeAttribute(%(attribute)s); }, %(wait)d);
    }
  } catch (e) {}
}
"""


def early_language_script() -> rx.Component:
    return rx.el.script(
        _SCRIPT
        % {
            "locales": json.dumps(list(LOCALES)),
            "cookie": LANG_COOKIE,
            "source": json.dumps(SOURCE),
            "attribute": json.dumps(WAIT_ATTRIBUTE),
            "wait": WAIT_AT_MOST_MS,
        }
    )


def lift_wait_js(lang_expr: str) -> str:
    """JavaScript lifting the mark once `lang_expr` (the state's language) is known."""
    return (
        f"if ({lang_expr}) document.documentElement.removeAttribute({json.dumps(WAIT_ATTRIBUTE)});"
    )
