"""Applicant and staff accounts: sign-up and activation (`registration`), login (`sign_in`, with
`throttle`), forgotten password (`recovery`), changes by the signed-in account (`changes`),
passwords and sessions.

The names below are the public API of the accounts domain, imported from their modules.
"""

from __future__ import annotations

from ecandidat_app.core.accounts.changes import (
    change_language,
    change_password,
    confirm_email_change,
    logout_everywhere,
    request_email_change,
)
from ecandidat_app.core.accounts.common import (
    EXISTING_NOTICE_COOLDOWN,
    MSG_BAD_CREDENTIALS,
    MSG_FORGOT_SENT,
    MSG_NO_CAMPAIGN,
    MSG_PAST_CAMPAIGN,
    MSG_RESEND_SENT,
    RESEND_COOLDOWN_SECONDS,
    STAFF_ROLES,
    BadCredentials,
    active_campaign,
)
from ecandidat_app.core.accounts.recovery import (
    check_reset_token,
    forgot_password,
    reset_password,
)
from ecandidat_app.core.accounts.registration import (
    SignupInput,
    check_identity,
    check_new_password,
    resend_validation,
    signup,
    validate_account,
)
from ecandidat_app.core.accounts.sign_in import (
    login,
)

__all__ = [
    "BadCredentials",
    "EXISTING_NOTICE_COOLDOWN",
    "MSG_BAD_CREDENTIALS",
    "MSG_FORGOT_SENT",
    "MSG_NO_CAMPAIGN",
    "MSG_PAST_CAMPAIGN",
    "MSG_RESEND_SENT",
    "RESEND_COOLDOWN_SECONDS",
    "STAFF_ROLES",
    "SignupInput",
    "active_campaign",
    "change_language",
    "change_password",
    "check_identity",
    "check_new_password",
    "check_reset_token",
    "confirm_email_change",
    "forgot_password",
    "login",
    "logout_everywhere",
    "request_email_change",
    "resend_validation",
    "reset_password",
    "signup",
    "validate_account",
]
