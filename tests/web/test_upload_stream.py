"""The pipe between Reflex's streamed upload chunks (event loop) and a blocking reader in a
worker thread: bytes arrive intact, files one after the other, a refusal stops the feeding
at once, a cancelled request wakes the reader, and the event loop is never blocked. Then
the page's streaming handler against a real database and private store: a PDF is stored,
an oversized file is refused before the request is read to its end, another applicant's
dossier is refused before any byte is read."""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import Session, func, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core import config, storage
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import StoredFile
from ecandidat_app.web.pages.application import ApplicationState
from ecandidat_app.web.upload_stream import (
    NOT_READ_TO_END,
    ChunkPipe,
    FileResult,
    UploadAborted,
    receive_files,
)
from tests.web.harness import page_state

KB = 1024


@dataclass(frozen=True)
class FakeChunk:  # rx.UploadChunk's fields
    filename: str
    offset: int
    data: bytes
    content_type: str = "application/pdf"


class Source:
    """An async chunk iterator like Reflex's, counting what was taken from it."""

    def __init__(self, files: list[tuple[str, bytes]], size: int = 64 * KB) -> None:
        self.chunks = [
            FakeChunk(name, off, data[off : off + size])
            for name, data in files
            for off in (range(0, len(data), size) if data else [0])
        ]
        self.taken = 0

    def __aiter__(self) -> AsyncIterator[FakeChunk]:
        return self._gen()

    async def _gen(self) -> AsyncIterator[FakeChunk]:
        for chunk in self.chunks:
            self.taken += 1
            yield chunk
            await asyncio.sleep(0)  # a network read in between


class Recorder:
    """A store that reads like storage.save_stream (64 KB reads until b"")."""

    def __init__(self, refuse_after: int | None = None, delay: float = 0.0) -> None:
        self.received: dict[str, bytes] = {}
        self.threads: set[str] = set()
        self.refuse_after = refuse_after
        self.delay = delay

    def __call__(self, filename: str, stream: Any) -> str | None:
        self.threads.add(threading.current_thread().name)
        got = bytearray()
        while chunk := stream.read(64 * KB):
            got += chunk
            if self.delay:
                time.sleep(self.delay)  # a slow disk
            if self.refuse_after is not None and len(got) > self.refuse_after:
                return "Le fichier dépasse la taille maximale de 1 Mo."
        self.received[filename] = bytes(got)
        return None


@pytest.fixture
def pool() -> Any:
    executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="test-upload")
    yield executor
    executor.shutdown(wait=True, cancel_futures=True)


