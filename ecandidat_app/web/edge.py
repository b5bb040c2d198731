"""What every HTTP response of the app carries: the security headers and a Content-Security-
Policy the exported frontend runs under. Inline scripts of the prerendered pages (React
Router's hydration data, the theme snippet) are allowed by their SHA-256, computed from the
built files at start, so no 'unsafe-inline' and no 'unsafe-eval' for scripts."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ecandidat_app.core.config import get_settings

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
HSTS = "max-age=31536000; includeSubDomains"


def inline_script_hashes(html_files: Iterable[Path]) -> list[str]:
    """The CSP source of every inline script in these pages, sorted and without repeats."""
    found = set()
    for path in html_files:
        for match in _INLINE_SCRIPT.finditer(path.read_bytes()):
            digest = base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def websocket_origin(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"


def content_security_policy(script_hashes: Iterable[str], base_url: str) -> str:
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # Radix Themes and Emotion set style attributes and inject <style> elements.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            # The websocket of the app's own backend (its address is compiled in).
            f"connect-src 'self' {websocket_origin(base_url)}",
            # Staff preview applicants' PDF files (served by /api/fichiers) in an <object>.
            "object-src 'self'",
            "frame-src 'self'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


@lru_cache
def security_headers() -> tuple[tuple[bytes, bytes], ...]:
    from ecandidat_app.web.server import frontend_dir

    settings = get_settings()
    built = frontend_dir()
    hashes = inline_script_hashes(built.rglob("*.html")) if built is not None else []
    headers = {
        "Content-Security-Policy": content_security_policy(hashes, settings.base_url),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.mode == "production" and settings.https:
        headers["Strict-Transport-Security"] = HSTS
    return tuple((k.lower().encode(), v.encode()) for k, v in headers.items())


class SecurityHeaders:
    """ASGI middleware: adds the headers to every HTTP response that does not set its own
    (the download route keeps its stricter policy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in security_headers():
                    key = name.decode()
                    if key not in headers:
                        headers.append(key, value.decode())
            await send(message)

        await self.app(scope, receive, send_with_headers)
