"""GET /api/fichiers/{id} through a real Starlette app and real login sessions."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.models import CommissionMember, Role, StaffScope
from ecandidat_app.web.api import api_routes
from ecandidat_app.web.state.auth import SESSION_COOKIE
from tests import factories
from tests.core import dossier_world as dw


@pytest.fixture
def client() -> TestClient:
    return TestClient(Starlette(routes=api_routes()))


@pytest.fixture
def setup(session: Session, clock):
    w = dw.build(session, clock)
    app = dw.apply(session, w, clock)
    pdf = dw.upload(session, w.applicant, app, w.transcript, clock, name="relevé été.pdf")
    png = dw.upload(session, w.applicant, app, w.cv, clock, data=dw.image_bytes(), name="cv.png")
    return w, app, pdf, png


def _token(session: Session, account) -> str:
    token = sessions.open_session(session, account.id)
    session.commit()
    return token


def _get(client: TestClient, file_id: int, token: str | None):
    cookies = {SESSION_COOKIE: token} if token else {}
    client.cookies.clear()
    return client.get(f"/api/fichiers/{file_id}", cookies=cookies)


def test_owner_gets_the_file_with_safe_headers(session, client, setup) -> None:
    w, _app, pdf, png = setup
    token = _token(session, w.applicant)
    resp = _get(client, pdf.id, token)
    assert resp.status_code == 200
    assert resp.content.startswith(b"%PDF-") and len(resp.content) == pdf.size
    assert resp.headers["content-type"] == "application/pdf"
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["cache-control"] == "private, no-store"
    disposition = resp.headers["content-disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=UTF-8''relev%C3%A9%20%C3%A9t%C3%A9.pdf" in disposition
    resp = _get(client, png.id, token)
    assert resp.status_code == 200 and resp.headers["content-type"] == "image/png"


@pytest.mark.usefixtures("clock")
def test_matrix_of_who_may_download(session, client, setup) -> None:
    w, _app, pdf, _png = setup
    other_applicant = factories.applicant(session, w.campaign)
    out_of_scope = factories.staff(session, role=Role.GESTIONNAIRE)
    other_centre = factories.centre(session, label="UFR Lettres")
    session.add(StaffScope(account_id=out_of_scope.id, centre_id=other_centre.id))
    in_scope = factories.staff(session, role=Role.GESTIONNAIRE)
    session.add(StaffScope(account_id=in_scope.id, centre_id=w.centre.id))
    member_elsewhere = factories.staff(session, role=Role.COMMISSION)
    session.add(
        CommissionMember(commission_id=w.other_commission.id, account_id=member_elsewhere.id)
    )
    member = factories.staff(session, role=Role.COMMISSION)
    session.add(CommissionMember(commission_id=w.commission.id, account_id=member.id))
    admin = factories.staff(session, role=Role.ADMIN)
    session.commit()

    expected = [
        ("anonymous", None, 404),
        ("unknown token", "garbage-token", 404),
        ("other applicant", other_applicant, 404),
        ("staff out of scope", out_of_scope, 404),
        ("staff in scope", in_scope, 200),
        ("commission member", member, 200),
        ("admin", admin, 200),
        ("owner", w.applicant, 200),
    ]
    for label, who, status in expected:
        token = who if isinstance(who, str) or who is None else _token(session, who)
        assert _get(client, pdf.id, token).status_code == status, label
    # A commission member of another commission sees the file only through an application
    # of theirs: the transcript answers only the first formation's application.
    assert _get(client, pdf.id, _token(session, member_elsewhere)).status_code == 404


def test_common_file_visible_to_staff_of_any_linked_application(session, client, setup, clock):
    w, _app, _pdf, png = setup  # the CV (common) ...
    dw.apply(session, w, clock, formation=w.formation2)  # ... now answers formation2 too
    member_elsewhere = factories.staff(session, role=Role.COMMISSION)
    session.add(
        CommissionMember(commission_id=w.other_commission.id, account_id=member_elsewhere.id)
    )
    session.commit()
    assert _get(client, png.id, _token(session, member_elsewhere)).status_code == 200


def test_unknown_and_existing_files_answer_the_same(session, client, setup) -> None:
    w, _app, pdf, _png = setup
    intruder = _token(session, factories.applicant(session, w.campaign))
    hidden = _get(client, pdf.id, intruder)
    missing = _get(client, 999_999, intruder)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert _get(client, "abc", intruder).status_code == 404  # type: ignore[arg-type]


@pytest.mark.usefixtures("clock")
def test_revoked_or_expired_session_is_refused(session, client, setup) -> None:
    w, _app, pdf, _png = setup
    token = _token(session, w.applicant)
    sessions.revoke_session(session, token)
    session.commit()
    assert _get(client, pdf.id, token).status_code == 404


def test_other_types_would_be_attachments() -> None:
    from ecandidat_app.web.api import content_disposition

    assert content_disposition("attachment", 'a"b.txt').startswith('attachment; filename="a_b.txt"')
