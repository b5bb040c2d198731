"""Authenticated HTTP routes (file downloads) mounted beside Reflex's own."""

from __future__ import annotations

from starlette.routing import BaseRoute


def api_routes() -> list[BaseRoute]:
    return []
