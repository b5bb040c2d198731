"""The outbox worker: claim due rows, send them, record the outcome of each at once.

Claiming makes rows `sending` with `claimed_by`/`claimed_until` in its own commit, so two
workers (threads, processes, machines) never hold the same row: one UPDATE for the whole
batch, which returns the rows (one more query reads their attachments). PostgreSQL picks
the rows with `FOR UPDATE SKIP LOCKED`; SQLite, which has no row locks, runs the UPDATE
under its single write lock, the rows' "due" condition checked inside it. A worker that
dies leaves its claims behind; they become claimable again when `claimed_until` has passed.

A claim can only be taken over once its lease has passed, so
while the lease still covers a whole send the worker sends without asking again; later
in a long batch it first renews its claim on that row (conditionally): a worker that lost
a claim (it was too slow and the row was taken over) never sends it. After the SMTP server
has accepted a message the row is marked `sent` in its own commit.

Stopping (SIGTERM of the server or of `ecandidat worker`): the message being sent is sent
and recorded, even when the stop cancels the loop (the send and its record are shielded);
the rows claimed but not tried yet are given back at once (pending, due now, no attempt
counted), so the next worker or the restarted server sends them, without waiting for the
lease. So a stop loses no message and sends none twice. Only a hard crash (kill -9, power
cut) in the instant between the server's "250 accepted" and the commit of `sent` sends a
message a second time, after the lease, with the same Message-ID: one extra copy per such
crash, which a receiver can recognise by its Message-ID.

The database calls are plain synchronous SQLAlchemy (the hot ones prebuilt, in
`worker_queries`); they run in a thread
(`asyncio.to_thread`) so the event loop that hosts the worker never waits on them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import update
from sqlalchemy.engine import Connection, Engine, Row
from sqlmodel import Session

from ecandidat_app.core import db
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import Settings, get_settings
from ecandidat_app.core.db import rows_changed
from ecandidat_app.core.mail import worker_queries as q
from ecandidat_app.core.mail.attachments import attachments_by_message
from ecandidat_app.core.mail.sender import OutgoingMail, SendError, SmtpSender
from ecandidat_app.core.models import MailStatus, OutboxMessage

log = logging.getLogger(__name__)

T = OutboxMessage
# What became of one claimed row: sent, retried later, failed for good, claim lost, or
# retried later because the server is unreachable (which ends the batch).
Outcome = Literal["sent", "retried", "failed", "skipped", "server_down"]


@dataclass
class PassReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0  # claims lost to another worker before sending
    claimed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed

    def count(self, outcome: Outcome) -> None:
        field_name = "retried" if outcome == "server_down" else outcome
        setattr(self, field_name, getattr(self, field_name) + 1)


@dataclass
class OutboxWorker:
    settings: Settings = field(default_factory=get_settings)
    clock: Clock = system_clock
    worker_id: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    )
    engine: Callable[[], Engine] = field(default=lambda: db.get_engine())
    batch_size: int | None = None

    # --- timing ------------------------------------------------------------------------
    @property
    def lease(self) -> timedelta:
        """Longer than one send can last (connect, MAIL, RCPT, DATA: each bounded by the
        SMTP timeout). Claims of a batch are renewed row by row, so this covers one row."""
        return timedelta(seconds=60 + 6 * self.settings.smtp_timeout_s)

    def backoff(self, attempts: int) -> timedelta:
        st = self.settings
        seconds = min(st.mail_retry_base_s * 2 ** max(attempts - 1, 0), st.mail_retry_max_s)
        return timedelta(seconds=seconds)

    # --- database steps (sync, each its own transaction) ---------------------------------
    def _session(self) -> Session:
        return Session(self.engine(), expire_on_commit=False)

    @property
    def send_bound(self) -> timedelta:
        """What a claim must still cover for a send to start without renewing it: one send
        (each SMTP step bounded by the timeout) and the commit of its outcome, with room."""
        return timedelta(seconds=30 + 6 * self.settings.smtp_timeout_s)

    def claim(self) -> list[Claimed]:
        """Take up to `batch_size` due rows for this worker, oldest due first."""
        now = self.clock.now()
        until = now + self.lease
        params = {
            "now": now,
            "until": until,
            "worker_id": self.worker_id,
            "limit": self.batch_size or self.settings.mail_batch_size,
        }
        with self.engine().begin() as conn:
            postgresql = conn.dialect.name == "postgresql"
            claim = q.CLAIM_POSTGRESQL if postgresql else q.CLAIM_SQLITE
            rows = sorted(
                conn.execute(claim, params).all(), key=lambda r: (r.next_attempt_at, r.id)
            )
            mails = _mails(conn, rows)
        return [Claimed(mail, until) for mail in mails]

    def renew(self, row_id: int) -> OutgoingMail | None:
        """Extend this worker's claim on a row just before sending it; None if it is lost."""
        params = {"row_id": row_id, "worker_id": self.worker_id}
        with self.engine().begin() as conn:
            row = conn.execute(q.RENEW, {**params, "until": self.clock.now() + self.lease}).first()
            return _mails(conn, [row])[0] if row is not None else None

    def mark_sent(self, row_id: int) -> None:
        params = {"row_id": row_id, "worker_id": self.worker_id, "now": self.clock.now()}
        with self.engine().begin() as conn:
            changed = conn.execute(q.MARK_SENT, params).rowcount
        if changed != 1:
            log.warning("outbox %s: claim lost before recording sent", row_id)

    def mark_failure(self, row_id: int, error: SendError) -> MailStatus:
        """Retry later with backoff, or give up; the error is kept for the admin page."""
        with self._session() as s:
            row = s.get(T, row_id)
            attempts = (row.attempts if row else 0) + 1
        final = not error.temporary or attempts >= self.settings.mail_max_attempts
        status = MailStatus.FAILED if final else MailStatus.PENDING
        self._finish(
            row_id,
            status=status,
            attempts=attempts,
            last_error=str(error)[:1000],
            next_attempt_at=self.clock.now() + self.backoff(attempts),
        )
        return status

    def release(self, row_ids: list[int], *, not_before: datetime) -> None:
        """Give back claims that were not tried (the server is down): no attempt counted."""
        for row_id in row_ids:
            self._finish(row_id, status=MailStatus.PENDING, next_attempt_at=not_before)

    def _finish(self, row_id: int, **values: object) -> None:
        with self._session() as s:
            result = s.exec(
                update(T)
                .where(q.mine(row_id, self.worker_id))
                .values(claimed_by=None, claimed_until=None, **values)
            )
            s.commit()
        if rows_changed(result) != 1:
            log.warning("outbox %s: claim lost before recording %s", row_id, values["status"])

    # --- the loop --------------------------------------------------------------------
    async def run_once(self, stop: asyncio.Event | None = None) -> PassReport:
        """One pass: claim a batch and deal with every row of it. When `stop` is set
        between two rows, the untried rows are given back at once for the next worker."""
        report = PassReport()
        claimed = await asyncio.to_thread(self.claim)
        report.claimed = len(claimed)
        if not claimed:
            return report
        untried = list(claimed)
        try:
            async with SmtpSender(self.settings) as sender:
                while untried and not (stop is not None and stop.is_set()):
                    outcome = await _finish_even_if_cancelled(self.deliver(sender, untried.pop(0)))
                    report.count(outcome)
                    if outcome == "server_down":  # the rest would fail the same way
                        later = self.clock.now() + self.backoff(1)
                        await asyncio.to_thread(self.release, _ids(untried), not_before=later)
                        untried = []
            if untried:  # stopping: due now, for the other workers or the next start
                await asyncio.to_thread(self.release, _ids(untried), not_before=self.clock.now())
                untried = []
        finally:
            if untried:  # cancelled or failed mid-batch: give them back all the same
                self._release_quietly(_ids(untried))
        return report

    def _release_quietly(self, row_ids: list[int]) -> None:
        """In a cancelled task (nothing may be awaited any more): a short blocking call."""
        try:
            self.release(row_ids, not_before=self.clock.now())
        except Exception:  # the database is gone too: the lease will free them
            log.exception("outbox: could not give back %s claimed rows", len(row_ids))

    async def deliver(self, sender: SmtpSender, claimed: Claimed) -> Outcome:
        """Send one claimed row and record the outcome. The claim is renewed first when
        what is left of its lease might not cover the send."""
        row_id, mail = claimed.mail.id, claimed.mail
        if self.clock.now() + self.send_bound > claimed.until:
            renewed = await asyncio.to_thread(self.renew, row_id)
            if renewed is None:
                return "skipped"
            mail = renewed
        try:
            await sender.send(mail)
        except SendError as error:
            status = await asyncio.to_thread(self.mark_failure, row_id, error)
            if status == MailStatus.FAILED:
                log.warning("outbox %s failed: %s", row_id, error)
                return "failed"
            log.info("outbox %s will be retried: %s", row_id, error)
            return "server_down" if error.connection else "retried"
        await asyncio.to_thread(self.mark_sent, row_id)
        return "sent"

    async def run_forever(
        self, stop_event: asyncio.Event, poll_interval: float | None = None
    ) -> None:
        """Until `stop_event` is set: drain what is due, then sleep `poll_interval` seconds."""
        interval = self.settings.mail_poll_interval_s if poll_interval is None else poll_interval
        log.info("mail worker %s started", self.worker_id)
        failures = 0
        while not stop_event.is_set():
            wait = interval
            try:
                report = await self.run_once(stop_event)
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not kill the worker
                failures += 1
                log.exception("mail worker pass failed (%s in a row)", failures)
                report = PassReport()
                wait = min(interval * 2**failures, 60.0)  # and must not flood the log
            if report.sent and report.claimed == (self.batch_size or self.settings.mail_batch_size):
                continue  # a full batch went out: more may be waiting
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop_event.wait(), timeout=wait)
        log.info("mail worker %s stopped", self.worker_id)


