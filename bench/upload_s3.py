"""A 10 MB upload with each storage backend, in one run: the local directory, then an
S3-compatible bucket (moto in server mode, its own process on loopback, standing for
MinIO or a cloud store). For each: the app's own upload route (`bench.upload.through_app`:
a real applicant, the browser's POST /_upload, the server's RSS sampled every 10 ms) on a
fresh demo server, and the store alone in this process (throughput, Python peak).

`python -m bench.upload_s3 --runs 5` prints JSON (median of the runs per backend) and
writes it to bench/results/."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench import upload
from bench.server import REPO, running_app
from loadtest.journeys import Pages
from tests.s3_server import MotoServer

RESULTS = REPO / "bench" / "results"
BUCKET = "ecandidat-bench"


def _prepare(data: Path, env: dict[str, str]) -> None:
    """This process and the server share the data folder, database and store settings."""
    from ecandidat_app.core import db
    from ecandidat_app.core.config import reset_settings_cache
    from ecandidat_app.core.migrations import upgrade_head
    from ecandidat_app.demo.seed import seed_demo

    for name in [n for n in os.environ if n.startswith(("ECANDIDAT_STORAGE", "ECANDIDAT_S3_"))]:
        del os.environ[name]
    os.environ.update({"ECANDIDAT_DATA_DIR": str(data), **env})
    reset_settings_cache()
    db.reset_engine_cache()
    upgrade_head(f"sqlite:///{data / 'ecandidat.db'}")
    with db.session_scope() as s:
        seed_demo(s)


def _store_alone(runs: int) -> dict:
    samples = [upload.store_throughput() for _ in range(runs)]
    return {
        "median_mb_per_s": statistics.median(s["mb_per_s"] for s in samples),
        "median_python_peak_alloc_mb": statistics.median(
            s["python_peak_alloc_mb"] for s in samples
        ),
        "runs": samples,
    }


def one_backend(name: str, env: dict[str, str], port: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        _prepare(data, env)
        log = RESULTS / f"bench-upload-{name}.log"
        url = f"http://127.0.0.1:{port}"
        with running_app(port, data, log=log, env=env):
            through_app = upload.through_app(url, runs)
        return {"through_app": through_app, "store_alone": _store_alone(runs)}


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.upload_s3")
    p.add_argument("--port", type=int, default=8172)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    Pages.discover()  # outside any event loop (see bench.upload.through_app)
    RESULTS.mkdir(parents=True, exist_ok=True)
    result: dict = {"at": time.strftime("%Y-%m-%dT%H:%M:%S"), "load": os.getloadavg()}
    result["local"] = one_backend("local", {"ECANDIDAT_STORAGE": "local"}, args.port, args.runs)
    moto = MotoServer(RESULTS / "bench-moto.log").start()
    try:
        moto.create_bucket(BUCKET)
        env = moto.app_env(BUCKET, prefix="pieces/")
        result["s3"] = one_backend("s3", env, args.port, args.runs)
    finally:
        moto.stop()
    result["load_after"] = os.getloadavg()
    out = RESULTS / f"upload-s3-{int(time.time())}.json"
    out.write_text(json.dumps(result, indent=2))
    summary = {
        backend: {
            "route_median_mb_per_s": result[backend]["through_app"]["median_mb_per_s"],
            "route_median_server_rss_growth_mb": result[backend]["through_app"][
                "median_server_rss_growth_mb"
            ],
            "store_median_mb_per_s": result[backend]["store_alone"]["median_mb_per_s"],
            "store_median_python_peak_mb": result[backend]["store_alone"][
                "median_python_peak_alloc_mb"
            ],
        }
        for backend in ("local", "s3")
    }
    print(json.dumps(summary, indent=2))
    print(f"résultats : {out}")


if __name__ == "__main__":
    main()
