"""The browser's websocket protocol, spoken by a plain asyncio client.

Reflex 0.10 runs Socket.IO (Engine.IO v4, websocket transport only) at `/_event/`, in
the namespace `/_event`. The browser's cookies (the HttpOnly session cookie)
go in the websocket handshake's Cookie header, where the server reads them; the page's
first event (`hydrate_and_load`) rides in the CONNECT packet's auth, exactly like
`.web/utils/state.js` does; then each user action is `42/_event,["event", {name, payload, router_data}]` and
the server answers `42/_event,["event", {delta, events}]`. Events the server returns
(on_load handlers, chained events) are sent back like the browser would; frontend-only
ones (`_redirect`, `_call_script`, toasts) are recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import websockets

NAMESPACE = "/_event"
ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
ON_LOAD = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"


# The compiled frontend's module that holds the hashes of its initial state.
CONTEXT_JS = Path(__file__).resolve().parents[1] / ".web" / "utils" / "context.jsx"


class ProtocolError(RuntimeError):
    pass


# One HTTP client for every simulated person: a browser keeps its connections alive
# across tabs, and creating a client costs ~20 ms of CPU (its TLS context) on the cores
# the server shares.
_http_clients: dict[str, Any] = {}


def _http_client(base_url: str) -> Any:
    import httpx

    if base_url not in _http_clients:
        _http_clients[base_url] = httpx.AsyncClient(
            base_url=base_url, timeout=120, limits=httpx.Limits(max_connections=None)
        )
    return _http_clients[base_url]


async def close_http_clients() -> None:
    while _http_clients:
        await _http_clients.popitem()[1].aclose()


@cache
def initial_state_hashes() -> tuple[str, ...] | None:
    """What a browser sends with its first hydrate (`initialStateHashes` in the compiled
    context.jsx): the backend then returns only the vars that differ from the defaults
    the page already holds. None when the frontend has not been exported here: the
    client then asks for the whole state, more than a browser does."""
    try:
        found = re.search(r"initialStateHashes = (\[.*?\]);?\n", CONTEXT_JS.read_text())
    except OSError:
        return None
    return tuple(json.loads(found.group(1))) if found else None


def reflex_version() -> str:
    from importlib.metadata import version

    return version("reflex")


@dataclass
class Update:
    """One `event` message from the server, with when it arrived."""

    at: float
    delta: dict[str, Any]
    events: list[dict[str, Any]]


@dataclass
class ReflexClient:
    """One browser tab: a token, a websocket, the merged state it has seen."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)  # HTTP cookie name -> value
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    hashes: tuple[str, ...] | None = field(default_factory=initial_state_hashes)
    path: str = "/"
    params: dict[str, str] = field(default_factory=dict)  # the route's [dynamic] segments
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    frontend_events: list[dict[str, Any]] = field(default_factory=list)
    _ws: Any = None
    _reader: asyncio.Task | None = None
    _updates: asyncio.Queue[Update] = field(default_factory=asyncio.Queue)
    _pongs: asyncio.Queue[float] = field(default_factory=asyncio.Queue)
    _closed: bool = False

    # --- connection ----------------------------------------------------------------
    async def connect(self, path: str = "/", timeout: float = 30.0) -> float:
        """Open the socket and hydrate `path`; returns the seconds until the first update."""
        self.path = path
        url = urlsplit(self.base_url)
        scheme = "wss" if url.scheme == "https" else "ws"
        ws_url = f"{scheme}://{url.netloc}/_event/?EIO=4&transport=websocket&token={self.token}"
        start = time.perf_counter()
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        self._ws = await websockets.connect(
            ws_url,
            subprotocols=[websockets.Subprotocol(reflex_version())],
            # The browser's cookies. No Origin header: the server accepts only its own origin
            # (BASE_URL, which may name the host differently from --url), or none.
            additional_headers={"Cookie": cookie} if cookie else None,
            open_timeout=timeout,
            max_size=None,
            ping_interval=None,
            compression=None,
        )
        opening = await asyncio.wait_for(self._ws.recv(), timeout)
        if not str(opening).startswith("0"):
            raise ProtocolError(f"handshake inattendu : {opening!r}")
        payload: dict[str, Any] = {}
        if self.hashes:
            payload["hashes"] = list(self.hashes)
        auth = {"event": self._event(HYDRATE, payload)}
        await self._ws.send(f"40{NAMESPACE}," + json.dumps(auth))
        self._reader = asyncio.create_task(self._read())
        await self.wait_update(timeout)
        return time.perf_counter() - start

    async def close(self) -> None:
        self._closed = True
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    # --- events -----------------------------------------------------------------------
    def _event(self, name: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        """Like `withRouterData` in state.js: the query holds the search string and the
        route's dynamic segments (`router.page.params` on the server)."""
        pathname, _, search = self.path.partition("?")
        router_data: dict[str, Any] = {"pathname": pathname, "asPath": self.path}
        query = {**dict(parse_qsl(search)), **self.params}
        if query:
            router_data["query"] = query
        return {"name": name, "payload": payload or {}, "router_data": router_data}

    async def emit(self, name: str, payload: dict[str, Any] | None = None) -> None:
        frame = json.dumps(["event", self._event(name, payload)])
        await self._ws.send(f"42{NAMESPACE},{frame}")

    async def call(
        self, name: str, payload: dict[str, Any] | None = None, *, timeout: float = 30.0
    ) -> float:
        """Send one event and wait for the first update it causes; returns the round trip."""
        self._drain()
        start = time.perf_counter()
        await self.emit(name, payload)
        await self.wait_update(timeout)
        return time.perf_counter() - start

    async def navigate(
        self,
        path: str,
        params: dict[str, str] | None = None,
        *,
        substate: str | None = None,
        timeout: float = 30.0,
    ) -> float:
        """Client-side navigation: what the browser sends on a route change. With
        `substate`, waits for the page's own data (its on_load ran), not just any update."""
        self.path, self.params = path, dict(params or {})
        self._drain()
        start = time.perf_counter()
        await self.emit(ON_LOAD)
        if substate:
            await self.until(substate, timeout=timeout)
        else:
            await self.wait_update(timeout)
        elapsed = time.perf_counter() - start
        await self.settle()  # the chained events' last updates: not part of the page's time
        return elapsed

    async def call_until_redirect(
        self, name: str, payload: dict[str, Any] | None, substate: str, *, timeout: float = 30.0
    ) -> float:
        """Send one event; seconds until it redirects or answers on `substate` (a refusal
        message). Under load the redirect may come well after the first update."""
        self._drain()
        before = len(self.frontend_events)
        start = time.perf_counter()
        await self.emit(name, payload)
        deadline = start + timeout
        while True:
            update = await asyncio.wait_for(
                self._updates.get(), max(0.001, deadline - time.perf_counter())
            )
            if "__closed__" in update.delta:
                raise ProtocolError("connexion fermée par le serveur")
            redirected = any(e.get("name") == "_redirect" for e in self.frontend_events[before:])
            # Reflex sends the delta and the redirect in two messages: a delta that only
            # clears the page's refusal (falsy values) is not the answer yet.
            if redirected or any(update.delta.get(substate, {}).values()):
                return update.at - start

    async def ping(self, timeout: float = 10.0) -> float:
        """Socket.IO echo through the same server (no state, no handler)."""
        while not self._pongs.empty():
            self._pongs.get_nowait()
        start = time.perf_counter()
        await self._ws.send(f'42{NAMESPACE},["ping"]')
        await asyncio.wait_for(self._pongs.get(), timeout)
        return time.perf_counter() - start

    async def until(self, substate: str, *, timeout: float = 30.0) -> float:
        """Wait for an update that touches `substate` (the page's data has arrived)."""
        start = time.perf_counter()
        deadline = start + timeout
        while True:
            update = await asyncio.wait_for(
                self._updates.get(), max(0.001, deadline - time.perf_counter())
            )
            if "__closed__" in update.delta:
                raise ProtocolError("connexion fermée par le serveur")
            if substate in update.delta:
                return update.at - start

    async def call_until(
        self, name: str, payload: dict[str, Any] | None, substate: str, *, timeout: float = 30.0
    ) -> float:
        """Send one event; seconds until an update touching `substate` comes back."""
        self._drain()
        start = time.perf_counter()
        await self.emit(name, payload)
        await self.until(substate, timeout=timeout)
        return time.perf_counter() - start

    async def upload(
        self, handler: str, filename: str, data: bytes, content_type: str = "application/pdf"
    ) -> float:
        """What `rx.upload_files` does: POST /_upload with the token and handler headers.
        The answer streams the handler's deltas (one JSON per line): merged into `state`
        like the browser does."""
        start = time.perf_counter()
        response = await _http_client(self.base_url).post(
            "/_upload",
            headers={"reflex-client-token": self.token, "reflex-event-handler": handler},
            files={"files": (filename, data, content_type)},
        )
        response.raise_for_status()
        for line in response.text.splitlines():
            if line.strip():
                update = json.loads(line)
                for substate, values in (update.get("delta") or {}).items():
                    self.state.setdefault(substate, {}).update(values)
        return time.perf_counter() - start

    async def wait_update(self, timeout: float = 30.0) -> Update:
        return await asyncio.wait_for(self._updates.get(), timeout)

    async def settle(self, quiet: float = 0.05, timeout: float = 30.0) -> None:
        """Wait until the server has been quiet for `quiet` seconds (chained events done)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                await asyncio.wait_for(self._updates.get(), quiet)
            except TimeoutError:
                return

    def count_updates(self, substate: str) -> int:
        """Take the updates received unasked (live pushes); how many touched `substate`."""
        count = 0
        while not self._updates.empty():
            count += substate in self._updates.get_nowait().delta
        return count

    def _drain(self) -> None:
        while not self._updates.empty():
            self._updates.get_nowait()

    def var(self, substate: str, name: str, default: Any = None) -> Any:
        return self.state.get(substate, {}).get(f"{name}_rx_state_", default)

    def redirects(self) -> list[str]:
        return [
            e.get("payload", {}).get("path", "")
            for e in self.frontend_events
            if e.get("name") == "_redirect"
        ]

    # --- reader -----------------------------------------------------------------------
    async def _read(self) -> None:
        try:
            async for message in self._ws:
                await self._handle(str(message))
        except websockets.ConnectionClosed:
            pass
        finally:
            if not self._closed:
                self._updates.put_nowait(Update(time.perf_counter(), {"__closed__": {}}, []))

    async def _handle(self, message: str) -> None:
        if message == "2":  # Engine.IO ping from the server
            await self._ws.send("3")
            return
        prefix = f"42{NAMESPACE},"
        if message.startswith(f"44{NAMESPACE}"):
            raise ProtocolError(f"connexion refusée : {message}")
        if not message.startswith(prefix):
            return
        name, *args = json.loads(message[len(prefix) :])
        if name == "ping":  # the server answers the "ping" event with ("ping", "pong")
            self._pongs.put_nowait(time.perf_counter())
        elif name == "event" and args:
            await self._on_update(args[0])
        elif name == "new_token" and args:
            self.token = args[0]

    async def _on_update(self, update: dict[str, Any]) -> None:
        delta = update.get("delta") or {}
        for substate, values in delta.items():
            self.state.setdefault(substate, {}).update(values)
        events = update.get("events") or []
        for event in events:
            name = event.get("name", "")
            if name.startswith("_") or "." not in name:
                self.frontend_events.append(event)
                if name == "_redirect":
                    path = event.get("payload", {}).get("path", "")
                    if path.startswith("/"):
                        self.path, self.params = path, {}
            else:  # a backend event queued for the client (on_load, chained handler)
                await self.emit(name, event.get("payload") or {})
        self._updates.put_nowait(Update(time.perf_counter(), delta, events))

    @property
    def local_port(self) -> int:
        """This client's TCP port (to find which server worker holds the connection)."""
        return int(self._ws.transport.get_extra_info("sockname")[1])

    @property
    def closed(self) -> bool:
        return self._ws is None or self._ws.state.name == "CLOSED"
