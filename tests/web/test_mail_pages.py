"""The mail pages' states against a real database and mailbox folder, and the lifespan
tasks (demo SMTP server + worker) delivering a message end to end, then stopping."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage

from sqlmodel import Session

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core import config
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.mail import demo_mailbox
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import MailStatus, OutboxMessage, Role
from ecandidat_app.web import background
from ecandidat_app.web.pages.admin_outbox import OutboxAdminState
from ecandidat_app.web.pages.mailbox import MailboxState
from tests import factories as f
from tests.core.mail.conftest import free_port
from tests.web.harness import page_state, run_event

LINK = "http://localhost:8000/valider?jeton=abc123"


def _state(cls, token: str = ""):  # type: ignore[no-untyped-def]
    return page_state(cls, token=token)


def _outbox(session: Session, n: int, status: MailStatus, error: str = "") -> OutboxMessage:
    row = OutboxMessage(
        event="status_RE",
        to_addr=f"c{n}@example.org",
        subject=f"Sujet {n}",
        body_text="Bonjour",
        message_id=f"<{n}@t>",
        status=status,
        last_error=error,
    )
    session.add(row)
    session.flush()
    return row


def _token(session: Session, role: Role) -> str:
    account = f.staff(session, role=role)
    token = sessions.open_session(session, account.id)
    session.commit()
    return token


def test_admin_outbox_lists_counts_and_retries(session: Session) -> None:
    failed = _outbox(session, 1, MailStatus.FAILED, "550 5.1.1 Unknown user")
    sent = _outbox(session, 2, MailStatus.SENT)
    for n in range(3, 26):
        _outbox(session, n, MailStatus.PENDING)
    st = _state(OutboxAdminState, _token(session, Role.ADMIN))

    run_event(st, "load")
    assert st.counts == {"pending": 23, "sent": 1, "failed": 1}
    assert len(st.lines) == 20 and st.page_count == 2
    run_event(st, "go_to", 2)
    assert len(st.lines) == 3

    run_event(st, "show", "failed")
    [line] = st.lines
    assert line["error"] == "550 5.1.1 Unknown user" and line["status"] == "En échec"
    run_event(st, "retry", line["id"])
    assert "remis dans la file" in st.message
    assert st.counts["failed"] == 0 and st.lines == []
    session.expire_all()
    assert session.get(OutboxMessage, failed.id).status == MailStatus.PENDING

    run_event(st, "retry", str(sent.id))
    assert st.message == "Seul un courriel en échec peut être renvoyé."
    run_event(st, "retry", "pas-un-nombre")
    assert st.message_kind == "error"


def test_admin_outbox_handlers_refuse_other_roles(session: Session) -> None:
    failed = _outbox(session, 1, MailStatus.FAILED, "550")
    st = _state(OutboxAdminState, _token(session, Role.GESTIONNAIRE))
    run_event(st, "load")
    run_event(st, "retry", str(failed.id))
    assert st.lines == [] and st.counts["failed"] == 0  # nothing was read
    session.expire_all()
    assert session.get(OutboxMessage, failed.id).status == MailStatus.FAILED


def _store(settings: config.Settings, subject: str) -> str:
    msg = EmailMessage()
    msg["To"] = "zoe@example.org"
    msg["From"] = settings.mail_from
    msg["Subject"] = subject
    msg["Date"] = "Mon, 15 Mar 2027 09:00:00 +0000"
    msg.set_content(f"Activez votre compte :\n{LINK}\nMerci.")
    path = demo_mailbox.MailboxHandler(demo_mailbox.mailbox_dir(settings)).store(bytes(msg))
    return path.stem


def test_demo_mailbox_page_lists_and_opens_with_clickable_link(
    settings: config.Settings,
) -> None:
    settings.mode = "demo"
    first = _store(settings, "Premier")
    _store(settings, "Second")
    st = _state(MailboxState)
    run_event(st, "load")
    assert st.enabled and [m["subject"] for m in st.messages] == ["Second", "Premier"]
    assert st.messages[0]["date"] == "15/03/2027 10:00"  # Paris time

    run_event(st, "open_message", first)
    assert st.open_subject == "Premier"
    assert {"text": LINK, "link": "1"} in st.open_parts
    run_event(st, "open_message", "../../.secret_key")
    assert st.open_id == "" and st.open_parts == []


def test_demo_mailbox_page_is_off_outside_demo(settings: config.Settings) -> None:
    settings.mode = "dev"
    stem = _store(settings, "Privé")
    st = _state(MailboxState)
    run_event(st, "load")
    run_event(st, "open_message", stem)
    assert not st.enabled and st.messages == [] and st.open_id == ""


async def test_lifespan_tasks_deliver_to_the_demo_mailbox_and_stop(
    session: Session, settings: config.Settings
) -> None:
    settings.mode = "demo"
    settings.smtp_port = free_port()
    settings.mail_poll_interval_s = 0.1
    tasks = background.background_tasks()
    names = [t.__name__ for t in tasks]
    assert names == [
        "tuned_collector",
        "demo_mailbox",
        "mail_worker",
        "deadlines",
        "presence_sweep",
        "finish_events_at_shutdown",
    ]
    mailbox, worker = tasks[1], tasks[2]

    row = enqueue(
        session,
        "account_created",
        "zoe@example.org",
        {"first_name": "Zoé", "file_number": "2027-00001", "hours": 72, "link": LINK},
        clock=system_clock,
    )
    session.commit()
    async with mailbox(), worker():
        for _ in range(100):
            if demo_mailbox.list_messages(settings):
                break
            await asyncio.sleep(0.05)
    [received] = demo_mailbox.list_messages(settings)
    assert received.to == "zoe@example.org"
    session.expire_all()
    assert session.get(OutboxMessage, row.id).status == MailStatus.SENT
    assert [t for t in asyncio.all_tasks() if "run_forever" in repr(t.get_coro())] == []


def test_no_task_when_disabled(settings: config.Settings) -> None:
    settings.mode = "demo"
    settings.demo_mailbox_enabled = False
    settings.mail_worker_enabled = False
    names = [t.__name__ for t in background.background_tasks()]
    assert names == ["tuned_collector", "deadlines", "presence_sweep", "finish_events_at_shutdown"]
    settings.mode = "production"
    settings.mail_worker_enabled = True
    names = [t.__name__ for t in background.background_tasks()]
    assert names == [
        "tuned_collector",
        "mail_worker",
        "deadlines",
        "presence_sweep",
        "finish_events_at_shutdown",
    ]


def test_demo_mailbox_change_check_is_cheap_and_exact(settings: config.Settings) -> None:
    """The page polls a version (one stat call): unchanged while nothing arrives, moved by
    each new message; the list then opens only the newest `limit` files."""
    settings.mode = "demo"
    assert demo_mailbox.version(settings) == 0  # no folder yet
    for i in range(60):
        _store(settings, f"Message {i:02d}")
    before = demo_mailbox.version(settings)
    assert demo_mailbox.version(settings) == before
    st = _state(MailboxState)
    run_event(st, "load")
    assert len(st.messages) == 50 and st.messages[0]["subject"] == "Message 59"
    st._clean()  # what was sent to the browser
    run_event(st, "refresh")
    assert "messages" not in st.dirty_vars  # nothing new: nothing sent again
    _store(settings, "Nouveau")
    assert demo_mailbox.version(settings) != before
    run_event(st, "refresh")
    assert st.messages[0]["subject"] == "Nouveau" and "messages" in st.dirty_vars
