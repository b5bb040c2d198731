"""What one simulated person does. Each step is timed from the event sent to the update
that carries its result, as a browser would see it."""

from __future__ import annotations

import asyncio
import random
import re
from dataclasses import dataclass, field

from loadtest import names
from loadtest.fixtures import LoadAccount, LoadFormations
from loadtest.protocol import ConnectionDropped, ReflexClient
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


class ConnectionLost(Exception):
    """The socket dropped while `step` was in flight (a client that reconnects resumes)."""

    def __init__(self, step: str) -> None:
        super().__init__(step)
        self.step = step


def _dropped(name: str, exc: BaseException) -> bool:
    """A failure that means "the server went away", not "the server answered wrong"."""
    import httpx
    import websockets

    gone = (ConnectionDropped, websockets.ConnectionClosed, ConnectionError, httpx.TransportError)
    # A server starting up accepts the TCP connection before its workers answer.
    return isinstance(exc, gone) or (name.endswith("connect") and isinstance(exc, TimeoutError))


async def step(rec: Recorder, name: str, coro, *, reconnects: bool = False) -> float | None:  # type: ignore[no-untyped-def]
    try:
        seconds = await coro
    except Exception as exc:
        if reconnects and _dropped(name, exc):
            rec.interrupted[name] += 1
            raise ConnectionLost(name) from exc
        rec.error(name, exc)
        return None
    rec.add(name, seconds)
    return seconds


def failed(rec: Recorder, name: str, message: str) -> bool:
    """A step the server answered but refused (a French message instead of the result)."""
    rec.error(name, RuntimeError(message or "refusé sans message"))
    return False


@dataclass
class _Progress:
    """Where a journey is, to resume it after a reconnection like the person would."""

    formation_id: int | None = None  # apply sent (or about to be) for this formation
    application_path: str | None = None
    lost_step: str | None = None  # in flight when the socket dropped
    resumes: int = 0

    def settle(self, rec: Recorder, *, done_by_server: bool) -> None:
        """After the reconnection: the lost step's result is there, or it is sent again."""
        if self.lost_step is not None:
            counts = rec.finished_by_server if done_by_server else rec.retried
            counts[self.lost_step] += 1
            self.lost_step = None


MAX_RESUMES = 5


@dataclass
class _Trip:
    """One journey: the tab, the person, what the run gives it and records."""

    client: ReflexClient
    account: LoadAccount
    pages: Pages
    rec: Recorder
    formations: LoadFormations
    applied: set[int]
    think: float
    reconnects: bool
    progress: _Progress = field(default_factory=_Progress)

    def timed(self, name: str, coro):  # type: ignore[no-untyped-def]
        return step(self.rec, name, coro, reconnects=self.reconnects)

    def pause(self):  # type: ignore[no-untyped-def]
        return asyncio.sleep(random.uniform(0, 2 * self.think))


async def applicant_journey(
    url: str,
    account: LoadAccount,
    pages: Pages,
    rec: Recorder,
    formations: LoadFormations,
    applied: set[int],
    think: float,
    *,
    reconnect: bool = False,
) -> bool:
    """Catalogue → filters → details → apply → upload → transmit. True when transmitted.

    `applied` holds the formations this applicant already applied to: each journey takes
    a new one of the run's formations, so the server never refuses a duplicate.

    With `reconnect`, a dropped socket is what the browser makes of it: connect again
    (same token, same page, backoff), then the person goes on from where the page shows
    they are; the step in flight is counted as finished by the server or sent again."""
    client = ReflexClient(url, cookies={pages.cookie_key: account.session_token})
    trip = _Trip(client, account, pages, rec, formations, applied, think, reconnect)
    progress = trip.progress
    try:
        while True:
            try:
                return await _journey(trip)
            except ConnectionLost as lost:
                progress.lost_step, progress.resumes = lost.step, progress.resumes + 1
                if progress.resumes > MAX_RESUMES:
                    return failed(rec, lost.step, "connexion perdue trop souvent")
                rec.reconnects += 1
                try:
                    attempts = await client.reconnect()  # (not `+= await`: a race)
                    rec.reconnect_attempts += attempts
                except Exception as exc:  # noqa: BLE001  the server never came back
                    rec.error("reconnect", exc)
                    return False
    finally:
        await client.close()


