"""Benchmark of the staff board at scale: prints JSON with medians and p95 (milliseconds).

    .venv/bin/python bench/bench_board.py                      # temp SQLite file, 100,000
    .venv/bin/python bench/bench_board.py --postgres postgresql://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/bench_board.py -n 20000 --runs 30

The database is emptied and filled with N applications by bulk inserts (4 centres,
12 commissions, 48 formations, N/2.5 applicants) then analysed (VACUUM ANALYZE on
PostgreSQL, as autovacuum would), then counts, cards, filtered pages, the live-update
version and whole page refreshes (refresh_board: version + counts + cards; refresh_list:
counts + one page) are timed for an admin (everything) and a centre's gestionnaire.
It is a measurement, not a test: nothing is asserted. Run `uptime` alongside: on a
loaded machine every figure grows.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text
from sqlmodel import Session, SQLModel, select

import ecandidat_app.core.models as m
from ecandidat_app.core import db
from ecandidat_app.core.review import board
from ecandidat_app.core.text import fold

LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "García",
    "Fournier",
]
FIRST = [
    "Léa",
    "Hugo",
    "Chloé",
    "Lucas",
    "Emma",
    "Nathan",
    "Inès",
    "Louis",
    "Manon",
    "Jules",
    "Camille",
    "Gabriel",
    "Sarah",
    "Arthur",
    "Zoé",
    "Raphaël",
]


def _chunks(rows: list[dict[str, Any]], size: int = 5000):  # type: ignore[no-untyped-def]
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def populate(engine, n: int, seed: int = 7) -> dict[str, int]:  # type: ignore[no-untyped-def]
    rnd = random.Random(seed)
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    now = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)
    with Session(engine) as s:
        camp = m.Campaign(
            code="B",
            label="Bench",
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 12, 31),
            applicant_ends_on=date(2027, 9, 1),
            is_active=True,
        )
        s.add(camp)
        s.flush()
        formations: list[m.Formation] = []
        for c in range(4):
            centre = m.Centre(code=f"CE{c}", label=f"Centre {c}")
            s.add(centre)
            s.flush()
            for k in range(3):
                comm = m.Commission(
                    centre_id=centre.id, code=f"CO{c}{k}", label=f"Commission {c}{k}"
                )
                s.add(comm)
                s.flush()
                for f in range(4):
                    form = m.Formation(
                        campaign_id=camp.id,
                        centre_id=centre.id,
                        commission_id=comm.id,
                        code=f"F{c}{k}{f}",
                        label=f"Master {c}{k}{f} Méthodes",
                        level="M",
                        opens_on=date(2027, 1, 1),
                        closes_on=date(2027, 6, 1),
                        return_on=date(2027, 6, 10),
                    )
                    s.add(form)
                    formations.append(form)
        admin = m.Account(
            role=m.Role.ADMIN, file_number="ADM", email="a@u.fr", last_name="A", first_name="A"
        )
        gest = m.Account(
            role=m.Role.GESTIONNAIRE,
            file_number="GES",
            email="g@u.fr",
            last_name="G",
            first_name="G",
        )
        s.add_all([admin, gest])
        s.flush()
        first_centre = s.exec(select(m.Centre).where(m.Centre.code == "CE0")).one()
        s.add(m.StaffScope(account_id=gest.id, centre_id=first_centre.id))
        s.commit()
        ids = {"admin": admin.id, "gestionnaire": gest.id}
        form_rows = [(f.id, f.commission_id, fold(f.label)) for f in formations]
        campaign_id = camp.id

    n_accounts = max(1, int(n / 2.5))
    accounts = []
    for i in range(n_accounts):
        accounts.append(
            {
                "id": 1000 + i,
                "campaign_id": campaign_id,
                "role": "applicant",
                "file_number": f"B{i:08d}",
                "email": f"cand{i}@example.org",
                "last_name": rnd.choice(LAST),
                "first_name": rnd.choice(FIRST),
                "password_hash": "",
                "is_active": True,
                "created_at": now,
            }
        )
    apps = []
    for _ in range(n):
        acc = accounts[rnd.randrange(n_accounts)]
        fid, cid, label = rnd.choice(form_rows)
        r = rnd.random()
        status, code, validated = "AT", None, False
        if r > 0.15:
            status = rnd.choice(["RE", "RE", "IN", "CO", "CO"])
            if status == "CO" and rnd.random() < 0.5:
                code = rnd.choice(["FA", "DE", "LA", "LC"])
                validated = rnd.random() < 0.5
        sent = now - timedelta(minutes=rnd.randrange(60 * 24 * 90))
        apps.append(
            {
                "account_id": acc["id"],
                "formation_id": fid,
                "commission_id": cid,
                "formation_sort": label,
                "campaign_id": campaign_id,
                "status": status,
                "created_at": sent,
                "transmitted_at": None if status == "AT" else sent,
                "cancelled_at": now if rnd.random() < 0.02 else None,
                "decision_code": code,
                "decision_validated": validated,
                "search_text": fold(
                    f"{acc['last_name']} {acc['first_name']} {acc['file_number']} {acc['email']}"
                ),
                "version": 1,
                "updated_at": sent,
            }
        )
    with engine.begin() as conn:
        for chunk in _chunks(accounts):
            conn.execute(insert(m.Account), chunk)
        for chunk in _chunks(apps):
            conn.execute(insert(m.Application), chunk)
    # What autovacuum does after a bulk load: planner statistics, and on PostgreSQL the
    # visibility map that lets index-only scans skip the table.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return ids


def timed(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    fn()  # warm the caches once, as a busy server would be
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)]
    return {"median_ms": round(statistics.median(samples), 2), "p95_ms": round(p95, 2)}


def refresh_board(s: Session, account: m.Account, flt: board.BoardFilter) -> None:
    """What the board page does on load, on a filter change and on a live update."""
    board.board_version(s, account)
    counts = board.board_counts(s, account, flt)
    board.board_cards(s, account, flt, counts=counts)


def refresh_list(s: Session, account: m.Account, flt: board.BoardFilter, sort: str) -> None:
    """The list view's refresh: counts (the total comes from them), then one page."""
    counts = board.board_counts(s, account, flt)
    board.board_list(s, account, flt, sort, sort == "transmitted", counts=counts)


