"""The "Mon dossier" page state against a real database: errors land next to their field and
keep what was typed, a save refreshes the missing list, list rows go through the dialog,
another applicant's row id changes nothing."""

from __future__ import annotations

import pytest
from sqlmodel import Session

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.models import BacRecord, Candidate, Experience
from ecandidat_app.web.pages.profile import ProfileState
from tests import factories as f
from tests.web.harness import page_state, run_event


def _state(token: str) -> ProfileState:
    state: ProfileState = page_state(ProfileState, "/mon-dossier", token=token)
    return state


@pytest.fixture
def people(session: Session):
    camp = f.campaign(session, today=system_clock.today())
    me = f.applicant(session, camp, with_profile=False)
    other = f.applicant(session, camp)
    theirs = Experience(account_id=other.id, year=2024, employer="Autre", title="Secret")
    session.add(theirs)
    token = sessions.open_session(session, me.id)
    session.commit()
    return me, theirs, token


def test_contact_errors_keep_the_typed_values_then_save(session: Session, people) -> None:
    me, _theirs, token = people
    st = _state(token)
    run_event(st, "load")
    assert "adresse postale" in st.missing
    for name, value in {"phone": "12", "address_line": "1 rue A", "postal_code": "6600"}.items():
        run_event(st, "set_civil", name, value)
    run_event(st, "save_section", "contact")
    assert "téléphone" in st.errors["phone"].lower()
    assert "obligatoire" in st.errors["city"]
    assert st.errors["birth_date"] == ""  # the other section is untouched
    assert st.civil["address_line"] == "1 rue A"  # nothing typed is lost
    assert session.get(Candidate, me.id) is None

    run_event(st, "set_civil", "phone", "06 11 22 33 44")
    run_event(st, "set_civil", "postal_code", "66000")  # one commune: chosen for the applicant
    assert [c.label for c in st.communes] == ["Perpignan"] and st.civil["city"] == "Perpignan"
    run_event(st, "save_section", "contact")
    assert st.errors["phone"] == "" and st.civil["phone"] == "0611223344"
    assert "adresse postale" not in st.missing


def test_imported_bac_save_is_refused(session: Session, people) -> None:
    me, _theirs, token = people
    session.add(BacRecord(account_id=me.id, year=2020, series="Générale", imported=True))
    session.commit()
    st = _state(token)
    run_event(st, "load")
    assert st.bac_locked and st.bac["year"] == "2020"
    run_event(st, "set_bac", "year", "2021")
    run_event(st, "save_bac")
    assert "n'est pas modifiable" in st.section_message["bac"]
    session.expire_all()
    assert session.get(BacRecord, me.id).year == 2020


def test_rows_through_the_dialog_and_foreign_ids(session: Session, people) -> None:
    me, theirs, token = people
    st = _state(token)
    run_event(st, "load")
    run_event(st, "open_new", "experience")
    run_event(st, "set_dialog", "year", "2023")
    run_event(st, "save_dialog")
    assert st.dialog_kind == "experience"  # still open: employer and title are missing
    assert st.dialog_errors["employer"] and st.dialog_errors["title"]
    run_event(st, "set_dialog", "employer", "Mairie")
    run_event(st, "set_dialog", "title", "Agent d'accueil")
    run_event(st, "save_dialog")
    assert st.dialog_kind == "" and [e.title for e in st.experiences] == ["Agent d'accueil"]

    # A forged call with someone else's row id: refused, their row unchanged.
    run_event(st, "remove", "experience", theirs.id)
    st.dialog_kind, st.dialog_entry_id = "experience", theirs.id
    st.dialog_values = st.dialog_values | {"year": "2020", "employer": "X", "title": "Y"}
    run_event(st, "save_dialog")
    assert st.dialog_message != ""
    session.expire_all()
    assert session.get(Experience, theirs.id).title == "Secret"

    run_event(st, "remove", "experience", st.experiences[0].id)
    assert st.experiences == []


@pytest.mark.usefixtures("session", "people")
def test_signed_out_visitor_changes_nothing() -> None:
    st = _state("")
    spec = run_event(st, "save_section", "civil")
    assert "/connexion" in str(spec)


def test_the_language_switch_rewords_the_page_and_keeps_what_is_typed(people) -> None:
    _me, _theirs, token = people
    st = _state(token)
    run_event(st, "load")
    assert "adresse postale" in st.missing
    run_event(st, "set_civil", "address_line", "1 rue A")  # typed, not saved
    st.lang = "en"
    run_event(st, "relabel")
    assert "postal address" in st.missing and "adresse postale" not in st.missing
    assert st.civil["address_line"] == "1 rue A"
