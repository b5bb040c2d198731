"""A 10 MB upload: through the app's own upload endpoint (HTTP /_upload of a running app,
as the browser sends it, the server's RSS sampled every 10 ms), and through the private
file store the handler uses (streamed, hashed, fsynced), with this process's peak memory.

Against a running app (same ECANDIDAT_* environment as the server: an applicant and a
formation are written to its database): `python -m bench.upload --url http://127.0.0.1:8160`"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import resource
import statistics
import threading
import time
import tracemalloc
from typing import Any
from urllib.parse import urlsplit

from loadtest.journeys import Pages, tiny_pdf

SIZE = 10 * 1024 * 1024


def store_throughput() -> dict:
    from ecandidat_app.core import storage
    from ecandidat_app.core.files import check_file

    data = tiny_pdf(SIZE - 1024)
    tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    saved = storage.save_stream(io.BytesIO(data), check=check_file, max_bytes=SIZE)
    seconds = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    storage.delete_file(saved.key)
    return {
        "bytes": len(data),
        "seconds": round(seconds, 3),
        "mb_per_s": round(len(data) / seconds / 1e6, 1),
        "python_peak_alloc_mb": round(peak / 1e6, 2),
        "max_rss_growth_mb": round(
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1
        ),
    }


class _PeakRss:
    """Samples the server's total RSS every 10 ms in a thread while the upload runs."""

    def __init__(self, port: int) -> None:
        from loadtest.stats import rss_mb, server_pids

        self._pids = server_pids(port)
        self._rss = lambda: rss_mb(self._pids).get("total_mb", 0.0)
        self.before = self._rss()
        self.peak = self.before
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(0.01)

    def __enter__(self) -> _PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.after = self._rss()


async def _upload_through_app(url: str, runs: int, pages: Pages) -> dict:
    from loadtest import fixtures, names
    from loadtest.protocol import ReflexClient, close_http_clients

    cat, app = pages.catalogue, pages.application
    assert cat is not None and app is not None
    account = fixtures.make_applicants(1)[0]
    formations = fixtures.make_formations(runs)
    data = tiny_pdf(SIZE - 1024)
    port = urlsplit(url).port or 80
    samples = []
    for formation_id in formations.ids:
        client = ReflexClient(url, cookies={pages.cookie_key: account.session_token})
        try:
            await client.connect("/formations")
            await client.until(cat.state)
            payload = {"formation_id": formation_id}
            await client.call_until_redirect(cat.event("apply"), payload, cat.state)
            path = await _redirect(client, cat.state)
            await client.navigate(path, names.route_params(path), substate=app.state)
            doc = client.var(app.state, "documents")[0]
            choice = {"document_type_id": doc["document_type_id"], "label": doc["label"]}
            await client.call_until(app.event("choose_upload"), choice, app.state)
            with _PeakRss(port) as rss:
                start = time.perf_counter()
                await client.upload(app.event("upload"), "gros.pdf", data)
                # A streaming (background) handler answers the POST at once and sends its
                # result over the socket: the upload ends when the file is stored.
                while client.var(app.state, "uploading", False) or not client.var(
                    app.state, "message", ""
                ):
                    await client.until(app.state, timeout=120)
                seconds = time.perf_counter() - start
            if client.var(app.state, "message_kind") != "success":
                state = client.state.get(app.state, {})
                raise RuntimeError(f"dépôt refusé sur {path} : {state}")
            samples.append(
                {
                    "seconds": round(seconds, 3),
                    "mb_per_s": round(len(data) / seconds / 1e6, 1),
                    "server_rss_before_mb": rss.before,
                    "server_rss_peak_mb": rss.peak,
                    "server_rss_growth_mb": round(rss.peak - rss.before, 1),
                }
            )
        finally:
            await client.close()
    await close_http_clients()
    file_mb = len(data) / 1e6
    growth = statistics.median(s["server_rss_growth_mb"] for s in samples)
    return {
        "bytes": len(data),
        "runs": samples,
        "median_mb_per_s": statistics.median(s["mb_per_s"] for s in samples),
        "median_server_rss_growth_mb": growth,
        "growth_over_file_size": round(growth / file_mb, 2),
    }


async def _redirect(client: Any, substate: str, timeout: float = 30.0) -> str:
    """The page the apply event redirects to: the catalogue's own update may come first."""
    deadline = time.monotonic() + timeout
    while not client.redirects():
        message = client.var(substate, "message", "")
        if message or time.monotonic() > deadline:
            raise RuntimeError(f"candidature refusée : {message or 'pas de redirection'}")
        await asyncio.sleep(0.05)
    return client.redirects()[-1]


def through_app(url: str, runs: int = 3) -> dict:
    # The page states are imported outside any event loop: Reflex registers them in a
    # context variable that each asyncio.run() copies from the calling context.
    return asyncio.run(_upload_through_app(url, runs, Pages.discover()))


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.upload")
    p.add_argument("--url", default="http://127.0.0.1:8000")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    print(json.dumps({"through_app": through_app(args.url, args.runs)}, indent=2))


if __name__ == "__main__":
    main()
