"""A real SMTP server on loopback (aiosmtpd) that keeps every message for the tests to read."""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class CapturedMail:
    to: list[str]
    subject: str
    text: str

    def links(self) -> list[str]:
        return re.findall(r"https?://\S+", self.text)


@dataclass
class _Handler:
    messages: list[CapturedMail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, _server, _session, envelope) -> str:
        msg: EmailMessage = message_from_bytes(envelope.content, policy=policy.default)
        body = msg.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        with self.lock:
            self.messages.append(CapturedMail(list(envelope.rcpt_tos), str(msg["Subject"]), text))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpCapture:
    def __init__(self) -> None:
        self.port = free_port()
        self._handler = _Handler()
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpCapture:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def messages_to(self, address: str) -> list[CapturedMail]:
        with self._handler.lock:
            return [m for m in self._handler.messages if address in m.to]

    def wait_for(self, address: str, subject_part: str, timeout: float = 20.0) -> CapturedMail:
        """The first message to `address` whose subject contains `subject_part`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages_to(address):
                if subject_part.lower() in message.subject.lower():
                    return message
            time.sleep(0.2)
        seen = [m.subject for m in self.messages_to(address)]
        raise AssertionError(f"no mail '{subject_part}' to {address} (seen: {seen})")
