"""A ZIP of the dossiers of a selection (the board's bulk action, 200 at most), streamed:
each dossier is built in a temp file, copied into the archive in chunks that are handed to
the HTTP response as they are written, then deleted. Memory holds one dossier's pieces at a
time, never the archive. Each dossier is authorised on its own, with a fresh read of the
account (a dossier out of scope is left out and named in LISEZMOI.txt, with the same words
as a dossier that does not exist).
"""

from __future__ import annotations

import contextlib
import gc
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from sqlmodel import Session

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.documents.dossier_pdf import build_dossier_pdf
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Account

MAX_DOSSIERS = 200
CHUNK = 256 * 1024
TOO_MANY = N_("Vous pouvez télécharger au plus {count} dossiers à la fois : réduisez la sélection.")
NONE_SELECTED = N_("Sélectionnez au moins un dossier.")
LEFT_OUT = (
    "Dossiers non inclus (inexistants, hors de votre périmètre ou illisibles), "
    "par numéro interne : "
)


def selection(ids: list[int]) -> list[int]:
    """The ids in order, without repeats; a refusal when none or over 200."""
    unique = list(dict.fromkeys(ids))
    if not unique:
        raise DomainError(_(NONE_SELECTED))
    if len(unique) > MAX_DOSSIERS:
        raise DomainError(_(TOO_MANY).format(count=MAX_DOSSIERS))
    return unique


class _Sink:
    """A write-only stream: zipfile writes into it, the generator takes what piled up.
    It has no `tell`/`seek`, so zipfile writes data descriptors (streaming mode)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def temp_dir() -> Path:
    path = get_settings().data_dir / "tmp"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def stream_dossiers_zip(
    session_factory: Callable[[], AbstractContextManager[Session]],
    account_id: int,
    application_ids: list[int],
) -> Iterator[bytes]:
    """The archive, chunk by chunk. `session_factory()` opens one unit of work."""
    ids = selection(application_ids)
    sink = _Sink()
    left_out: list[int] = []
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, application_id in enumerate(ids, start=1):
            with tempfile.NamedTemporaryFile(dir=temp_dir(), suffix=".pdf") as tmp:
                name = _build(session_factory, account_id, application_id, Path(tmp.name))
                gc.collect()  # pypdf's object graphs are cycles: free each dossier's now
                if name is None:
                    left_out.append(application_id)
                    continue
                with (
                    archive.open(f"{number:03d}-{name}", "w") as entry,
                    open(tmp.name, "rb") as src,
                ):
                    while chunk := src.read(CHUNK):
                        entry.write(chunk)
                        yield sink.take()
            yield sink.take()
        if left_out:
            archive.writestr("LISEZMOI.txt", LEFT_OUT + ", ".join(map(str, left_out)) + "\n")
    yield sink.take()


def _build(
    session_factory: Callable[[], AbstractContextManager[Session]],
    account_id: int,
    application_id: int,
    out: Path,
) -> str | None:
    with contextlib.ExitStack() as stack:
        s = stack.enter_context(session_factory())
        account = s.get(Account, account_id)
        if account is None or not account.is_active:
            return None
        try:
            return build_dossier_pdf(s, account, application_id, out).file_name
        except DomainError:
            return None
