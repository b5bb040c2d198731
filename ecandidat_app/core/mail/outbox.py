"""Enqueue an e-mail: render its template and write an outbox row in the caller's
transaction. Nothing is sent here; the worker sends (see worker.py)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.mail.render import render
from ecandidat_app.core.models import OutboxMessage


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
    subject, text, html = render(s, event, context)
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
