"""`ecandidat deadlines`: one pass of the confirmation-deadline job (cron-friendly)."""

from __future__ import annotations

import argparse

from ecandidat_app.cli import command


@command("deadlines", "rappels avant échéance de confirmation et désistements automatiques")
def _deadlines(_args: argparse.Namespace) -> int:
    from ecandidat_app.core.applications.deadlines import run_once

    print(run_once())
    return 0
