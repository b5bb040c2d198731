"""Catalogue filter over 5,000 formations: service time, and the same filter as a websocket
event round trip beside three echoes measured in the same run (a plain websocket echo on
the app's own server, Socket.IO's ping through the app, and an echo server inside this
process) so the framework's share is visible."""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from datetime import timedelta
from pathlib import Path

import websockets
from sqlalchemy import insert

WORDS = ["informatique", "droit", "chimie", "gestion", "histoire", "physique", "langues", "bio"]
LEVELS = ["L", "M", "DU", "LP"]


def fill_formations(target: int = 5000) -> int:
    """Bulk-add formations to the current campaign until it holds `target`."""
    from sqlmodel import func, select

    from ecandidat_app.core.applications import catalogue
    from ecandidat_app.core.clock import system_clock
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.models import Commission, Formation
    from ecandidat_app.core.text import fold

    with session_scope() as s:
        campaign = catalogue.current_campaign(s)
        assert campaign is not None, "démo non chargée"
        have = s.exec(
            select(func.count()).select_from(Formation).where(Formation.campaign_id == campaign.id)
        ).one()
        commissions = s.exec(select(Commission)).all()
        today = system_clock.today()
        rng = random.Random(5000)
        rows = []
        for i in range(have, target):
            comm = commissions[i % len(commissions)]
            word = WORDS[i % len(WORDS)]
            label = f"{rng.choice(['Master', 'Licence', 'DU'])} {word.capitalize()} parcours {i}"
            rows.append(
                {
                    "campaign_id": campaign.id,
                    "centre_id": comm.centre_id,
                    "commission_id": comm.id,
                    "code": f"B{i:05d}",
                    "label": label,
                    "level": LEVELS[i % len(LEVELS)],
                    "domain": word.capitalize(),
                    "keywords": word,
                    "capacity": 30,
                    "opens_on": today - timedelta(days=10),
                    "closes_on": today + timedelta(days=rng.choice([-1, 10, 30])),
                    "return_on": today + timedelta(days=40),
                    "search_text": fold(f"{label} {word} B{i:05d}"),
                }
            )
        for start in range(0, len(rows), 1000):
            s.execute(insert(Formation), rows[start : start + 1000])
    return target


def service_times(runs: int = 200) -> dict:
    from ecandidat_app.core.applications import catalogue
    from ecandidat_app.core.clock import system_clock
    from ecandidat_app.core.db import session_scope

    filters = {
        "no_filter": catalogue.CatalogueFilter(),
        "word": catalogue.CatalogueFilter(text="informatique"),
        "word_open_level": catalogue.CatalogueFilter(text="droit", open_only=True, level="M"),
        "page_50": catalogue.CatalogueFilter(page=50),
    }
    out = {}
    with session_scope() as s:
        campaign = catalogue.current_campaign(s)
        for name, f in filters.items():
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                page = catalogue.search_with(s, campaign.id, f, today=system_clock.today())
                times.append(time.perf_counter() - t)
            out[name] = {
                "median_ms": _ms(statistics.median(times)),
                "p95_ms": _ms(_p95(times)),
                "total": page.total,
            }
    return out


async def websocket_times(url: str, runs: int = 200) -> dict:
    from loadtest import names
    from loadtest.protocol import ON_LOAD, ReflexClient

    cat = names.handle("ecandidat_app.web.pages.catalogue", "CatalogueState")
    assert cat is not None
    client = ReflexClient(url)
    await client.connect("/")
    client.path = "/formations"
    await client.emit(ON_LOAD)
    await client.until(cat.state)
    ws_url = url.replace("http", "ws", 1) + "/api/echo"
    filter_rt, ping_rt, app_echo_rt = [], [], []
    async with websockets.connect(ws_url, compression=None) as app_echo:
        for i in range(runs):
            word = WORDS[i % len(WORDS)]
            t = client.call_until(cat.event("set_text"), {"value": word}, cat.state)
            filter_rt.append(await t)
            ping_rt.append(await client.ping())
            app_echo_rt.append(await _echo_once(app_echo))
    total = client.var(cat.state, "total")
    await client.close()
    bare_rt = await _bare_echo(runs)
    filter_median, app_echo = statistics.median(filter_rt), statistics.median(app_echo_rt)
    return {
        "formations_matching_last_word": total,
        "filter_event_round_trip_median_ms": _ms(filter_median),
        "filter_event_round_trip_p95_ms": _ms(_p95(filter_rt)),
        # Three yardsticks, interleaved with the filter events (same moments, same load):
        # a plain websocket echo on the app's own server (its process, loop and ASGI
        # server), Socket.IO's echo through the app, and an echo inside this process.
        "app_server_websocket_echo_median_ms": _ms(app_echo),
        "socketio_ping_median_ms": _ms(statistics.median(ping_rt)),
        "in_process_websocket_echo_median_ms": _ms(statistics.median(bare_rt)),
        "round_trip_over_app_server_echo": round(filter_median / app_echo, 1),
    }


async def _echo_once(ws) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    await ws.send('42/_event,["ping"]')
    await ws.recv()
    return time.perf_counter() - t


async def _bare_echo(runs: int) -> list[float]:
    """Server and client in this process: the floor of any websocket round trip here."""

    async def echo(ws):  # type: ignore[no-untyped-def]
        async for message in ws:
            await ws.send(message)

    async with websockets.serve(echo, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        async with websockets.connect(f"ws://127.0.0.1:{port}", compression=None) as ws:
            return [await _echo_once(ws) for _ in range(runs)]


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def run(url: str, data_dir: Path) -> dict:
    del data_dir
    return {"service": service_times(), "websocket": asyncio.run(websocket_times(url))}
