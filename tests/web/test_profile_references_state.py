"""Mon dossier's reference lists through the page state: the country combobox (typing,
arrow keys, Enter, a click), the communes of a postal code, the bac series with its
specialities, the INE key refused next to its field, free text shown to be confirmed."""

from __future__ import annotations

import pytest
from sqlmodel import Session

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.models import BacRecord, Candidate
from ecandidat_app.web.pages.profile import ProfileState
from tests import factories as f
from tests.web.harness import page_state, run_event


@pytest.fixture
def tab(session: Session):
    camp = f.campaign(session, today=system_clock.today())
    me = f.applicant(session, camp)
    token = sessions.open_session(session, me.id)
    session.commit()
    st: ProfileState = page_state(ProfileState, "/mon-dossier", token=token)
    run_event(st, "load")
    return me, st


def test_country_combobox_by_keys_and_by_click(session: Session, tab) -> None:
    me, st = tab
    assert st.picker_text["nationality"] == "France" and st.civil["nationality"] == "FR"
    run_event(st, "type_country", "nationality", "alle")
    assert st.picker_open == "nationality"
    assert [s.label for s in st.suggestions] == ["Allemagne"]
    assert st.civil["nationality"] == ""  # nothing chosen yet: a half name is no country
    run_event(st, "picker_key", "nationality", "ArrowDown")
    assert st.picker_active == 0
    run_event(st, "picker_key", "nationality", "Enter")
    assert st.civil["nationality"] == "DE" and st.picker_text["nationality"] == "Allemagne"
    assert st.picker_open == ""

    run_event(st, "type_country", "birth_country", "maroc")
    run_event(st, "pick_country", "birth_country", st.suggestions[0].value)
    assert st.civil["birth_country"] == "MA"
    run_event(st, "save_section", "civil")
    assert st.section_message["civil"] == ""
    session.expire_all()
    cand = session.get(Candidate, me.id)
    assert (cand.nationality_code, cand.nationality, cand.birth_country_code) == (
        "DE",
        "Allemagne",
        "MA",
    )


@pytest.mark.usefixtures("session")
def test_typed_text_that_names_no_country_is_refused_in_french(tab) -> None:
    _me, st = tab
    run_event(st, "type_country", "nationality", "Atlantide")
    assert st.suggestions == [] and st.picker_open == ""
    run_event(st, "save_section", "civil")
    assert st.errors["nationality"] == "Choisissez la nationalité dans la liste des pays."


def test_forged_country_code_changes_nothing(tab) -> None:
    _me, st = tab
    run_event(st, "pick_country", "country", "ZZ")
    assert st.civil["country"] == "FR"


def test_commune_list_of_a_postal_code_and_foreign_address(session: Session, tab) -> None:
    me, st = tab
    run_event(st, "set_civil", "postal_code", "66200")
    names = [c.label for c in st.communes]
    assert "Elne" in names and len(names) > 1 and st.civil["city"] == ""
    run_event(st, "save_section", "contact")
    assert "Choisissez la commune" in st.errors["city"] or "obligatoire" in st.errors["city"]
    run_event(st, "set_civil", "city", "Elne")
    run_event(st, "save_section", "contact")
    assert st.errors["city"] == ""
    session.expire_all()
    assert session.get(Candidate, me.id).commune_code == "66065"

    run_event(st, "type_country", "country", "belg")
    run_event(st, "picker_key", "country", "ArrowDown")
    run_event(st, "picker_key", "country", "Enter")
    assert st.civil["country"] == "BE" and st.communes == []
    run_event(st, "set_civil", "postal_code", "1000")
    run_event(st, "set_civil", "city", "Bruxelles")
    run_event(st, "save_section", "contact")
    assert st.section_message["contact"] == ""
    session.expire_all()
    cand = session.get(Candidate, me.id)
    assert (cand.country_code, cand.commune_code, cand.city) == ("BE", "", "Bruxelles")


def test_wrong_ine_key_is_refused_next_to_the_field(session: Session, tab) -> None:
    me, st = tab
    run_event(st, "set_civil", "ine", "1234567890A")
    run_event(st, "save_section", "civil")
    assert "clé" in st.errors["ine"] and st.civil["ine"] == "1234567890A"
    run_event(st, "set_civil", "ine", "1234567890V")
    run_event(st, "save_section", "civil")
    assert st.errors["ine"] == ""
    session.expire_all()
    assert session.get(Candidate, me.id).ine == "1234567890V"


def test_general_bac_needs_two_different_specialities(session: Session, tab) -> None:
    me, st = tab
    run_event(st, "set_bac", "series", "BG")
    run_event(st, "set_bac", "speciality_1", "MATHS")
    run_event(st, "set_bac", "speciality_2", "MATHS")
    run_event(st, "save_bac")
    assert "différentes" in st.errors["bac_speciality_1"]
    run_event(st, "set_bac", "speciality_2", "NSI")
    run_event(st, "save_bac")
    assert st.errors["bac_speciality_1"] == ""
    session.expire_all()
    bac = session.get(BacRecord, me.id)
    assert (bac.series_code, bac.speciality_1, bac.speciality_2) == ("BG", "MATHS", "NSI")
    run_event(st, "set_bac", "series", "STI2D")
    run_event(st, "save_bac")
    session.expire_all()
    bac = session.get(BacRecord, me.id)
    assert (bac.series_code, bac.speciality_1, bac.speciality_2) == ("STI2D", "", "")


def test_free_text_from_before_the_lists_is_to_confirm(session: Session, tab) -> None:
    me, st = tab
    cand = session.get(Candidate, me.id)
    cand.nationality, cand.nationality_code = "Apatride", ""
    session.add(cand)
    session.commit()
    run_event(st, "load")
    assert st.picker_text["nationality"] == "Apatride"  # shown as typed, to choose again
    assert any("Apatride" in note for note in st.to_confirm)
    run_event(st, "type_country", "nationality", "fran")
    run_event(st, "pick_country", "nationality", "FR")
    run_event(st, "save_section", "civil")
    assert st.to_confirm == []


def test_new_account_starts_in_france_with_nothing_to_confirm(session: Session) -> None:
    camp = f.campaign(session, today=system_clock.today())
    me = f.applicant(session, camp, with_profile=False)
    session.add(Candidate(account_id=me.id, birth_name="Neuf", first_names="Compte"))  # as sign-up
    token = sessions.open_session(session, me.id)
    session.commit()
    st: ProfileState = page_state(ProfileState, "/mon-dossier", token=token)
    run_event(st, "load")
    assert st.to_confirm == [] and st.civil["country"] == "FR"
    run_event(st, "set_civil", "postal_code", "66200")
    assert "Elne" in [c.label for c in st.communes]