async def _journey(trip: _Trip) -> bool:
    progress = trip.progress
    if progress.application_path is None:
        if progress.formation_id is None:
            chosen = await _catalogue_steps(trip)
            if chosen is None:
                return False
            progress.formation_id = chosen
        else:  # the socket dropped around `apply`: did the server make the application?
            from loadtest.fixtures import application_of

            existing = application_of(trip.account.account_id, progress.formation_id)
            progress.settle(trip.rec, done_by_server=existing is not None)
            if existing is not None:
                progress.application_path = f"/candidature/{existing}"
        if progress.application_path is None:
            path = await _apply(trip, progress.formation_id)
            if path is None:
                return False
            progress.application_path = path
    return await _application_steps(trip, progress.application_path)


async def _catalogue_steps(trip: _Trip) -> int | None:
    """Open the catalogue, filter, find a formation not applied to yet, open it."""
    client, rec, progress, formations = trip.client, trip.rec, trip.progress, trip.formations
    timed, pause = trip.timed, trip.pause
    cat = trip.pages.catalogue
    assert cat is not None
    if progress.lost_step is None:
        if await timed("connect", _connect(client, "/formations", cat.state)) is None:
            return None
    else:  # reconnected on /formations: the filters are sent again
        progress.settle(rec, done_by_server=False)
        await client.until(cat.state)
    if await timed("echo", client.ping()) is None:
        return None
    await pause()
    word = random.choice(SEARCH_WORDS)
    # A browser sends no change event when the box already holds the word (and the
    # server, with nothing changed, sends no update to wait for).
    if word != client.var(cat.state, "text", ""):
        t = client.call_until(cat.event("set_text"), {"value": word}, cat.state)
        if await timed("catalogue_filter", t) is None:
            return None
    await pause()
    t = client.call_until(cat.event("set_open_only"), {"value": True}, cat.state)
    if await timed("catalogue_open_only", t) is None:
        return None
    await pause()
    t = client.call_until(cat.event("set_text"), {"value": formations.tag}, cat.state)
    if await timed("catalogue_filter", t) is None:
        return None
    rows = client.var(cat.state, "rows", [])
    free = [
        r["id"]
        for r in rows
        if r.get("can_apply") and r["id"] in formations.ids and r["id"] not in trip.applied
    ]
    if not free:
        failed(rec, "catalogue_filter", f"aucune formation libre parmi {len(rows)}")
        return None
    formation_id = free[0]
    await pause()
    t = client.call_until(cat.event("toggle"), {"formation_id": formation_id}, cat.state)
    if await timed("formation_detail", t) is None:
        return None
    await pause()
    trip.applied.add(formation_id)
    return formation_id


async def _apply(trip: _Trip, formation_id: int) -> str | None:
    """Apply; the path of the new application the server redirects to, or None."""
    client, rec = trip.client, trip.rec
    cat = trip.pages.catalogue
    assert cat is not None
    before = len(client.frontend_events)
    payload = {"formation_id": formation_id}
    t = client.call_until_redirect(cat.event("apply"), payload, cat.state, refusal="refusal")
    if await trip.timed("apply", t) is None:
        return None
    redirects = [
        e["payload"].get("path", "")
        for e in client.frontend_events[before:]
        if e.get("name") == "_redirect"
    ]
    match = next((m for r in redirects if (m := APPLICATION_PATH.match(r))), None)
    if match is None:
        failed(
            rec,
            "apply",
            client.var(cat.state, "refusal", "") or client.var(cat.state, "message", ""),
        )
        return None
    return match.group(0)


