"""Streamed uploads: the chunks Reflex hands a background handler (async, on the event loop)
become a file-like object that a worker thread reads, so the core's blocking
`documents.receive_file` checks, caps and stores each file WHILE the request arrives.

- The event loop never blocks: when the bounded queue is full the feeder awaits an
  asyncio event the reader sets after each take (or the reader's end).
- The queue is bounded: a slow disk slows the network read (backpressure), memory stays
  at a few chunks per upload.
- When the reader stops early (file too big, wrong type) the feeder learns it at once and
  `receive_files` returns; the handler returns too and Reflex stops reading the request
  (its upload endpoint answers 400). The rest of a 10 GB body is never read.
- If the request goes away mid-file (handler cancelled), the reader is woken with
  `UploadAborted`, so the store removes its temp file and no row is written.

Readers run in their own small pool, not in asyncio's default executor: a slow client
holds its reader thread for the whole upload, and must not starve the other pages' short
`asyncio.to_thread` calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import queue
from collections.abc import AsyncIterable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from ecandidat_app.core.i18n import N_, _

# Each running upload holds a thread for as long as its client sends (a slow phone at the
# deadline: minutes), but no database connection (`documents.receive_file` records the
# file in a short unit of work once it is stored): many uploads may arrive at once.
UPLOAD_THREADS = ThreadPoolExecutor(max_workers=64, thread_name_prefix="ecandidat-upload")
QUEUE_CHUNKS = 8
READ_TIMEOUT_S = 120.0

NOT_READ_TO_END = N_("Le fichier n'a pas été reçu en entier.")
# An upload with no file at all (a folder dropped, a browser that filtered the choice).
NOTHING_RECEIVED = N_("Aucun fichier n'a été reçu : choisissez un fichier PDF, JPG ou PNG.")

_END = object()
_ABORT = object()


class UploadAborted(Exception):
    """The sender went away (or stopped sending) in the middle of a file."""


class Chunk(Protocol):
    """What `rx.UploadChunk` carries (only what we use)."""

    @property
    def filename(self) -> str: ...

    @property
    def offset(self) -> int: ...

    @property
    def data(self) -> bytes: ...


class ChunkPipe:
    """One file's bytes, fed by the event loop (`feed`, `end`, `abort`) and read by one
    worker thread (`read`), through a bounded `queue.Queue`."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        *,
        maxsize: int = QUEUE_CHUNKS,
        read_timeout: float = READ_TIMEOUT_S,
    ) -> None:
        self._loop = loop
        self._queue: queue.Queue[Any] = queue.Queue(maxsize)
        self._room = asyncio.Event()
        self._read_timeout = read_timeout
        self._buffer = b""
        self._ended = False

    # --- reader side (worker thread) -------------------------------------------------
    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` bytes (all the rest when negative); b"" only at the end of the file.
        Raises UploadAborted when the request went away or sent nothing for too long."""
        if size is None or size < 0:
            parts = [self._buffer]
            self._buffer = b""
            while (item := self._take()) is not None:
                parts.append(item)
            return b"".join(parts)
        while not self._buffer:
            item = self._take()
            if item is None:
                return b""
            self._buffer = item
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def readable(self) -> bool:
        return True

    def _take(self) -> bytes | None:
        if self._ended:
            return None
        try:
            item = self._queue.get(timeout=self._read_timeout)
        except queue.Empty:
            raise UploadAborted("no data received in time") from None
        self._signal_room()
        if item is _END:
            self._ended = True
            return None
        if item is _ABORT:
            self._ended = True
            raise UploadAborted("the request went away")
        return item

    def _signal_room(self) -> None:
        # The loop may already be closed at shutdown: then nobody is feeding anyway.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._room.set)

    # --- feeder side (event loop) ----------------------------------------------------
    async def feed(self, data: bytes, reader: asyncio.Future[Any]) -> bool:
        """Hand `data` to the reader; False when the reader has finished (it reads no more)."""
        if not data:
            return not reader.done()
        return await self._put(data, reader)

    async def end(self, reader: asyncio.Future[Any]) -> bool:
        """The file is complete; False when the reader had already finished."""
        return await self._put(_END, reader)

    def abort(self) -> None:
        """Wake the reader with UploadAborted. Never blocks: drops unread chunks if full."""
        while True:
            try:
                self._queue.put_nowait(_ABORT)
                return
            except queue.Full:
                with contextlib.suppress(queue.Empty):
                    self._queue.get_nowait()

    async def _put(self, item: Any, reader: asyncio.Future[Any]) -> bool:
        while True:
            if reader.done():
                return False
            if self._try_put(item):
                return True
            # Clear, then try again before waiting: a take that happened in between
            # either left room now or will set the event after this clear.
            self._room.clear()
            if self._try_put(item):
                return True
            room = asyncio.ensure_future(self._room.wait())
            try:
                await asyncio.wait({room, reader}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                room.cancel()

    def _try_put(self, item: Any) -> bool:
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            return False
        return True


# store(filename, stream) -> None when stored, else the French reason of the refusal.
Store = Callable[[str, ChunkPipe], str | None]


@dataclass(frozen=True)
class FileResult:
    filename: str
    error: str | None  # the French refusal; None when the file was stored


class _FileJob:
    """One file of the request: its pipe and the worker thread storing it."""

    def __init__(self, filename: str, store: Store, executor: Executor, **pipe: Any) -> None:
        loop = asyncio.get_running_loop()
        self.filename = filename
        self.received = 0
        self.pipe = ChunkPipe(loop, **pipe)
        # The reader runs in the event's context: a refusal it raises speaks the user's
        # language (core/i18n's locale is a ContextVar, which a thread does not inherit).
        self.reader: asyncio.Future[str | None] = loop.run_in_executor(
            executor, contextvars.copy_context().run, store, filename, self.pipe
        )
        # A reader woken by abort() fails after nobody awaits it: its error is expected,
        # retrieve it so asyncio does not log "exception was never retrieved".
        self.reader.add_done_callback(lambda f: f.cancelled() or f.exception())

    def starts_next_file(self, chunk: Chunk) -> bool:
        return chunk.filename != self.filename or (chunk.offset == 0 and self.received > 0)

    async def result(self) -> FileResult:
        # Shielded: a cancelled handler must not cancel this future (the thread would run
        # on, unseen); the caller's cleanup aborts the pipe instead.
        error = await asyncio.shield(self.reader)
        return FileResult(self.filename, error)

    async def finish(self) -> FileResult:
        await self.pipe.end(self.reader)
        return await self.result()


async def receive_files(
    chunks: AsyncIterable[Chunk],
    store: Store,
    *,
    executor: Executor = UPLOAD_THREADS,
    maxsize: int = QUEUE_CHUNKS,
    read_timeout: float = READ_TIMEOUT_S,
) -> list[FileResult]:
    """Store each file of a streamed request with `store(filename, stream)`, run in a
    worker thread while its chunks arrive; the files come one after the other (a new
    name, or offset 0 again, starts the next one).

    Stops at the first refusal, without reading the rest of the request. An exception
    raised by `store` propagates (after its file was closed)."""
    results: list[FileResult] = []
    job: _FileJob | None = None
    try:
        async for chunk in chunks:
            if job is not None and job.starts_next_file(chunk):
                results.append(await job.finish())
                job = None
                if results[-1].error is not None:
                    return results
            if job is None:
                job = _FileJob(
                    chunk.filename, store, executor, maxsize=maxsize, read_timeout=read_timeout
                )
            job.received += len(chunk.data)
            if not await job.pipe.feed(chunk.data, job.reader):
                # The reader stopped before the end of its file: refused (or failed).
                result = await job.result()
                job = None
                results.append(FileResult(result.filename, result.error or _(NOT_READ_TO_END)))
                return results
        if job is not None:
            results.append(await job.finish())
            job = None
        return results
    finally:
        if job is not None and not job.reader.done():
            job.pipe.abort()  # cancelled or failed: the reader must not wait for more
