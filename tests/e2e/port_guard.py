"""Who else listens on the browser tests' port.

Granian binds its port with SO_REUSEPORT, so a second server started on the same port
by another program (a benchmark, a demo left running) does not fail to start: the kernel
shares the connections between both, and some of the browser's requests reach a server
that knows nothing of the test (a download answered 404 by another app, once in a few
runs). The browser tests check after each test that every listener is theirs."""

from __future__ import annotations

import os
from pathlib import Path

from loadtest.stats import _listening_inodes, _socket_owners


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return "?"


def strangers_on_port(port: int, server_pgid: int) -> dict[int, str]:
    """Listeners on `port` outside the process group of the server under test."""
    # The load generator's /proc readers: one reading of the socket tables for both.
    return {
        pid: _command(pid)
        for pid in _socket_owners(_listening_inodes(port))
        if _pgid(pid) not in (server_pgid, None)
    }


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None