@dataclass(frozen=True)
class Claimed:
    """A row this worker claimed, and the end of the lease the claim was given."""

    mail: OutgoingMail
    until: datetime


def _ids(claims: list[Claimed]) -> list[int]:
    return [c.mail.id for c in claims]


def _mails(conn: Connection, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[OutgoingMail]:
    """Claimed or renewed rows as what the sender needs, with their attachments."""
    files = attachments_by_message(conn, [row.id for row in rows])
    return [OutgoingMail.of(row, files.get(row.id, ())) for row in rows]


async def _finish_even_if_cancelled(work: Coroutine[Any, Any, Outcome]) -> Outcome:
    """Run `work` (one send and its record) to its end even if the caller is cancelled
    meanwhile (a server stopping): cancelling between the SMTP server's acceptance and
    the commit of `sent` would send the message again later. The caller's cancellation
    is raised once `work` is done; a second one stops waiting (the work still runs on)."""
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait({task})
        raise


def sender_pool(settings: Settings | None = None) -> list[OutboxWorker]:
    """The sending loops of one process (`mail_senders` of them). Each claims its own
    rows, so a batch is shared out: the batch size is split between them, and a burst of
    a few messages goes out over several connections at once, not one after the other."""
    st = settings or get_settings()
    count = max(1, st.mail_senders)
    batch = max(1, st.mail_batch_size // count)
    return [OutboxWorker(settings=st, batch_size=batch) for _ in range(count)]


async def run_senders(stop_event: asyncio.Event, settings: Settings | None = None) -> None:
    """Every loop of `sender_pool` until `stop_event` is set."""
    async with asyncio.TaskGroup() as group:
        for worker in sender_pool(settings):
            group.create_task(worker.run_forever(stop_event))
