"""The edge between the browser and the server, without a browser: the routes that set and
clear the HttpOnly session cookie (reached only from the app's own pages, never an open
redirect), the security headers on every HTTP response, a CSP that allows the built
pages' inline scripts by hash, and no demo mailbox in production."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core import config
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.mail import demo_mailbox
from ecandidat_app.core.models import Role
from ecandidat_app.web import edge
from ecandidat_app.web.api import api_routes
from ecandidat_app.web.pages.login import LoginState
from ecandidat_app.web.pages.mailbox import MailboxState
from ecandidat_app.web.state.auth import session_cookie_name
from tests import factories as f
from tests.web.harness import cookie_header, follow_navigation, page_state, reconnect


def _signed_in_login_page(session: Session) -> Any:
    f.staff(session, role=Role.GESTIONNAIRE, email="gestion@univ.fr")
    session.commit()
    st = page_state(LoginState, "/connexion")
    LoginState.event_handlers["submit"].fn(
        st, {"identifiant": "gestion@univ.fr", "mot_de_passe": f.PASSWORD}
    )
    assert st.full_navigation.startswith("/api/session/ouvrir?code=")
    return st


def test_the_sign_in_route_sets_an_httponly_cookie_once(session: Session) -> None:
    st = _signed_in_login_page(session)
    nav = follow_navigation(st)
    assert (nav.status, nav.location) == (303, "/gestion")
    attributes = nav.set_cookie.lower()
    assert "httponly" in attributes and "samesite=lax" in attributes and "path=/" in attributes
    assert "secure" not in attributes  # plain http here: the browser would drop a Secure one
    assert sessions.resolve_session(session, nav.token) is not None
    again = follow_navigation(st)  # the same code replayed
    assert (again.status, again.location, again.set_cookie) == (303, "/connexion", "")


@pytest.mark.parametrize("site", ["cross-site", "same-site", "none"])
def test_another_site_cannot_sign_a_visitor_in(session: Session, site: str) -> None:
    """Login CSRF: an attacker's own code, opened in the victim's browser from elsewhere."""
    st = _signed_in_login_page(session)
    nav = follow_navigation(st, site=site)
    assert (nav.status, nav.location, nav.set_cookie) == (303, "/connexion", "")
    assert follow_navigation(st).token  # refused without being spent


def test_without_sec_fetch_site_the_referer_decides(session: Session) -> None:
    st = _signed_in_login_page(session)
    client = TestClient(Starlette(routes=api_routes()), base_url="http://localhost")
    url = st.full_navigation
    foreign = client.get(url, headers={"Referer": "http://evil.example/"}, follow_redirects=False)
    assert "set-cookie" not in foreign.headers
    own = client.get(
        url, headers={"Referer": "http://localhost:8000/connexion"}, follow_redirects=False
    )
    assert session_cookie_name() in own.headers["set-cookie"]


@pytest.mark.parametrize(
    "suite",
    [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "x",
        "",
    ],
)
def test_the_next_address_stays_on_this_site(session: Session, suite: str) -> None:
    st = _signed_in_login_page(session)
    st._navigation = st._navigation.split("&suite=")[0] + "&suite=" + suite
    assert follow_navigation(st).location == "/"


def test_sign_out_route_expires_the_cookie_and_only_from_our_pages(session: Session) -> None:
    account = f.staff(session, role=Role.ADMIN)
    token = sessions.open_session(session, account.id)
    session.commit()
    client = TestClient(Starlette(routes=api_routes()), base_url="http://localhost")
    headers = {"Cookie": cookie_header(token), "Sec-Fetch-Site": "cross-site"}
    resp = client.get("/api/session/fermer?suite=/", headers=headers, follow_redirects=False)
    assert "set-cookie" not in resp.headers  # a foreign page cannot sign anyone out
    assert sessions.resolve_session(session, token) is not None
    headers["Sec-Fetch-Site"] = "same-origin"
    resp = client.get("/api/session/fermer?suite=/", headers=headers, follow_redirects=False)
    assert resp.status_code == 303 and "max-age=0" in resp.headers["set-cookie"].lower()
    session.expire_all()
    assert sessions.resolve_session(session, token) is None  # revoked here too


def test_over_https_the_cookie_is_secure_and_host_only(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECANDIDAT_BASE_URL", "https://candidatures.univ.fr")
    config.reset_settings_cache()
    st = _signed_in_login_page(session)
    client = TestClient(Starlette(routes=api_routes()), base_url="https://candidatures.univ.fr")
    resp = client.get(
        st.full_navigation, headers={"Sec-Fetch-Site": "same-origin"}, follow_redirects=False
    )
    cookie = resp.headers["set-cookie"]
    assert cookie.startswith("__Host-ecandidat_session=") and "Secure" in cookie


# ---------------------------------------------------------------- headers and the CSP


def _page(_request: Request) -> HTMLResponse:
    return HTMLResponse("<p>page</p>")


def _client(monkeypatch: pytest.MonkeyPatch, **env: str) -> TestClient:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config.reset_settings_cache()
    edge.security_headers.cache_clear()
    app = Starlette(routes=[Route("/", _page), *api_routes()])
    return TestClient(edge.SecurityHeaders(app), base_url="http://localhost")


@pytest.fixture(autouse=True)
def _fresh_headers() -> Any:
    edge.security_headers.cache_clear()
    yield
    edge.security_headers.cache_clear()


@pytest.mark.usefixtures("engine")
def test_every_response_carries_the_security_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    client = _client(monkeypatch)
    for path in ("/", "/api/fichiers/1", "/api/session/ouvrir?code=x", "/nulle-part"):
        headers = client.get(path, follow_redirects=False).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "same-origin", path
        assert headers["x-frame-options"] in ("DENY", "SAMEORIGIN"), path
        assert "frame-ancestors" in headers["content-security-policy"], path
        assert "strict-transport-security" not in headers  # not over plain http
    csp = client.get("/").headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
    assert "unsafe-inline" not in script_src
    assert "connect-src 'self' ws://localhost:8000" in csp


def test_hsts_in_production_over_https(monkeypatch: pytest.MonkeyPatch) -> None:
    client = _client(
        monkeypatch, ECANDIDAT_MODE="production", ECANDIDAT_BASE_URL="https://candidatures.univ.fr"
    )
    headers = client.get("/").headers
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert "connect-src 'self' wss://candidatures.univ.fr" in headers["content-security-policy"]


def test_inline_scripts_of_the_built_pages_are_allowed_by_hash(tmp_path: Path) -> None:
    code = b'window.__reactRouterContext = {"basename":"/"};'
    (tmp_path / "index.html").write_bytes(
        b"<html><script>" + code + b"</script><script src=/assets/a.js></script>"
        b'<script type="module" async="">import "/x.js";</script></html>'
    )
    hashes = edge.inline_script_hashes([tmp_path / "index.html"])
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(code).digest()).decode() + "'"
    assert expected in hashes and len(hashes) == 2  # the external script needs no hash


# ---------------------------------------------------------------- production mailbox


def test_production_never_starts_nor_shows_the_demo_mailbox(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ecandidat_app.web.background import background_tasks
    from ecandidat_app.web.components.layout import footer

    monkeypatch.setenv("ECANDIDAT_MODE", "production")
    monkeypatch.setenv("ECANDIDAT_DEMO_MAILBOX_ENABLED", "true")
    config.reset_settings_cache()
    settings = config.get_settings()
    assert "demo_mailbox" not in [task.__name__ for task in background_tasks()]
    assert asyncio.run(demo_mailbox.start_demo_mailbox(settings)) is None
    st = page_state(MailboxState, "/boite-mail-demo")
    spec = MailboxState.event_handlers["load"].fn(st)
    assert "'/'" in str(spec) or '"/"' in str(spec)  # sent home: the page does not exist
    assert st.messages == [] and not st.enabled
    assert "boite-mail-demo" not in str(footer())

    monkeypatch.setenv("ECANDIDAT_MODE", "demo")
    config.reset_settings_cache()
    assert "demo_mailbox" in [task.__name__ for task in background_tasks()]
    assert "boite-mail-demo" in str(footer())


# ---------------------------------------------------------------- no eval for the browser


def test_toasts_and_sign_in_reach_the_page_without_a_script_to_eval(session: Session) -> None:
    """rx.toast and rx.call_script from a handler arrive as strings the browser evals (CSP
    'unsafe-eval'); ours are data a compiled effect shows, once, on the connection that
    asked for it."""
    from ecandidat_app.web.state.notice import NoticeState, toast

    spec = toast.error("Dépôt refusé.", duration=8000)
    assert spec.handler.fn is NoticeState.show.fn  # a server event, not a _call_function
    st = page_state(NoticeState, "/mon-dossier", session_id="sid-1")
    NoticeState.event_handlers["show"].fn(st, "error", "Dépôt refusé.", 8000)
    assert st.notice["message"] == "Dépôt refusé." and st.notice["duration"] == "8000"
    assert reconnect(st, "sid-2").notice == {}  # the next page load does not show it again

    login = _signed_in_login_page(session)
    assert login.full_navigation  # the meta refresh's target, until the page reconnects
    assert reconnect(login, "sid-suivant").full_navigation == ""
