"""The demo mailbox: a small SMTP server on loopback (aiosmtpd) that keeps every message it
receives as an `.eml` file under `data_dir/mailbox`, and the functions that read them back
for the "Boîte mail de démo" page. Nothing leaves the machine in demo mode."""

from __future__ import annotations

import asyncio
import heapq
import logging
import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP

from ecandidat_app.core.config import Settings, get_settings
from ecandidat_app.core.mail.links import split_links

log = logging.getLogger(__name__)

_NAME = re.compile(r"^\d{8}T\d{12}-[0-9a-f]{32}$")


def mailbox_dir(settings: Settings | None = None) -> Path:
    return (settings or get_settings()).data_dir / "mailbox"


# --- receiving -------------------------------------------------------------------------
class MailboxHandler:
    """aiosmtpd handler: write each message to its own file (temp file, then rename)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, _server: SMTP, _session: Any, envelope: Any) -> str:
        self.store(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def store(self, raw: bytes) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        final = self.folder / f"{stamp}-{uuid.uuid4().hex}.eml"
        temp = final.with_suffix(".tmp")
        temp.write_bytes(raw)
        os.replace(temp, final)
        return final


async def start_demo_mailbox(settings: Settings | None = None) -> asyncio.Server | None:
    """Listen on `smtp_host:smtp_port` in the running loop. When the port is taken (another
    process of the app already runs the mailbox), log it and return None: never crash."""
    st = settings or get_settings()
    if st.mode == "production":
        # An SMTP server that swallows every message would hide real mail in production.
        log.warning("Boîte mail de démo refusée : le mode %s ne la démarre jamais.", st.mode)
        return None
    handler = MailboxHandler(mailbox_dir(st))
    loop = asyncio.get_running_loop()
    try:
        server = await loop.create_server(
            lambda: SMTP(handler, hostname="ecandidat-demo", ident="eCandidat demo mailbox"),
            host=st.smtp_host,
            port=st.smtp_port,
        )
    except OSError as exc:
        log.warning(
            "Boîte mail de démo non démarrée sur %s:%s (%s) : une autre instance l'assure "
            "sans doute.",
            st.smtp_host,
            st.smtp_port,
            exc,
        )
        return None
    log.info("Boîte mail de démo à l'écoute sur %s:%s", st.smtp_host, st.smtp_port)
    return server


# --- reading ---------------------------------------------------------------------------
@dataclass(frozen=True)
class MailSummary:
    id: str
    subject: str
    to: str
    date: datetime | None


@dataclass(frozen=True)
class MailContent:
    id: str
    subject: str
    to: str
    sender: str
    date: datetime | None
    text: str

    def parts(self) -> list[tuple[str, bool]]:
        return split_links(self.text)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def version(settings: Settings | None = None) -> int:
    """A cheap value that changes when a message arrives (one stat call): the folder's
    modification time moves whenever a file is renamed into it. 0 before the first one."""
    try:
        return os.stat(mailbox_dir(settings)).st_mtime_ns
    except OSError:
        return 0


def list_messages(settings: Settings | None = None, *, limit: int = 50) -> list[MailSummary]:
    """The newest `limit` messages first (file names start with the reception time); only
    those `limit` files are opened, however many the folder holds."""
    folder = mailbox_dir(settings)
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        names = [e.name for e in entries if e.name.endswith(".eml")]
    files = [folder / name for name in heapq.nlargest(limit, names)]
    parser = BytesHeaderParser(policy=policy.default)
    summaries = []
    for path in files:
        with path.open("rb") as fh:
            headers = parser.parse(fh)
        summaries.append(
            MailSummary(
                id=path.stem,
                subject=str(headers.get("Subject", "")),
                to=str(headers.get("To", "")),
                date=_date(headers.get("Date")),
            )
        )
    return summaries


def read_message(message_id: str, settings: Settings | None = None) -> MailContent | None:
    """One message by id (its file name), or None for an unknown or malformed id."""
    if not _NAME.match(message_id):
        return None
    path = mailbox_dir(settings) / f"{message_id}.eml"
    if not path.is_file():
        return None
    msg: EmailMessage = message_from_bytes(path.read_bytes(), policy=policy.default)
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    return MailContent(
        id=message_id,
        subject=str(msg.get("Subject", "")),
        to=str(msg.get("To", "")),
        sender=str(msg.get("From", "")),
        date=_date(msg.get("Date")),
        text=text,
    )
