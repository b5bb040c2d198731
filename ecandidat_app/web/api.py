"""Authenticated HTTP routes (file downloads, the session cookie) mounted beside Reflex's own.

`GET /api/fichiers/{id}` serves a file of the private store to its owner, or to staff who
may view an application the file answers (the same rule as the dossier); `GET
/api/lettres/{id}` a decision letter to its applicant or to staff who may view the dossier.
Everyone else gets the same 404, whether the file exists or not. `GET /api/dossiers/{id}/pdf`
builds the dossier PDF for staff, `GET /api/dossiers/zip?ids=…` a ZIP of a selection.

`GET /api/session/ouvrir?code=…&suite=…` exchanges the one-time code of a sign-in event for
the HttpOnly session cookie; `GET /api/session/fermer?suite=…` expires it. Both answer only
navigations from the app's own pages (Sec-Fetch-Site, or the Referer for browsers that do
not send it): another site can neither sign a visitor into an account of its choosing nor
sign them out. Both end with a 303 to `suite`, a path of this site.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlsplit

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import BaseRoute, Route

from ecandidat_app.core import storage
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.applications.documents import file_for_download
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.documents import dossier_zip
from ecandidat_app.core.documents.dossier_pdf import build_dossier_pdf
from ecandidat_app.core.documents.letters import letter_for_download
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.files import INLINE_TYPES, PDF
from ecandidat_app.core.integrations import cas
from ecandidat_app.core.integrations.cas_accounts import opened_by_cas
from ecandidat_app.core.models import Account
from ecandidat_app.core.permissions import STAFF
from ecandidat_app.web.state.auth import (
    CLOSE_SESSION_PATH,
    OPEN_SESSION_PATH,
    session_cookie_name,
)
from ecandidat_app.web.state.event_args import parse_id
from ecandidat_app.web.temp_file_response import temp_file_response

log = logging.getLogger(__name__)

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
ZIP_NAME = "dossiers.zip"


class StoredView(NamedTuple):
    storage_key: str
    name: str
    content_type: str


def _not_found() -> Response:
    return PlainTextResponse(
        "Ce fichier n'existe pas ou vous n'y avez pas accès.", status_code=404, headers=SAFE_HEADERS
    )


def content_disposition(kind: str, name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def _stored(
    request: Request, param: str, lookup: Callable[[Session, Account | None, int], StoredView]
) -> StoredView | None:
    """Who is asking (the session cookie), then the core's rule for this kind of file: the
    same None (a 404) whether the file does not exist or the account may not read it."""
    token = request.cookies.get(session_cookie_name(), "")
    object_id = parse_id(request.path_params.get(param, ""))
    if object_id is None:
        return None
    with session_scope() as s:
        account = sessions.resolve_session(s, token)
        try:
            return lookup(s, account, object_id)
        except NotFound:
            return None


def download(request: Request) -> Response:
    """Sync on purpose: Starlette runs it in a worker thread, so the DB work never blocks."""

    def lookup(s: Session, account: Account | None, file_id: int) -> StoredView:
        stored = file_for_download(s, account, file_id)
        return StoredView(stored.storage_key, stored.display_name, stored.content_type)

    found = _stored(request, "file_id", lookup)
    return _serve(found) if found is not None else _not_found()


def download_letter(request: Request) -> Response:
    """A decision letter: the applicant it is addressed to, or staff who may see the dossier."""

    def lookup(s: Session, account: Account | None, letter_id: int) -> StoredView:
        letter = letter_for_download(s, account, letter_id)
        return StoredView(letter.storage_key, letter.file_name, PDF)

    found = _stored(request, "letter_id", lookup)
    return _serve(found) if found is not None else _not_found()


def _serve(found: StoredView) -> Response:
    """From a local store, the file itself; from a bucket, its body streamed chunk by chunk
    (never the whole file in memory)."""
    key, name, content_type = found
    size = storage.size_of(key)
    if size is None:
        return _not_found()
    inline = content_type in INLINE_TYPES
    headers = {
        **SAFE_HEADERS,
        "Content-Disposition": content_disposition("inline" if inline else "attachment", name),
    }
    media_type = content_type if inline else "application/octet-stream"
    local = storage.backend().local_path(key)
    if local is not None:
        return FileResponse(local, media_type=media_type, headers=headers)
    headers["Content-Length"] = str(size)
    return StreamingResponse(storage.iter_chunks(key), media_type=media_type, headers=headers)


def _account_id(request: Request) -> int | None:
    """The signed-in staff member asking, or None."""
    token = request.cookies.get(session_cookie_name(), "")
    with session_scope() as s:
        account = sessions.resolve_session(s, token)
        return account.id if account is not None and account.role in STAFF else None


def download_dossier(request: Request) -> Response:
    application_id = parse_id(request.path_params.get("application_id", ""))
    if application_id is None:
        return _not_found()
    out = Path(tempfile.mkstemp(dir=dossier_zip.temp_dir(), suffix=".pdf")[1])
    try:
        with session_scope() as s:
            account = sessions.resolve_session(s, request.cookies.get(session_cookie_name(), ""))
            if account is None or account.role not in STAFF:
                raise NotFound("Ce dossier n'existe pas ou vous n'y avez pas accès.")
            built = build_dossier_pdf(s, account, application_id, out)
    except NotFound:
        out.unlink(missing_ok=True)
        return _not_found()
    except DomainError as failed:
        # The dossier exists and may be read, but the PDF did not come out right: the
        # staff member reads why in French, and the server's log keeps which dossier.
        out.unlink(missing_ok=True)
        log.warning("dossier PDF %s not produced: %s", application_id, failed.message)
        return PlainTextResponse(failed.message, status_code=500, headers=SAFE_HEADERS)
    headers = {
        **SAFE_HEADERS,
        "Content-Disposition": content_disposition("attachment", built.file_name),
    }
    return temp_file_response(out, PDF, headers)


def download_dossiers_zip(request: Request) -> Response:
    account_id = _account_id(request)
    if account_id is None:
        return _not_found()
    raw = request.query_params.get("ids", "")[:4000].split(",")
    ids = [i for i in map(parse_id, raw) if i is not None]
    try:
        dossier_zip.selection(ids)
    except DomainError as refused:
        return PlainTextResponse(refused.message, status_code=400, headers=SAFE_HEADERS)
    headers = {**SAFE_HEADERS, "Content-Disposition": content_disposition("attachment", ZIP_NAME)}
    chunks = dossier_zip.stream_dossiers_zip(session_scope, account_id, ids)
    return StreamingResponse(chunks, media_type="application/zip", headers=headers)


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
        Route("/api/lettres/{letter_id}", download_letter, methods=["GET"]),
        Route("/api/dossiers/zip", download_dossiers_zip, methods=["GET"]),
        Route("/api/dossiers/{application_id}/pdf", download_dossier, methods=["GET"]),
        Route(OPEN_SESSION_PATH, open_session, methods=["GET"]),
        Route(CLOSE_SESSION_PATH, close_session, methods=["GET"]),
        *cas_routes(),
    ]
