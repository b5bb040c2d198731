"""The ENT's single sign-on (CAS) over HTTP: real redirects, never a websocket event.

`GET /api/cas/connexion?profil=etudiant|personnel` sends the browser to the CAS login page
with a service URL pointing at `/api/cas/retour` and carrying a random `etat`, also kept
in a short-lived HttpOnly cookie: a ticket coming back without the browser's own `etat` is
refused, so another site cannot sign a visitor into an account of its choosing.

`GET /api/cas/retour?ticket=…` validates the ticket with the CAS (server to server, in a
worker thread), signs the person in through the core and sets the same HttpOnly session
cookie as `/api/session/ouvrir` (a hand-off code cannot serve here: this navigation comes
from the CAS's site). Refusals go back to the sign-in page with a short code (`?erreur=`)
that the page turns into its French message.

`POST /api/cas/retour` is the CAS single logout: the `logoutRequest` names the service
ticket, and the session it opened ends.
"""

from __future__ import annotations

import hmac
from typing import Literal
from urllib.parse import parse_qs, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.integrations import cas
from ecandidat_app.core.integrations.cas_accounts import cas_sign_in, end_sessions_of_ticket
from ecandidat_app.core.security import new_token
from ecandidat_app.web.api import see_other, set_session_cookie
from ecandidat_app.web.state.auth import CAS_START_PATH, home_for

CAS_RETURN_PATH = "/api/cas/retour"
STATE_COOKIE = "ecandidat_cas_etat"
STATE_SECONDS = 600  # time to sign in on the ENT's page
LOGOUT_REQUEST_MAX = 20_000
Profile = Literal["etudiant", "personnel"]
PAGES: dict[Profile, str] = {"etudiant": "/connexion-etudiant", "personnel": "/connexion"}
PATHS: dict[Profile, Literal["etudiants", "personnel"]] = {
    "etudiant": "etudiants",
    "personnel": "personnel",
}


def _profile(request: Request) -> Profile:
    return "personnel" if request.query_params.get("profil") == "personnel" else "etudiant"


def _service_url(profile: Profile, state: str) -> str:
    query = urlencode({"profil": profile, "etat": state})
    return f"{get_settings().base_url.rstrip('/')}{CAS_RETURN_PATH}?{query}"


def _refused(profile: Profile, code: str) -> Response:
    response = see_other(f"{PAGES[profile]}?erreur={code}")
    response.delete_cookie(STATE_COOKIE, path=CAS_RETURN_PATH)
    return response


def start(request: Request) -> Response:
    profile = _profile(request)
    if not get_settings().cas_for(PATHS[profile]):
        return see_other(PAGES[profile])
    state = new_token()
    response = RedirectResponse(
        cas.login_url(_service_url(profile, state)),
        status_code=303,
        headers={"Cache-Control": "no-store"},
    )
    response.set_cookie(
        STATE_COOKIE,
        state,
        max_age=STATE_SECONDS,
        path=CAS_RETURN_PATH,
        httponly=True,
        samesite="lax",
        secure=get_settings().https,
    )
    return response


def come_back(request: Request) -> Response:
    """Sync on purpose: Starlette runs it in a worker thread (the CAS call, the database)."""
    profile = _profile(request)
    if not get_settings().cas_for(PATHS[profile]):
        return see_other(PAGES[profile])
    state = request.query_params.get("etat", "")
    expected = request.cookies.get(STATE_COOKIE, "")
    if not state or not expected or not hmac.compare_digest(state, expected):
        return _refused(profile, "etat")
    ticket = request.query_params.get("ticket", "")
    client = request.client.host if request.client else ""
    try:
        identity = cas.validate(ticket, _service_url(profile, state))
        with session_scope() as s:
            signed = cas_sign_in(s, identity, profile=profile, ticket=ticket, client_key=client)
            role = str(signed.account.role)
    except cas.CasRefusal as exc:
        return _refused(profile, exc.code)
    except DomainError:  # no open campaign, and the like
        return _refused(profile, "refus")
    response = see_other(home_for(role))
    set_session_cookie(response, signed.token)
    response.delete_cookie(STATE_COOKIE, path=CAS_RETURN_PATH)
    return response


async def single_logout(request: Request) -> Response:
    """The CAS tells that someone left the ENT: end the session their ticket opened. The
    answer is the same whatever the request holds."""
    body = await request.body()
    if len(body) <= LOGOUT_REQUEST_MAX:
        fields = parse_qs(body.decode("utf-8", "replace"))
        ticket = cas.logout_session_index((fields.get("logoutRequest") or [""])[0])
        if ticket:
            await run_in_threadpool(_end_sessions, ticket)
    return PlainTextResponse("ok", headers={"Cache-Control": "no-store"})


def _end_sessions(ticket: str) -> None:
    with session_scope() as s:
        end_sessions_of_ticket(s, ticket)


def cas_routes() -> list[BaseRoute]:
    return [
        Route(CAS_START_PATH, start, methods=["GET"]),
        Route(CAS_RETURN_PATH, come_back, methods=["GET"]),
        Route(CAS_RETURN_PATH, single_logout, methods=["POST"]),
    ]
