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
  returns the action's result (None when refused).

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
from ecandidat_app.core.models import Account
from ecandidat_app.web.state.auth import AuthState, redirect_for

T = TypeVar("T")

SESSION_EXPIRED = "Votre session a expiré : reconnectez-vous."
STALE_RELOADED = " Les données ont été rechargées."


class PageState(AuthState, mixin=True):
    # Who may use the page's events: checked again in every event, not only at load.
    audience: ClassVar[str] = "public"

    message: str = ""
    message_kind: str = "error"

    def _say(self, text: str, kind: str = "error") -> None:
        self.message, self.message_kind = text, kind

    def _account(self) -> Account | None:
        """The signed-in account if it may use this page, else None (no message)."""
        account = self.current_account()
        if account is None or redirect_for(self.audience, account) is not None:
            return None
        return account

    def _act(
        self,
        action: Callable[[Session, Account], T],
        success: str = "",
        *,
        then: Callable[[Account], None] | None = None,
    ) -> T | None:
        """One action of the page: the account, one unit of work, the French message.
        `then(account)` runs afterwards whether the action went through or was refused
        (typically: read the page's data again), with the account already checked."""
        account = self._account()
        if account is None:
            self._say(SESSION_EXPIRED)
            return None
        result = None
        try:
            with session_scope() as s:
                result = action(s, account)
        except StaleEdit as exc:
            self._say(exc.message + STALE_RELOADED)
        except DomainError as exc:
            self._say(exc.message)
        else:
            if success:
                self._say(success, "success")
        if then is not None:
            then(account)
        return result
