"""The storage contract, run against both backends: the local directory and a bucket of a
real S3-compatible server (moto in server mode, its own process on loopback)."""

from __future__ import annotations

import hashlib
import io
import time
import tracemalloc
from collections.abc import Iterator

import pytest
from sqlmodel import Session, func, select

from ecandidat_app.core import storage
from ecandidat_app.core.applications import documents
from ecandidat_app.core.config import Settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import StoredFile
from tests.core import dossier_world as dw

MB = 1024 * 1024
LATER = 7200.0  # past SWEEP_AGE_S


def _accept(_path: object) -> str:
    return "application/pdf"


def _leftovers() -> int:
    """Everything the store still holds (objects, temp files, unfinished uploads), counted
    through the interface by a sweep that knows no row and waits for nothing."""
    report = storage.backend().sweep(set(), max_age_s=-1, now=time.time() + LATER)
    return report.orphans + report.temps


class Endless:
    """A sender that never stops: the cap must stop reading."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, n: int) -> bytes:
        self.reads += 1
        return b"a" * n


class Generated:
    """`size` bytes produced chunk by chunk, never held whole (for the memory checks)."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.digest = hashlib.sha256()

    def read(self, n: int) -> bytes:
        n = min(n, self.left)
        self.left -= n
        data = bytes([self.left % 251]) * n
        self.digest.update(data)
        return data


def test_save_read_size_delete(store_backend: Settings) -> None:
    data = b"%PDF-" + bytes(range(256)) * 1000
    saved = storage.save_stream(io.BytesIO(data), check=_accept)
    assert storage.backend().name == store_backend.storage
    assert saved.size == len(data) and saved.sha256 == hashlib.sha256(data).hexdigest()
    assert saved.content_type == "application/pdf"
    assert storage.size_of(saved.key) == len(data)
    assert storage.read_bytes(saved.key) == data
    chunks = list(storage.iter_chunks(saved.key))
    assert b"".join(chunks) == data and max(map(len, chunks)) <= storage.CHUNK
    storage.delete_file(saved.key)
    assert storage.size_of(saved.key) is None
    with pytest.raises(FileNotFoundError):
        storage.open_read(saved.key)
    storage.delete_file(saved.key)  # deleting twice is fine
    assert _leftovers() == 0


@pytest.mark.usefixtures("store_backend")
def test_the_cap_refuses_in_french_while_reading_and_leaves_nothing() -> None:
    source = Endless()
    with pytest.raises(DomainError, match="dépasse la taille maximale de 1 Mo"):
        storage.save_stream(source, check=_accept, max_bytes=MB)  # type: ignore[arg-type]
    assert source.reads == MB // storage.CHUNK + 1  # stopped at the first chunk over the cap
    assert _leftovers() == 0


@pytest.mark.usefixtures("store_backend")
def test_a_refused_content_leaves_nothing() -> None:
    def refuse(_path: object) -> str:
        raise DomainError("Seuls les fichiers PDF, JPG et PNG sont acceptés.")

    with pytest.raises(DomainError, match="Seuls les fichiers"):
        storage.save_stream(io.BytesIO(b"MZ not a pdf"), check=refuse)
    assert _leftovers() == 0


@pytest.mark.usefixtures("store_backend")
def test_keys_are_checked_before_reaching_the_store() -> None:
    for bad in ("../../etc/passwd", "abc", "A" * 32, "0" * 31 + "/"):
        with pytest.raises(ValueError):
            storage.size_of(bad)
        with pytest.raises(ValueError):
            storage.open_read(bad)


@pytest.mark.usefixtures("store_backend")
def test_big_files_stream_in_and_out_in_small_pieces() -> None:
    """Neither the save nor the read holds the file: after a first 10 MB upload (the
    client's one-time imports and models), a 30 MB one peaks far below its size in Python
    (the S3 upload sends 8 MB parts read from the temp file as they go)."""
    size = 30 * MB
    storage.delete_file(storage.save_stream(Generated(10 * MB), check=_accept, max_bytes=size).key)  # type: ignore[arg-type]
    source = Generated(size)
    tracemalloc.start()
    try:
        saved = storage.save_stream(source, check=_accept, max_bytes=size)  # type: ignore[arg-type]
        _, save_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        digest = hashlib.sha256()
        for chunk in storage.iter_chunks(saved.key):
            digest.update(chunk)
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert saved.size == size and saved.sha256 == source.digest.hexdigest()
    assert digest.hexdigest() == saved.sha256
    assert save_peak < 6 * MB, save_peak
    assert read_peak < 2 * MB, read_peak


def test_sweep_removes_old_orphans_only(session: Session, clock, store_backend: Settings) -> None:
    w = dw.build(session, clock)
    app = dw.apply(session, w, clock)
    kept = dw.upload(session, w.applicant, app, w.transcript, clock)
    session.commit()
    orphan = storage.save_stream(io.BytesIO(b"orphan"), check=_accept)

    now = storage.sweep_orphans(session)  # nothing is old yet
    assert now.orphans == 0 and storage.size_of(orphan.key) == 6

    later = storage.sweep_orphans(session, now=time.time() + LATER)
    assert later.orphans == 1, store_backend.storage
    assert storage.size_of(orphan.key) is None
    assert storage.size_of(kept.storage_key) == kept.size


