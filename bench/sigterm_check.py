"""Stop and restart without loss: `python -m bench sigterm` (issue 18).

Starts `ecandidat serve --workers 2` as in production (PostgreSQL, Redis, a fresh database),
its mail worker sending to a real SMTP server on loopback (aiosmtpd, here), runs the load
generator with clients that reconnect like the browser, sends SIGTERM to the server in
the middle of the load, starts it again at once, lets the load go on, then checks:

- the server stopped (time to stop) and served again (time to serve);
- the steps in flight at the signal: finished by the server, or sent again by the client;
- uploads: every stored file's row points at a file of the right size and sha256, no temp
  file is left (before the sweep, and none after it);
- mail: every outbox row is sent, and the SMTP server received each Message-ID once;
- what the clients saw as errors.

Figures on stdout (and JSON with --output); the exit code is 1 when an invariant breaks.
Only loopback; the database it creates is dropped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from bench.server import ECANDIDAT, REPO, wait_healthy

PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/14"
OVERLOAD = "LockExpiredError"


# --- the SMTP server the app sends to --------------------------------------------------
@dataclass
class MailCapture:
    """Counts the Message-IDs an aiosmtpd server on loopback accepted."""

    port: int
    ids: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.ids[str(message["Message-ID"])] += 1
        return "250 Message accepted for delivery"

    @contextlib.contextmanager
    def running(self) -> Iterator[MailCapture]:
        from aiosmtpd.controller import Controller

        controller = Controller(self, hostname="127.0.0.1", port=self.port)
        controller.start()
        try:
            yield self
        finally:
            controller.stop()


# --- the server ----------------------------------------------------------------------
@dataclass
class Server:
    """`ecandidat serve --workers N` in its own process group, log appended to `log`."""

    port: int
    workers: int
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        """Start and wait until /api/health answers; returns the seconds it took."""
        started = time.monotonic()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [str(ECANDIDAT), "serve", "--workers", str(self.workers)],
                cwd=REPO,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_healthy(self.port, self.proc, timeout=180)
        return time.monotonic() - started

    def terminate(self, timeout: float = 120) -> tuple[float, int]:
        """SIGTERM to the server process only (Granian's supervisor, which stops its
        workers), as a process manager does; returns (seconds to exit, exit code)."""
        assert self.proc is not None
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            code = -9
        return time.monotonic() - started, code

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


# --- what is checked after the run --------------------------------------------------
def check_files() -> dict[str, Any]:
    """Every upload row's file is there, whole; temp files before the sweep, then after."""
    from sqlmodel import select

    from ecandidat_app.core import storage
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.models import StoredFile

    bad: list[str] = []
    with session_scope() as s:
        rows = list(s.exec(select(StoredFile)).all())
        for row in rows:
            path = storage.path_for(row.storage_key)
            if not path.is_file():
                bad.append(f"#{row.id}: fichier absent")
            elif path.stat().st_size != row.size:
                bad.append(f"#{row.id}: taille {path.stat().st_size} au lieu de {row.size}")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != row.sha256:
                bad.append(f"#{row.id}: sha256 différent")
    temps = lambda: sorted(storage.store_dir().glob(f"{storage.TEMP_PREFIX}*"))  # noqa: E731
    temps_before = len(temps())
    with session_scope() as s:  # every server process has exited: nothing is in flight
        swept = storage.sweep_orphans(s, max_age_s=0)
    return {
        "rows": len(rows),
        "rows_with_bad_file": bad,
        "temp_files_before_sweep": temps_before,
        "orphans_swept": swept.orphans,
        "temp_files_after_sweep": len(temps()),
    }


def _outbox() -> list[Any]:
    from sqlmodel import select

    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.models import OutboxMessage

    with session_scope() as s:
        return list(s.exec(select(OutboxMessage)).all())


