"""Two Granian workers sharing their state through Redis (ECANDIDAT_TEST_REDIS_URL).

The backend runs as in production (`ecandidat serve --workers 2`, SQLite is enough here);
a client speaking the browser's websocket protocol (the load generator's) sets a value,
then the same tab (same token) reconnects until the OTHER worker holds its connection,
finds the value there, changes it, and reads it back through the first worker. Which
worker holds a connection is read from /proc, not guessed."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import REDIS_URL

pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="ECANDIDAT_TEST_REDIS_URL non défini (Redis requis pour ce test)"
)


def _free_port_pair() -> int:
    """A port whose next one (the SMTP port of the app) is free too."""
    for _ in range(50):
        with socket.socket() as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
            with socket.socket() as b:
                try:
                    b.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
        return port
    raise RuntimeError("pas de port libre")


async def _through_worker(url: str, port: int, token: str, wanted, text: str, value: str):  # type: ignore[no-untyped-def]
    """Reconnect the tab `token` until a worker accepted by `wanted(pid)` holds it; check
    the catalogue text it hydrates with is `text`, then set it to `value`. Returns the pid."""
    from loadtest import names
    from loadtest.protocol import ReflexClient
    from loadtest.stats import connection_owner

    cat = names.handle("ecandidat_app.web.pages.catalogue", "CatalogueState")
    assert cat is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        # A reconnecting tab sends no initial-state hashes (only a first page load does):
        # the server answers with the whole state, which this test reads.
        client = ReflexClient(url, token=token, hashes=None)
        try:
            await client.connect("/")
            pid = connection_owner(port, client.local_port)
            if pid is None or not wanted(pid):
                continue
            assert client.var(cat.state, "text") == text, f"worker {pid}"
            await client.call_until(cat.event("set_text"), {"value": value}, cat.state)
            assert client.var(cat.state, "text") == value
            return pid
        finally:
            await client.close()
    raise AssertionError("aucune connexion n'a été servie par le worker attendu")


def test_state_set_through_one_worker_is_read_through_the_other(tmp_path: Path) -> None:
    import redis

    from bench.server import running_app
    from loadtest.stats import server_pids

    port = _free_port_pair()
    url = f"http://127.0.0.1:{port}"
    env = {"ECANDIDAT_MODE": "dev", "ECANDIDAT_REDIS_URL": REDIS_URL}
    log = tmp_path / "server.log"
    with running_app(port, tmp_path / "data", command="serve", workers=2, env=env, log=log):
        token = str(uuid.uuid4())  # one browser tab

        async def scenario() -> tuple[int, int]:
            first = await _through_worker(url, port, token, lambda _pid: True, "", "chimie")
            other = await _through_worker(url, port, token, lambda p: p != first, "chimie", "droit")
            back = await _through_worker(url, port, token, lambda p: p == first, "droit", "bio")
            assert back == first
            return first, other

        first, other = asyncio.run(scenario())
        workers = set(server_pids(port))
        assert {first, other} <= workers and first != other

        keys = redis.Redis.from_url(REDIS_URL).keys(f"{token}_*")
        assert keys, "l'état de l'onglet n'est pas dans Redis"
