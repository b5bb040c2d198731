"""What one simulated person does. Each step is timed from the event sent to the update
that carries its result, as a browser would see it."""

from __future__ import annotations

import asyncio
import random
import re
from dataclasses import dataclass

from loadtest import names
from loadtest.fixtures import LoadAccount
from loadtest.protocol import ReflexClient
from loadtest.stats import Recorder

SEARCH_WORDS = ["master", "licence", "informatique", "droit", "chimie", "gestion", "", "bio"]
APPLICATION_PATH = re.compile(r"^/candidature/(\d+)")


def tiny_pdf(size: int = 4096) -> bytes:
    """A valid one-page PDF, padded with a comment line to about `size` bytes."""
    objects = [
        b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n",
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n",
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n",
    ]
    head = b"%PDF-1.4\n"
    padding = b"%" + b"x" * max(0, size - 400) + b"\n"
    out, offsets = head + padding, []
    for obj in objects:
        offsets.append(len(out))
        out += obj
    xref_at = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n" + str(xref_at).encode() + b"\n%%EOF\n"
    return out


@dataclass
class Pages:
    """The page states the journeys use; None where a page does not exist (yet)."""

    cookie_key: str
    catalogue: names.Handle | None
    application: names.Handle | None
    board: names.Handle | None

    @classmethod
    def discover(cls) -> Pages:
        return cls(
            cookie_key=names.session_cookie_key(),
            catalogue=names.handle("ecandidat_app.web.pages.catalogue", "CatalogueState"),
            application=names.first_state_in(
                "ecandidat_app.web.pages.application", "ApplicationState", "CandidatureState"
            ),
            board=names.handle("ecandidat_app.web.pages.staff_board", "StaffBoardState"),
        )

    def steps(self) -> dict[str, bool]:
        app = self.application
        return {
            "catalogue": self.catalogue is not None,
            "apply": self.catalogue is not None and self.catalogue.has("apply"),
            "upload": app is not None and _upload_handler(app) is not None,
            "transmit": app is not None and app.has("transmit"),
            "board": self.board is not None,
        }


def _upload_handler(app: names.Handle) -> str | None:
    for name in ("upload_document", "handle_upload", "upload"):
        if app.has(name):
            return name
    return None


async def step(rec: Recorder, name: str, coro) -> float | None:  # type: ignore[no-untyped-def]
    try:
        seconds = await coro
    except Exception as exc:  # counted, the journey goes on with the next person
        rec.error(name, exc)
        return None
    rec.add(name, seconds)
    return seconds


async def applicant_journey(
    url: str, account: LoadAccount, pages: Pages, rec: Recorder, n: int, think: float
) -> bool:
    """Catalogue → filter → details → apply → (upload → transmit). True when complete."""
    cat = pages.catalogue
    assert cat is not None
    client = ReflexClient(url, cookies={pages.cookie_key: account.session_token})
    ok = True
    try:
        if await step(rec, "connect", _connect(client, "/formations", cat.state)) is None:
            return False
        pause = lambda: asyncio.sleep(random.uniform(0, 2 * think))  # noqa: E731
        word = random.choice(SEARCH_WORDS)
        ok &= await step(rec, "echo", client.ping()) is not None
        await pause()
        t = client.call_until(cat.event("set_text"), {"value": word}, cat.state)
        ok &= await step(rec, "catalogue_filter", t) is not None
        await pause()
        t = client.call_until(cat.event("set_open_only"), {"value": True}, cat.state)
        ok &= await step(rec, "catalogue_open_only", t) is not None
        rows = [r for r in client.var(cat.state, "rows", []) if r.get("can_apply")]
        if not rows:
            t = client.call_until(cat.event("clear_filters"), None, cat.state)
            ok &= await step(rec, "catalogue_clear", t) is not None
            rows = [r for r in client.var(cat.state, "rows", []) if r.get("can_apply")]
        if not rows:
            return ok
        formation_id = rows[n % len(rows)]["id"]
        await pause()
        t = client.call_until(cat.event("toggle"), {"formation_id": formation_id}, cat.state)
        ok &= await step(rec, "formation_detail", t) is not None
        if not cat.has("apply"):
            return ok
        await pause()
        before = len(client.frontend_events)
        t = client.call(cat.event("apply"), {"formation_id": formation_id})
        ok &= await step(rec, "apply", t) is not None
        await asyncio.sleep(0.05)
        redirects = [
            e["payload"].get("path", "")
            for e in client.frontend_events[before:]
            if e.get("name") == "_redirect"
        ]
        match = next((m for r in redirects if (m := APPLICATION_PATH.match(r))), None)
        if match is None:
            rec.samples.setdefault("apply_refused", []).append(0.0)
            return ok
        ok &= await _application_steps(client, pages, rec, match.group(0), think) is not False
        return ok
    finally:
        await client.close()


async def _application_steps(
    client: ReflexClient, pages: Pages, rec: Recorder, path: str, think: float
) -> bool:
    app = pages.application
    if app is None:
        return True
    if await step(rec, "application_page", client.navigate(path)) is None:
        return False
    upload = _upload_handler(app)
    if upload is not None:
        await asyncio.sleep(random.uniform(0, 2 * think))
        t = client.upload(app.event(upload), "releve.pdf", tiny_pdf())
        if await step(rec, "upload_pdf", t) is None:
            return False
    if app.has("transmit"):
        await asyncio.sleep(random.uniform(0, 2 * think))
        t = client.call_until(app.event("transmit"), None, app.state)
        if await step(rec, "transmit", t) is None:
            return False
    return True


async def _connect(client: ReflexClient, path: str, substate: str) -> float:
    """Hydrate the page and wait for its on_load data, like a first visit."""
    start = asyncio.get_running_loop().time()
    await client.connect(path)
    await client.until(substate)
    return asyncio.get_running_loop().time() - start


async def staff_watch(
    url: str, account: LoadAccount, pages: Pages, rec: Recorder, until: float
) -> None:
    """A staff member keeps the board open; live updates and an echo every few seconds."""
    board = pages.board
    client = ReflexClient(url, cookies={pages.cookie_key: account.session_token})
    loop = asyncio.get_running_loop()
    try:
        if board is not None:
            path = "/gestion"
            if await step(rec, "board_connect", _connect(client, path, board.state)) is None:
                return
        elif await step(rec, "connect", client.connect("/")) is None:
            return
        while loop.time() < until:
            await asyncio.sleep(min(3.0, max(0.0, until - loop.time())))
            if loop.time() >= until:
                break
            await step(rec, "echo", client.ping())
            if board is not None and board.has("refresh"):
                await step(
                    rec,
                    "board_refresh",
                    client.call_until(board.event("refresh"), None, board.state),
                )
    finally:
        await client.close()
