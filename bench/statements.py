"""SQL statements and handler CPU per event of the applicant's journey, in process, on a
fresh copy of the demo (SQLite): figures that do not depend on a busy machine as much as
the load test's do (statements are exact; CPU is the handler thread's own time).

    python -m bench statements [--calls 30]

Each handler runs as the app dispatches it (the page state of one tab, its session
cookie, `run_event`), `--calls` times on as many applicants; the statements are counted
by an engine listener (every statement sent to the database, PRAGMAs of a new connection
aside), the CPU by `time.thread_time()` around the handler. Medians are printed."""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

COLUMNS = (
    "catalogue load",
    "toggle",
    "apply",
    "application load",
    "upload (file)",
    "upload reload",
    "transmit",
)


class Meter:
    """Statements and thread CPU of each measured call, by handler."""

    def __init__(self) -> None:
        self.counting = False
        self.statements = 0
        self.current = ""
        self.calls: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.show = ""  # the handler whose statements are printed (its last call)
        self.profiler: cProfile.Profile | None = None  # profiles `show`'s calls when set
        self.shown: list[str] = []

    def on_statement(self, _conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if self.counting:
            self.statements += 1
            if self.show == self.current:
                self.shown.append(" ".join(sql.split())[:160])

    @contextmanager
    def measure(self, name: str) -> Iterator[None]:
        self.statements, self.counting, self.current = 0, True, name
        profiling = self.profiler is not None and name == self.show
        if name == self.show:
            self.shown = []
        start = time.thread_time()
        if profiling:
            self.profiler.enable()  # type: ignore[union-attr]
        try:
            yield
        finally:
            if profiling:
                self.profiler.disable()  # type: ignore[union-attr]
            cpu = time.thread_time() - start
            self.counting = False
            self.calls[name].append((self.statements, cpu))

    def table(self) -> dict[str, dict[str, float]]:
        out = {}
        for name in COLUMNS:
            calls = self.calls.get(name, [])
            if calls:
                out[name] = {
                    "statements": statistics.median(n for n, _ in calls),
                    "statements_max": max(n for n, _ in calls),
                    "cpu_ms": round(statistics.median(c for _, c in calls) * 1000, 2),
                    "calls": len(calls),
                }
        return out


def _demo(data: Path) -> None:
    os.environ["ECANDIDAT_DATA_DIR"] = str(data)
    from ecandidat_app.core import db
    from ecandidat_app.core.config import reset_settings_cache
    from ecandidat_app.core.migrations import upgrade_head
    from ecandidat_app.demo.seed import seed_demo

    reset_settings_cache()
    db.reset_engine_cache()
    upgrade_head(f"sqlite:///{data / 'ecandidat.db'}")
    with db.session_scope() as s:
        seed_demo(s)


def _run(meter: Meter, calls: int) -> None:
    import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
    from ecandidat_app.web.pages.application import ApplicationState
    from ecandidat_app.web.pages.catalogue import CatalogueState
    from loadtest import fixtures
    from loadtest.journeys import tiny_pdf
    from tests.web.harness import page_state, run_event

    applicants = fixtures.make_applicants(calls)
    formations = fixtures.make_formations(fixtures.MAX_FORMATIONS)
    pdf = tiny_pdf()
    for i, who in enumerate(applicants):
        formation_id = formations.ids[i % len(formations.ids)]
        tab = page_state(CatalogueState, f"/formations?q={formations.tag}", token=who.session_token)
        with meter.measure("catalogue load"):
            run_event(tab, "load")
        with meter.measure("toggle"):
            run_event(tab, "toggle", formation_id)
        with meter.measure("apply"):
            spec = run_event(tab, "apply", formation_id)
        application_id = int(str(spec).split("/candidature/")[1].split('"')[0].split("'")[0])
        url = f"/candidature/{application_id}"
        page: Any = page_state(
            ApplicationState,
            url,
            token=who.session_token,
            query={"application_id": str(application_id)},
        )
        with meter.measure("application load"):
            run_event(page, "load")
        account = page.current_account()
        with meter.measure("upload (file)"):
            _upload(page.documents, account, application_id, pdf)
        with meter.measure("upload reload"):
            page._reload(account)
        with meter.measure("transmit"):
            run_event(page, "transmit")
        assert page.status == "RE", (page.status, page.message)


def _upload(docs: Any, account: Any, application_id: int, pdf: bytes) -> None:
    """What the upload handler does in its worker threads: the dossier checked before a
    byte is read, then each file through THE rule into the store."""
    from ecandidat_app.core.applications import documents
    from ecandidat_app.core.clock import system_clock
    from ecandidat_app.web.pages.application import _refusal_before_reading

    assert _refusal_before_reading(account, application_id) is None

    for doc in docs:
        documents.receive_file(
            account,
            application_id,
            int(doc.document_type_id),
            filename="releve.pdf",
            source=io.BytesIO(pdf),
            clock=system_clock,
        )


def _print(table: dict[str, dict[str, float]]) -> None:
    print(f"{'handler':<18} {'statements':>10} {'max':>4} {'CPU ms (median)':>16}")
    for name, row in table.items():
        print(f"{name:<18} {row['statements']:>10g} {row['statements_max']:>4} {row['cpu_ms']:>16}")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench statements", description=__doc__)
    p.add_argument("--calls", type=int, default=30)
    p.add_argument("--json", action="store_true", help="print the table as JSON too")
    p.add_argument("--show", default="", help="print the statements of this handler's last call")
    p.add_argument("--profile", action="store_true", help="profile the --show handler's calls")
    args = p.parse_args(argv)
    meter = Meter()
    meter.show = args.show
    if args.profile:
        meter.profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        _demo(Path(tmp))
        from ecandidat_app.core.db import get_engine

        event.listen(get_engine(), "before_cursor_execute", meter.on_statement)
        _run(meter, args.calls)
    table = meter.table()
    print(f"load average {os.getloadavg()[0]:.1f}, {args.calls} calls each")
    _print(table)
    for sql in meter.shown:
        print("  ", sql)
    if meter.profiler is not None:
        pstats.Stats(meter.profiler).sort_stats("tottime").print_stats(25)
    if args.json:
        print(json.dumps(table, indent=2))
