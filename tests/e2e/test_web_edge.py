"""The edge between the browser and the server, against the running app: the session lives
in an HttpOnly cookie (not in document.cookie) and works across reloads and tabs; another
origin gets no CORS grant on any route nor a websocket; every response carries the
security headers. (CSP violations are counted for every browser test by conftest.py.)"""

from __future__ import annotations

import asyncio
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e import journey

DEMO_APPLICANT = "candidat@demo.ecandidat.fr"
DEMO_PASSWORD = "Demo-ecandidat-2027"
FOREIGN = "http://another-site.example"
ROUTES = ("/", "/connexion", "/formations", "/api/health", "/api/fichiers/1", "/ping", "/nulle")


def _request(url: str, method: str = "GET", headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers
    except urllib.error.HTTPError as err:
        return err.code, err.headers


def test_the_session_cookie_is_httponly_and_works_across_reloads_and_tabs(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        journey.log_in(page, base_url, DEMO_APPLICANT, DEMO_PASSWORD)
        expect(page).to_have_url(re.compile("/mes-candidatures/?$"), timeout=journey.TIMEOUT)
        [cookie] = [c for c in context.cookies() if c["name"] == "ecandidat_session"]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
        seen_by_scripts = page.evaluate("document.cookie")
        assert "ecandidat_session" not in seen_by_scripts
        assert cookie["value"] not in seen_by_scripts
        # The one-time code is spent: its URL is no longer in the address bar or history.
        assert "code=" not in page.url

        page.reload()
        journey.open_page(page, base_url + "/mon-compte")
        expect(page).to_have_url(re.compile("/mon-compte/?$"), timeout=journey.TIMEOUT)
        expect(page.get_by_role("button", name="Se déconnecter", exact=True)).to_be_visible()

        second = context.new_page()
        journey.open_page(second, base_url + "/mon-dossier")
        expect(second).to_have_url(re.compile("/mon-dossier/?$"), timeout=journey.TIMEOUT)

        page.get_by_role("button", name="Se déconnecter", exact=True).click()
        expect(page).to_have_url(base_url + "/", timeout=journey.TIMEOUT)
        expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
        assert [c for c in context.cookies() if c["name"] == "ecandidat_session"] == []
        journey.open_page(second, base_url + "/mon-dossier")  # the other tab is signed out too
        expect(second).to_have_url(re.compile("/connexion/?$"), timeout=journey.TIMEOUT)
    finally:
        context.close()


@pytest.mark.parametrize("path", ROUTES)
def test_a_foreign_origin_gets_no_cors_grant(app_server: str, path: str) -> None:
    status, headers = _request(app_server + path, headers={"Origin": FOREIGN})
    assert headers.get("Access-Control-Allow-Origin") is None, (path, status)
    preflight = {
        "Origin": FOREIGN,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "content-type",
    }
    status, headers = _request(app_server + path, "OPTIONS", preflight)
    assert headers.get("Access-Control-Allow-Origin") in (None, app_server), (path, status)
    assert headers.get("Access-Control-Allow-Origin") != FOREIGN
    # The app's own origin still gets its grant (the frontend calls the backend with it).
    _status, headers = _request(app_server + path, headers={"Origin": app_server})
    assert headers.get("Access-Control-Allow-Origin") == app_server, path


def test_a_foreign_origin_cannot_open_the_websocket(app_server: str) -> None:
    import websockets

    url = app_server.replace("http", "ws") + "/_event/?EIO=4&transport=websocket"

    async def opens(origin: str) -> bool:
        try:
            async with websockets.connect(url, origin=websockets.Origin(origin)) as ws:
                return str(await ws.recv()).startswith("0")
        except websockets.exceptions.InvalidStatus:
            return False

    # Its own thread: pytest-playwright keeps an event loop running on this one.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, opens(app_server)).result()
        assert not pool.submit(asyncio.run, opens(FOREIGN)).result()


@pytest.mark.parametrize("path", ROUTES)
def test_every_route_carries_the_security_headers(app_server: str, path: str) -> None:
    _status, headers = _request(app_server + path)
    assert "frame-ancestors" in headers["Content-Security-Policy"], path
    assert headers["X-Frame-Options"] in ("DENY", "SAMEORIGIN"), path
    assert headers["X-Content-Type-Options"] == "nosniff", path
    assert headers["Referrer-Policy"] == "same-origin", path
    if path in ("/", "/connexion", "/formations", "/nulle"):  # HTML pages: the app's CSP
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "'unsafe-eval'" not in csp
        assert "'sha256-" in csp  # the prerendered pages' inline scripts, by hash