def test_a_rolled_back_row_leaves_an_object_nobody_reaches_then_swept(
    session: Session, clock, store_backend: Settings
) -> None:
    w = dw.build(session, clock)
    app = dw.apply(session, w, clock)
    session.commit()
    stored = documents.add_file(
        session,
        w.applicant,
        app.id or 0,
        w.transcript.id or 0,
        filename="relevé.pdf",
        source=io.BytesIO(dw.pdf_bytes()),
        clock=clock,
    )
    key = stored.storage_key
    session.rollback()
    assert session.exec(select(func.count()).select_from(StoredFile)).one() == 0
    assert storage.size_of(key) is not None  # stored, but no row leads to it
    report = storage.sweep_orphans(session, now=time.time() + LATER)
    assert report.orphans == 1 and storage.size_of(key) is None, store_backend.storage


def test_a_removed_file_leaves_the_store_only_when_the_removal_commits(
    session: Session, clock, store_backend: Settings
) -> None:
    w = dw.build(session, clock)
    app = dw.apply(session, w, clock)
    stored = dw.upload(session, w.applicant, app, w.transcript, clock)
    session.commit()
    key, file_id = stored.storage_key, stored.id or 0
    documents.remove_file(session, w.applicant, app.id or 0, file_id, clock=clock)
    session.rollback()
    assert storage.size_of(key) is not None, store_backend.storage
    documents.remove_file(session, w.applicant, app.id or 0, file_id, clock=clock)
    session.commit()
    assert storage.size_of(key) is None


@pytest.mark.usefixtures("engine", "store_backend")
def test_a_refused_upload_leaves_no_row_and_no_object(session: Session, clock) -> None:
    w = dw.build(session, clock)
    app = dw.apply(session, w, clock)
    session.commit()
    big = dw.pdf_bytes() + b"0" * (11 * MB)
    for source, reason in ((big, "taille maximale"), (b"GIF89a....", "Seuls les fichiers")):
        with pytest.raises(DomainError, match=reason):
            documents.receive_file(
                w.applicant,
                app.id or 0,
                w.transcript.id or 0,
                filename="x.pdf",
                source=io.BytesIO(source),
                clock=clock,
            )
    session.expire_all()
    assert session.exec(select(func.count()).select_from(StoredFile)).one() == 0
    assert _leftovers() == 0


@pytest.fixture
def s3_client(s3_settings: Settings) -> Iterator[object]:
    from ecandidat_app.core.storage.s3 import S3Store

    yield S3Store(s3_settings).client


def test_s3_big_files_go_up_in_parts_under_the_prefix(s3_settings: Settings, s3_client) -> None:
    saved = storage.save_stream(Generated(10 * MB), check=_accept, max_bytes=10 * MB)  # type: ignore[arg-type]
    name = f"{s3_settings.s3_prefix}{saved.key}"
    head = s3_client.head_object(Bucket=s3_settings.s3_bucket, Key=name)  # type: ignore[attr-defined]
    assert head["ETag"].strip('"').endswith("-2")  # a multipart upload of two 8 MB parts
    assert head["ContentType"] == "application/pdf"


def test_s3_sweep_aborts_uploads_a_killed_process_left(s3_settings: Settings, s3_client) -> None:
    client, bucket = s3_client, s3_settings.s3_bucket
    name = f"{s3_settings.s3_prefix}{'c' * 32}"
    client.create_multipart_upload(Bucket=bucket, Key=name)  # type: ignore[attr-defined]
    report = storage.backend().sweep(set(), max_age_s=3600, now=time.time() + LATER)
    assert report.temps == 1
    assert not client.list_multipart_uploads(Bucket=bucket).get("Uploads")  # type: ignore[attr-defined]


def test_s3_sweep_never_touches_objects_outside_its_prefix(
    s3_settings: Settings, s3_client
) -> None:
    client, bucket = s3_client, s3_settings.s3_bucket
    client.put_object(Bucket=bucket, Key="autre-appli/" + "d" * 32, Body=b"x")  # type: ignore[attr-defined]
    client.put_object(Bucket=bucket, Key="e" * 32, Body=b"x")  # type: ignore[attr-defined]
    storage.backend().sweep(set(), max_age_s=0, now=time.time() + LATER)
    names = [o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]]  # type: ignore[attr-defined]
    assert sorted(names) == ["autre-appli/" + "d" * 32, "e" * 32]


def test_settings_ask_for_a_bucket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECANDIDAT_STORAGE", "s3")
    monkeypatch.delenv("ECANDIDAT_S3_BUCKET", raising=False)
    with pytest.raises(ValueError, match="ECANDIDAT_S3_BUCKET"):
        Settings()


@pytest.mark.usefixtures("engine", "store_backend")
def test_the_sweep_command_cleans_either_store(capsys: pytest.CaptureFixture[str]) -> None:
    from ecandidat_app import cli

    storage.save_stream(io.BytesIO(b"orphan"), check=_accept)
    assert cli.main(["sweep"]) == 0  # nothing old yet
    assert "0 fichier(s) orphelin(s)" in capsys.readouterr().out
    assert _leftovers() == 1  # the orphan, swept once old
