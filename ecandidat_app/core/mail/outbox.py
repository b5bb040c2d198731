"""Enqueue an e-mail: render its template in the recipient's language and write an outbox
row in the caller's transaction. Nothing is sent here; the worker sends (see worker.py).

The language is the recipient account's (`Account.language`); a mail to no account (a
commission's address) is French. The mail is written once, here: a later change of
language does not rewrite what is queued."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.i18n import SOURCE, normalise, use_locale
from ecandidat_app.core.mail.render import render
from ecandidat_app.core.mail.wording import in_language
from ecandidat_app.core.models import Account, Application, Formation, OutboxMessage


def centre_of(s: Session, application_id: int | None) -> int | None:
    """The centre whose mail texts an e-mail about this application uses."""
    application = s.get(Application, application_id) if application_id else None
    formation = s.get(Formation, application.formation_id) if application else None
    return formation.centre_id if formation else None


def language_of(s: Session, account_id: int | None, account: Account | None = None) -> str:
    """The language a mail to this account is written in (French without an account);
    `account` when the caller has just read it in this event (no second read)."""
    if account is None or account.id != account_id:
        account = s.get(Account, account_id) if account_id else None
    return normalise(account.language) if account is not None else SOURCE


def english_title(s: Session, application_id: int | None, context: dict[str, Any]) -> None:
    """An English mail about an application names its formation by the English title the
    administrators entered, when there is one (the services pass the French `label`)."""
    application = s.get(Application, application_id) if application_id else None
    formation = s.get(Formation, application.formation_id) if application else None
    if formation is not None and formation.label_en and context.get("formation") == formation.label:
        context["formation"] = formation.label_en


def enqueue(
    s: Session,
    event: str,
    to: str,
    context: dict[str, Any],
    *,
    account_id: int | None = None,
    application_id: int | None = None,
    clock: Clock = system_clock,
    account: Account | None = None,
) -> OutboxMessage:
    """`account`: the recipient, when the caller holds it already (its language is read
    from it instead of the database)."""
    lang = language_of(s, account_id, account)
    with use_locale(lang):
        context = in_language(context)
        if lang != SOURCE:
            english_title(s, application_id, context)
        subject, text, html = render(s, event, context, centre_of(s, application_id), lang)
    message = OutboxMessage(
        event=event,
        to_addr=to,
        subject=subject,
        body_text=text,
        body_html=html,
        message_id=f"<{uuid.uuid4().hex}@ecandidat>",
        created_at=clock.now(),
        next_attempt_at=clock.now(),
        account_id=account_id,
        application_id=application_id,
    )
    s.add(message)
    return message
