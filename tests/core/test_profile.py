"""Mon dossier: civil status checks, the imported bac, list rows and their ownership."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from ecandidat_app.core.applications import profile
from ecandidat_app.core.applications.profile_checks import FieldErrors
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.errors import DomainError, Forbidden, NotFound
from ecandidat_app.core.models import (
    BacRecord,
    Candidate,
    CursusInterne,
    CursusPostBac,
    Experience,
    Internship,
    Role,
)
from tests import factories as f

VALID = {
    "civility": "Mme",
    "birth_name": "Dupont",
    "usage_name": "",
    "first_names": "Anne-Marie",
    "birth_date": "2004-02-29",
    "birth_place": "Perpignan",
    "birth_country": "FR",
    "nationality": "Française",
    "ine": "1234567890v",
    "phone": "06 12 34 56 78",
    "address_line": "3 place Arago",
    "postal_code": "66000",
    "city": "Perpignan",
    "country": "France",
}


@pytest.fixture
def camp(session: Session, clock: FixedClock):
    return f.campaign(session, today=clock.today())


@pytest.fixture
def newcomer(session: Session, camp):
    return f.applicant(session, camp, with_profile=False)


def _errors(call) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(FieldErrors) as info:
        call()
    return info.value.errors


def test_new_file_starts_from_the_sign_up_names_and_lists_what_is_missing(
    session: Session, newcomer
) -> None:
    view = profile.get_profile(session, newcomer.id)
    assert view.civil["birth_name"] == "Martin" and view.civil["first_names"] == "Léa"
    assert view.civil["country"] == "FR"
    assert "adresse postale" in view.missing and "baccalauréat ou équivalent" in view.missing
    assert view.bac_locked is False and view.bac_lock_reason == ""
    assert view.cursus == () and view.internal_cursus == ()


def test_valid_civil_status_is_saved_normalised(session: Session, newcomer, clock) -> None:
    profile.update_civil_status(session, newcomer, VALID, clock=clock)
    cand = session.get(Candidate, newcomer.id)
    assert cand.birth_date == date(2004, 2, 29)
    assert cand.phone == "0612345678"
    assert cand.ine == "1234567890V"
    assert (cand.nationality, cand.nationality_code, cand.country_code) == ("France", "FR", "FR")
    assert (cand.city, cand.commune_code) == ("Perpignan", "66136")
    profile.update_bac(
        session, newcomer, "2022", "BG", "Bien", "Lycée Arago", "MATHS", "NSI", clock=clock
    )
    view = profile.get_profile(session, newcomer.id)
    assert view.missing == ()
    assert view.civil["birth_date"] == "2004-02-29"
    assert view.bac == {
        "year": "2022",
        "series": "BG",
        "series_text": "Baccalauréat général (depuis 2021, avec spécialités)",
        "speciality_1": "MATHS",
        "speciality_2": "NSI",
        "mention": "Bien",
        "school": "Lycée Arago",
    }
    assert view.to_confirm == ()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("birth_date", "2003-02-30", "n'est pas une date qui existe"),
        ("birth_date", "31/13/2001", "n'est pas une date qui existe"),
        ("birth_date", "hier", "format JJ/MM/AAAA"),
        ("birth_date", "2030-01-01", "futur"),
        ("birth_date", "2013-03-16", "entre 14 et 100 ans"),  # 13 years old on 15/03/2027
        ("birth_date", "1926-01-01", "entre 14 et 100 ans"),
        ("birth_date", "", "obligatoire"),
        ("civility", "Dr", "civilité"),
        ("birth_name", "R2D2", "lettres"),
        ("birth_name", "x" * 81, "80 caractères"),
        ("first_names", "", "obligatoire"),
        ("birth_place", "P" * 121, "120 caractères"),
        ("nationality", "", "Choisissez la nationalité dans la liste"),
        ("nationality", "Atlantide", "Choisissez la nationalité dans la liste"),
        ("birth_country", "ZZ", "Choisissez le pays de naissance dans la liste"),
        ("ine", "12345", "11 caractères"),
        ("ine", "1234567890A", "clé"),  # the BEA key of 1234567890 is V
        ("ine", "1A2B3C4D5E1", "clé"),  # the RNIE key of 1A2B3C4D5E is 0
        ("ine", "0000000000A", "clé"),
        ("phone", "12345", "Numéro de téléphone non valide"),
        ("phone", "+0 612", "Numéro de téléphone non valide"),
        ("address_line", "a" * 201, "200 caractères"),
        ("address_line", "ligne\x00cachée", "caractères non autorisés"),
        ("postal_code", "6600", "5 chiffres"),
        ("city", "", "obligatoire"),
        ("city", "Narbonne", "Choisissez la commune dans la liste de ce code postal"),
        ("postal_code", "00001", "n'existe pas en France"),
    ],
)
def test_each_bad_field_gets_its_french_message_and_nothing_is_saved(
    session: Session, newcomer, clock, field: str, value: str, words: str
) -> None:
    errors = _errors(
        lambda: profile.update_civil_status(session, newcomer, VALID | {field: value}, clock=clock)
    )
    assert list(errors) == [field]
    assert words in errors[field]
    assert session.get(Candidate, newcomer.id) is None


def test_age_boundaries_are_inclusive(session: Session, newcomer, clock) -> None:
    # Today is 15 March 2027: 14 years old today, and 100 years old until tomorrow.
    for born, kept in (
        ("2013-03-15", date(2013, 3, 15)),
        ("1926-03-16", date(1926, 3, 16)),
        ("15/03/2013", date(2013, 3, 15)),
    ):
        cand = profile.update_civil_status(session, newcomer, {"birth_date": born}, clock=clock)
        assert cand.birth_date == kept
    # One day past either bound is refused, with the rule in words.
    for born in ("2013-03-16", "1926-03-15"):
        errors = _errors(
            lambda born=born: profile.update_civil_status(
                session, newcomer, {"birth_date": born}, clock=clock
            )
        )
        assert "entre 14 et 100 ans" in errors["birth_date"]


def test_all_errors_come_together(session: Session, newcomer, clock) -> None:
    errors = _errors(
        lambda: profile.update_civil_status(
            session, newcomer, VALID | {"civility": "", "phone": "abc", "city": ""}, clock=clock
        )
    )
    assert set(errors) == {"civility", "phone", "city"}


def test_sections_save_separately_and_foreign_postcodes_are_allowed(
    session: Session, newcomer, clock
) -> None:
    contact = {k: VALID[k] for k in profile.CONTACT_FIELDS}
    profile.update_civil_status(
        session,
        newcomer,
        contact | {"country": "Belgique", "postal_code": "B-1000", "phone": "+32 2 123 45 67"},
        clock=clock,
    )
    civil = {k: VALID[k] for k in profile.CIVIL_FIELDS}
    profile.update_civil_status(session, newcomer, civil, clock=clock)
    cand = session.get(Candidate, newcomer.id)
    assert (cand.postal_code, cand.phone, cand.birth_name) == ("B-1000", "+3221234567", "Dupont")


def test_unknown_form_field_is_refused(session: Session, newcomer, clock) -> None:
    with pytest.raises(DomainError):
        profile.update_civil_status(session, newcomer, {"account_id": "7"}, clock=clock)


def test_staff_cannot_use_the_applicant_file(session: Session, clock) -> None:
    admin = f.staff(session, role=Role.ADMIN)
    with pytest.raises(Forbidden):
        profile.update_civil_status(session, admin, VALID, clock=clock)


def test_imported_bac_is_refused_and_shown_locked(session: Session, camp, clock) -> None:
    former = f.applicant(session, camp)
    bac = session.get(BacRecord, former.id)
    bac.imported = True
    session.add(CursusInterne(account_id=former.id, year=2022, code="L3INF", label="L3 Info"))
    session.flush()
    with pytest.raises(DomainError) as info:
        profile.update_bac(session, former, "2020", "Pro", clock=clock)
    assert "n'est pas modifiable" in info.value.message
    session.refresh(bac)
    assert (bac.year, bac.series_code) == (2021, "BG")
    view = profile.get_profile(session, former.id)
    assert view.bac_locked
    assert view.bac_lock_reason == profile.BAC_LOCK_REASON
    assert [r.label for r in view.internal_cursus] == ["L3 Info"]
    with pytest.raises(DomainError):
        profile.save_entry(session, former, "internal", {"label": "x"}, clock=clock)


def test_bac_checks(session: Session, newcomer, clock) -> None:
    errors = _errors(
        lambda: profile.update_bac(session, newcomer, "2031", "", "Génial", clock=clock)
    )
    assert set(errors) == {"year", "series", "mention"}
    assert "entre 1950 et 2027" in errors["year"]
    assert session.get(BacRecord, newcomer.id) is None


@pytest.mark.parametrize(
    ("kind", "model", "row"),
    [
        (
            "cursus",
            CursusPostBac,
            {"year": "2023", "label": "L1 Droit", "obtained": "on", "mention": "", "school": ""},
        ),
        (
            "experience",
            Experience,
            {"year": "2024", "duration": "6 mois", "employer": "Mairie", "title": "Agent"},
        ),
        (
            "internship",
            Internship,
            {
                "year": "2025",
                "duration": "2 mois",
                "hours_per_week": "35",
                "employer": "CNRS",
                "topic": "Capteurs",
            },
        ),
    ],
)
def test_list_rows_add_edit_remove_and_ownership(
    session: Session, camp, clock, kind: str, model, row: dict
) -> None:
    me = f.applicant(session, camp)
    other = f.applicant(session, camp)
    mine = profile.save_entry(session, me, kind, row, clock=clock)
    theirs = profile.save_entry(session, other, kind, row, clock=clock)
    profile.save_entry(session, me, kind, row | {"year": "2020"}, entry_id=mine, clock=clock)
    assert session.get(model, mine).year == 2020

    # Someone else's row (or one that does not exist) is "not found" and stays untouched.
    for wrong in (theirs, 987_654, "abc"):
        with pytest.raises(NotFound):
            profile.save_entry(
                session, me, kind, row | {"year": "2019"}, entry_id=wrong, clock=clock
            )
        with pytest.raises(NotFound):
            profile.remove_entry(session, me, kind, wrong)
    assert session.get(model, theirs).year == int(row["year"])

    view = profile.get_profile(session, me.id)
    listed = {"cursus": view.cursus, "experience": view.experiences, "internship": view.internships}
    assert [r.id for r in listed[kind]] == [mine]

    profile.remove_entry(session, me, kind, mine)
    assert session.get(model, mine) is None
    assert session.exec(select(model).where(model.account_id == other.id)).one().id == theirs


@pytest.mark.parametrize(
    ("kind", "data", "fields"),
    [
        ("cursus", {"year": "1800", "label": ""}, {"year", "label"}),
        ("experience", {"year": "2024", "employer": "E" * 161, "title": ""}, {"employer", "title"}),
        (
            "internship",
            {"year": "x", "hours_per_week": "90", "employer": "A", "topic": "B"},
            {"year", "hours_per_week"},
        ),
    ],
)
def test_list_row_checks(session: Session, camp, clock, kind: str, data: dict, fields) -> None:
    me = f.applicant(session, camp)
    errors = _errors(lambda: profile.save_entry(session, me, kind, data, clock=clock))
    assert set(errors) == fields


def test_unknown_list_kind(session: Session, camp, clock) -> None:
    me = f.applicant(session, camp)
    with pytest.raises(NotFound):
        profile.save_entry(session, me, "candidature", {}, clock=clock)
