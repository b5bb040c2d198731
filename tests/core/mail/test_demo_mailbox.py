"""The demo mailbox receives over real SMTP, keeps `.eml` files, and reads them back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from ecandidat_app.core import config
from ecandidat_app.core.mail import demo_mailbox
from ecandidat_app.core.mail.links import split_links
from ecandidat_app.core.mail.render import render
from ecandidat_app.core.mail.sender import OutgoingMail, send_one
from tests.core.mail.conftest import free_port

LINK = "http://localhost:8000/valider?jeton=abc123"


def _mail(n: int, to: str = "zoe@example.org") -> OutgoingMail:
    subject, text, html = render(
        None,
        "account_created",
        {"first_name": "Zoé", "file_number": f"2027-{n:05d}", "hours": 72, "link": LINK},
    )
    return OutgoingMail(
        id=n,
        to_addr=to,
        subject=f"{subject} #{n}",
        body_text=text,
        body_html=html,
        message_id=f"<m{n}@ecandidat>",
        created_at=datetime(2027, 3, 15, 9, n, tzinfo=UTC),
    )


async def test_receives_lists_newest_first_and_reads_with_links(
    settings: config.Settings,
) -> None:
    settings.smtp_port = free_port()
    server = await demo_mailbox.start_demo_mailbox(settings)
    assert server is not None
    try:
        await send_one(_mail(1), settings)
        await send_one(_mail(2, "autre@example.org"), settings)
    finally:
        server.close()
        await server.wait_closed()

    listed = demo_mailbox.list_messages(settings)
    assert [m.subject.rsplit("#", 1)[1] for m in listed] == ["2", "1"]
    assert listed[0].to == "autre@example.org"
    assert listed[1].date == datetime(2027, 3, 15, 9, 1, tzinfo=UTC)
    assert list(demo_mailbox.mailbox_dir(settings).glob("*.tmp")) == []

    mail = demo_mailbox.read_message(listed[1].id, settings)
    assert mail is not None and "2027-00001" in mail.text
    assert (LINK, True) in mail.parts()


async def test_starting_twice_on_the_same_port_logs_and_goes_on(
    settings: config.Settings,
) -> None:
    settings.smtp_port = free_port()
    first = await demo_mailbox.start_demo_mailbox(settings)
    try:
        second = await demo_mailbox.start_demo_mailbox(settings)
        assert first is not None and second is None
        await send_one(_mail(3), settings)  # the first one still serves
        assert len(demo_mailbox.list_messages(settings)) == 1
    finally:
        assert first is not None
        first.close()
        await first.wait_closed()
        await asyncio.sleep(0)


def test_reading_refuses_unknown_or_crafted_ids(settings: config.Settings) -> None:
    assert demo_mailbox.list_messages(settings) == []
    assert demo_mailbox.read_message("../../.secret_key", settings) is None
    assert demo_mailbox.read_message("20270315T090000000000-" + "0" * 32, settings) is None


def test_split_links_keeps_every_character() -> None:
    text = "Ouvrez http://x.fr/a?b=1, puis (https://y.fr/c).\nFin"
    parts = split_links(text)
    assert "".join(p for p, _ in parts) == text
    assert [p for p, is_link in parts if is_link] == ["http://x.fr/a?b=1", "https://y.fr/c"]
