"""The sample applicant « Léa Martin »: one complete profile (civil status, contact details,
baccalauréat) shared by the demo, the tests and the load generator, so that all three fill a
profile the same way and a new required field is added in one place."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from ecandidat_app.core.models import BacRecord, Candidate

FIRST_NAME = "Léa"
LAST_NAME = "Martin"


def sample_candidate(
    account_id: int, *, first_names: str = FIRST_NAME, birth_name: str = LAST_NAME
) -> Candidate:
    """Civil status and contact details as the profile page stores them (phone normalised)."""
    return Candidate(
        account_id=account_id,
        civility="Mme",
        birth_name=birth_name,
        first_names=first_names,
        birth_date=date(2003, 5, 4),
        birth_place="Perpignan",
        birth_country_code="FR",
        nationality="France",
        nationality_code="FR",
        phone="0612345678",
        address_line="12 avenue Paul Alduy",
        postal_code="66100",
        city="Perpignan",
        commune_code="66136",
        country="France",
        country_code="FR",
    )


def sample_bac(account_id: int, *, year: int = 2021) -> BacRecord:
    return BacRecord(
        account_id=account_id,
        year=year,
        series="Baccalauréat général (depuis 2021, avec spécialités)",
        series_code="BG",
        speciality_1="MATHS",
        speciality_2="PC",
        mention="Bien",
        school="Lycée François Arago",
    )


def add_sample_profile(
    s: Session,
    account_id: int,
    *,
    first_names: str = FIRST_NAME,
    birth_name: str = LAST_NAME,
    bac_year: int = 2021,
) -> None:
    """A complete profile for the account: what an applicant needs before applying."""
    s.add(sample_candidate(account_id, first_names=first_names, birth_name=birth_name))
    s.add(sample_bac(account_id, year=bac_year))
