"""The private file store: applicants' files live under `settings.upload_dir` (never under
assets/ nor Reflex's public upload folder) and are served only by the authenticated route.

A file is streamed into a temp file inside the store (size capped WHILE reading), checked,
fsynced, hashed, then renamed into place with `os.replace`: a reader never sees a partial
file, and a process killed mid-upload leaves only a temp file the sweep removes. Storage
keys are random hex, never derived from the user's file name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session, select

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError

CHUNK = 64 * 1024
TEMP_PREFIX = ".tmp-"
KEY_RE = re.compile(r"^[0-9a-f]{32}$")
SWEEP_AGE_S = 3600


@dataclass(frozen=True)
class SavedFile:
    key: str
    size: int
    sha256: str
    content_type: str


def store_dir() -> Path:
    path = Path(get_settings().upload_dir or get_settings().data_dir / "files")
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def path_for(key: str) -> Path:
    """Where a stored file lives; refuses anything that is not one of our keys."""
    if not KEY_RE.match(key):
        raise ValueError("invalid storage key")
    return store_dir() / key[:2] / key


def too_big_message(max_bytes: int) -> str:
    return f"Le fichier dépasse la taille maximale de {max_bytes // (1024 * 1024)} Mo."


def save_stream(
    source: BinaryIO,
    *,
    check: Callable[[Path], str],
    max_bytes: int | None = None,
) -> SavedFile:
    """Stream `source` into the store. `check(temp_path)` returns the content type decided
    from the content, or raises DomainError; on any error the temp file is removed."""
    limit = max_bytes if max_bytes is not None else get_settings().upload_max_bytes
    root = store_dir()
    key = secrets.token_hex(16)
    temp = root / f"{TEMP_PREFIX}{key}"
    digest = hashlib.sha256()
    size = 0
    try:
        with open(temp, "xb") as out:
            os.chmod(temp, 0o600)
            while True:
                chunk = source.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise DomainError(too_big_message(limit))
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        content_type = check(temp)
        final = path_for(key)
        final.parent.mkdir(exist_ok=True, mode=0o700)
        os.replace(temp, final)
        _fsync_dir(final.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    return SavedFile(key=key, size=size, sha256=digest.hexdigest(), content_type=content_type)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def delete_file(key: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        path_for(key).unlink()


def delete_after_commit(s: Session, key: str) -> None:
    """Remove a file from disk once the transaction that dropped its row has committed
    (a rollback keeps it, so the row never points at a missing file)."""
    pending: list[str] = s.info.setdefault("storage_delete_after_commit", [])
    if not pending:
        from sqlalchemy import event

        def _commit(session: Session) -> None:
            for k in session.info.pop("storage_delete_after_commit", []):
                delete_file(k)

        def _rollback(session: Session, _previous: object) -> None:
            session.info.pop("storage_delete_after_commit", None)

        event.listen(s, "after_commit", _commit, once=True)
        event.listen(s, "after_soft_rollback", _rollback, once=True)
    pending.append(key)


@dataclass(frozen=True)
class SweepReport:
    orphans: int
    temps: int


def sweep_orphans(
    s: Session, *, max_age_s: int = SWEEP_AGE_S, now: float | None = None
) -> SweepReport:
    """Remove temp files older than `max_age_s` and stored files no row points at. A
    stored file is only swept once older than `max_age_s` too: a file renamed into place
    a moment ago may belong to a transaction that has not committed yet."""
    from ecandidat_app.core.models import Letter, StoredFile

    root = store_dir()
    current = time.time() if now is None else now
    known = set(s.exec(select(StoredFile.storage_key)).all())
    known |= set(s.exec(select(Letter.storage_key)).all())
    orphans = temps = 0
    for path in root.iterdir():
        if path.is_file() and path.name.startswith(TEMP_PREFIX):
            if current - path.stat().st_mtime > max_age_s:
                path.unlink(missing_ok=True)
                temps += 1
            continue
        if not path.is_dir() or len(path.name) != 2:
            continue
        for item in path.iterdir():
            if not item.is_file() or not KEY_RE.match(item.name) or item.name in known:
                continue
            if current - item.stat().st_mtime > max_age_s:
                item.unlink(missing_ok=True)
                orphans += 1
    return SweepReport(orphans=orphans, temps=temps)
