"""The benchmark's yardstick, /api/echo: there only when ECANDIDAT_BENCH_ECHO asks for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from ecandidat_app.core.config import reset_settings_cache
from ecandidat_app.web.server import build_api


def _api() -> Starlette:
    api = build_api()[0]
    assert isinstance(api, Starlette)
    return api


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    reset_settings_cache()
    yield
    reset_settings_cache()


@pytest.mark.usefixtures("fresh_settings")
def test_echo_answers_each_message_when_asked(monkeypatch) -> None:
    monkeypatch.setenv("ECANDIDAT_BENCH_ECHO", "1")
    with TestClient(_api()).websocket_connect("/api/echo") as ws:
        for message in ('42/_event,["ping"]', "deux", "é" * 1000):
            ws.send_text(message)
            assert ws.receive_text() == message


@pytest.mark.usefixtures("fresh_settings")
def test_no_echo_by_default(monkeypatch) -> None:
    monkeypatch.delenv("ECANDIDAT_BENCH_ECHO", raising=False)
    with pytest.raises(WebSocketDisconnect), TestClient(_api()).websocket_connect("/api/echo"):
        pass