def _bytes(n: int, seed: str) -> bytes:
    block = hashlib.sha256(seed.encode()).digest()
    return (block * (n // len(block) + 1))[:n]


async def test_bytes_arrive_intact_in_a_worker_thread(pool: Any) -> None:
    data = _bytes(1_000_003, "a")
    source = Source([("releve.pdf", data)], size=7_919)  # odd sizes: reads span chunks
    store = Recorder()
    results = await receive_files(source, store, executor=pool)
    assert results == [FileResult("releve.pdf", None)]
    assert store.received["releve.pdf"] == data
    assert store.threads and all(t.startswith("test-upload") for t in store.threads)
    assert source.taken == len(source.chunks)


async def test_several_files_one_after_the_other(pool: Any) -> None:
    files = [("a.pdf", _bytes(300 * KB, "a")), ("b.png", _bytes(10, "b")), ("c.pdf", b"")]
    store = Recorder()
    results = await receive_files(Source(files), store, executor=pool)
    assert [r.filename for r in results] == ["a.pdf", "b.png", "c.pdf"]
    assert all(r.error is None for r in results)
    assert store.received == dict(files)


async def test_same_name_twice_is_two_files(pool: Any) -> None:
    """Two files of the same name (from two folders): offset 0 again starts the next."""
    files = [("cv.pdf", _bytes(200 * KB, "1")), ("cv.pdf", _bytes(100 * KB, "2"))]
    seen: list[bytes] = []

    def store(_filename: str, stream: Any) -> None:
        seen.append(stream.read())

    results = await receive_files(Source(files), store, executor=pool)
    assert len(results) == 2
    assert seen == [files[0][1], files[1][1]]


async def test_a_refusal_stops_reading_the_request(pool: Any) -> None:
    """The store refuses after 1 MB of a 50 MB file: almost nothing more is taken."""
    big = _bytes(50 * 1024 * KB, "big")
    source = Source([("gros.pdf", big), ("apres.pdf", b"%PDF")])
    store = Recorder(refuse_after=1024 * KB)
    results = await receive_files(source, store, executor=pool, maxsize=4)
    assert results == [FileResult("gros.pdf", "Le fichier dépasse la taille maximale de 1 Mo.")]
    # 1 MB read + the queue (4 chunks) + one chunk in hand: not the 800 chunks of 50 MB.
    assert source.taken <= 1024 // 64 + 4 + 3
    assert "apres.pdf" not in store.received


async def test_a_refused_file_stops_before_the_next_files(pool: Any) -> None:
    files = [("ok.pdf", b"%PDF-1"), ("virus.pdf", b"MZ" * 10), ("jamais.pdf", b"%PDF-2")]

    def store(_filename: str, stream: Any) -> str | None:
        data = stream.read()
        return "Seuls les fichiers PDF, JPG et PNG sont acceptés." if data[:2] == b"MZ" else None

    results = await receive_files(Source(files), store, executor=pool)
    assert results == [
        FileResult("ok.pdf", None),
        FileResult("virus.pdf", "Seuls les fichiers PDF, JPG et PNG sont acceptés."),
    ]


async def test_a_reader_that_raises_midway_propagates_without_deadlock(pool: Any) -> None:
    source = Source([("a.pdf", _bytes(2048 * KB, "x"))])

    def store(_filename: str, stream: Any) -> None:
        stream.read(64 * KB)
        raise OSError("disque plein")

    with pytest.raises(OSError, match="disque plein"):
        await asyncio.wait_for(receive_files(source, store, executor=pool, maxsize=2), 10)
    assert source.taken < len(source.chunks)


async def test_a_store_that_stops_reading_without_refusing_is_an_error(pool: Any) -> None:
    source = Source([("a.pdf", _bytes(1024 * KB, "x"))])

    def store(_filename: str, stream: Any) -> None:
        stream.read(10)  # a bug: returns as if stored, the rest unread

    results = await asyncio.wait_for(receive_files(source, store, executor=pool), 10)
    assert results == [FileResult("a.pdf", NOT_READ_TO_END)]


async def test_cancelled_request_wakes_the_reader(pool: Any) -> None:
    """The client went away: Reflex cancels the handler; the reader gets UploadAborted
    (so add_file removes its temp file) instead of waiting forever."""
    outcome: list[BaseException] = []
    reading = threading.Event()

    def store(_filename: str, stream: Any) -> None:
        reading.set()
        try:
            while stream.read(64 * KB):
                pass
        except UploadAborted as exc:
            outcome.append(exc)
            raise

    class Stalls:
        def __aiter__(self) -> AsyncIterator[FakeChunk]:
            return self._gen()

        async def _gen(self) -> AsyncIterator[FakeChunk]:
            yield FakeChunk("a.pdf", 0, b"%PDF" * 100)
            await asyncio.sleep(3600)  # the network stalls
            yield FakeChunk("a.pdf", 400, b"x")

    task = asyncio.ensure_future(receive_files(Stalls(), store, executor=pool))
    await asyncio.to_thread(reading.wait, 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await _until(lambda: bool(outcome))
    assert isinstance(outcome[0], UploadAborted)


async def test_silent_sender_times_out() -> None:
    loop = asyncio.get_running_loop()
    pipe = ChunkPipe(loop, read_timeout=0.2)
    with pytest.raises(UploadAborted):
        await asyncio.to_thread(pipe.read, 10)


async def test_the_event_loop_keeps_running_while_the_reader_is_slow(pool: Any) -> None:
    """A slow disk fills the queue: the feeder waits without blocking the loop."""
    source = Source([("a.pdf", _bytes(40 * 64 * KB, "s"))])
    store = Recorder(delay=0.01)
    ticks = 0
    longest_gap = 0.0

    async def heartbeat() -> None:
        nonlocal ticks, longest_gap
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            longest_gap = max(longest_gap, now - last)
            last, ticks = now, ticks + 1

    beat = asyncio.ensure_future(heartbeat())
    try:
        results = await asyncio.wait_for(receive_files(source, store, executor=pool, maxsize=2), 30)
    finally:
        beat.cancel()
    assert results == [FileResult("a.pdf", None)]
    assert ticks > 20 and longest_gap < 0.25


async def test_many_uploads_at_once_on_a_small_pool_do_not_deadlock(pool: Any) -> None:
    """Six uploads, two reader threads: the others wait their turn (backpressure)."""
    stores = [Recorder(delay=0.001) for _ in range(6)]
    sources = [Source([(f"f{i}.pdf", _bytes(512 * KB, str(i)))]) for i in range(6)]
    results = await asyncio.wait_for(
        asyncio.gather(
            *(
                receive_files(s, r, executor=pool, maxsize=2)
                for s, r in zip(sources, stores, strict=True)
            )
        ),
        30,
    )
    assert all(r == [FileResult(f"f{i}.pdf", None)] for i, r in enumerate(results))
    assert all(len(s.received[f"f{i}.pdf"]) == 512 * KB for i, s in enumerate(stores))


async def test_abort_never_blocks_on_a_full_queue() -> None:
    loop = asyncio.get_running_loop()
    pipe = ChunkPipe(loop, maxsize=1)
    never_done: asyncio.Future[None] = loop.create_future()
    assert await pipe.feed(b"un", never_done)
    pipe.abort()  # the queue is full: the unread chunk is dropped for the abort mark
    with pytest.raises(UploadAborted):
        await asyncio.to_thread(pipe.read, 10)


async def _until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)


# --- the page's handler ---------------------------------------------------------------


def _page(token: str, application_id: int, doc_type_id: int) -> Any:
    """ApplicationState as a tab has it after opening the dossier and clicking (+)."""
    url = f"/candidature/{application_id}"
    query = {"application_id": str(application_id)}
    st = page_state(ApplicationState, url, token=token, query=query)
    ApplicationState.event_handlers["load"].fn(st)
    ApplicationState.event_handlers["choose_upload"].fn(st, doc_type_id, "Relevés de notes")
    return st


async def _send(st: Any, source: Source) -> None:
    """What Reflex does with the request: run the background handler on the chunks (a
    plain state stands in for the proxy: `async with self` is a no-op on it)."""
    await ApplicationState.event_handlers["upload"].fn(st, source)


@pytest.fixture
def dossier(session: Session) -> tuple[Any, Any, Any]:
    from tests.core import dossier_world as dw

    clock = FixedClock(datetime.now(UTC))  # the page runs on the system clock
    w = dw.build(session, clock)
    app = dw.apply(session, w, clock)
    return w, app, dw


def _stored(session: Session) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(StoredFile)).one()


async def test_page_stores_a_streamed_pdf(session: Session, dossier: Any) -> None:
    w, app, dw = dossier
    token = sessions.open_session(session, w.applicant.id)
    session.commit()
    st = _page(token, app.id, w.transcript.id)
    source = Source([("relevé.pdf", dw.pdf_bytes())], size=100)
    await _send(st, source)
    assert st.message_kind == "success" and st.message == "Fichier ajouté.", st.message
    assert not st.upload_open and not st.uploading and st.upload_error == ""
    transcript = next(d for d in st.documents if d.document_type_id == w.transcript.id)
    assert [f.name for f in transcript.files] == ["relevé.pdf"]
    assert source.taken == len(source.chunks)


async def test_page_refuses_an_oversized_file_while_it_streams(
    session: Session, dossier: Any, settings: config.Settings
) -> None:
    w, app, dw = dossier
    settings.upload_max_bytes = 256 * KB
    token = sessions.open_session(session, w.applicant.id)
    session.commit()
    st = _page(token, app.id, w.transcript.id)
    big = dw.pdf_bytes() + b"0" * (20 * 1024 * KB)
    source = Source([("gros.pdf", big)])
    await _send(st, source)
    assert "dépasse la taille maximale" in st.upload_error
    assert st.message == st.upload_error and st.message_kind == "error"
    assert st.upload_open and not st.uploading  # the dialog stays, with its error
    # Stopped after about the cap: 256 KB + the queue, not the 20 MB (320 chunks).
    assert source.taken < 20, source.taken
    assert _stored(session) == 0
    assert not [p for p in storage.store_dir().rglob("*") if p.is_file()]


async def test_page_refuses_another_applicants_dossier_before_reading(
    session: Session, dossier: Any
) -> None:
    from tests import factories

    w, app, dw = dossier
    other = factories.applicant(session, w.campaign, email="autre@example.org")
    session.commit()
    token = sessions.open_session(session, other.id)
    session.commit()
    st = _page(token, app.id, w.transcript.id)
    source = Source([("pirate.pdf", dw.pdf_bytes())])
    await _send(st, source)
    assert "pas accès" in st.upload_error
    assert source.taken == 0
    assert _stored(session) == 0


async def test_page_stores_several_files_of_one_request(session: Session, dossier: Any) -> None:
    w, app, dw = dossier
    token = sessions.open_session(session, w.applicant.id)
    session.commit()
    st = _page(token, app.id, w.transcript.id)
    files = [("s1.pdf", dw.pdf_bytes()), ("s2.png", dw.image_bytes())]
    await _send(st, Source(files, size=500))
    assert st.message == "2 fichiers ajoutés.", st.message
    transcript = next(d for d in st.documents if d.document_type_id == w.transcript.id)
    assert sorted(f.name for f in transcript.files) == ["s1.pdf", "s2.png"]
    # A progress report arriving after the answer does not bring the bar back.
    ApplicationState.event_handlers["on_progress"].fn(st, {"progress": 0.9})
    assert not st.uploading and st.progress == 0
