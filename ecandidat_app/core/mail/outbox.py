"""Enqueue an e-mail: render its template and write an outbox row in the caller's
transaction. Nothing is sent here; the worker sends (see worker.py)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.mail.render import render
from ecandidat_app.core.models import Application, Formation, OutboxMessage


def centre_of(s: Session, application_id: int | None) -> int | None:
    """The centre whose mail texts an e-mail about this application uses."""
    application = s.get(Application, application_id) if application_id else None
    formation = s.get(Formation, application.formation_id) if application else None
    return formation.centre_id if formation else None


def enqueue(
    s: Session,
    event: str,
    to: str,
    context: dict[str, Any],
    *,
    account_id: int | None = None,
    application_id: int | None = None,
    clock: Clock = system_clock,
) -> OutboxMessage:
    subject, text, html = render(s, event, context, centre_of(s, application_id))
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
