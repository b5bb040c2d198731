"""What each step of an applicant's journey costs in the core, without the web layer: the
services a page calls, each in its own unit of work like the page does, timed over many
applicants. Shows which step to make cheaper before blaming Reflex or the network.

    ECANDIDAT_DATA_DIR=<a demo data folder> python -m bench.bench_journey --applicants 200

Writes into that database (applicants and formations of the run, like `make load`).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ecandidat_app.core import applications
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.applications import catalogue, documents
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.db import session_scope
from loadtest import fixtures
from loadtest.journeys import tiny_pdf


def _timed(costs: dict[str, list[float]], step: str, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    costs[step].append(time.perf_counter() - start)
    return result


def journey(costs: dict[str, list[float]], token: str, formation_id: int, tag: str) -> None:
    """The services behind one journey, in the order the pages call them."""
    today = system_clock.today()

    def account() -> Any:
        with session_scope() as s:
            return sessions.resolve_session(s, token)

    def search() -> catalogue.CataloguePage:
        with session_scope() as s:
            campaign = catalogue.current_campaign(s)
            assert campaign is not None
            return catalogue.search(s, campaign_id=campaign.id, text=tag, today=today)

    me = _timed(costs, "session_check", account)
    _timed(costs, "catalogue_search", search)

    def detail() -> None:
        with session_scope() as s:
            catalogue.formation_detail(s, formation_id, today=today)

    _timed(costs, "formation_detail", detail)

    def apply() -> int:
        with session_scope() as s:
            return applications.apply(s, me, formation_id).id or 0

    application_id = _timed(costs, "apply", apply)

    def checklist() -> applications.ApplicationView:
        with session_scope() as s:
            return applications.checklist(s, me, application_id)

    view = _timed(costs, "checklist", checklist)
    pdf = tiny_pdf()
    for doc in view.documents:

        def upload(doc_type_id: int = doc.document_type_id) -> None:
            with session_scope() as s:
                documents.add_file(
                    s,
                    me,
                    application_id,
                    doc_type_id,
                    filename="releve.pdf",
                    source=io.BytesIO(pdf),
                )

        _timed(costs, "add_file", upload)

    def transmit() -> None:
        with session_scope() as s:
            applications.transmit(s, me, application_id)

    _timed(costs, "transmit", transmit)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--applicants", type=int, default=200)
    args = p.parse_args(argv)
    accounts = fixtures.make_applicants(args.applicants)
    formations = fixtures.make_formations(fixtures.MAX_FORMATIONS)
    costs: dict[str, list[float]] = defaultdict(list)
    for i, acc in enumerate(accounts):
        journey(costs, acc.session_token, formations.ids[i % len(formations.ids)], formations.tag)
    result = {
        step: {
            "count": len(v),
            "median_ms": round(statistics.median(v) * 1000, 3),
            "p95_ms": round(sorted(v)[int(0.95 * (len(v) - 1))] * 1000, 3),
        }
        for step, v in costs.items()
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
