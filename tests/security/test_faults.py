"""Faults that must not lose anything: a process killed in the middle of an upload, a
double transmit, the closing date passing while the page is open, the SMTP server down
when the applicant transmits (and then coming back)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core import config, storage
from ecandidat_app.core.clock import FixedClock, system_clock
from ecandidat_app.core.french import french_date
from ecandidat_app.core.mail.worker import OutboxWorker
from ecandidat_app.core.models import (
    Application,
    DocumentFile,
    Formation,
    MailStatus,
    OutboxMessage,
    StoredFile,
)
from ecandidat_app.web.pages.application import ApplicationState
from tests.core.mail.conftest import SmtpServer, free_port
from tests.security.conftest import World, call, state_for

UPLOADER = textwrap.dedent(
    """
    import sys, time
    from sqlmodel import Session
    from ecandidat_app.core import db
    from ecandidat_app.core.models import Account
    from ecandidat_app.core.applications import documents

    account_id, application_id, doc_type_id, signal_path = map(str, sys.argv[1:5])

    class SlowPdf:
        # A browser sending a big file slowly: the process is killed before the end.
        def __init__(self):
            self.sent = 0
        def read(self, n=-1):
            if self.sent == 0:
                self.sent += 1
                return b"%PDF-1.4\\n" + b"0" * 65536
            if self.sent == 3:
                open(signal_path, "w").write("streaming")
            self.sent += 1
            time.sleep(0.05)
            return b"1" * 65536

    with Session(db.get_engine()) as s:
        account = s.get(Account, int(account_id))
        documents.add_file(s, account, int(application_id), int(doc_type_id),
                           filename="gros.pdf", source=SlowPdf())
        s.commit()
    """
)


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as s:
        return (
            s.exec(select(func.count()).select_from(StoredFile)).one(),
            s.exec(select(func.count()).select_from(DocumentFile)).one(),
        )


def test_upload_killed_mid_stream_leaves_no_stored_file_and_no_row(
    world: World, engine: Engine, tmp_path: Path, settings: config.Settings
) -> None:
    a = world.accounts["applicant_a"]
    rows_before = _counts(engine)
    root = storage.store_dir()
    stored_before = sorted(p.name for p in root.rglob("*") if p.is_file())
    ready = tmp_path / "streaming"
    env = {
        **os.environ,
        "ECANDIDAT_DATA_DIR": str(settings.data_dir),
        "ECANDIDAT_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "ECANDIDAT_MODE": "dev",
        "ECANDIDAT_UPLOAD_MAX_BYTES": str(500 * 1024 * 1024),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", UPLOADER, str(a.id), str(world.app_open.id), str(world.cv.id)]
        + [str(ready)],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None, "the uploader ended before streaming"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        temps = [p for p in root.iterdir() if p.name.startswith(storage.TEMP_PREFIX)]
        assert len(temps) == 1 and temps[0].stat().st_size > 65536  # bytes were arriving
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    # No partial file among the stored ones, no orphan row.
    assert sorted(
        p.name for p in root.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")
    ) == [n for n in stored_before if not n.startswith(".tmp-")]
    assert _counts(engine) == rows_before
    # Every file a row points at still opens.
    with Session(engine) as s:
        for stored in s.exec(select(StoredFile)).all():
            assert storage.read_bytes(stored.storage_key).startswith(b"%PDF-")
        # The sweep leaves a fresh temp file alone (an upload may be running), then
        # removes it once it is old.
        assert storage.sweep_orphans(s).temps == 0
        report = storage.sweep_orphans(s, now=time.time() + storage.SWEEP_AGE_S + 5)
    assert report.temps == 1 and report.orphans == 0
    assert not [p for p in root.iterdir() if p.name.startswith(storage.TEMP_PREFIX)]


def _ready_to_transmit(session: Session, world: World) -> Application:
    """A's open application with every document answered."""
    from ecandidat_app.core.applications import documents

    documents.set_not_concerned(
        session, world.accounts["applicant_a"], world.app_open.id, world.grant.id, True
    )
    session.commit()
    return world.app_open


