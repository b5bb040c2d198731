"""The base of page states: who is asking, one unit of work, the French message; written
once (the web counterpart of the FastAPI template's `deps.py`).

A page state is `class MyPageState(PageState, AuthState)` with
`audience: ClassVar[str] = "staff"` (PageState is a mixin: the page stays a direct
substate of AuthState, and the mixin's vars are the page's own, reset by `start_clean`).
It gets

- `message` / `message_kind`: the page's French message and its kind (error, success,
  warning), said with `_say`;
- `_account()`: the signed-in account if it may use this page (`audience` of the class:
  "applicant", "staff", "admin"; "public" accepts anyone signed in), else None;
- `_act(action, success)`: checks the account, runs `action(session, account)` in one unit
  of work (one transaction), turns a `DomainError` into its French message (a
  `StaleEdit` also says the data were reloaded), says `success` when it went through and
  returns the action's result (None when refused);
- `_attempt(action)`: the same account check and unit of work, for pages that show a
  refusal elsewhere than in `message` (next to a field, in one section): it returns the
  result or the `DomainError`.

Core results in state, one convention: a core result reaches the state as a **typed
dataclass** (never a dict of strings, never an untyped `Any`). The core's own dataclass is
stored as it is when its fields are what the page shows (`ApplicationRow`, the profile's
sections); when the page needs display-ready values (dates in Paris time, sizes, ids as
strings for event arguments), one display dataclass is declared in `web/state/views.py`
with the one function that builds it from the core result, and every page uses that one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from sqlmodel import Session

from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError, StaleEdit
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account
from ecandidat_app.web.state.auth import AuthState, redirect_for

T = TypeVar("T")

# Said in the user's language: handlers run under their locale (checked_handlers).
SESSION_EXPIRED = N_("Votre session a expiré : reconnectez-vous.")
STALE_RELOADED = N_(" Les données ont été rechargées.")


class PageState(AuthState, mixin=True):
    # Who may use the page's events: checked again in every event, not only at load.
    audience: ClassVar[str] = "public"

    message: str = ""
    message_kind: str = "error"

    def _say(self, text: str, kind: str = "error") -> None:
        self._set(message=text, message_kind=kind)

    def _set(self, **values: object) -> None:
        """Assign only what changed: an assignment marks the var dirty even with the same
        value, and every dirty var travels to the browser with the event's answer."""
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    def _account(self) -> Account | None:
        """The signed-in account if it may use this page, else None (no message)."""
        account = self.current_account()
        if account is None or redirect_for(self.audience, account) is not None:
            return None
        return account

    def _say_refusal(self, refusal: DomainError) -> None:
        """A refusal on top of the page; a stale edit also says the page was read again."""
        stale = isinstance(refusal, StaleEdit)
        self._say(refusal.message + (_(STALE_RELOADED) if stale else ""))

    def _attempt(
        self, action: Callable[[Session, Account], T], account: Account | None = None
    ) -> T | DomainError:
        """The account (or the one just checked), one unit of work: the action's result,
        or the refusal as a `DomainError` for the page to show where it belongs (next to a
        field, in a section). Nothing is said here."""
        account = account or self._account()
        if account is None:
            return DomainError(_(SESSION_EXPIRED))
        try:
            with session_scope() as s:
                return action(s, account)
        except DomainError as exc:
            return exc

    def _act(
        self,
        action: Callable[[Session, Account], T],
        success: str = "",
        *,
        then: Callable[[Account], None] | None = None,
        account: Account | None = None,
    ) -> T | None:
        """One action of the page: the account, one unit of work, the French message.
        `then(account)` runs afterwards whether the action went through or was refused
        (typically: read the page's data again), with the account already checked.
        `account`: the one this event has already checked (not looked up again)."""
        account = account or self._account()
        if account is None:
            self._say(_(SESSION_EXPIRED))
            return None
        outcome = self._attempt(action, account)
        if isinstance(outcome, DomainError):
            self._say_refusal(outcome)
        elif success:
            self._say(success, "success")
        if then is not None:
            then(account)
        return None if isinstance(outcome, DomainError) else outcome