def _result_shown(lost_step: str | None, missing: list[dict], transmitted: bool) -> bool:
    """Whether the page, reopened after a reconnection, shows the lost step's result."""
    if lost_step in ("choose_upload", "upload_pdf"):
        return not missing
    return lost_step == "transmit" and transmitted


async def _application_steps(trip: _Trip, path: str) -> bool:
    """On /candidature/<id>: one PDF for each piece still missing, then transmit."""
    client, rec, progress, timed = trip.client, trip.rec, trip.progress, trip.timed
    app = trip.pages.application
    upload = _upload_handler(app) if app is not None else None
    if app is None or upload is None or not app.has("transmit"):
        return failed(rec, "application_page", "page candidature sans dépôt ni transmission")
    opened = client.navigate(path, names.route_params(path), substate=app.state)
    if await timed("application_page", opened) is None:
        return False
    missing = [
        d
        for d in client.var(app.state, "documents", [])
        if d.get("status") in MISSING and d.get("can_edit")
    ]
    transmitted = client.var(app.state, "status") == "RE"
    progress.settle(rec, done_by_server=_result_shown(progress.lost_step, missing, transmitted))
    if transmitted:
        return True
    for doc in missing:
        await trip.pause()
        if app.has("choose_upload"):  # the page's single upload dialog serves this piece
            payload = {"document_type_id": doc["document_type_id"], "label": doc["label"]}
            t = client.call_until(app.event("choose_upload"), payload, app.state)
            if await timed("choose_upload", t) is None:
                return False
        t = _upload_and_wait(client, app, upload, "releve.pdf", tiny_pdf())
        if await timed("upload_pdf", t) is None:
            return False
        if client.var(app.state, "message_kind") == "error":
            return failed(rec, "upload_pdf", client.var(app.state, "message", ""))
    await trip.pause()
    t = client.call_until(app.event("transmit"), None, app.state)
    if await timed("transmit", t) is None:
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
    url: str,
    account: LoadAccount,
    pages: Pages,
    rec: Recorder,
    until: float,
    *,
    reconnect: bool = False,
) -> None:
    """A staff member keeps the board open (its live loop pushes new applications), types
    in its search box every few seconds and checks the socket with an echo. With
    `reconnect`, a dropped socket is reconnected like the browser does, and the watch goes on."""
    client = ReflexClient(url, cookies={pages.cookie_key: account.session_token})
    try:
        while True:
            try:
                await _watch_board(client, pages, rec, until, reconnect)
                return
            except ConnectionLost as lost:
                rec.reconnects += 1
                rec.retried[lost.step] += 1
                try:
                    attempts = await client.reconnect()  # (not `+= await`: a race)
                    rec.reconnect_attempts += attempts
                except Exception as exc:  # noqa: BLE001  the server never came back
                    rec.error("reconnect", exc)
                    return
    finally:
        await client.close()


async def _watch_board(
    client: ReflexClient, pages: Pages, rec: Recorder, until: float, reconnects: bool
) -> None:
    board = pages.board
    loop = asyncio.get_running_loop()
    words = ["charge", "", "client", ""]

    def timed(name: str, coro):  # type: ignore[no-untyped-def]
        return step(rec, name, coro, reconnects=reconnects)

    if client.closed:  # first time (a reconnected client is already on its page)
        if board is not None:
            if await timed("board_connect", _connect(client, "/gestion", board.state)) is None:
                return
        elif await timed("connect", client.connect("/")) is None:
            return
    turn = 0
    while loop.time() < until:
        await asyncio.sleep(min(3.0, max(0.0, until - loop.time())))
        if loop.time() >= until:
            break
        rec.live_updates += client.count_updates(board.state if board else "")
        await timed("echo", client.ping())
        if board is not None and board.has("set_text"):
            t = client.call_until(
                board.event("set_text"), {"value": words[turn % len(words)]}, board.state
            )
            await timed("board_filter", t)
        turn += 1
