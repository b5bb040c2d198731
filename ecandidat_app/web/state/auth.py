"""Who is asking. The browser holds only a random token; the account id and role stay in
server-only vars (leading underscore) and are re-read from the database on every check."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.models import Account, Role
from ecandidat_app.core.services import sessions

SESSION_COOKIE = "ecandidat_session"
STAFF_ROLES = {Role.GESTIONNAIRE.value, Role.COMMISSION.value, Role.ADMIN.value}


class AuthState(rx.State):
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
        with session_scope() as s:
            account = sessions.resolve_session(s, self.session_token)
        self._remember(account)
        return account

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
        account = self.current_account()
        if account is None:
            return rx.redirect("/connexion")
        if account.role != Role.APPLICANT:
            return rx.redirect("/gestion")
        return None

    @rx.event
    def require_staff(self) -> rx.event.EventSpec | None:
        account = self.current_account()
        if account is None:
            return rx.redirect("/connexion")
        if account.role not in STAFF_ROLES:
            return rx.redirect("/")
        return None

    @rx.event
    def require_admin(self) -> rx.event.EventSpec | None:
        account = self.current_account()
        if account is None:
            return rx.redirect("/connexion")
        if account.role != Role.ADMIN:
            return rx.redirect("/")
        return None

    @rx.event
    def logout(self) -> rx.event.EventSpec:
        with session_scope() as s:
            sessions.revoke_session(s, self.session_token)
        self.session_token = ""
        self._remember(None)
        return rx.redirect("/")
