"""The private file store: one interface (`base.StorageBackend`), two backends chosen by
`ECANDIDAT_STORAGE`: `local` (a directory, the default; local.py) or `s3` (an
S3-compatible bucket shared by several machines; s3.py). Every reader and writer of
stored pieces goes through the functions below, never through a path.

Files are served only by the authenticated routes (web/api.py); a row commits after its
file is stored; orphans and interrupted uploads are swept (sweep.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import IO, BinaryIO

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.storage.base import (
    CHUNK,
    KEY_RE,
    SWEEP_AGE_S,
    TEMP_PREFIX,
    Check,
    SavedFile,
    StorageBackend,
    SweepReport,
    too_big_message,
)
from ecandidat_app.core.storage.commit import delete_after_commit
from ecandidat_app.core.storage.copies import LocalCopies
from ecandidat_app.core.storage.local import LocalStore, path_for, store_dir
from ecandidat_app.core.storage.sweep import sweep_orphans

__all__ = [
    "CHUNK",
    "KEY_RE",
    "SWEEP_AGE_S",
    "TEMP_PREFIX",
    "LocalCopies",
    "SavedFile",
    "StorageBackend",
    "SweepReport",
    "backend",
    "copy_to",
    "delete_after_commit",
    "delete_file",
    "iter_chunks",
    "open_read",
    "path_for",
    "read_bytes",
    "save_stream",
    "size_of",
    "store_dir",
    "sweep_orphans",
    "too_big_message",
]


def backend() -> StorageBackend:
    """The backend the settings name (read at each call: tests switch settings)."""
    settings = get_settings()
    if settings.storage == "s3":
        from ecandidat_app.core.storage.s3 import S3Store

        return S3Store(settings)
    return LocalStore()


def save_stream(source: BinaryIO, *, check: Check, max_bytes: int | None = None) -> SavedFile:
    """Stream `source` into the store. `check(temp_path)` returns the content type decided
    from the content, or raises DomainError; on any error nothing is left behind."""
    limit = max_bytes if max_bytes is not None else get_settings().upload_max_bytes
    return backend().save_stream(source, check=check, max_bytes=limit)


def open_read(key: str) -> BinaryIO:
    """The stored bytes as a stream; FileNotFoundError when the file is gone."""
    return backend().open_read(key)


def iter_chunks(key: str, chunk: int = CHUNK) -> Iterator[bytes]:
    """The stored bytes chunk by chunk (an HTTP response body), the stream closed at the end."""
    with open_read(key) as source:
        while data := source.read(chunk):
            yield data


def copy_to(key: str, target: IO[bytes]) -> None:
    with open_read(key) as source:
        shutil.copyfileobj(source, target, CHUNK)


def read_bytes(key: str) -> bytes:
    """A whole small file (a letter attached to an e-mail, which carries it whole anyway)."""
    with open_read(key) as source:
        return source.read()


def size_of(key: str) -> int | None:
    return backend().size(key)


def delete_file(key: str) -> None:
    backend().delete(key)
