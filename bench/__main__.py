"""`make bench`: catalogue (5,000 formations), staff board (100,000 applications, SQLite and
PostgreSQL), 10 MB upload, transmit with a 2 s SMTP server. JSON in bench/results/.
`python -m bench sigterm`: stop and restart under load without loss (bench/sigterm_check.py).
`python -m bench statements`: SQL statements and CPU per handler, in process (bench/statements.py).

Figures, not assertions. PostgreSQL parts run when 127.0.0.1:5432 answers."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import catalogue, upload
from bench.server import REPO, running_app
from loadtest.journeys import Pages

RESULTS = REPO / "bench" / "results"
PG_BENCH_URL = "postgresql://postgres@127.0.0.1:5432/ecandidat_bench"


def _script(name: str, *args: str, timeout: float = 1800) -> dict:
    path = REPO / "bench" / name
    if not path.exists():
        return {"skipped": f"{name} absent"}
    done = subprocess.run(
        [sys.executable, str(path), *args], capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        return {"error": done.stderr[-2000:]}
    start = done.stdout.find("{")
    return json.loads(done.stdout[start:]) if start >= 0 else {"output": done.stdout[-2000:]}


def _postgres_ready() -> bool:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from prod_prepare import ensure_database

        ensure_database(PG_BENCH_URL)
        return True
    except SystemExit:
        return False


def main() -> None:
    if sys.argv[1:2] == ["sigterm"]:  # stop and restart under load (bench/sigterm_check.py)
        from bench import sigterm_check

        raise SystemExit(sigterm_check.main(sys.argv[2:]))
    if sys.argv[1:2] == ["statements"]:  # statements and CPU per handler (bench/statements.py)
        from bench import statements

        statements.main(sys.argv[2:])
        return
    p = argparse.ArgumentParser(prog="python -m bench")
    p.add_argument("--port", type=int, default=8170)
    p.add_argument("--only", nargs="*", default=["catalogue", "board", "upload", "mail"])
    p.add_argument("-n", type=int, default=100_000, help="applications for the board")
    args = p.parse_args()
    result: dict = {"at": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpus": os.cpu_count()}
    # Import the app's page states here, outside any event loop: Reflex registers them in
    # a context variable that every later asyncio.run() copies (see bench.upload).
    Pages.discover()
    postgres = _postgres_ready()

    if "catalogue" in args.only:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            os.environ["ECANDIDAT_DATA_DIR"] = str(data)  # this process and the server
            from ecandidat_app.core import db
            from ecandidat_app.core.config import reset_settings_cache
            from ecandidat_app.core.migrations import upgrade_head
            from ecandidat_app.demo.seed import seed_demo

            reset_settings_cache()
            upgrade_head(f"sqlite:///{data / 'ecandidat.db'}")
            with db.session_scope() as s:
                seed_demo(s)
            catalogue.fill_formations(5000)
            log = RESULTS / "bench-server.log"
            url = f"http://127.0.0.1:{args.port}"
            # /api/echo: a plain websocket echo on the app's own server, the yardstick.
            with running_app(args.port, data, log=log, env={"ECANDIDAT_BENCH_ECHO": "1"}):
                result["catalogue_5000"] = catalogue.run(url, data)
                if "upload" in args.only:
                    result["upload_10mb"] = {"through_app": upload.through_app(url)}
            if "upload" in args.only:
                result["upload_10mb"]["private_store"] = upload.store_throughput()
        print(json.dumps(result.get("catalogue_5000"), indent=2))

    if "board" in args.only:
        result["board_sqlite"] = _script("bench_board.py", "-n", str(args.n), "--runs", "20")
        if postgres:
            result["board_postgres"] = _script(
                "bench_board.py", "-n", str(args.n), "--runs", "20", "--postgres", PG_BENCH_URL
            )
    if "mail" in args.only:
        result["transmit_smtp_2s"] = _script("bench_mail.py", "--runs", "5")

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{int(time.time())}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"résultats : {out}")


if __name__ == "__main__":
    main()