def test_double_transmit_through_the_page_transmits_once(session: Session, world: World) -> None:
    """The service's race is covered in tests/core/test_applications.py
    (test_double_transmit_sends_one_mail, test_two_concurrent_transmits_one_wins); here the
    page's handler is clicked twice, from two tabs."""
    app = _ready_to_transmit(session, world)
    tabs = [
        state_for(ApplicationState, f"/candidature/{app.id}", token=world.tokens["applicant_a"])
        for _ in range(2)
    ]
    for tab in tabs:
        call(tab, "load")
    for tab in tabs:
        call(tab, "transmit")
        assert tab.message_kind == "success", tab.message
    session.expire_all()
    mails = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.event == "status_RE", OutboxMessage.application_id == app.id
        )
    ).all()
    assert len(mails) == 1
    assert session.get(Application, app.id).status == "RE"


def test_closing_date_passing_while_the_page_is_open(session: Session, world: World) -> None:
    app = _ready_to_transmit(session, world)
    tab = state_for(ApplicationState, f"/candidature/{app.id}", token=world.tokens["applicant_a"])
    call(tab, "load")
    assert tab.can_transmit
    # Midnight passes: the formation closed yesterday, the page still shows the button.
    formation = session.get(Formation, app.formation_id)
    formation.closes_on = system_clock.today() - timedelta(days=1)
    formation.return_on = system_clock.today() + timedelta(days=5)
    session.commit()
    call(tab, "transmit")
    closes = french_date(formation.closes_on)
    assert tab.message_kind == "error" and closes in tab.message, tab.message
    session.expire_all()
    assert session.get(Application, app.id).transmitted_at is None


@pytest.mark.usefixtures("engine")
def test_smtp_down_then_back_mail_delivered_once(
    session: Session, world: World, monkeypatch
) -> None:
    port = free_port()  # nothing listens here yet: the SMTP server is down
    monkeypatch.setenv("ECANDIDAT_SMTP_PORT", str(port))
    monkeypatch.setenv("ECANDIDAT_SMTP_TIMEOUT_S", "2")
    config.reset_settings_cache()
    app = _ready_to_transmit(session, world)

    started = time.monotonic()
    tab = state_for(ApplicationState, f"/candidature/{app.id}", token=world.tokens["applicant_a"])
    call(tab, "load")
    call(tab, "transmit")
    assert tab.message_kind == "success", tab.message
    assert time.monotonic() - started < 5  # the applicant never waits for SMTP
    session.expire_all()
    assert session.get(Application, app.id).status == "RE"
    mail = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.event == "status_RE", OutboxMessage.application_id == app.id
        )
    ).one()
    assert mail.status == MailStatus.PENDING

    clock = FixedClock(system_clock.now() + timedelta(seconds=1))
    worker = OutboxWorker(settings=config.get_settings(), clock=clock)
    report = asyncio.run(worker.run_once())
    assert report.sent == 0 and report.retried >= 1
    session.expire_all()
    row = session.get(OutboxMessage, mail.id)
    # Still pending, put off until later (tried and failed, or given back untried).
    assert row.status == MailStatus.PENDING and row.sent_at is None
    assert row.next_attempt_at.replace(tzinfo=clock.now().tzinfo) > clock.now()

    server = SmtpServer(port).start()
    try:
        clock.advance(hours=2)  # past the back-off
        for _ in range(3):  # more passes: still exactly one delivery
            asyncio.run(worker.run_once())
        received = [m for m in server.handler.received if "ondine.zarkovitch" in m["To"]]
        subjects = [m["Subject"] for m in received]
        assert subjects.count(row.subject) == 1, subjects
    finally:
        server.stop()
    session.expire_all()
    assert session.get(OutboxMessage, mail.id).status == MailStatus.SENT
