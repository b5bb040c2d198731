"""The local backend (the default): files under `settings.upload_dir` (never under assets/
nor Reflex's public upload folder), as `<key[:2]>/<key>`.

A file is streamed into a temp file inside the store, checked, fsynced, hashed, then
renamed into place with `os.replace`: a reader never sees a partial file, and a process
killed mid-upload leaves only a temp file the sweep removes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.storage.base import (
    KEY_RE,
    Check,
    SavedFile,
    SweepReport,
    check_key,
    new_key,
    spool_checked,
    sweep_temp_files,
)


def store_dir() -> Path:
    path = Path(get_settings().upload_dir or get_settings().data_dir / "files")
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def path_for(key: str) -> Path:
    """Where a stored file lives; refuses anything that is not one of our keys."""
    return store_dir() / check_key(key)[:2] / key


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalStore:
    name = "local"

    def save_stream(self, source: BinaryIO, *, check: Check, max_bytes: int) -> SavedFile:
        key = new_key()
        with spool_checked(
            source, store_dir(), key, check=check, max_bytes=max_bytes, durable=True
        ) as spooled:
            final = path_for(key)
            final.parent.mkdir(exist_ok=True, mode=0o700)
            os.replace(spooled.path, final)
            _fsync_dir(final.parent)
        return SavedFile(key, spooled.size, spooled.sha256, spooled.content_type)

    def open_read(self, key: str) -> BinaryIO:
        return open(path_for(key), "rb")

    def size(self, key: str) -> int | None:
        path = path_for(key)
        return path.stat().st_size if path.is_file() else None

    def local_path(self, key: str) -> Path | None:
        return path_for(key)

    def delete(self, key: str) -> None:
        path_for(key).unlink(missing_ok=True)

    def sweep(self, known: set[str], *, max_age_s: int, now: float) -> SweepReport:
        root = store_dir()
        temps = sweep_temp_files(root, max_age_s=max_age_s, now=now)
        orphans = 0
        for folder in root.iterdir():
            if not folder.is_dir() or len(folder.name) != 2:
                continue
            for item in folder.iterdir():
                if not item.is_file() or not KEY_RE.match(item.name) or item.name in known:
                    continue
                if now - item.stat().st_mtime > max_age_s:
                    item.unlink(missing_ok=True)
                    orphans += 1
        return SweepReport(orphans=orphans, temps=temps)
