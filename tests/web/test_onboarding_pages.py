"""The pages of a fresh install: the admin home leads to the first campaign when there is
none; the first-campaign form (field errors, then created and current); the offer import
(dry run shown, « Importer » only for a clean file, all in one go; others get nothing)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.models import Campaign, Formation, Role
from ecandidat_app.web.pages.admin_first_campaign import FirstCampaignState
from ecandidat_app.web.pages.admin_home import AdminHomeState
from ecandidat_app.web.pages.admin_offer_import import CHECK_FIRST, OfferImportState
from ecandidat_app.web.state.base import SESSION_EXPIRED
from tests import factories as f
from tests.web.harness import page_state, run_event

EXAMPLE = Path(__file__).parents[2] / "docs" / "exemples" / "offre.csv"
CAMPAIGN = {
    "code": "2027",
    "label": "Campagne 2027",
    "starts_on": "2027-01-04",
    "applicant_ends_on": "2027-09-30",
    "ends_on": "2027-10-31",
}


def _token(session: Session, role: Role) -> str:
    token = sessions.open_session(session, f.staff(session, role=role).id)
    session.commit()
    return token


@pytest.fixture
def admin_token(session: Session) -> str:
    return _token(session, Role.ADMIN)


def _state(cls: type, token: str) -> Any:
    return page_state(cls, token=token, ip="192.0.2.9")


def test_admin_home_leads_a_fresh_install_to_the_first_campaign(
    session: Session, admin_token: str
) -> None:
    home = _state(AdminHomeState, admin_token)
    run_event(home, "load")
    assert home.no_campaign
    f.campaign(session, today=f.campaign_epoch().date())
    session.commit()
    run_event(home, "load")
    assert not home.no_campaign


def test_first_campaign_form(session: Session, admin_token: str) -> None:
    st = _state(FirstCampaignState, admin_token)
    run_event(st, "load")
    assert not st.exists
    assert run_event(st, "submit", {**CAMPAIGN, "starts_on": "2027-13-01"}) is None
    assert "pas une date valide" in st.errors["starts_on"]
    assert "corrigez le champ signalé" in st.message
    assert run_event(st, "submit", {**CAMPAIGN, "ends_on": "2027-01-01"}) is None
    assert "doivent se suivre" in st.errors["applicant_ends_on"]
    assert session.exec(select(Campaign)).all() == []
    events = run_event(st, "submit", CAMPAIGN)
    assert events and st.exists and st.errors == {}
    campaign = session.exec(select(Campaign)).one()
    assert campaign.code == "2027" and campaign.is_active
    run_event(st, "submit", {**CAMPAIGN, "code": "2028"})
    assert "Une campagne existe déjà" in st.message
    fresh = _state(FirstCampaignState, admin_token)
    run_event(fresh, "load")
    assert fresh.exists and fresh.message == ""


def _file(data: bytes, name: str = "offre.csv") -> rx.UploadFile:
    return rx.UploadFile(file=io.BytesIO(data), path=Path(name))


async def test_offer_import_dry_run_then_import(session: Session, admin_token: str) -> None:
    st = _state(OfferImportState, admin_token)
    run_event(st, "load")
    assert st.no_campaign
    await run_event(st, "upload", [_file(EXAMPLE.read_bytes())])
    assert "Aucune campagne en cours" in st.message and not st.checked
    f.campaign(session, today=f.campaign_epoch().date(), code="2027")
    session.commit()
    run_event(st, "load")
    run_event(st, "confirm")
    assert st.message == CHECK_FIRST
    bad = EXAMPLE.read_bytes().replace(b";L;60;", b";Doctorat;60;")
    await run_event(st, "upload", [_file(bad)])
    assert [r.line for r in st.refusals] == [3] and "Doctorat" in st.refusals[0].reason
    assert "1 ligne(s) refusée(s)" in st.message
    run_event(st, "confirm")  # a refused file is never imported
    assert st.message == CHECK_FIRST
    assert session.exec(select(Formation)).all() == []
    await run_event(st, "upload", [_file(EXAMPLE.read_bytes())])
    assert st.checked and st.refusals == [] and st.message_kind == "success"
    assert len(st.creations) == 12 and st.file_name == "offre.csv"
    assert session.exec(select(Formation)).all() == []  # the dry run wrote nothing
    run_event(st, "confirm")
    assert st.imported and st.message == "Offre importée : 12 élément(s) créé(s)."
    assert len(session.exec(select(Formation)).all()) == 4
    run_event(st, "confirm")  # a second click imports nothing more
    assert st.message == CHECK_FIRST


async def test_offer_import_bad_files_and_cancel(session: Session, admin_token: str) -> None:
    f.campaign(session, today=f.campaign_epoch().date())
    session.commit()
    st = _state(OfferImportState, admin_token)
    run_event(st, "load")
    await run_event(st, "upload", [])
    assert "Aucun fichier n'a été reçu" in st.message
    await run_event(st, "upload", [_file(b"%PDF-1.4 pas une offre", "offre.pdf")])
    assert "ni un fichier CSV ni un classeur Excel" in st.message
    await run_event(st, "upload", [_file(EXAMPLE.read_bytes())])
    assert st.checked
    await run_event(st, "upload", [_file(b"", "vide.csv")])  # a second choice replaces it
    assert st.message == "Le fichier est vide." and not st.checked
    run_event(st, "confirm")
    assert st.message == CHECK_FIRST  # the first, clean file is not imported instead
    assert session.exec(select(Formation)).all() == []
    await run_event(st, "upload", [_file(EXAMPLE.read_bytes())])
    run_event(st, "cancel")
    assert not st.checked and st.creations == []
    run_event(st, "confirm")
    assert st.message == CHECK_FIRST


async def test_offer_import_is_for_admins_only(session: Session) -> None:
    f.campaign(session, today=f.campaign_epoch().date())
    st = _state(OfferImportState, _token(session, Role.GESTIONNAIRE))
    await run_event(st, "upload", [_file(EXAMPLE.read_bytes())])
    assert st.message == SESSION_EXPIRED and not st.checked
    first = _state(FirstCampaignState, _token(session, Role.COMMISSION))
    run_event(first, "submit", CAMPAIGN)
    assert session.exec(select(Campaign).where(Campaign.code == "2027")).all() == []
