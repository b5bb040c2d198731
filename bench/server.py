"""Start the app from this checkout on a chosen port with its own data folder, and stop it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ECANDIDAT = REPO / ".venv" / "bin" / "ecandidat"


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"le serveur s'est arrêté (code {proc.returncode})")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2),
        ):
            return
        time.sleep(0.5)
    raise TimeoutError(f"le serveur ne répond pas sur {port}")


@contextlib.contextmanager
def running_app(
    port: int,
    data_dir: Path,
    *,
    command: str = "demo",
    workers: int | None = None,
    env: dict[str, str] | None = None,
    log: Path | None = None,
) -> Iterator[subprocess.Popen]:
    """`ecandidat demo|serve` on 127.0.0.1:`port`, killed (whole process group) on exit."""
    full_env = {
        **os.environ,
        "ECANDIDAT_DATA_DIR": str(data_dir),
        "ECANDIDAT_BACKEND_PORT": str(port),
        "ECANDIDAT_BASE_URL": f"http://localhost:{port}",
        "ECANDIDAT_SMTP_PORT": str(port + 1),
        **(env or {}),
    }
    args = [str(ECANDIDAT), command] + (["--workers", str(workers)] if workers else [])
    out = open(log or os.devnull, "ab")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        args, cwd=REPO, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_healthy(port, proc)
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.close()
