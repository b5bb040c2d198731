"""What one simulated person does. Each step is timed from the event sent to the update
that carries its result, as a browser would see it."""

from __future__ import annotations

import asyncio
import random
import re
from dataclasses import dataclass

from loadtest import names
from loadtest.fixtures import LoadAccount, LoadFormations
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


MISSING = {"AT", "RE"}  # DocumentStatus codes still to provide (en attente, refusée)


async def step(rec: Recorder, name: str, coro) -> float | None:  # type: ignore[no-untyped-def]
    try:
        seconds = await coro
    except Exception as exc:  # noqa: BLE001  any failure is counted; the journey goes on
        rec.error(name, exc)
        return None
    rec.add(name, seconds)
    return seconds


def failed(rec: Recorder, name: str, message: str) -> bool:
    """A step the server answered but refused (a French message instead of the result)."""
    rec.error(name, RuntimeError(message or "refusé sans message"))
    return False


async def applicant_journey(
    url: str,
    account: LoadAccount,
    pages: Pages,
    rec: Recorder,
    formations: LoadFormations,
    applied: set[int],
    think: float,
) -> bool:
    """Catalogue → filters → details → apply → upload → transmit. True when transmitted.

    `applied` holds the formations this applicant already applied to: each journey takes
    a new one of the run's formations, so the server never refuses a duplicate."""
    cat = pages.catalogue
    assert cat is not None
    client = ReflexClient(url, cookies={pages.cookie_key: account.session_token})
    pause = lambda: asyncio.sleep(random.uniform(0, 2 * think))  # noqa: E731
    try:
        if await step(rec, "connect", _connect(client, "/formations", cat.state)) is None:
            return False
        if await step(rec, "echo", client.ping()) is None:
            return False
        await pause()
        word = random.choice(SEARCH_WORDS)
        # A browser sends no change event when the box already holds the word (and the
        # server, with nothing changed, sends no update to wait for).
        if word != client.var(cat.state, "text", ""):
            t = client.call_until(cat.event("set_text"), {"value": word}, cat.state)
            if await step(rec, "catalogue_filter", t) is None:
                return False
        await pause()
        t = client.call_until(cat.event("set_open_only"), {"value": True}, cat.state)
        if await step(rec, "catalogue_open_only", t) is None:
            return False
        await pause()
        t = client.call_until(cat.event("set_text"), {"value": formations.tag}, cat.state)
        if await step(rec, "catalogue_filter", t) is None:
            return False
        rows = client.var(cat.state, "rows", [])
        free = [
            r["id"]
            for r in rows
            if r.get("can_apply") and r["id"] in formations.ids and r["id"] not in applied
        ]
        if not free:
            return failed(rec, "catalogue_filter", f"aucune formation libre parmi {len(rows)}")
        formation_id = free[0]
        await pause()
        t = client.call_until(cat.event("toggle"), {"formation_id": formation_id}, cat.state)
        if await step(rec, "formation_detail", t) is None:
            return False
        await pause()
        before = len(client.frontend_events)
        applied.add(formation_id)
        payload = {"formation_id": formation_id}
        t = client.call_until_redirect(cat.event("apply"), payload, cat.state)
        if await step(rec, "apply", t) is None:
            return False
        redirects = [
            e["payload"].get("path", "")
            for e in client.frontend_events[before:]
            if e.get("name") == "_redirect"
        ]
        match = next((m for r in redirects if (m := APPLICATION_PATH.match(r))), None)
        if match is None:
            return failed(rec, "apply", client.var(cat.state, "message", ""))
        return await _application_steps(client, pages, rec, match.group(0), think)
    finally:
        await client.close()


async def _application_steps(
    client: ReflexClient, pages: Pages, rec: Recorder, path: str, think: float
) -> bool:
    """On /candidature/<id>: one PDF for each piece still missing, then transmit."""
    app = pages.application
    upload = _upload_handler(app) if app is not None else None
    if app is None or upload is None or not app.has("transmit"):
        return failed(rec, "application_page", "page candidature sans dépôt ni transmission")
    if (
        await step(
            rec,
            "application_page",
            client.navigate(path, names.route_params(path), substate=app.state),
        )
        is None
    ):
        return False
    missing = [
        d
        for d in client.var(app.state, "documents", [])
        if d.get("status") in MISSING and d.get("can_edit")
    ]
    for doc in missing:
        await asyncio.sleep(random.uniform(0, 2 * think))
        if app.has("choose_upload"):  # the page's single upload dialog serves this piece
            payload = {"document_type_id": doc["document_type_id"], "label": doc["label"]}
            t = client.call_until(app.event("choose_upload"), payload, app.state)
            if await step(rec, "choose_upload", t) is None:
                return False
        t = _upload_and_wait(client, app, upload, "releve.pdf", tiny_pdf())
        if await step(rec, "upload_pdf", t) is None:
            return False
        if client.var(app.state, "message_kind") == "error":
            return failed(rec, "upload_pdf", client.var(app.state, "message", ""))
    await asyncio.sleep(random.uniform(0, 2 * think))
    t = client.call_until(app.event("transmit"), None, app.state)
    if await step(rec, "transmit", t) is None:
        return False
    await client.settle()
    if client.var(app.state, "status") != "RE":
        return failed(rec, "transmit", client.var(app.state, "message", ""))
    return True


async def _upload_and_wait(
    client: ReflexClient, app: names.Handle, handler: str, filename: str, data: bytes
) -> float:
    """POST /_upload, then wait for the handler's result. The page's handler streams
    (`rx.upload_files_chunk`, a background event): the POST answers 202 `{}` once the body
    is read, and the result (uploading False, a message) comes as a socket update."""
    start = asyncio.get_running_loop().time()
    await client.upload(app.event(handler), filename, data)
    while client.var(app.state, "uploading", False) or not client.var(app.state, "message", ""):
        await client.until(app.state, timeout=60)
    return asyncio.get_running_loop().time() - start


async def _connect(client: ReflexClient, path: str, substate: str) -> float:
    """Hydrate the page and wait for its on_load data, like a first visit."""
    start = asyncio.get_running_loop().time()
    await client.connect(path)
    await client.until(substate)
    return asyncio.get_running_loop().time() - start


async def staff_watch(
    url: str, account: LoadAccount, pages: Pages, rec: Recorder, until: float
) -> None:
    """A staff member keeps the board open (its live loop pushes new applications), types
    in its search box every few seconds and checks the socket with an echo."""
    board = pages.board
    client = ReflexClient(url, cookies={pages.cookie_key: account.session_token})
    loop = asyncio.get_running_loop()
    words = ["charge", "", "client", ""]
    try:
        if board is not None:
            if await step(rec, "board_connect", _connect(client, "/gestion", board.state)) is None:
                return
        elif await step(rec, "connect", client.connect("/")) is None:
            return
        turn = 0
        while loop.time() < until:
            await asyncio.sleep(min(3.0, max(0.0, until - loop.time())))
            if loop.time() >= until:
                break
            rec.live_updates += client.count_updates(board.state if board else "")
            await step(rec, "echo", client.ping())
            if board is not None and board.has("set_text"):
                t = client.call_until(
                    board.event("set_text"), {"value": words[turn % len(words)]}, board.state
                )
                await step(rec, "board_filter", t)
            turn += 1
    finally:
        await client.close()
