"""Page state hygiene: a page that shows one object starts clean for each object.

Reflex keeps a page's state per browser tab, across navigations: without care, the comment
typed on A's dossier is still in the form when the same tab opens B's, and goes out with
B's decision. The rule, for every page whose route carries an id (`[application_id]`…) and
for the administration pages' edit form:

    its load calls `start_clean(self)` first, before reading the new object,

which puts every var the page's own state declares (form values, messages, selections,
open dialogs, the data of the previous object, server-only ids) back to its declared
default. Only counters that identify a background loop may be kept (`keep=`), never a
value typed or shown. `tests/web/test_page_state_hygiene.py` walks every parametrised route
of the route table with object A then object B and fails on any var that kept A's value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def own_fields(cls: type) -> list[str]:
    """The vars a page state class declares itself (not those of AuthState or Reflex's
    root state, which hold the session and the router)."""
    fields: dict[str, Any] = cls.__fields__  # type: ignore[attr-defined]
    return [name for name, f in fields.items() if f._owner is cls]


def start_clean(state: Any, *, keep: Iterable[str] = ()) -> None:
    """Put every var of the page's own state back to its default, except `keep`.

    A var already at its default is left alone: assigning marks it dirty and it would
    travel to the browser for nothing."""
    cls = type(state)
    kept = set(keep)
    fields: dict[str, Any] = cls.__fields__
    for name in own_fields(cls):
        if name in kept:
            continue
        default = fields[name].default_value()
        if getattr(state, name) != default:
            setattr(state, name, default)