def scenarios(s: Session, account: m.Account) -> dict[str, Callable[[], Any]]:
    f = board.BoardFilter
    return {
        "refresh_board": lambda: refresh_board(s, account, f()),
        "refresh_board_text": lambda: refresh_board(s, account, f(text="dubois")),
        "refresh_list_by_name": lambda: refresh_list(s, account, f(), "name"),
        "refresh_list_by_formation": lambda: refresh_list(s, account, f(), "formation"),
        "counts": lambda: board.board_counts(s, account, f()),
        "counts_text": lambda: board.board_counts(s, account, f(text="martin lea")),
        "cards_20_per_column": lambda: board.board_cards(s, account, f()),
        "version": lambda: board.board_version(s, account),
        "page1_by_transmitted": lambda: board.board_list(s, account, f(), "transmitted", True),
        "page1_by_name": lambda: board.board_list(s, account, f(), "name", False),
        "page1_by_formation": lambda: board.board_list(s, account, f(), "formation", False),
        "page1_by_decision": lambda: board.board_list(s, account, f(), "decision", True),
        "page1_text_search": lambda: board.board_list(s, account, f(text="dubois"), "name", False),
        "page1_column_complet": lambda: board.board_list(s, account, f(column="complet")),
        "page1_decision_FA": lambda: board.board_list(s, account, f(decision="FA"), "name"),
        "page1_date_range": lambda: board.board_list(
            s, account, f(transmitted_from=date(2027, 3, 1), transmitted_to=date(2027, 3, 7))
        ),
        "page40_by_name": lambda: board.board_list(s, account, f(), "name", False, page=40),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--postgres", default="", help="PostgreSQL URL (the DB is emptied!)")
    parser.add_argument("--sqlite", default="", help="SQLite file (default: a temp file)")
    parser.add_argument("--keep", action="store_true", help="reuse the data already there")
    args = parser.parse_args()
    sqlite_path = args.sqlite or f"{tempfile.mkdtemp()}/bench.db"
    url = args.postgres or f"sqlite:///{sqlite_path}"
    engine = db.make_engine(url)
    t0 = time.perf_counter()
    if args.keep:
        with Session(engine) as s:
            admin = s.exec(select(m.Account).where(m.Account.file_number == "ADM")).one()
            gest = s.exec(select(m.Account).where(m.Account.file_number == "GES")).one()
            ids = {"admin": admin.id, "gestionnaire": gest.id}
    else:
        ids = populate(engine, args.n)
    result: dict[str, Any] = {
        "backend": engine.dialect.name,
        "applications": args.n,
        "populate_s": round(time.perf_counter() - t0, 1),
        "runs": args.runs,
    }
    with Session(engine) as s:
        for who, account_id in ids.items():
            account = s.get(m.Account, account_id)
            assert account is not None
            visible = board.board_list(s, account, board.BoardFilter())[1]
            result[who] = {"visible": visible}
            for name, fn in scenarios(s, account).items():
                result[who][name] = timed(fn, args.runs)
    worst = max(v["p95_ms"] for who in ids for v in result[who].values() if isinstance(v, dict))
    result["worst_p95_ms"] = worst
    print(json.dumps(result, indent=2, ensure_ascii=False))
    engine.dispose()


if __name__ == "__main__":
    main()
