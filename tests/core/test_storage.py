"""The private store: atomic writes, hashes, cap while streaming, the sweep."""

from __future__ import annotations

import hashlib
import io
import os
import time

import pytest

from ecandidat_app import cli
from ecandidat_app.core import storage
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import StoredFile
from tests.core import dossier_world as dw


def _accept(_path) -> str:
    return "application/pdf"


def test_save_stream_hashes_and_renames_into_place(settings) -> None:
    data = b"x" * (storage.CHUNK * 3 + 17)
    saved = storage.save_stream(io.BytesIO(data), check=_accept)
    path = storage.path_for(saved.key)
    assert path.read_bytes() == data and saved.size == len(data)
    assert saved.sha256 == hashlib.sha256(data).hexdigest()
    assert path.is_relative_to(settings.upload_dir)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert not [p for p in storage.store_dir().iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.usefixtures("settings")
def test_store_is_outside_public_folders() -> None:
    root = storage.store_dir().resolve()
    assert "assets" not in root.parts and "uploaded_files" not in root.parts


@pytest.mark.usefixtures("settings")
def test_failed_check_leaves_nothing() -> None:
    def refuse(path) -> str:
        assert path.exists() and path.name.startswith(storage.TEMP_PREFIX)
        raise DomainError("non")

    with pytest.raises(DomainError):
        storage.save_stream(io.BytesIO(b"data"), check=refuse)
    assert [p for p in storage.store_dir().rglob("*") if p.is_file()] == []


def test_cap_is_enforced_while_reading() -> None:
    reads: list[int] = []

    class Source:
        def read(self, n: int) -> bytes:
            reads.append(n)
            return b"a" * n  # never ends

    with pytest.raises(DomainError, match="taille maximale"):
        storage.save_stream(Source(), check=_accept, max_bytes=5 * storage.CHUNK)  # type: ignore[arg-type]
    assert len(reads) == 6  # stopped at the first chunk over the cap


def test_exactly_at_cap_is_accepted() -> None:
    saved = storage.save_stream(io.BytesIO(b"a" * 1000), check=_accept, max_bytes=1000)
    assert saved.size == 1000


def test_keys_are_checked_before_becoming_paths() -> None:
    for bad in ("../../etc/passwd", "abc", "A" * 32, "0" * 31 + "/"):
        with pytest.raises(ValueError):
            storage.path_for(bad)


def test_sweep_removes_old_orphans_and_temp_files_only(session, clock) -> None:
    w = dw.build(session, clock)
    app = dw.apply(session, w, clock)
    kept = dw.upload(session, w.applicant, app, w.transcript, clock)
    orphan = storage.save_stream(io.BytesIO(b"orphan"), check=_accept)
    fresh_orphan = storage.save_stream(io.BytesIO(b"fresh"), check=_accept)
    root = storage.store_dir()
    old_temp = root / f"{storage.TEMP_PREFIX}{'a' * 32}"
    old_temp.write_bytes(b"partial upload")
    new_temp = root / f"{storage.TEMP_PREFIX}{'b' * 32}"
    new_temp.write_bytes(b"upload in progress")
    two_hours_ago = time.time() - 7200
    for path in (storage.path_for(orphan.key), storage.path_for(kept.storage_key), old_temp):
        os.utime(path, (two_hours_ago, two_hours_ago))

    report = storage.sweep_orphans(session)

    assert report.orphans == 1 and report.temps == 1
    assert not storage.path_for(orphan.key).exists() and not old_temp.exists()
    assert storage.path_for(kept.storage_key).exists()
    assert storage.path_for(fresh_orphan.key).exists()  # may belong to an open transaction
    assert new_temp.exists()
    assert session.get(StoredFile, kept.id) is not None


@pytest.mark.usefixtures("engine", "settings")
def test_sweep_command(capsys) -> None:
    orphan = storage.save_stream(io.BytesIO(b"orphan"), check=_accept)
    old = time.time() - 7200
    os.utime(storage.path_for(orphan.key), (old, old))
    assert cli.main(["sweep"]) == 0
    assert "1 fichier(s) orphelin(s)" in capsys.readouterr().out
    assert not storage.path_for(orphan.key).exists()
