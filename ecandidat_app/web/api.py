"""Authenticated HTTP routes (file downloads, the session cookie) mounted beside Reflex's own.

`GET /api/fichiers/{id}` serves a file of the private store to its owner, or to staff who
may view an application the file answers (the same rule as the dossier). Everyone else
gets the same 404, whether the file exists or not.

`GET /api/session/ouvrir?code=…&suite=…` exchanges the one-time code of a sign-in event for
the HttpOnly session cookie; `GET /api/session/fermer?suite=…` expires it. Both answer only
navigations from the app's own pages (Sec-Fetch-Site, or the Referer for browsers that do
not send it): another site can neither sign a visitor into an account of its choosing nor
sign them out. Both end with a 303 to `suite`, a path of this site.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ecandidat_app.core import storage
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.applications.documents import file_for_download
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import NotFound
from ecandidat_app.core.files import INLINE_TYPES
from ecandidat_app.core.integrations import cas
from ecandidat_app.core.integrations.cas_accounts import opened_by_cas
from ecandidat_app.web.state.auth import (
    CLOSE_SESSION_PATH,
    OPEN_SESSION_PATH,
    session_cookie_name,
)
from ecandidat_app.web.state.event_args import parse_id

SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    # The staff dossier previews files in an <object> of the app's own pages, and nowhere else.
    "Content-Security-Policy": (
        "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'"
    ),
    "X-Frame-Options": "SAMEORIGIN",
}
NEXT_MAX_LENGTH = 500


def _not_found() -> Response:
    return PlainTextResponse(
        "Ce fichier n'existe pas ou vous n'y avez pas accès.", status_code=404, headers=SAFE_HEADERS
    )


def content_disposition(kind: str, name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def download(request: Request) -> Response:
    """Sync on purpose: Starlette runs it in a worker thread, so the DB work never blocks."""
    token = request.cookies.get(session_cookie_name(), "")
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


def safe_next(value: str) -> str:
    """`value` if it is a path of this site, else "/" (no open redirect)."""
    parts = urlsplit(value)
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or parts.scheme
        or parts.netloc
        or len(value) > NEXT_MAX_LENGTH
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)
    ):
        return "/"
    return value


def from_own_page(request: Request) -> bool:
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    referer = urlsplit(request.headers.get("referer", ""))
    return f"{referer.scheme}://{referer.netloc}" == get_settings().origin


def see_other(path: str) -> Response:
    return RedirectResponse(path, status_code=303, headers={"Cache-Control": "no-store"})


def _cookie_options() -> dict[str, object]:
    return {"path": "/", "httponly": True, "samesite": "lax", "secure": get_settings().https}


def set_session_cookie(response: Response, token: str) -> None:
    # A browser session cookie, as before: it ends with the browser (the server-side
    # session ends after SESSION_HOURS anyway).
    response.set_cookie(session_cookie_name(), token, **_cookie_options())  # type: ignore[arg-type]


def open_session(request: Request) -> Response:
    if not from_own_page(request):
        return see_other("/connexion")
    code = request.query_params.get("code", "")
    with session_scope() as s:
        token = sessions.redeem_handoff(s, code)
    if token is None:
        return see_other("/connexion")
    response = see_other(safe_next(request.query_params.get("suite", "/")))
    set_session_cookie(response, token)
    return response


def close_session(request: Request) -> Response:
    if not from_own_page(request):
        return see_other("/")
    token = request.cookies.get(session_cookie_name(), "")
    via_ent = False
    if token:  # the logout event revoked it already; a direct visit revokes it here
        with session_scope() as s:
            sessions.revoke_session(s, token)
            via_ent = opened_by_cas(s, token)
    then = safe_next(request.query_params.get("suite", "/"))
    if via_ent and get_settings().cas_enabled:
        # Opened through the ENT: leave the ENT too (its single logout reaches every
        # application it signed the person into), then come back here.
        then = cas.logout_url(get_settings().base_url.rstrip("/") + then)
    response = RedirectResponse(then, status_code=303, headers={"Cache-Control": "no-store"})
    response.delete_cookie(session_cookie_name(), **_cookie_options())  # type: ignore[arg-type]
    return response


def api_routes() -> list[BaseRoute]:
    from ecandidat_app.web.cas_routes import cas_routes

    return [
        Route("/api/fichiers/{file_id}", download, methods=["GET"]),
        Route(OPEN_SESSION_PATH, open_session, methods=["GET"]),
        Route(CLOSE_SESSION_PATH, close_session, methods=["GET"]),
        *cas_routes(),
    ]
