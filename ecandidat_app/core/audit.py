"""The audit trail: one row per thing that happened (the dossier history staff read)."""

from __future__ import annotations

from sqlmodel import Session

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.models import AuditEvent


def record(
    s: Session,
    action: str,
    *,
    actor_id: int | None = None,
    application_id: int | None = None,
    account_id: int | None = None,
    detail: str = "",
    clock: Clock = system_clock,
) -> AuditEvent:
    event = AuditEvent(
        at=clock.now(),
        actor_id=actor_id,
        application_id=application_id,
        account_id=account_id,
        action=action,
        detail=detail[:2000],
    )
    s.add(event)
    return event
