"""The one harness of the state tests (tests/web, tests/security): page states built the way
Reflex builds them for one browser tab, with the session cookie where the server reads it
(the Cookie header of the websocket handshake, router headers), and their events run.
The app never holds the token in a state var, so tests sign in through here. A module, not
fixtures in conftest.py: tests import these helpers by name."""

from __future__ import annotations

import dataclasses
from http.cookies import SimpleCookie
from typing import Any

from ecandidat_app.web.state.auth import session_cookie_name

ORIGIN = "http://localhost"


def page_state(
    cls: type,
    url: str = "/",
    *,
    token: str = "",
    ip: str = "192.0.2.7",
    query: dict[str, str] | None = None,
    session_id: str = "",
    pattern: str = "",
) -> Any:
    """The `cls` substate of a fresh root state whose router describes `url`, seen from
    `ip`, with the session cookie `token` (none when empty)."""
    from reflex.istate.data import RouterData
    from reflex.state import State

    root = State(_reflex_internal_init=True)
    data: dict[str, Any] = {
        "headers": _headers(token),
        "asPath": url,
        # Reflex's router.page.path is the route's pattern (/candidature/[application_id]).
        "pathname": pattern or url.split("?", 1)[0],
        "ip": ip,
        "sid": session_id,
    }
    if query is not None:
        data["query"] = query
    root.router = RouterData.from_router_data(data)
    return root.get_substate(cls.get_full_name().split(".")[1:])


def run_event(state: Any, name: str, *args: Any) -> Any:
    """Run the event handler `name` of the page state as the app would dispatch it
    (without Reflex's event queue: what it returns is the handler's own answer)."""
    return getattr(type(state), name).fn(state, *args)


def with_session(state: Any, token: str) -> Any:
    """The same tab, now connected with the session cookie `token` (as after a page load
    that followed the sign-in): only the router's Cookie header changes."""
    from reflex.istate.data import HeaderData

    root = state
    while root.parent_state is not None:
        root = root.parent_state
    headers = HeaderData.from_router_data({"headers": _headers(token)})
    root.router = dataclasses.replace(root.router, headers=headers)
    return state


@dataclasses.dataclass(frozen=True)
class Navigation:
    status: int
    location: str
    set_cookie: str  # the raw Set-Cookie header ("" when none)

    @property
    def token(self) -> str:
        """The session cookie value it sets ("" when it sets none or expires it)."""
        jar: SimpleCookie = SimpleCookie()
        jar.load(self.set_cookie)
        morsel = jar.get(session_cookie_name())
        if morsel is None or morsel["max-age"] == "0":
            return ""
        return morsel.value

    @property
    def expires_cookie(self) -> bool:
        jar: SimpleCookie = SimpleCookie()
        jar.load(self.set_cookie)
        morsel = jar.get(session_cookie_name())
        return morsel is not None and morsel["max-age"] == "0" and morsel.value in ("", '""')


def follow_navigation(state: Any, *, site: str = "same-origin") -> Navigation:
    """What the browser does with the page's `full_navigation` (sign-in or sign-out): open
    it, from a page of `site` (Sec-Fetch-Site), through the real HTTP route, with the
    cookie the tab has."""
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from ecandidat_app.web.api import api_routes

    url = state.full_navigation
    assert url, "the event asked for no navigation"
    client = TestClient(Starlette(routes=api_routes()), base_url="http://localhost")
    headers = {"Sec-Fetch-Site": site}
    if state.session_token:
        headers["Cookie"] = cookie_header(state.session_token)
    resp = client.get(url, headers=headers, follow_redirects=False)
    return Navigation(
        resp.status_code, resp.headers.get("location", ""), resp.headers.get("set-cookie", "")
    )


def sign_in_through_the_browser(state: Any) -> str:
    """After a successful sign-in event: follow its navigation, then connect the tab with
    the cookie it set, as the next page load does. Returns the token."""
    nav = follow_navigation(state)
    assert nav.status == 303 and nav.token, nav
    with_session(state, nav.token)
    return nav.token


def reconnect(state: Any, session_id: str) -> Any:
    """The same tab after a page load: a new websocket connection (new session id)."""
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    session = dataclasses.replace(root.router.session, session_id=session_id)
    root.router = dataclasses.replace(root.router, session=session)
    return state


def cookie_header(token: str) -> str:
    return f"{session_cookie_name()}={token}" if token else ""


def _headers(token: str) -> dict[str, str]:
    headers = {"origin": ORIGIN}
    if token:
        headers["cookie"] = cookie_header(token)
    return headers
