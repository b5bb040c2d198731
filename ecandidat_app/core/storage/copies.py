"""Stored pieces as files on this machine, for the libraries that need a seekable file
(pypdf, fpdf2's images): the local backend's own file, or an object of the bucket
streamed once into a temp file that goes when the block ends."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from types import TracebackType

from ecandidat_app.core.config import get_settings


class LocalCopies(contextlib.AbstractContextManager["LocalCopies"]):
    """`with LocalCopies() as copies: copies.path(key)`; each key is fetched once."""

    def __init__(self) -> None:
        self._paths: dict[str, Path] = {}
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def path(self, key: str) -> Path:
        from ecandidat_app.core.storage import backend, copy_to

        if key in self._paths:
            return self._paths[key]
        local = backend().local_path(key)
        if local is None:
            if self._folder is None:
                parent = get_settings().data_dir / "tmp"
                parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                self._folder = tempfile.TemporaryDirectory(dir=parent, prefix="copies-")
            local = Path(self._folder.name) / key
            with open(local, "wb") as out:
                copy_to(key, out)
        self._paths[key] = local
        return local

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._folder is not None:
            self._folder.cleanup()
        self._paths.clear()
