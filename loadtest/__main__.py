"""`python -m loadtest --clients 500 --duration 60 --url http://127.0.0.1:8000`

Run it with the same ECANDIDAT_* environment as the server: the accounts are written to
its database first. Only loopback targets are accepted; the run stops by itself."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from loadtest import fixtures, journeys
from loadtest.protocol import close_http_clients
from loadtest.stats import (
    Recorder,
    cpu_seconds,
    rss_mb,
    server_pids,
    summary_ms,
    thread_cpu,
    thread_cpu_used,
)

RESULTS = Path("bench/results")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m loadtest")
    p.add_argument("--clients", type=int, default=50, help="applicants at the same time")
    p.add_argument("--duration", type=float, default=30.0, help="seconds, then it stops")
    p.add_argument("--url", default="http://127.0.0.1:8000")
    p.add_argument("--staff", type=int, default=5, help="staff members watching the board")
    p.add_argument("--think", type=float, default=1.0, help="mean pause between actions (s)")
    p.add_argument("--ramp", type=float, default=None, help="seconds to connect everyone")
    p.add_argument("--label", default="", help="name in the result file")
    p.add_argument("--output", type=Path, default=None)
    p.add_argument(
        "--reconnect",
        action="store_true",
        help="a dropped socket is reconnected like the browser does (server restarts)",
    )
    args = p.parse_args(argv)
    host = urlsplit(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        p.error("la charge ne vise que 127.0.0.1 (machine locale)")
    return args


async def run(args: argparse.Namespace) -> dict:
    pages = journeys.Pages.discover()
    if pages.catalogue is None:
        raise SystemExit("La page catalogue est introuvable.")
    accounts = fixtures.make_applicants(args.clients)
    # Enough formations for every journey an applicant can finish in the run (~8 s each).
    formations = fixtures.make_formations(math.ceil(args.duration / 6) + 2)
    staff = [
        a
        for a in (fixtures.staff_session("gestionnaire@demo.ecandidat.fr"),) * args.staff
        if a is not None
    ]
    port = urlsplit(args.url).port or 80
    pids = server_pids(port)
    memory_before = rss_mb(pids)
    server_cpu_before = cpu_seconds(pids)
    threads_before = thread_cpu(pids)
    own_cpu_before = time.process_time()
    load_before = os.getloadavg()
    rec = Recorder()
    loop = asyncio.get_running_loop()
    start = loop.time()
    until = start + args.duration
    ramp = args.ramp if args.ramp is not None else min(10.0, args.duration / 4)
    # Throughput is counted after the ramp and before the deadline, when every client runs
    # (the journeys that finish after the deadline would lower it unevenly).
    started = time.perf_counter()
    window = (started + ramp, time.perf_counter() + args.duration)
    peak = dict(memory_before)

    async def applicant(i: int, account: fixtures.LoadAccount) -> None:
        await asyncio.sleep(ramp * i / max(1, args.clients))
        applied: set[int] = set()
        while loop.time() < until:
            if await journeys.applicant_journey(
                args.url,
                account,
                pages,
                rec,
                formations,
                applied,
                args.think,
                reconnect=args.reconnect,
            ):
                rec.journeys += 1
            else:
                rec.failed_journeys += 1
                await asyncio.sleep(1.0)  # back off: a refusing server is not hammered

    async def sample_memory() -> None:
        nonlocal peak
        while loop.time() < until:
            await asyncio.sleep(2)
            now = rss_mb(server_pids(port) or pids)
            if now.get("total_mb", 0) > peak.get("total_mb", 0):
                peak = now

    tasks = [asyncio.create_task(applicant(i, a)) for i, a in enumerate(accounts)]
    tasks += [
        asyncio.create_task(
            journeys.staff_watch(args.url, a, pages, rec, until, reconnect=args.reconnect)
        )
        for a in staff
    ]
    tasks.append(asyncio.create_task(sample_memory()))
    # Journeys in flight at the deadline may finish; nothing runs past deadline + 60 s.
    done, pending = await asyncio.wait(tasks, timeout=args.duration + 60)
    for t in pending:
        t.cancel()
    await close_http_clients()
    elapsed = loop.time() - start
    events = rec.all_events()
    server_cpu = cpu_seconds(server_pids(port) or pids) - server_cpu_before
    threads_used = thread_cpu_used(threads_before, thread_cpu(server_pids(port) or pids))
    return {
        "label": args.label,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "url": args.url,
        "clients": args.clients,
        "staff": len(staff),
        "duration_s": round(elapsed, 1),
        "think_s": args.think,
        "steps_present": pages.steps(),
        "completed_journeys": rec.journeys,
        "failed_journeys": rec.failed_journeys,
        "board_live_updates": rec.live_updates,
        "unfinished_tasks": len(pending),
        "errors": dict(rec.errors),
        "interrupted": dict(rec.interrupted),
        "finished_by_server": dict(rec.finished_by_server),
        "retried": dict(rec.retried),
        "reconnects": rec.reconnects,
        "reconnect_attempts": rec.reconnect_attempts,
        "error_examples": rec.error_examples,
        "events": summary_ms(events),
        "throughput_events_per_s": round(
            rec.events_between(*window) / max(0.001, window[1] - window[0]), 1
        ),
        "throughput_window_s": round(window[1] - window[0], 1),
        # The generator shares the machine's cores with the server: both CPU bills, and
        # the server's cost per event, which does not depend on who else used the CPU.
        "server_cpu_s": round(server_cpu, 1),
        "server_cpu_ms_per_event": round(1000 * server_cpu / max(1, len(events)), 2),
        "server_thread_cpu_s": threads_used,
        "generator_cpu_s": round(time.process_time() - own_cpu_before, 1),
        "loadavg_before": [round(v, 2) for v in load_before],
        "loadavg_after": [round(v, 2) for v in os.getloadavg()],
        "steps": {k: summary_ms(v) for k, v in sorted(rec.samples.items())},
        "timeline_10s": rec.timeline(started),
        "server_pids": pids,
        "server_rss_before": memory_before,
        "server_rss_peak": peak,
        "server_rss_after": rss_mb(server_pids(port) or pids),
    }


def report(result: dict) -> None:
    ev = result["events"]
    print(f"clients {result['clients']} (+{result['staff']} staff), {result['duration_s']} s")
    print(
        f"parcours terminés (jusqu'à la transmission) : {result['completed_journeys']}, "
        f"interrompus : {result['failed_journeys']}"
    )
    print(f"mises à jour du tableau poussées aux gestionnaires : {result['board_live_updates']}")
    print(f"erreurs : {sum(result['errors'].values())} {result['errors'] or ''}")
    if result["reconnects"]:
        print(
            f"reconnexions : {result['reconnects']} ({result['reconnect_attempts']} tentatives) ; "
            f"en cours à la coupure {result['interrupted']}, terminés par le serveur "
            f"{result['finished_by_server']}, renvoyés {result['retried']}"
        )
    print(
        f"latence des événements : p50 {ev['p50_ms']} ms, p95 {ev['p95_ms']} ms, "
        f"p99 {ev['p99_ms']} ms ({ev['count']} événements)"
    )
    print(f"débit : {result['throughput_events_per_s']} événements/s")
    print(
        f"CPU serveur {result['server_cpu_s']} s ({result['server_cpu_ms_per_event']} ms/"
        f"événement), générateur {result['generator_cpu_s']} s ; charge machine "
        f"{result['loadavg_before']} → {result['loadavg_after']}"
    )
    print(
        "CPU serveur par fil : "
        + ", ".join(
            f"{kind} {seconds} s" for kind, seconds in result["server_thread_cpu_s"].items()
        )
    )
    for name, s in result["steps"].items():
        print(f"  {name:<22} n={s['count']:<6} p50 {s['p50_ms']:>8} p95 {s['p95_ms']:>8} ms")
    print(
        "par tranche de 10 s (p95 ms) : "
        + " ".join(f"{t['from_s']}s:{t['p95_ms']:.0f}" for t in result["timeline_10s"])
    )
    print(
        "mémoire serveur (RSS) : "
        f"{result['server_rss_before'].get('total_mb')} → pic {result['server_rss_peak'].get('total_mb')}"
        f" → {result['server_rss_after'].get('total_mb')} Mo"
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    random.seed(7)
    result = asyncio.run(run(args))
    report(result)
    out = args.output or RESULTS / f"load-{args.label or 'run'}-{int(time.time())}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"résultats : {out}")


if __name__ == "__main__":
    main()
