"""Who is asking. The browser holds only a random token, in an HttpOnly cookie that scripts
cannot read; the server reads it from the websocket handshake's Cookie header (Reflex keeps
request cookies on the server) and from HTTP requests. The account id and role stay in
server-only vars (leading underscore) and are re-read from the database on every event
(once per event: a page load made with `page_load` shares its check with the load).

The interface language is the one value the browser keeps in a plain cookie (`lang`, read
by scripts: it is no secret): the first visit takes it from `Accept-Language`, signing in
takes the account's, switching while signed in saves it on the account.

A websocket event cannot set or clear an HttpOnly cookie, so signing in and out end with a full page
navigation to an HTTP route of `web/session_routes.py` that does it (`full_navigation`)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import quote

import reflex as rx
from reflex_base.event import EventSpec
from starlette.requests import cookie_parser

from ecandidat_app.core import accounts
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.i18n import LOCALES, negotiate, normalise
from ecandidat_app.core.models import Account, Role
from ecandidat_app.core.permissions import STAFF
from ecandidat_app.web.state import checked_handlers

OPEN_SESSION_PATH = "/api/session/ouvrir"
CLOSE_SESSION_PATH = "/api/session/fermer"
# The ENT's single sign-on starts here (web/cas_routes.py): a real navigation, not an event.
CAS_START_PATH = "/api/cas/connexion"


SESSION_COOKIE = "ecandidat_session"
LANG_COOKIE = "ecandidat_lang"
LANG_COOKIE_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie
# Route pattern -> what the switch runs on that page, filled by routes.register: the load
# events of a page that only reads, the relabel event of a page with a form
# (this module cannot import the pages).
REREAD_ON_LANGUAGE: dict[str, list[Any]] = {}


def session_cookie_name() -> str:
    """Over HTTPS the `__Host-` prefix makes the browser refuse the cookie unless it is
    Secure, host-only and path=/: a sibling subdomain cannot plant or shadow it."""
    return f"__Host-{SESSION_COOKIE}" if get_settings().https else SESSION_COOKIE


def token_from_cookie_header(header: str) -> str:
    return cookie_parser(header).get(session_cookie_name(), "") if header else ""


STAFF_ROLES = {r.value for r in STAFF}
# "centre": the offer pages a centre administrator shares with the admin (formations,
# commissions, motifs, mail texts), each showing them their centres' objects only.
CENTRE_AUDIENCE = {Role.ADMIN.value, Role.CENTRE_ADMIN.value}
AUDIENCES = ("public", "applicant", "staff", "centre", "admin")
# The French 403 page (pages/forbidden.py) for signed-in people on a page not for them.
FORBIDDEN_PATH = "/acces-refuse"

# The account a page_load guard has just checked, for the load it wraps: the load's own
# current_account() then reads it instead of asking the database a second time.
_checked: ContextVar[tuple[str, Account | None] | None] = ContextVar("_checked", default=None)


def home_for(role: str) -> str:
    """Where a freshly signed-in user lands (both sign-in pages: password and ENT)."""
    return "/mes-candidatures" if role == Role.APPLICANT.value else "/gestion"


def redirect_for(audience: str, account: Account | None) -> str | None:
    """Where to send someone who may not open a page of this audience; None lets them in."""
    if audience == "public":
        return None
    if account is None:
        return "/connexion"
    if audience == "applicant" and account.role != Role.APPLICANT:
        return "/gestion"
    if audience == "staff" and account.role not in STAFF_ROLES:
        return FORBIDDEN_PATH
    if audience == "admin" and account.role != Role.ADMIN:
        return FORBIDDEN_PATH
    if audience == "centre" and account.role not in CENTRE_AUDIENCE:
        return FORBIDDEN_PATH
    return None


class AuthState(rx.State):
    # Every handler of every page state checks the browser's arguments first (checked_handlers).
    _create_event_handler = checked_handlers.create_event_handler
    _create_setvar = checked_handlers.create_setvar
    user_name: str = ""
    user_role: str = ""
    # "fr" or "en" once known ("" on a first visit until the page's load negotiates it).
    lang: str = rx.Cookie("", name=LANG_COOKIE, same_site="lax", max_age=LANG_COOKIE_AGE)
    _account_id: int | None = None
    # A same-origin address this document must open as a real page load: the HTTP route
    # that sets or clears the session cookie. Tied to the connection that asked for it, so
    # the document it leads to (a new connection, same tab state) does not follow it again.
    _navigation: str = ""
    _navigation_sid: str = ""

    @property
    def session_token(self) -> str:
        """The session cookie of the connection this event came through."""
        return token_from_cookie_header(self.router.headers.cookie)

    @rx.var
    def full_navigation(self) -> str:
        """Rendered by layout.py as <meta http-equiv="refresh">. Cached: recomputed when
        `_navigation` or the connection (router) changes, not on every event, so it does
        not travel with every delta."""
        if self._navigation and self._navigation_sid == self.router.session.session_id:
            return self._navigation
        return ""

    def _navigate(self, url: str) -> None:
        self._navigation, self._navigation_sid = url, self.router.session.session_id

    @rx.var
    def logged_in(self) -> bool:
        return self.user_role != ""

    @rx.var
    def is_staff(self) -> bool:
        return self.user_role in STAFF_ROLES

    def _language(self) -> str:
        """The language of this browser: its cookie, else what `Accept-Language` prefers."""
        if self.lang in LOCALES:
            return self.lang
        return negotiate(self.router.headers.accept_language)

    def _set_language(self, language: str) -> None:
        # Assigning marks the var dirty (and rewrites the cookie) even with the same value.
        if self.lang != language:
            self.lang = language

    @rx.event
    def switch_language(self, language: str) -> list[Any]:
        """The header's switch: this browser, and the account when someone is signed in;
        a page that only reads is read again in the new language (routes.register)."""
        language = normalise(language)
        self._set_language(language)
        account = self.current_account() if self._account_id is not None else None
        if account is not None and account.id is not None:
            with session_scope() as s:
                accounts.change_language(s, account.id, language)
        return REREAD_ON_LANGUAGE.get(self.router.page.path, [])

    def current_account(self) -> Account | None:
        """The signed-in account, checked against the database now (revocation is immediate)."""
        checked = _checked.get()
        if checked is not None and checked[0] == self.session_token:
            return checked[1]  # checked a moment ago in this same event by page_load
        with session_scope() as s:
            account = sessions.resolve_session(s, self.session_token)
        self._remember(account)
        return account

    def admit(self, audience: str) -> tuple[Account | None, EventSpec | None]:
        """Who is asking, and the redirect that turns them away (None lets them in)."""
        self._set_language(self._language())
        account = self.current_account()
        target = redirect_for(audience, account)
        return account, (rx.redirect(target) if target is not None else None)

    def guard(self, audience: str) -> EventSpec | None:
        return self.admit(audience)[1]

    def _remember(self, account: Account | None) -> None:
        account_id = account.id if account else None
        name = f"{account.first_name} {account.last_name}" if account else ""
        role = str(account.role) if account else ""
        if account is not None and account_id != self._account_id:
            # Signing in (password, ENT, or a session opened in another browser): the
            # account's language becomes this browser's.
            self._set_language(normalise(account.language))
        # Assigning marks a var dirty even with the same value: the header's vars would
        # then travel (and their computed vars be recomputed) on every event.
        if (self._account_id, self.user_name, self.user_role) != (account_id, name, role):
            self._account_id, self.user_name, self.user_role = account_id, name, role

    def sign_in(self, token: str, account: Account, then: str) -> None:
        """Hand the new session to the browser: a one-time code that the HTTP route exchanges
        for the cookie, then on to `then`."""
        with session_scope() as s:
            code = sessions.issue_handoff(s, token)
        self._remember(account)
        self._navigate(f"{OPEN_SESSION_PATH}?code={code}&suite={quote(then, safe='')}")

    def sign_out(self, then: str) -> None:
        """Forget the account here and have the browser drop its cookie (the caller has
        revoked the session already, so a lingering cookie opens nothing)."""
        self._remember(None)
        self._navigate(f"{CLOSE_SESSION_PATH}?suite={quote(then, safe='')}")

    @rx.event
    def refresh_user(self) -> None:
        """on_load of public pages: show the header right for whoever is there."""
        self._set_language(self._language())
        self.current_account()

    @rx.event
    def require_applicant(self) -> EventSpec | None:
        return self.guard("applicant")

    @rx.event
    def require_staff(self) -> EventSpec | None:
        return self.guard("staff")

    @rx.event
    def require_admin(self) -> EventSpec | None:
        return self.guard("admin")

    @rx.event
    def require_centre(self) -> EventSpec | None:
        return self.guard("centre")

    @rx.event
    def logout(self) -> None:
        with session_scope() as s:
            sessions.revoke_session(s, self.session_token)
        self.sign_out("/")


LoadHandler = TypeVar("LoadHandler", bound=Callable[..., Any])


def page_load(audience: str) -> Callable[[LoadHandler], LoadHandler]:
    """A page's on_load handler that first checks who is asking, in the same event. The
    route table then registers it without a separate guard event: one event less on every
    navigation (`routes.load_events`). Those turned away get the guard's redirect and the
    load does not run."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")

    def decorate(load: LoadHandler) -> LoadHandler:
        if inspect.iscoroutinefunction(load) or inspect.isgeneratorfunction(load):
            raise TypeError("page_load wraps plain (synchronous, non-generator) loads only")

        @functools.wraps(load)
        def guarded(self: AuthState, *args: Any, **kwargs: Any) -> Any:
            account, refusal = self.admit(audience)
            if refusal is not None:
                return refusal
            token = _checked.set((self.session_token, account))
            try:
                return load(self, *args, **kwargs)
            finally:
                _checked.reset(token)

        guarded.audience = audience  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate
