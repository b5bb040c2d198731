"""Event and var names of the app's pages, taken from the state classes themselves so a
renamed handler fails loudly here instead of silently measuring nothing. Pages still
being written are optional: a missing one leaves its steps out of the journey."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Handle:
    state: str  # full substate name, as keys of the delta
    handlers: frozenset[str]

    def event(self, handler: str) -> str:
        if handler not in self.handlers:
            raise LookupError(f"{self.state} has no event handler {handler!r}")
        return f"{self.state}.{handler}"

    def has(self, handler: str) -> bool:
        return handler in self.handlers


def handle(module: str, cls: str) -> Handle | None:
    try:
        state_cls: Any = getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError):
        return None
    return Handle(state_cls.get_full_name(), frozenset(state_cls.event_handlers))


def session_cookie_key() -> str:
    """The name of the HttpOnly session cookie (sent in the websocket handshake)."""
    from ecandidat_app.web.state.auth import session_cookie_name

    return session_cookie_name()


def first_state_in(module: str, *candidates: str) -> Handle | None:
    for cls in candidates:
        found = handle(module, cls)
        if found is not None:
            return found
    return None


def route_params(path: str) -> dict[str, str]:
    """The dynamic segments of `path` for the app's route table (`/candidature/[id]`)."""
    from ecandidat_app.web.routes import ROUTES

    parts = path.split("?")[0].strip("/").split("/")
    for route in ROUTES:
        pattern = route.path.strip("/").split("/")
        if len(pattern) != len(parts):
            continue
        found: dict[str, str] = {}
        for want, got in zip(pattern, parts, strict=True):
            if want.startswith("[") and want.endswith("]"):
                found[want[1:-1]] = got
            elif want != got:
                break
        else:
            if found:
                return found
    return {}
