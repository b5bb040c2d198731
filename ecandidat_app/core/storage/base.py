"""What every backend of the private store shares: the interface, the keys, and the
streamed receive (size capped WHILE reading, hashed, content-checked in a temp file).

Whatever the backend, an incoming file first lands in a local temp file: the content
check (pypdf, Pillow) needs a seekable file, and nothing reaches the store before it
passed. Storage keys are random hex, never derived from the user's file name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from ecandidat_app.core.errors import DomainError

CHUNK = 64 * 1024
TEMP_PREFIX = ".tmp-"
KEY_RE = re.compile(r"^[0-9a-f]{32}$")
SWEEP_AGE_S = 3600

# check(temp_path) -> the content type decided from the content, or a DomainError.
Check = Callable[[Path], str]


@dataclass(frozen=True)
class SavedFile:
    key: str
    size: int
    sha256: str
    content_type: str


@dataclass(frozen=True)
class SweepReport:
    orphans: int
    temps: int


class StorageBackend(Protocol):
    """One place where pieces live: a local directory or an S3-compatible bucket."""

    name: str

    def save_stream(self, source: BinaryIO, *, check: Check, max_bytes: int) -> SavedFile:
        """Receive, check and store `source` under a new key; nothing is left on refusal."""
        ...

    def open_read(self, key: str) -> BinaryIO:
        """The stored bytes as a stream (read in chunks); FileNotFoundError when absent."""
        ...

    def size(self, key: str) -> int | None:
        """The stored size, None when absent."""
        ...

    def local_path(self, key: str) -> Path | None:
        """The file on this machine when the store is a directory, else None."""
        ...

    def delete(self, key: str) -> None:
        """Remove a stored file; absent is fine."""
        ...

    def sweep(self, known: set[str], *, max_age_s: int, now: float) -> SweepReport:
        """Remove stored files no row points at and interrupted uploads, once older than
        `max_age_s` (younger ones may belong to a transaction not committed yet)."""
        ...


def check_key(key: str) -> str:
    """Refuses anything that is not one of our keys before it becomes a path or a name."""
    if not KEY_RE.match(key):
        raise ValueError("invalid storage key")
    return key


def new_key() -> str:
    return secrets.token_hex(16)


def too_big_message(max_bytes: int) -> str:
    return f"Le fichier dépasse la taille maximale de {max_bytes // (1024 * 1024)} Mo."


@dataclass(frozen=True)
class Spooled:
    path: Path
    size: int
    sha256: str
    content_type: str


@contextlib.contextmanager
def spool_checked(
    source: BinaryIO, folder: Path, key: str, *, check: Check, max_bytes: int, durable: bool
) -> Iterator[Spooled]:
    """`source` streamed into `folder/.tmp-<key>` (capped while reading, hashed, fsynced when
    `durable`), then checked. The temp file is removed on exit unless the caller moved it."""
    temp = folder / f"{TEMP_PREFIX}{key}"
    digest = hashlib.sha256()
    size = 0
    try:
        with open(temp, "xb") as out:
            os.chmod(temp, 0o600)
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise DomainError(too_big_message(max_bytes))
                digest.update(chunk)
                out.write(chunk)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        content_type = check(temp)
        yield Spooled(temp, size, digest.hexdigest(), content_type)
    finally:
        temp.unlink(missing_ok=True)


def sweep_temp_files(folder: Path, *, max_age_s: int, now: float) -> int:
    """Temp files of interrupted uploads (a killed process) older than `max_age_s`."""
    removed = 0
    if not folder.is_dir():
        return 0
    for path in folder.iterdir():
        if (
            path.is_file()
            and path.name.startswith(TEMP_PREFIX)
            and now - path.stat().st_mtime > max_age_s
        ):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
