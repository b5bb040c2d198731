"""Reflex configuration; every value comes from the application's settings."""

from pathlib import Path

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from ecandidat_app.core.config import get_settings

settings = get_settings()
_bun = Path(__file__).parent / ".tools" / "node_modules" / ".bin" / "bun"

config = rx.Config(
    app_name="ecandidat_app",
    db_url=settings.database_url,
    redis_url=settings.redis_url or None,
    # Without Redis there is one process: keep client state in memory (Reflex's default
    # writes it to disk after every event; our pages rebuild theirs on load anyway).
    **({} if settings.redis_url else {"state_manager_mode": "memory"}),
    backend_host="127.0.0.1" if settings.mode != "production" else "0.0.0.0",
    backend_port=settings.backend_port,
    # One port serves both when the backend mounts the exported frontend (see ecandidat_app.py).
    api_url=settings.base_url,
    deploy_url=settings.base_url,
    # Reflex's CORS middleware (every HTTP route) and its Socket.IO server accept only the
    # app's own origin: the default "*" reflects any origin, with credentials.
    cors_allowed_origins=[settings.origin],
    telemetry_enabled=False,
    show_built_with_reflex=False,
    **({"bun_path": _bun} if _bun.exists() else {}),
    disable_plugins=[SitemapPlugin],
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", radius="medium", appearance="light")
        )
    ],
)