def already_sent() -> set[str]:
    """The demo's history: rows the seed wrote as sent long ago (never sent to us)."""
    return {r.message_id for r in _outbox() if str(r.status) == "sent"}


def check_mail(capture: MailCapture, history: set[str]) -> dict[str, Any]:
    """Outbox rows against what the SMTP server received, by Message-ID."""
    rows = [r for r in _outbox() if r.message_id not in history]
    with capture.lock:
        received = Counter(capture.ids)
    ids = {r.message_id for r in rows}
    return {
        "outbox_rows": len(rows),
        "demo_history_rows": len(history),
        "statuses": dict(Counter(str(r.status) for r in rows)),
        "received": sum(received.values()),
        "lost": sorted(ids - set(received)),
        "duplicates": {mid: n for mid, n in received.items() if n > 1},
        "unknown_received": sorted(set(received) - ids),
    }


def wait_outbox_empty(timeout: float = 90) -> None:
    """After the load: let the mail worker send what the last journeys enqueued."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.models import MailStatus, OutboxMessage

    waiting = col(OutboxMessage.status).in_([MailStatus.PENDING, MailStatus.SENDING])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope() as s:
            if not s.exec(select(func.count()).where(waiting)).one():
                return
        time.sleep(0.5)


# --- the run --------------------------------------------------------------------------
@dataclass
class Plan:
    clients: int = 150
    staff: int = 2
    before_s: float = 20.0  # load before the signal
    after_s: float = 20.0  # load once the server serves again
    think_s: float = 1.0
    ramp_s: float = 5.0
    workers: int = 2
    port: int = 8270
    redis_url: str = REDIS_URL


def _environment(plan: Plan, data_dir: Path, database_url: str, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "0",
        "ECANDIDAT_MODE": "production",
        "ECANDIDAT_DATABASE_URL": database_url,
        "ECANDIDAT_REDIS_URL": plan.redis_url,
        "ECANDIDAT_DATA_DIR": str(data_dir),
        "ECANDIDAT_BASE_URL": f"http://localhost:{plan.port}",
        "ECANDIDAT_BACKEND_PORT": str(plan.port),
        "ECANDIDAT_SMTP_HOST": "127.0.0.1",
        "ECANDIDAT_SMTP_PORT": str(smtp_port),
        "ECANDIDAT_MAIL_POLL_INTERVAL_S": "0.5",
    }


def _use_environment(env: dict[str, str]) -> None:
    """This process reads and checks the same database and files as the server."""
    from ecandidat_app.core import db
    from ecandidat_app.core.config import reset_settings_cache

    os.environ.update({k: v for k, v in env.items() if k.startswith("ECANDIDAT_")})
    reset_settings_cache()
    db.reset_engine_cache()


def _load_command(plan: Plan, output: Path, duration: float) -> list[str]:
    return [
        sys.executable,
        "-m",
        "loadtest",
        "--clients",
        str(plan.clients),
        "--staff",
        str(plan.staff),
        "--duration",
        str(round(duration, 1)),
        "--think",
        str(plan.think_s),
        "--ramp",
        str(plan.ramp_s),
        "--url",
        f"http://127.0.0.1:{plan.port}",
        "--reconnect",
        "--label",
        "sigterm",
        "--output",
        str(output),
    ]


def run(plan: Plan, work: Path, *, restart_budget_s: float = 40.0) -> dict[str, Any]:
    """The whole scenario; returns the figures (see `problems` for the verdict)."""
    sys.path.insert(0, str(REPO / "scripts"))
    from prod_prepare import ensure_database

    database_url = f"{PG_BASE}/ecandidat_sigterm_{os.getpid()}"
    ensure_database(database_url)
    capture = MailCapture(port=_free_port())
    env = _environment(plan, work / "data", database_url, capture.port)
    _use_environment(env)
    seed = subprocess.run(
        [str(ECANDIDAT), "seed"], cwd=REPO, env=env, capture_output=True, text=True
    )
    if seed.returncode != 0:
        raise SystemExit(f"ecandidat seed a échoué :\n{seed.stderr[-2000:]}")
    history = already_sent()
    server = Server(plan.port, plan.workers, env, work / "server.log")
    figures: dict[str, Any] = {"plan": asdict(plan), "server_log": str(server.log)}
    load_json = work / "load.json"
    # The load runs for a fixed time: before the signal, the outage, then `after_s`.
    duration = plan.ramp_s + plan.before_s + restart_budget_s + plan.after_s
    try:
        with capture.running():
            figures["first_start_s"] = round(server.start(), 1)
            load = subprocess.Popen(
                _load_command(plan, load_json, duration),
                cwd=REPO,
                env=env,
                stdout=(work / "load.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
            time.sleep(plan.ramp_s + plan.before_s)
            figures.update(_stop_and_restart(server))
            if load.wait(timeout=duration + 180) != 0:
                raise SystemExit(f"le générateur de charge a échoué : {work / 'load.log'}")
            wait_outbox_empty()
            stop_s, code = server.terminate()
            figures["final_stop_s"], figures["final_exit_code"] = round(stop_s, 1), code
            figures["mail"] = check_mail(capture, history)
        figures["files"] = check_files()
    finally:
        server.kill()
        _drop_database(database_url)
    figures["load"] = _load_figures(json.loads(load_json.read_text()))
    log = server.log.read_text(errors="replace")
    figures["server_log_tracebacks"] = log.count("Traceback")
    figures["server_log_errors"] = _traceback_ends(log)
    figures["server_log_not_stopped_in_time"] = log.count("did not stop in time")
    return figures


def _traceback_ends(log: str) -> list[str]:
    """The exception line that ends each traceback of the log (what went wrong)."""
    ends: list[str] = []
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Traceback"):
            after = lines[i + 1 :]
            end = next((x for x in after if x and not x.startswith((" ", "\t"))), "?")
            ends.append(end[:300])
    return ends


def _stop_and_restart(server: Server) -> dict[str, Any]:
    signalled = time.monotonic()
    stop_s, code = server.terminate()
    serve_s = server.start()
    return {
        "stop_s": round(stop_s, 1),
        "stop_exit_code": code,
        "restart_to_healthy_s": round(serve_s, 1),
        "signal_to_serving_s": round(time.monotonic() - signalled, 1),
    }


def _load_figures(result: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "clients",
        "duration_s",
        "completed_journeys",
        "failed_journeys",
        "errors",
        "error_examples",
        "interrupted",
        "finished_by_server",
        "retried",
        "reconnects",
        "reconnect_attempts",
        "timeline_10s",
    )
    figures = {k: result.get(k) for k in keys}
    figures["events"] = result["events"]["count"]
    figures["p95_ms"] = result["events"]["p95_ms"]
    return figures


def problems(figures: dict[str, Any]) -> list[str]:
    """The invariants; empty when all hold."""
    found: list[str] = []
    mail, files, load = figures["mail"], figures["files"], figures["load"]
    if figures["stop_exit_code"] != 0 or figures["final_exit_code"] != 0:
        found.append("le serveur ne s'est pas arrêté proprement (code de sortie)")
    if mail["lost"]:
        found.append(f"{len(mail['lost'])} courriel(s) jamais reçu(s)")
    if mail["duplicates"]:
        found.append(f"{len(mail['duplicates'])} courriel(s) reçu(s) plusieurs fois")
    if set(mail["statuses"]) - {"sent"}:
        found.append(f"boîte d'envoi pas vidée : {mail['statuses']}")
    if files["rows_with_bad_file"]:
        found.append(f"pièces abîmées : {files['rows_with_bad_file'][:5]}")
    if files["temp_files_after_sweep"]:
        found.append(f"{files['temp_files_after_sweep']} fichier(s) temporaire(s) restant(s)")
    if not load["interrupted"]:
        found.append("aucune étape en cours au signal : la coupure n'a rien testé")
    if sum(load["interrupted"].values()) != sum(load["finished_by_server"].values()) + sum(
        load["retried"].values()
    ):
        found.append("des étapes coupées ne sont ni terminées ni renvoyées")
    if load["errors"]:
        found.append(f"erreurs vues par les clients : {load['errors']}")
    # A handler that held a tab's Redis lock over 10 s (CPU starved: load average 19 on
    # 2 cores) fails with LockExpiredError: overload, reported in the figures, not a loss.
    others = [e for e in figures["server_log_errors"] if OVERLOAD not in e]
    if others:
        found.append(f"{len(others)} trace(s) d'erreur dans le journal : {sorted(set(others))}")
    return found


def report(figures: dict[str, Any]) -> None:
    load, mail, files = figures["load"], figures["mail"], figures["files"]
    print(
        f"{load['clients']} clients, {load['duration_s']} s de charge ; "
        f"SIGTERM après {figures['plan']['ramp_s'] + figures['plan']['before_s']:.0f} s"
    )
    print(
        f"arrêt : {figures['stop_s']} s (code {figures['stop_exit_code']}) ; redémarrage "
        f"jusqu'à /api/health : {figures['restart_to_healthy_s']} s ; signal → service "
        f"rétabli : {figures['signal_to_serving_s']} s"
    )
    print(
        f"étapes en cours au signal : {sum(load['interrupted'].values())} "
        f"{load['interrupted']} ; terminées par le serveur "
        f"{load['finished_by_server']} ; renvoyées {load['retried']}"
    )
    print(
        f"reconnexions : {load['reconnects']} ({load['reconnect_attempts']} tentatives) ; "
        f"parcours terminés {load['completed_journeys']}, interrompus {load['failed_journeys']} ; "
        f"{load['events']} événements, p95 {load['p95_ms']} ms"
    )
    print(f"erreurs vues par les clients : {sum(load['errors'].values())} {load['errors']}")
    overload = sum(OVERLOAD in e for e in figures["server_log_errors"])
    print(
        f"journal du serveur : {figures['server_log_tracebacks']} trace(s), dont {overload} "
        f"verrou d'onglet expiré (surcharge)"
    )
    print(
        f"pièces : {files['rows']} lignes, {len(files['rows_with_bad_file'])} abîmées ; "
        f"temporaires {files['temp_files_before_sweep']} avant le balayage, "
        f"{files['temp_files_after_sweep']} après ; orphelins balayés {files['orphans_swept']}"
    )
    print(
        f"courriels : {mail['outbox_rows']} dans la boîte d'envoi {mail['statuses']}, "
        f"{mail['received']} reçus ; perdus {len(mail['lost'])}, "
        f"en double {len(mail['duplicates'])}"
    )


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _drop_database(url: str) -> None:
    from sqlalchemy import text

    from ecandidat_app.core import db

    db.reset_engine_cache()
    base, name = url.replace("+psycopg", "").rsplit("/", 1)
    admin = db.make_engine(base + "/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench sigterm")
    plan = Plan()
    for name, value in asdict(plan).items():
        p.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    p.add_argument("--output", type=Path, default=None)
    args = p.parse_args(argv)
    plan = Plan(**{k: getattr(args, k) for k in asdict(plan)})
    with tempfile.TemporaryDirectory(prefix="ecandidat-sigterm-") as tmp:
        figures = run(plan, Path(tmp))
        found = problems(figures)
        figures["problems"] = found
        report(figures)
        kept = REPO / "bench" / "results" / "sigterm-server.log"  # git-ignored
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes((Path(tmp) / "server.log").read_bytes())
        print(f"journal du serveur : {kept}")
    if args.output:
        args.output.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print("invariants : " + ("tous tenus" if not found else "; ".join(found)))
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
