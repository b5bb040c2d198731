"""The confirmation deadline job: remind once before it, withdraw automatically after it.

Idempotent: a reminder is stamped (`reminder_sent_at`) and an automatic withdrawal sets
`accepted`, so running the job twice sends nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ecandidat_app.core import audit
from ecandidat_app.core.campaign_scope import active_campaign_id
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.db import rows_changed
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import Account, Application, DecisionType, Formation
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.review.decisions import (
    record_answer,
    release_place,
)

log = logging.getLogger(__name__)
BATCH = 500


@dataclass
class DeadlineSummary:
    reminders: int = 0
    withdrawals: int = 0
    promotions: list[int] = field(default_factory=list)  # promoted application ids

    def __str__(self) -> str:
        return (
            f"{self.reminders} rappel(s) envoyé(s), {self.withdrawals} désistement(s) "
            f"automatique(s), {len(self.promotions)} candidat(s) promu(s) de la liste "
            "complémentaire."
        )


def _open_offers(s: Session) -> SelectOfScalar[Application]:
    """Offers waiting for an answer in the current campaign only: an archived campaign's
    dossiers are read-only (campaign_scope), so no job changes them."""
    campaign_id = active_campaign_id(s)
    return (
        select(Application)
        .where(col(Application.campaign_id) == (campaign_id if campaign_id is not None else -1))
        .where(col(Application.decision_code) == DecisionType.FAVORABLE.value)
        .where(col(Application.decision_validated) == True)  # noqa: E712
        .where(col(Application.accepted).is_(None))
        .where(col(Application.cancelled_at).is_(None))
        .where(col(Application.confirm_deadline).is_not(None))
        .order_by(col(Application.id))
        .limit(BATCH)
    )


def _context(s: Session, application: Application, applicant: Account) -> dict[str, object]:
    formation = s.get(Formation, application.formation_id)
    return {
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "formation": formation.label if formation else "",
        "deadline": application.confirm_deadline,
    }


def send_reminders(s: Session, *, clock: Clock = system_clock) -> int:
    now = clock.now()
    horizon = now + timedelta(days=get_settings().reminder_days_before)
    sent = 0
    while True:
        due = s.exec(
            _open_offers(s)
            .where(col(Application.reminder_sent_at).is_(None))
            .where(col(Application.confirm_deadline) > now)
            .where(col(Application.confirm_deadline) <= horizon)
        ).all()
        if not due:
            return sent
        for application in due:
            claimed = s.exec(
                update(Application)
                .where(col(Application.id) == application.id)
                .where(col(Application.reminder_sent_at).is_(None))
                .values(reminder_sent_at=now)
            )
            s.refresh(application)
            if rows_changed(claimed) != 1:
                continue  # another worker sent it
            applicant = s.get(Account, application.account_id)
            if applicant is not None:
                enqueue(
                    s,
                    "reminder_confirm",
                    applicant.email,
                    _context(s, application, applicant),
                    account_id=applicant.id,
                    application_id=application.id,
                    clock=clock,
                )
            sent += 1
        s.flush()


def withdraw_expired(s: Session, *, clock: Clock = system_clock) -> tuple[int, list[int]]:
    """Unanswered offers past their deadline: withdrawn, mailed, place offered to the next."""
    now = clock.now()
    withdrawn = 0
    promoted: list[int] = []
    while True:
        expired = s.exec(_open_offers(s).where(col(Application.confirm_deadline) < now)).all()
        if not expired:
            return withdrawn, promoted
        for application in expired:
            if not record_answer(s, application, False, clock):
                continue  # answered meanwhile, or another worker got there first
            applicant = s.get(Account, application.account_id)
            if applicant is not None:
                enqueue(
                    s,
                    "auto_withdrawal",
                    applicant.email,
                    _context(s, application, applicant),
                    account_id=applicant.id,
                    application_id=application.id,
                    clock=clock,
                )
            audit.record(
                s,
                "offer_auto_withdrawn",
                application_id=application.id,
                detail="Pas de réponse avant l'échéance.",
                clock=clock,
            )
            withdrawn += 1
            s.flush()
            if applicant is not None:
                nxt = release_place(
                    s, application, applicant=applicant, what="Désistement automatique", clock=clock
                )
                if nxt is not None:
                    promoted.append(id_of(nxt))
        s.flush()


def run(s: Session, *, clock: Clock = system_clock) -> DeadlineSummary:
    """One pass: automatic withdrawals first (they may open new offers), then reminders."""
    summary = DeadlineSummary()
    summary.withdrawals, summary.promotions = withdraw_expired(s, clock=clock)
    summary.reminders = send_reminders(s, clock=clock)
    return summary


def run_once(clock: Clock = system_clock) -> DeadlineSummary:
    from ecandidat_app.core.db import session_scope

    with session_scope() as s:
        return run(s, clock=clock)


async def deadlines_loop(
    stop_event: asyncio.Event, interval_s: float = 3600, *, clock: Clock = system_clock
) -> None:
    """Lifespan task: run the job every `interval_s` seconds until `stop_event` is set."""
    while not stop_event.is_set():
        try:
            summary = await asyncio.to_thread(run_once, clock)
            if summary.reminders or summary.withdrawals:
                log.info("Échéances : %s", summary)
        except Exception:  # a bad pass must not kill the loop; the next one retries
            log.exception("Échéances : passage en échec")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_event.wait(), timeout=interval_s)
