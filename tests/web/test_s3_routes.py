"""The real routes with ECANDIDAT_STORAGE=s3 against a local S3 server (moto, its own
process): the page's streamed upload, the authenticated download, the dossier PDF and the
ZIP. (`ECANDIDAT_TEST_STORAGE=s3 pytest tests/web tests/core/documents ...` runs every
such test on a bucket.)"""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from ecandidat_app.core import config, storage
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.models import StoredFile
from ecandidat_app.web.api import api_routes
from ecandidat_app.web.state.auth import SESSION_COOKIE
from tests import factories
from tests.web import test_document_downloads, test_upload_stream
from tests.web.test_upload_stream import KB, Source, _page, _send, _stored

pytestmark = pytest.mark.usefixtures("s3_settings")

# The worlds of the local-store tests, as fixtures here too.
applicant_dossier = test_upload_stream.dossier
decided_dossier = test_document_downloads.people


def _objects(settings: config.Settings) -> list[str]:
    from ecandidat_app.core.storage.s3 import S3Store

    store = S3Store(settings)
    return [name for name, _ in store._objects()]


@pytest.fixture
def client() -> TestClient:
    return TestClient(Starlette(routes=api_routes()))


def _cookies(session: Session, who: Any) -> dict[str, str]:
    token = sessions.open_session(session, who.id)
    session.commit()
    return {SESSION_COOKIE: token}


async def test_the_page_streams_a_pdf_into_the_bucket_then_it_downloads(
    session: Session, applicant_dossier: Any, s3_settings: config.Settings, client: TestClient
) -> None:
    w, app, dw = applicant_dossier
    cookies = _cookies(session, w.applicant)
    st = _page(cookies[SESSION_COOKIE], app.id, w.transcript.id)
    data = dw.pdf_bytes()
    await _send(st, Source([("relevé.pdf", data)], size=100))
    assert st.message == "Fichier ajouté.", st.message
    stored = session.exec(select(StoredFile)).one()
    assert _objects(s3_settings) == [f"{s3_settings.s3_prefix}{stored.storage_key}"]
    assert not (s3_settings.upload_dir and any(s3_settings.upload_dir.rglob("*")))

    resp = client.get(f"/api/fichiers/{stored.id}", cookies=cookies)
    assert resp.status_code == 200 and resp.content == data
    assert resp.headers["content-length"] == str(len(data))
    assert resp.headers["content-type"] == "application/pdf"
    assert resp.headers["cache-control"] == "private, no-store"

    client.cookies.clear()
    stranger = factories.applicant(session, w.campaign, email="autre@example.org")
    session.commit()
    other = client.get(f"/api/fichiers/{stored.id}", cookies=_cookies(session, stranger))
    assert other.status_code == 404 and data not in other.content

    client.cookies.clear()
    storage.delete_file(stored.storage_key)  # the object lost: a 404, not a stack trace
    assert client.get(f"/api/fichiers/{stored.id}", cookies=cookies).status_code == 404


async def test_an_oversized_upload_leaves_no_row_and_no_object(
    session: Session, applicant_dossier: Any, s3_settings: config.Settings
) -> None:
    w, app, dw = applicant_dossier
    s3_settings.upload_max_bytes = 256 * KB
    cookies = _cookies(session, w.applicant)
    st = _page(cookies[SESSION_COOKIE], app.id, w.transcript.id)
    await _send(st, Source([("gros.pdf", dw.pdf_bytes() + b"0" * (4096 * KB))]))
    assert "dépasse la taille maximale" in st.upload_error
    assert _stored(session) == 0
    report = storage.backend().sweep(set(), max_age_s=-1, now=time.time() + 7200)
    assert report.orphans == report.temps == 0


def test_dossier_pdf_and_zip_read_pieces_from_the_bucket(
    session: Session,
    client: TestClient,
    decided_dossier: dict[str, Any],
    s3_settings: config.Settings,
) -> None:
    app = decided_dossier["app"]
    assert _objects(s3_settings)  # the pieces and the letter are in the bucket
    cookies = _cookies(session, decided_dossier["in_scope"])
    pdf = client.get(f"/api/dossiers/{app.id}/pdf", cookies=cookies)
    assert pdf.status_code == 200
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) > 3
    archive = client.get(f"/api/dossiers/zip?ids={app.id}", cookies=cookies)
    assert archive.status_code == 200
    [name] = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert name.endswith(".pdf")
    assert not list((s3_settings.data_dir / "tmp").glob("copies-*"))  # spooled copies gone
