"""The decision mail carries its letter, through the outbox and a real SMTP server: once,
the same bytes as the stored file; a letter missing from the store fails the message
(shown on the outbox page), it never goes out without it."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlmodel import Session, select

from ecandidat_app.core import config, storage
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.mail.worker import OutboxWorker
from ecandidat_app.core.models import Account, Letter, MailStatus, OutboxMessage
from ecandidat_app.core.review import decisions
from tests.core.decision_world import application, build
from tests.core.mail.conftest import SmtpServer


def _validated(session: Session, clock: FixedClock, code: str = "FA") -> Letter:
    world = build(session, clock)
    app = application(session, world, clock)
    extra = {"motif_id": world.motif.id} if code == "DE" else {}
    decisions.enter_decision(session, world.gestionnaire, app.id, code=code, clock=clock, **extra)
    decisions.validate_decisions(session, world.gestionnaire, [app.id], clock=clock)
    session.commit()
    return session.exec(select(Letter)).one()


async def test_the_decision_mail_carries_the_letter_once(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    letter = _validated(session, clock, "DE")
    worker = OutboxWorker(settings=settings, clock=clock)
    assert (await worker.run_once()).sent == 1
    assert (await worker.run_once()).sent == 0  # never twice

    [mail] = smtp_server.received
    assert mail.get_content_type() == "multipart/mixed"
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == letter.file_name
    data = attachment.get_content()
    assert data == storage.read_bytes(letter.storage_key)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    applicant = session.get(Account, session.get(OutboxMessage, 1).account_id)
    assert applicant.last_name in text and "Voies et délais de recours" in text
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Avis défavorable" in mail["Subject"] or "défavorable" in body


async def test_a_missing_letter_fails_the_message_instead_of_sending_it_bare(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    letter = _validated(session, clock)
    storage.delete_file(letter.storage_key)
    report = await OutboxWorker(settings=settings, clock=clock).run_once()
    assert report.sent == 0 and report.failed == 1
    assert smtp_server.received == []
    session.expire_all()
    [row] = session.exec(select(OutboxMessage)).all()
    assert row.status == MailStatus.FAILED and "FileNotFoundError" in row.last_error
