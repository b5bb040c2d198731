"""GET /api/lettres/{id}, /api/dossiers/{id}/pdf and /api/dossiers/zip through a real
Starlette app and real login sessions: who may download what, and what comes back."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.models import CommissionMember, Letter, Role, StaffScope
from ecandidat_app.core.review import decisions
from ecandidat_app.web.api import api_routes
from ecandidat_app.web.state.auth import SESSION_COOKIE
from tests import factories
from tests.core import dossier_world as dw
from tests.core.documents.dossier_files import dossier


@pytest.fixture
def client() -> TestClient:
    return TestClient(Starlette(routes=api_routes()))


@pytest.fixture
def people(session: Session, clock):
    w = dw.build(session, clock)
    in_scope = factories.staff(session, role=Role.GESTIONNAIRE)
    session.add(StaffScope(account_id=in_scope.id, centre_id=w.centre.id))
    member = factories.staff(session, role=Role.COMMISSION)
    session.add(CommissionMember(commission_id=w.commission.id, account_id=member.id))
    elsewhere = factories.staff(session, role=Role.COMMISSION)
    session.add(CommissionMember(commission_id=w.other_commission.id, account_id=elsewhere.id))
    out_of_scope = factories.staff(session, role=Role.GESTIONNAIRE)
    other_applicant = factories.applicant(session, w.campaign)
    session.commit()
    app = dossier(session, w, clock, cv_pages=2)
    decisions.enter_decision(session, in_scope, app.id, code="FA", clock=clock)
    decisions.validate_decisions(session, in_scope, [app.id], clock=clock)
    session.commit()
    return {
        "world": w,
        "app": app,
        "owner": w.applicant,
        "in_scope": in_scope,
        "member": member,
        "elsewhere": elsewhere,
        "out_of_scope": out_of_scope,
        "other_applicant": other_applicant,
    }


def _get(session, client: TestClient, url: str, who):
    client.cookies.clear()
    cookies = {}
    if who is not None:
        cookies = {SESSION_COOKIE: sessions.open_session(session, who.id)}
        session.commit()
    return client.get(url, cookies=cookies)


def test_letter_matrix(session, client, people) -> None:
    [letter] = session.exec(select(Letter)).all()
    url = f"/api/lettres/{letter.id}"
    expected = {
        None: 404,
        "other_applicant": 404,
        "out_of_scope": 404,
        "elsewhere": 404,
        "owner": 200,
        "in_scope": 200,
        "member": 200,
    }
    for who, status in expected.items():
        resp = _get(session, client, url, people[who] if who else None)
        assert resp.status_code == status, who
    resp = _get(session, client, url, people["owner"])
    assert resp.headers["content-type"] == "application/pdf"
    assert "lettre_admission-" in resp.headers["content-disposition"]
    text = PdfReader(io.BytesIO(resp.content)).pages[0].extract_text()
    assert people["owner"].last_name in text and "avis favorable" in text
    missing = _get(session, client, f"/api/lettres/{letter.id + 99}", people["owner"])
    assert (
        missing.status_code == 404
        and missing.content == _get(session, client, url, people["other_applicant"]).content
    )


def test_dossier_pdf_matrix(session, client, people) -> None:
    url = f"/api/dossiers/{people['app'].id}/pdf"
    expected = {
        None: 404,
        "owner": 404,
        "other_applicant": 404,
        "out_of_scope": 404,
        "elsewhere": 404,
        "in_scope": 200,
        "member": 200,
    }
    for who, status in expected.items():
        resp = _get(session, client, url, people[who] if who else None)
        assert resp.status_code == status, who
    resp = _get(session, client, url, people["member"])
    reader = PdfReader(io.BytesIO(resp.content))
    assert len(reader.pages) == 2 + 2 + 1
    assert "Favorable (validé)" in reader.pages[0].extract_text()
    assert resp.headers["content-disposition"].startswith("attachment;")
    assert _get(session, client, "/api/dossiers/abc/pdf", people["member"]).status_code == 404


def test_zip_streams_the_dossiers_in_scope(session, client, people, clock) -> None:
    w = people["world"]
    more = [
        dossier(session, w, clock, cv_pages=n, person=factories.applicant(session, w.campaign))
        for n in (1, 3)
    ]
    ids = [people["app"].id, *(a.id for a in more)]
    url = "/api/dossiers/zip?ids=" + ",".join(map(str, ids))
    resp = _get(session, client, url, people["in_scope"])
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(resp.content))
    pages = [len(PdfReader(io.BytesIO(archive.read(n))).pages) for n in archive.namelist()]
    assert pages == [5, 4, 6]
    # Out of scope: nothing of the dossiers leaks, only their ids in LISEZMOI.txt.
    resp = _get(session, client, url, people["out_of_scope"])
    assert zipfile.ZipFile(io.BytesIO(resp.content)).namelist() == ["LISEZMOI.txt"]
    for who in (None, people["owner"]):
        assert _get(session, client, url, who).status_code == 404


def test_zip_over_200_answers_in_french(session, client, people) -> None:
    url = "/api/dossiers/zip?ids=" + ",".join(str(i) for i in range(1, 202))
    resp = _get(session, client, url, people["in_scope"])
    assert resp.status_code == 400
    assert "au plus 200 dossiers" in resp.text
    resp = _get(session, client, "/api/dossiers/zip?ids=", people["in_scope"])
    assert resp.status_code == 400 and "Sélectionnez au moins un dossier" in resp.text
