"""HTTP side of the backend: authenticated downloads, the session cookie routes, health
check, and the exported frontend mounted on the same port so a demo machine needs no Node
or Bun; security headers on every HTTP response (`edge.py`). CORS is Reflex's middleware,
limited to the app's own origin (`cors_allowed_origins` in rxconfig.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from ecandidat_app.core.config import get_settings
from ecandidat_app.web.edge import SecurityHeaders


async def health(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def websocket_echo(ws: WebSocket) -> None:
    """A plain websocket echo served by the app's own process, event loop and ASGI server:
    the transport's cost, which `bench` puts beside a Reflex event's round trip. Only
    registered when ECANDIDAT_BENCH_ECHO is set (a measuring tool, not a feature)."""
    await ws.accept()
    try:
        while True:
            await ws.send_text(await ws.receive_text())
    except WebSocketDisconnect:
        return


def frontend_dir() -> Path | None:
    """The exported frontend (`reflex export --frontend-only`), if it has been built."""
    candidate = Path.cwd() / ".web" / "build" / "client"
    return candidate if (candidate / "index.html").exists() else None


def build_api() -> list[Starlette | Callable[..., Any]]:
    from ecandidat_app.web.api import api_routes

    routes: list[BaseRoute] = [Route("/api/health", health), *api_routes()]
    if get_settings().bench_echo:
        routes.append(WebSocketRoute("/api/echo", websocket_echo))
    api = Starlette(routes=routes)
    # Reflex mounts its own routes and the frontend inside `api`, then wraps the result.
    transformers: list[Starlette | Callable[..., Any]] = [api, SecurityHeaders]
    return transformers


def lifespan_tasks() -> list[Callable[..., Any]]:
    from ecandidat_app.web.background import background_tasks

    return background_tasks()
