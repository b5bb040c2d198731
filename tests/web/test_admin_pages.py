"""Administration and statistics page states against a real database: the shared table+form
(paging, field errors that keep the input, save), row actions, commission members, mail
templates (preview, save, reset) and the statistics page; non-admins get nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.models import Campaign, Centre, CommissionMember, MailTemplate, Role
from ecandidat_app.web.pages.admin_campaigns import CampaignsState
from ecandidat_app.web.pages.admin_centres import CentresState
from ecandidat_app.web.pages.admin_commissions import CommissionsState
from ecandidat_app.web.pages.admin_formations import FormationsState
from ecandidat_app.web.pages.admin_mail_templates import MailTemplatesState
from ecandidat_app.web.pages.staff_stats import StaffStatsState
from tests import factories as f
from tests.web.harness import page_state, run_event


def _state(cls: type, token: str) -> Any:
    return page_state(cls, token=token, ip="192.0.2.9")


@pytest.fixture
def admin_token(session: Session) -> str:
    admin = f.staff(session, role=Role.ADMIN)
    token = sessions.open_session(session, admin.id)
    session.commit()
    return token


def test_centres_paging_errors_and_save(session: Session, admin_token: str) -> None:
    for i in range(25):
        session.add(Centre(code=f"C{i:02d}", label=f"Centre {i:02d}"))
    session.commit()
    st = _state(CentresState, admin_token)
    run_event(st, "load")
    assert st.total == 25 and len(st.rows) == 20 and st.page_count == 2
    run_event(st, "go_page", 2)
    assert len(st.rows) == 5
    run_event(st, "set_search", "centre 07")
    assert [r["code"] for r in st.rows] == ["C07"]

    run_event(st, "new")
    assert st.form["max_applications"] == "20" and st.editing
    run_event(st, "set_field", "code", "UFR-L")
    run_event(st, "set_field", "label", "")
    run_event(st, "save")
    assert st.errors["label"] and st.editing  # error next to the field, input kept
    assert st.form["code"] == "UFR-L"
    run_event(st, "set_field", "label", "UFR Lettres")
    run_event(st, "save")
    assert not st.editing and st.message_kind == "success"
    session.expire_all()
    assert session.exec(select(Centre).where(Centre.code == "UFR-L")).one().label == "UFR Lettres"


def test_one_campaign_is_active_and_the_active_one_cannot_be_archived(
    session: Session, admin_token: str
) -> None:
    old = f.campaign(session, today=system_clock.today(), code="OLD")
    new = f.campaign(session, today=system_clock.today(), active=False, code="NEW")
    session.commit()
    st = _state(CampaignsState, admin_token)
    run_event(st, "load")
    rows = {r["code"]: r for r in st.rows}
    assert rows["NEW"]["can_activate"] == "1" and rows["OLD"]["can_activate"] == ""
    run_event(st, "row_action", "activate", str(new.id))
    run_event(st, "row_action", "archive", str(old.id))
    session.expire_all()
    assert session.get(Campaign, new.id).is_active and not session.get(Campaign, old.id).is_active
    assert session.get(Campaign, old.id).archived_at is not None
    run_event(st, "row_action", "archive", str(new.id))
    assert st.message_kind == "error" and "active" in st.message


def test_commission_members_panel_and_formation_form(session: Session, admin_token: str) -> None:
    camp = f.campaign(session, today=system_clock.today())
    centre = f.centre(session)
    comm = f.commission(session, centre)
    doc = f.document_type(session, label="CV")
    member = f.staff(session, role=Role.COMMISSION)
    session.commit()
    st = _state(CommissionsState, admin_token)
    run_event(st, "load")
    run_event(st, "edit", str(comm.id))
    run_event(st, "pick_member", str(member.id))
    run_event(st, "set_member_president", True)
    run_event(st, "add_member")
    assert [m["president"] for m in st.members] == ["Président(e)"]
    session.expire_all()
    assert session.get(CommissionMember, (comm.id, member.id)).is_president

    fs = _state(FormationsState, admin_token)
    run_event(fs, "load")
    run_event(fs, "new")
    for name, value in {
        "code": "LCHIM",
        "label": "Licence Chimie",
        "level": "L",
        "commission_id": str(comm.id),
        "opens_on": "2027-03-01",
        "closes_on": "2027-04-30",
        "return_on": "2027-05-07",
    }.items():
        run_event(fs, "set_field", name, value)
    run_event(fs, "toggle_multi", "document_type_ids", str(doc.id), True)
    run_event(fs, "save")
    assert fs.message_kind == "success", fs.errors
    assert fs.rows[0]["code"] == "LCHIM" and camp.id


def test_mail_template_preview_save_reset(session: Session, admin_token: str) -> None:
    st = _state(MailTemplatesState, admin_token)
    run_event(st, "load")
    assert len(st.templates) == 21
    run_event(st, "open", "account_exists")  # the sign-up notice is editable like the others
    assert all(v in st.variables for v in ("login_link", "reset_link", "file_number"))
    run_event(st, "preview")
    assert "inscription" in st.preview_subject.lower()
    run_event(st, "open", "decision_LC")
    assert "rank" in st.variables
    run_event(st, "set_subject", "Rang {{ rank }} : {{ formation }}")
    run_event(st, "preview")
    assert st.preview_subject.startswith("Rang 3 : Master")
    run_event(st, "set_body", "{{ inconnue }}")
    run_event(st, "save")
    assert "inconnue" in st.body_error and st.body == "{{ inconnue }}"
    run_event(st, "set_body", "Bonjour {{ first_name }}")
    run_event(st, "save")
    assert st.overridden and session.exec(select(MailTemplate)).one().event == "decision_LC"
    run_event(st, "reset_default")
    assert not st.overridden and "liste complémentaire" in st.body
    session.expire_all()
    assert session.exec(select(MailTemplate)).all() == []


def test_non_admin_gets_nothing_and_stats_for_staff(session: Session) -> None:
    member = f.staff(session, role=Role.COMMISSION)
    token = sessions.open_session(session, member.id)
    session.commit()
    st = _state(CentresState, token)
    run_event(st, "load")
    run_event(st, "set_field", "code", "X")
    run_event(st, "set_field", "label", "X")
    run_event(st, "save")
    session.expire_all()
    assert st.rows == [] and session.exec(select(Centre)).all() == []

    stats = _state(StaffStatsState, token)
    run_event(stats, "load")
    assert stats.formation_rows == [] and stats.message == ""


def test_edit_opens_the_row_and_refuses_what_is_not_an_admin_row(
    session: Session, admin_token: str
) -> None:
    from ecandidat_app.web.pages.admin_staff import StaffState

    centre = Centre(code="ED1", label="UFR Édition", max_applications=12)
    session.add(centre)
    camp = f.campaign(session, today=system_clock.today())
    applicant = f.applicant(session, camp)
    session.commit()
    st = _state(CentresState, admin_token)
    run_event(st, "edit", str(centre.id))
    assert st.editing and st.form["label"] == "UFR Édition" and st.form["max_applications"] == "12"
    run_event(st, "edit", "999999")
    assert st.message == "Cet élément n'existe plus." and st.message_kind == "error"
    staff_page = _state(StaffState, admin_token)
    run_event(staff_page, "edit", str(applicant.id))  # an applicant is not a staff account
    assert staff_page.message == "Cet élément n'existe plus." and not staff_page.editing
