"""Start the demo ENT as a child process (no Django import here) and wait until it answers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any


@dataclass
class EntProcess:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def cas_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cas/"

    def stop(self) -> None:
        stop_process(self.process)


def stop_process(process: subprocess.Popen[Any]) -> None:
    """SIGTERM, 10 s to exit, then SIGKILL (the test suite's servers stop the same way)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_people(path: Path, people: Sequence[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(list(people), ensure_ascii=False), encoding="utf-8")
    return path


def start_ent(
    data_dir: Path,
    people: Sequence[dict[str, Any]],
    *,
    port: int,
    service_pattern: str | None = None,
    log: IO[bytes] | None = None,
    timeout: float = 60,
) -> EntProcess:
    data_dir.mkdir(parents=True, exist_ok=True)
    people_file = write_people(data_dir / "people.json", people)
    command = [
        sys.executable,
        "-m",
        "ecandidat_app.demo.ent",
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
        "--people",
        str(people_file),
        "--parent-pid",
        str(os.getpid()),
    ]
    if service_pattern:
        command += ["--service-pattern", service_pattern]
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT if log is not None else None
    )
    ent = EntProcess(process, port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"l'ENT de démonstration s'est arrêté (code {process.returncode})")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return ent
        time.sleep(0.2)
    ent.stop()
    raise RuntimeError("l'ENT de démonstration n'a pas démarré à temps")


def start_demo_ent(data_dir: Path, port: int, base_url: str) -> EntProcess | None:
    """The demo ENT for `ecandidat demo`, serving eCandidat's own address only, with the demo's
    former students (`demo/former_students.py`); None (and a message) when it cannot start."""
    import re
    from urllib.parse import urlsplit

    from ecandidat_app.demo.former_students import ent_people

    parts = urlsplit(base_url)
    pattern = "^" + re.escape(f"{parts.scheme}://{parts.netloc}") + "/"
    folder = data_dir / "ent-demo"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with (folder / "ent.log").open("ab") as log:
            return start_ent(folder, ent_people(), port=port, service_pattern=pattern, log=log)
    except (OSError, RuntimeError) as exc:
        print(
            f"  Attention : l'ENT de démonstration n'a pas démarré sur le port {port} ({exc}) ; "
            f"journal : {folder / 'ent.log'}",
            file=sys.stderr,
        )
        return None
