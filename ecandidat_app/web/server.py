"""HTTP side of the backend: authenticated downloads, health check, and the exported
frontend mounted on the same port so a demo machine needs no Node or Bun."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def health(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def frontend_dir() -> Path | None:
    """The exported frontend (`reflex export --frontend-only`), if it has been built."""
    candidate = Path.cwd() / ".web" / "build" / "client"
    return candidate if (candidate / "index.html").exists() else None


def build_api() -> list[Starlette | Callable[..., Any]]:
    from ecandidat_app.web.api import api_routes

    api = Starlette(routes=[Route("/api/health", health), *api_routes()])
    transformers: list[Starlette | Callable[..., Any]] = [api]
    return transformers


def lifespan_tasks() -> list[Callable[..., Any]]:
    from ecandidat_app.web.background import background_tasks

    return background_tasks()
