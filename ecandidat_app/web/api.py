"""Authenticated HTTP routes (file downloads) mounted beside Reflex's own.

`GET /api/fichiers/{id}` serves a file of the private store to its owner, or to staff who
may view an application the file answers (the same rule as the dossier). Everyone else
gets the same 404, whether the file exists or not.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from ecandidat_app.core import storage
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import NotFound
from ecandidat_app.core.files import INLINE_TYPES
from ecandidat_app.core.services import sessions
from ecandidat_app.core.services.documents import file_for_download
from ecandidat_app.web.state.auth import SESSION_COOKIE
from ecandidat_app.web.state.event_args import parse_id

SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; object-src 'self'",
}


def _not_found() -> Response:
    return PlainTextResponse(
        "Ce fichier n'existe pas ou vous n'y avez pas accès.", status_code=404, headers=SAFE_HEADERS
    )


def content_disposition(kind: str, name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def download(request: Request) -> Response:
    """Sync on purpose: Starlette runs it in a worker thread, so the DB work never blocks."""
    token = request.cookies.get(SESSION_COOKIE, "")
    file_id = parse_id(request.path_params.get("file_id", ""))
    if file_id is None:
        return _not_found()
    with session_scope() as s:
        account = sessions.resolve_session(s, token)
        try:
            stored = file_for_download(s, account, file_id)
        except NotFound:
            return _not_found()
        key, name, content_type = stored.storage_key, stored.display_name, stored.content_type
    path = storage.path_for(key)
    if not path.exists():
        return _not_found()
    inline = content_type in INLINE_TYPES
    headers = {
        **SAFE_HEADERS,
        "Content-Disposition": content_disposition("inline" if inline else "attachment", name),
    }
    return FileResponse(
        path,
        media_type=content_type if inline else "application/octet-stream",
        headers=headers,
    )


def api_routes() -> list[BaseRoute]:
    return [Route("/api/fichiers/{file_id}", download, methods=["GET"])]
