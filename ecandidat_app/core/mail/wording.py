"""What a mail's context says in the recipient's language. Contexts are built by the
services before the language is known; `enqueue` (outbox.py) passes them through
`in_language` under the recipient's locale: dates and datetimes become text there
(core/i18n_format), a `Words` phrase of the code is translated, None reads as nothing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ecandidat_app.core.i18n import _
from ecandidat_app.core.i18n_format import format_date, format_datetime


class Words(str):
    """A French phrase of the code (marked with N_) that a mail's context carries:
    `Words(N_("la date limite de réponse"))`, translated when the mail is rendered."""


def _one(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Words):
        return _(str(value))
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    return value


def in_language(context: dict[str, Any]) -> dict[str, Any]:
    """`context` with its dates and phrases written in the current locale."""
    return {name: _one(value) for name, value in context.items()}
