"""Send one outbox message over SMTP (aiosmtplib) and say whether a failure is worth a retry.

A `SmtpSender` keeps one connection open for a batch; any error closes it so the next
message starts on a clean session.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from types import TracebackType

import aiosmtplib

from ecandidat_app.core.clock import as_utc
from ecandidat_app.core.config import Settings, get_settings
from ecandidat_app.core.mail.attachments import MailAttachment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingMail:
    """What the sender needs of an outbox row (a plain copy: rows stay in their thread)."""

    id: int
    to_addr: str
    subject: str
    body_text: str
    body_html: str
    message_id: str
    created_at: datetime
    attachments: tuple[MailAttachment, ...] = ()

    @classmethod
    def of(cls, row: object, attachments: tuple[MailAttachment, ...] = ()) -> OutgoingMail:
        names = [name for name in cls.__dataclass_fields__ if name != "attachments"]
        values = {name: getattr(row, name) for name in names}
        values["created_at"] = as_utc(values["created_at"])
        return cls(**values, attachments=attachments)


class SendError(Exception):
    """A failed send. `temporary` failures are retried later; the others are final.

    `connection` is set when the failure is about the server, not this message: the
    worker then stops its batch instead of trying every other message against it.
    """

    def __init__(self, message: str, *, temporary: bool, connection: bool = False) -> None:
        super().__init__(message)
        self.temporary = temporary
        self.connection = connection


def build_message(mail: OutgoingMail, settings: Settings) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.mail_from
    msg["To"] = mail.to_addr
    msg["Subject"] = mail.subject
    # Stable across retries, so a receiver can drop a copy sent twice after a crash.
    msg["Message-ID"] = mail.message_id
    msg["Date"] = format_datetime(mail.created_at)
    msg.set_content(mail.body_text)
    if mail.body_html:
        msg.add_alternative(mail.body_html, subtype="html")
    for item in mail.attachments:  # a missing file raises: the message fails, never goes bare
        maintype, _, subtype = item.content_type.partition("/")
        msg.add_attachment(item.read(), maintype=maintype, subtype=subtype, filename=item.file_name)
    return msg


def classify(exc: BaseException) -> SendError:
    """4xx, timeouts, refused or dropped connections: temporary. 5xx: permanent."""
    if isinstance(exc, SendError):
        return exc
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in exc.recipients]
        detail = "; ".join(f"{r.code} {r.message}" for r in exc.recipients)
        return SendError(
            f"Destinataire refusé : {detail}", temporary=any(code < 500 for code in codes)
        )
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        # A configuration problem, not this message's fault: keep it for after the fix.
        return SendError(
            f"Authentification SMTP refusée : {exc.code} {exc.message}",
            temporary=True,
            connection=True,
        )
    if isinstance(exc, aiosmtplib.SMTPConnectResponseError):
        return SendError(
            f"Serveur SMTP indisponible : {exc.code} {exc.message}",
            temporary=True,
            connection=True,
        )
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return SendError(f"{exc.code} {exc.message}", temporary=exc.code < 500)
    if isinstance(
        exc,
        aiosmtplib.SMTPConnectError
        | aiosmtplib.SMTPTimeoutError
        | aiosmtplib.SMTPServerDisconnected
        | TimeoutError
        | asyncio.TimeoutError
        | OSError,
    ):
        return SendError(
            f"Serveur SMTP injoignable : {type(exc).__name__} {exc}",
            temporary=True,
            connection=True,
        )
    return SendError(f"{type(exc).__name__} : {exc}", temporary=True)


class SmtpSender:
    """`async with SmtpSender(settings) as sender: await sender.send(mail)`."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self._client: aiosmtplib.SMTP | None = None

    async def __aenter__(self) -> SmtpSender:
        return self

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _connect(self) -> aiosmtplib.SMTP:
        st = self.settings
        client = aiosmtplib.SMTP(
            hostname=st.smtp_host,
            port=st.smtp_port,
            timeout=st.smtp_timeout_s,
            use_tls=st.smtp_security == "tls",
            start_tls=st.smtp_security == "starttls",
            username=st.smtp_user or None,
            password=st.smtp_password or None,
        )
        await client.connect()
        return client

    async def send(self, mail: OutgoingMail) -> None:
        """Deliver `mail` or raise `SendError`."""
        try:
            message = build_message(mail, self.settings)
        except Exception as exc:  # a malformed address or header: no retry will fix it
            raise SendError(
                f"Message invalide : {type(exc).__name__} {exc}", temporary=False
            ) from exc
        try:
            if self._client is None or not self._client.is_connected:
                self._client = await self._connect()
            await self._client.send_message(message)
        except Exception as exc:
            await self.close()
            raise classify(exc) from exc

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is None or not client.is_connected:
            return
        try:
            await client.quit()
        except (aiosmtplib.SMTPException, OSError):  # the server may already be gone
            client.close()


async def send_one(mail: OutgoingMail, settings: Settings | None = None) -> None:
    async with SmtpSender(settings) as sender:
        await sender.send(mail)
