"""Login with throttling.

A wrong password, an unknown identifier, and the right password of an account not yet
activated get one message after the same work (one password hash). Attempts are throttled by
`throttle` (identifier + client address, and the address alone; a growing delay, never a lock
of the account), counted before the password is checked and committed at once, so a guesser
can neither race nor roll them back."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.accounts import throttle as login_throttle
from ecandidat_app.core.accounts.common import (
    MSG_PAST_CAMPAIGN,
    BadCredentials,
    active_campaign,
    live,
)
from ecandidat_app.core.accounts.passwords import MAX_LENGTH
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import Account, Campaign, Role
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.security import (
    burn_password_time,
    verify_password,
)

# ---------------------------------------------------------------- login


def _login_candidates(s: Session, identifier: str) -> list[Account]:
    """Accounts the identifier may mean, best first: this campaign's applicant, staff, then
    the most recent past-campaign account (only for its "new account needed" message)."""
    ident = identifier.strip()
    if not ident:
        return []
    if "@" not in ident:
        row = s.exec(live(select(Account).where(col(Account.file_number) == ident.upper()))).first()
        return [row] if row is not None else []
    email = ident.lower()
    rows = s.exec(
        live(select(Account).where(col(Account.email) == email)).order_by(col(Account.id).desc())
    ).all()
    campaign = active_campaign(s)
    current = [a for a in rows if campaign is not None and a.campaign_id == campaign.id]
    staff = [a for a in rows if a.campaign_id is None]
    past = [a for a in rows if a.campaign_id is not None and a not in current]
    return current + staff + past[:1]


def _failed(
    s: Session, account: Account | None, client_key: str, *, clock: Clock, reason: str
) -> BadCredentials:
    """Record the failure (its throttle count is already committed) and return the error."""
    audit.record(
        s,
        "login_failed",
        account_id=account.id if account is not None else None,
        detail=f"{reason} (client {client_key or '?'})",
        clock=clock,
    )
    s.commit()  # the error rolls the unit of work back; the trail stays
    return BadCredentials()


def _check_password(candidates: list[Account], password: str) -> tuple[Account | None, str]:
    """The first candidate the password opens, and its upgraded hash if any."""
    for candidate in candidates:
        ok, upgraded = verify_password(password, candidate.password_hash or None)
        if ok:
            return candidate, upgraded or ""
    return None, ""


def login(
    s: Session,
    *,
    identifier: str,
    password: str,
    client_key: str = "",
    clock: Clock = system_clock,
) -> tuple[Account, str]:
    """Check the credentials and open a session; returns (account, session token).

    `identifier` is an e-mail address or a file number. Raises `LoginThrottled` while the
    identifier on this client address (or the address) must wait, `BadCredentials` for any
    failure that must not say whether the account exists."""
    attempt = login_throttle.begin(s, identifier or "", client_key, clock=clock)
    password = password or ""
    if len(password) > MAX_LENGTH:
        password = password[:MAX_LENGTH]  # same work and the same answer as any wrong one

    candidates = _login_candidates(s, identifier or "")
    if not candidates:
        burn_password_time(password)
        raise _failed(s, None, client_key, clock=clock, reason="identifiant inconnu")
    account, new_hash = _check_password(candidates, password)
    if account is None:
        raise _failed(s, candidates[0], client_key, clock=clock, reason="mot de passe erroné")

    campaign = s.get(Campaign, account.campaign_id) if account.campaign_id else None
    current = campaign is not None and campaign.is_active
    if account.role == Role.APPLICANT and current and account.validated_at is None:
        # Whoever signed up knows this password: saying "not activated" would tell them the
        # address was free. The message and the resend button cover the real owner.
        raise _failed(s, account, client_key, clock=clock, reason="compte pas encore activé")
    login_throttle.release(s, attempt)
    if account.role == Role.APPLICANT and not current:
        raise DomainError(_(MSG_PAST_CAMPAIGN), field="identifiant")
    if not account.is_active:
        raise DomainError(
            _("Ce compte est désactivé. Contactez le service des candidatures."),
            field="identifiant",
        )

    if new_hash:  # bcrypt (older imports) upgraded to argon2id now we know the password
        account.password_hash = new_hash
    token = sessions.open_session(s, id_of(account), clock=clock)
    audit.record(
        s, "login", actor_id=account.id, account_id=account.id, detail=client_key, clock=clock
    )
    s.flush()
    return account, token
