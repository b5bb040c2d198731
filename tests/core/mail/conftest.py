"""A real SMTP server on loopback (aiosmtpd, in its own thread, on a free port) whose
answers the tests choose: accept, refuse with a 4xx or 5xx, or take its time."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from ecandidat_app.core import config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ScriptedHandler:
    """Accepts every message unless an answer is queued in `replies` (used once each)."""

    delay_s: float = 0.0
    replies: deque[str] = field(default_factory=deque)
    unknown_users: set[str] = field(default_factory=set)  # refused at RCPT with a 550
    received: list[EmailMessage] = field(default_factory=list)
    started: int = 0  # DATA commands that reached the handler (delivered or not)
    active: int = 0  # DATA commands being answered right now
    most_active: int = 0  # the most at once: several connections sending side by side
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, _server: Any, _session: Any, envelope: Any, address: str, _options: Any
    ) -> str:
        if address in self.unknown_users:
            return "550 5.1.1 Unknown user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        with self.lock:
            self.started += 1
            self.active += 1
            self.most_active = max(self.most_active, self.active)
            reply = self.replies.popleft() if self.replies else None
        try:
            if self.delay_s:
                # aiosmtpd cancels this coroutine if the client vanishes meanwhile:
                # the message is then not delivered, as with a real server.
                await asyncio.sleep(self.delay_s)
        finally:
            with self.lock:
                self.active -= 1
        if reply is not None:
            return reply
        msg = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(msg)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = ScriptedHandler()
        self._controller: Controller | None = None

    def start(self) -> SmtpServer:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def received(self) -> list[EmailMessage]:
        with self.handler.lock:
            return list(self.handler.received)

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m in self.received]

    def answer_next(self, reply: str, times: int = 1) -> None:
        with self.handler.lock:
            self.handler.replies.extend([reply] * times)

    def wait_started(self, count: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.handler.lock:
                if self.handler.started >= count:
                    return
            time.sleep(0.005)
        raise AssertionError(f"the server saw {self.handler.started} messages, not {count}")


@pytest.fixture
def smtp_port(settings: config.Settings, monkeypatch: pytest.MonkeyPatch) -> int:
    """A free loopback port, set in the settings (and the environment, for subprocesses)."""
    port = free_port()
    monkeypatch.setenv("ECANDIDAT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ECANDIDAT_SMTP_PORT", str(port))
    settings.smtp_host = "127.0.0.1"
    settings.smtp_port = port
    settings.smtp_timeout_s = 5.0
    return port


@pytest.fixture
def smtp_server(smtp_port: int) -> Iterator[SmtpServer]:
    server = SmtpServer(smtp_port).start()
    yield server
    server.stop()
