"""The catalogue page's state against a real database: the URL filter is read on load,
only the visible page is held, a change rewrites the address bar, and "Candidater"
sends anonymous visitors to the login page."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.models import Application, Campaign
from ecandidat_app.web.pages.catalogue import CatalogueState
from tests import factories as f
from tests.web.harness import page_state, run_event, with_session


def _state(url: str) -> CatalogueState:
    state: CatalogueState = page_state(CatalogueState, url)
    return state


@pytest.fixture
def catalogue_data(session: Session):
    today = system_clock.today()
    camp = f.campaign(session, today=today)
    centre = f.centre(session, label="UFR Sciences")
    jury = f.commission(session, centre)
    for i in range(25):
        f.formation(session, camp, jury, today=today, label=f"Master Méthodes {i:02d}")
    f.formation(session, camp, jury, today=today, label="Licence Chimie", level="L")
    closed = f.formation(session, camp, jury, today=today, label="Master Clos", closes_in=-2)
    session.commit()
    return centre, closed


def test_load_reads_the_url_and_keeps_only_the_visible_page(catalogue_data) -> None:
    centre, _closed = catalogue_data
    st = _state(f"/formations?q=methode&niveau=M&centre={centre.id}&page=2")
    run_event(st, "load")
    assert (st.text, st.level, st.centre, st.page) == ("methode", "M", str(centre.id), 2)
    assert st.total == 25
    assert len(st.rows) == 5 and st.page_count == 2
    assert [o.value for o in st.level_options] == ["L", "M"]


@pytest.mark.usefixtures("catalogue_data")
def test_filter_change_resets_the_page_and_rewrites_the_url() -> None:
    st = _state("/formations?page=2")
    run_event(st, "load")
    assert st.share_url == "/formations?page=2"
    assert run_event(st, "set_open_only", True) is None  # no script: the page's effect does it
    assert st.page == 1 and st.total == 26  # all but the closed one
    assert st.share_url == "/formations?ouvertes=1"
    run_event(st, "set_text", "chimie")
    assert [r.label for r in st.rows] == ["Licence Chimie"]


def test_toggle_opens_one_formation_details(catalogue_data) -> None:
    _centre, closed = catalogue_data
    st = _state("/formations?q=clos")
    run_event(st, "load")
    run_event(st, "toggle", closed.id)
    assert st.open_id == closed.id and st.detail["label"] == "Master Clos"
    assert st.detail["can_apply"] == "False"
    run_event(st, "toggle", closed.id)
    assert st.open_id == 0


def test_anonymous_apply_goes_to_login(catalogue_data) -> None:
    _centre, closed = catalogue_data
    st = _state("/formations")
    run_event(st, "load")
    spec = run_event(st, "apply", closed.id)
    assert "/connexion" in str(spec)


def test_signed_in_applicant_applies_or_is_told_why_not(session: Session, catalogue_data) -> None:
    _centre, closed = catalogue_data
    applicant = f.applicant(session, session.get(Campaign, closed.campaign_id))
    token = sessions.open_session(session, applicant.id)
    session.commit()
    st = with_session(_state("/formations?q=methodes 03"), token)
    run_event(st, "load")
    target = st.rows[0]
    spec = run_event(st, "apply", target.id)
    created = session.exec(select(Application).where(Application.account_id == applicant.id)).one()
    assert f"/candidature/{created.id}" in str(spec)

    run_event(st, "apply", closed.id)  # the server refuses a closed formation whatever the UI shows
    # The refusal belongs to the card that was clicked, not to the top of the list.
    assert st.refused_id == closed.id
    assert "clos" in st.refusal or "ferm" in st.refusal, st.refusal
    assert st.message == ""
    run_event(st, "set_text", "methodes")  # a new search clears it
    assert (st.refused_id, st.refusal) == (0, "")
