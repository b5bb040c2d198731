"""The applicant's file ("Mon dossier"): civil status, bac, cursus, experience, internships."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from ecandidat_app.core.models.base import utcnow


class Candidate(SQLModel, table=True):
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    civility: str = Field(default="", max_length=10)
    birth_name: str = Field(default="", max_length=80)
    usage_name: str = Field(default="", max_length=80)
    first_names: str = Field(default="", max_length=120)
    birth_date: date | None = None
    birth_place: str = Field(default="", max_length=120)
    nationality: str = Field(default="", max_length=80)
    ine: str = Field(default="", max_length=11)
    phone: str = Field(default="", max_length=20)
    address_line: str = Field(default="", max_length=200)
    postal_code: str = Field(default="", max_length=10)
    city: str = Field(default="", max_length=120)
    country: str = Field(default="France", max_length=80)
    # Reference codes (core/reference): ISO 3166-1 alpha-2 countries, INSEE commune code.
    # A free text without its code (typed before the lists) waits for the applicant's
    # confirmation: profile_rules.to_confirm.
    nationality_code: str = Field(default="", max_length=2)
    birth_country_code: str = Field(default="", max_length=2)
    country_code: str = Field(default="FR", max_length=2)  # as `country` defaults to France
    commune_code: str = Field(default="", max_length=5)
    updated_at: datetime = Field(default_factory=utcnow)


class BacRecord(SQLModel, table=True):
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    year: int | None = None
    series: str = Field(default="", max_length=80)
    series_code: str = Field(default="", max_length=8)  # core/reference/bac.py
    speciality_1: str = Field(default="", max_length=8)  # general bac since 2021
    speciality_2: str = Field(default="", max_length=8)
    mention: str = Field(default="", max_length=40)
    school: str = Field(default="", max_length=160)
    imported: bool = False  # from the student information system: read-only


class CursusPostBac(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    year: int
    label: str = Field(max_length=160)
    obtained: bool = False
    mention: str = Field(default="", max_length=40)
    school: str = Field(default="", max_length=160)


class CursusInterne(SQLModel, table=True):
    """Imported from the university's student system; never edited by the applicant."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    year: int
    code: str = Field(default="", max_length=20)
    label: str = Field(max_length=160)
    result: str = Field(default="", max_length=40)
    imported: bool = True


class Experience(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    year: int
    duration: str = Field(default="", max_length=40)
    employer: str = Field(max_length=160)
    title: str = Field(max_length=160)


class Internship(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    year: int
    duration: str = Field(default="", max_length=40)
    hours_per_week: int | None = None
    employer: str = Field(max_length=160)
    topic: str = Field(max_length=200)


class StudentRecord(SQLModel, table=True):
    """One row of the student information system's export (former students)."""

    student_number: str = Field(primary_key=True, max_length=20)
    ine: str = Field(default="", max_length=11)
    bac_year: int | None = None
    bac_series: str = Field(default="", max_length=80)
    bac_mention: str = Field(default="", max_length=40)
    bac_school: str = Field(default="", max_length=160)
    cursus_json: str = Field(default="[]")
    content_hash: str = Field(default="", max_length=64)
    imported_at: datetime = Field(default_factory=utcnow)
