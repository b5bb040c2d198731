"""Who is asking. The browser holds only a random token; the account id and role stay in
server-only vars (leading underscore) and are re-read from the database on every event
(once per event: a page load made with `page_load` shares its check with the load)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import reflex as rx

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.models import Account, Role
from ecandidat_app.core.services import sessions
from ecandidat_app.web.state import event_args

SESSION_COOKIE = "ecandidat_session"
STAFF_ROLES = {Role.GESTIONNAIRE.value, Role.COMMISSION.value, Role.ADMIN.value}
AUDIENCES = ("public", "applicant", "staff", "admin")

# The account a page_load guard has just checked, for the load it wraps: the load's own
# current_account() then reads it instead of asking the database a second time.
_checked: ContextVar[tuple[str, Account | None] | None] = ContextVar("_checked", default=None)


def redirect_for(audience: str, account: Account | None) -> str | None:
    """Where to send someone who may not open a page of this audience; None lets them in."""
    if audience == "public":
        return None
    if account is None:
        return "/connexion"
    if audience == "applicant" and account.role != Role.APPLICANT:
        return "/gestion"
    if audience == "staff" and account.role not in STAFF_ROLES:
        return "/"
    if audience == "admin" and account.role != Role.ADMIN:
        return "/"
    return None


class AuthState(rx.State):
    # Every handler of every page state checks the browser's arguments first (event_args).
    _create_event_handler = event_args.create_event_handler
    _create_setvar = event_args.create_setvar
    # Sent only over HTTPS when the site is served over HTTPS (production).
    session_token: str = rx.Cookie(
        "",
        name=SESSION_COOKIE,
        path="/",
        same_site="lax",
        secure=get_settings().base_url.startswith("https://"),
    )
    user_name: str = ""
    user_role: str = ""
    _account_id: int | None = None

    @rx.var
    def logged_in(self) -> bool:
        return self.user_role != ""

    @rx.var
    def is_staff(self) -> bool:
        return self.user_role in STAFF_ROLES

    def current_account(self) -> Account | None:
        """The signed-in account, checked against the database now (revocation is immediate)."""
        checked = _checked.get()
        if checked is not None and checked[0] == self.session_token:
            return checked[1]  # checked a moment ago in this same event by page_load
        with session_scope() as s:
            account = sessions.resolve_session(s, self.session_token)
        self._remember(account)
        return account

    def admit(self, audience: str) -> tuple[Account | None, rx.event.EventSpec | None]:
        """Who is asking, and the redirect that turns them away (None lets them in)."""
        account = self.current_account()
        target = redirect_for(audience, account)
        return account, (rx.redirect(target) if target is not None else None)

    def guard(self, audience: str) -> rx.event.EventSpec | None:
        return self.admit(audience)[1]

    def _remember(self, account: Account | None) -> None:
        account_id = account.id if account else None
        name = f"{account.first_name} {account.last_name}" if account else ""
        role = str(account.role) if account else ""
        # Assigning marks a var dirty even with the same value: the header's vars would
        # then travel (and their computed vars be recomputed) on every event.
        if (self._account_id, self.user_name, self.user_role) != (account_id, name, role):
            self._account_id, self.user_name, self.user_role = account_id, name, role

    def sign_in(self, token: str, account: Account) -> None:
        self.session_token = token
        self._remember(account)

    @rx.event
    def refresh_user(self) -> None:
        """on_load of public pages: show the header right for whoever is there."""
        self.current_account()

    @rx.event
    def require_applicant(self) -> rx.event.EventSpec | None:
        return self.guard("applicant")

    @rx.event
    def require_staff(self) -> rx.event.EventSpec | None:
        return self.guard("staff")

    @rx.event
    def require_admin(self) -> rx.event.EventSpec | None:
        return self.guard("admin")

    @rx.event
    def logout(self) -> rx.event.EventSpec:
        with session_scope() as s:
            sessions.revoke_session(s, self.session_token)
        self.session_token = ""
        self._remember(None)
        return rx.redirect("/")


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
