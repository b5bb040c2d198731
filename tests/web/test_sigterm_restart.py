"""SIGTERM to `ecandidat serve --workers 2` under load, then a restart: nothing lost.

The small-scale run of `python -m bench sigterm` (bench/sigterm_check.py): PostgreSQL and
Redis as in production, a real SMTP server on loopback, a dozen clients that reconnect like
the browser. Checked: both stops exit 0, every step in flight at the signal was finished by
the server or sent again, every stored file is whole and no temp file is left, every
outbox row was received exactly once (by Message-ID), no traceback in the server's log.
Client-side errors are printed, not asserted: on a loaded machine a client may time out
(a slow answer, not a loss), and the loss invariants above are what this test is about.
About 3 minutes on a loaded 2-core machine (two server starts, a seeded database)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL, REDIS_URL

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.skipif(
        not (POSTGRES_URL and REDIS_URL),
        reason="ECANDIDAT_TEST_POSTGRES_URL et ECANDIDAT_TEST_REDIS_URL requis (serveur de production)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_sigterm_under_load_then_restart_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.sigterm_check import Plan, problems, report, run

    # The check points this process at the server's database: keep that to this test.
    monkeypatch.setattr(os, "environ", os.environ.copy())
    plan = Plan(
        clients=12, staff=1, before_s=6, after_s=6, ramp_s=2, port=_free_port(), redis_url=REDIS_URL
    )
    figures = run(plan, tmp_path, restart_budget_s=30)
    report(figures)
    assert [p for p in problems(figures) if not p.startswith("erreurs vues")] == []
    assert figures["stop_s"] < 30  # the drain is bounded (shutdown_drain_s = 20 s)
