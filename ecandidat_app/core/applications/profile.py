"""The applicant's file ("Mon dossier"): read it whole, change it section by section.

Every change is checked here (formats, lengths, dates, ownership of list rows); the page
only shows what comes back. Field errors are collected so the user sees them all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from ecandidat_app.core.applications.profile_checks import (
    BAC_LOCK_REASON,
    BAC_MENTIONS,
    FieldErrors,
    as_text,
    check_birth_date,
    check_civility,
    check_optional_name,
    check_postal_code,
    collect_fields,
    normalise_phone,
    optional_text,
    require_applicant,
    required_text,
    year_check,
)
from ecandidat_app.core.applications.profile_references import (
    COUNTRY_FIELDS,
    check_commune,
    check_ine,
    check_series,
    check_specialities,
    country_check,
    is_france,
)
from ecandidat_app.core.applications.profile_rules import missing_parts, to_confirm
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import (
    Account,
    BacRecord,
    Candidate,
    CursusInterne,
    CursusPostBac,
    Experience,
    Internship,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.reference.countries import FRANCE, find_country
from ecandidat_app.core.validation import validate_person_name

# --- what the page reads ---------------------------------------------------------------------


@dataclass(frozen=True)
class CursusRow:
    id: int
    year: str
    label: str
    obtained: bool
    mention: str
    school: str


@dataclass(frozen=True)
class InternalCursusRow:
    year: str
    code: str
    label: str
    result: str


@dataclass(frozen=True)
class ExperienceRow:
    id: int
    year: str
    duration: str
    employer: str
    title: str


@dataclass(frozen=True)
class InternshipRow:
    id: int
    year: str
    duration: str
    hours_per_week: str
    employer: str
    topic: str


@dataclass(frozen=True)
class ProfileView:
    civil: dict[str, str]  # every civil-status and contact field, as form strings
    bac: dict[str, str]  # year, series, mention, school
    bac_locked: bool
    bac_lock_reason: str
    cursus: tuple[CursusRow, ...]
    internal_cursus: tuple[InternalCursusRow, ...]
    experiences: tuple[ExperienceRow, ...]
    internships: tuple[InternshipRow, ...]
    missing: tuple[str, ...]  # what must still be filled before applying
    to_confirm: tuple[str, ...]  # free text typed before the lists, to choose in them
    typed: dict[str, str]  # that free text, by form field (the pickers show it)


CIVIL_FIELDS: tuple[str, ...] = (
    "civility",
    "birth_name",
    "usage_name",
    "first_names",
    "birth_date",
)
CIVIL_FIELDS += ("birth_place", "birth_country", "nationality", "ine")
CONTACT_FIELDS = ("phone", "address_line", "postal_code", "city", "country")


def get_profile(s: Session, account_id: int) -> ProfileView:
    account = s.get(Account, account_id)
    if account is None:
        raise NotFound(_("Ce compte n'existe pas."))
    cand = s.get(Candidate, account_id)
    civil = dict.fromkeys(CIVIL_FIELDS + CONTACT_FIELDS, "")
    if cand is None:
        # A new file starts from the names given at sign-up.
        civil.update(birth_name=account.last_name, first_names=account.first_name)
        civil["country"] = FRANCE
    else:
        civil.update({name: as_text(getattr(cand, name, "")) for name in civil})
        civil["birth_date"] = cand.birth_date.isoformat() if cand.birth_date else ""
        # The pickers hold codes; a free text without its code waits in `to_confirm`.
        civil.update({name: getattr(cand, code) for name, (code, _) in COUNTRY_FIELDS.items()})
    bac = s.get(BacRecord, account_id)
    owned = lambda model: (  # noqa: E731
        select(model).where(model.account_id == account_id).order_by(col(model.year).desc())
    )
    return ProfileView(
        civil=civil,
        bac={
            "year": as_text(bac.year) if bac else "",
            "series": bac.series_code if bac else "",
            "series_text": bac.series if bac else "",
            "speciality_1": bac.speciality_1 if bac else "",
            "speciality_2": bac.speciality_2 if bac else "",
            "mention": bac.mention if bac else "",
            "school": bac.school if bac else "",
        },
        bac_locked=bool(bac and bac.imported),
        bac_lock_reason=_(BAC_LOCK_REASON) if bac and bac.imported else "",
        cursus=tuple(
            CursusRow(r.id, str(r.year), r.label, r.obtained, r.mention, r.school)
            for r in s.exec(owned(CursusPostBac).order_by(col(CursusPostBac.id))).all()
        ),
        internal_cursus=tuple(
            InternalCursusRow(str(r.year), r.code, r.label, r.result)
            for r in s.exec(owned(CursusInterne).order_by(col(CursusInterne.id))).all()
        ),
        experiences=tuple(
            ExperienceRow(r.id, str(r.year), r.duration, r.employer, r.title)
            for r in s.exec(owned(Experience).order_by(col(Experience.id))).all()
        ),
        internships=tuple(
            InternshipRow(
                r.id, str(r.year), r.duration, as_text(r.hours_per_week), r.employer, r.topic
            )
            for r in s.exec(owned(Internship).order_by(col(Internship.id))).all()
        ),
        missing=tuple(missing_parts(cand, bac)),
        to_confirm=tuple(to_confirm(cand, bac)),
        typed={"nationality": cand.nationality, "country": cand.country} if cand else {},
    )


# --- civil status and contact ----------------------------------------------------------------


def update_civil_status(
    s: Session, account: Account, data: Mapping[str, Any], *, clock: Clock = system_clock
) -> Candidate:
    """Save the fields present in `data` (the État civil form, the Coordonnées form, or both).

    Raises `FieldErrors` listing every wrong field; nothing is saved then.
    """
    require_applicant(account)
    cand = s.get(Candidate, account.id)
    country = as_text(data.get("country", cand.country_code if cand else FRANCE))
    today = clock.today()
    checks: dict[str, Callable[[Any], Any]] = {
        "civility": check_civility,
        "birth_name": lambda v: validate_person_name(as_text(v), N_("Le nom de naissance")),
        "usage_name": lambda v: check_optional_name(v, N_("Le nom d'usage")),
        "first_names": lambda v: validate_person_name(as_text(v), N_("Le prénom")),
        "birth_date": lambda v: check_birth_date(v, today),
        "birth_place": required_text(N_("Le lieu de naissance"), 120),
        "birth_country": country_check(N_("le pays de naissance")),
        "nationality": country_check(N_("la nationalité")),
        "ine": check_ine,
        "phone": normalise_phone,
        "address_line": required_text(N_("L'adresse"), 200),
        "postal_code": lambda v: check_postal_code(v, country),
        "city": required_text(N_("La ville"), 120),
        "country": country_check(N_("le pays")),
    }
    clean = collect_fields(data, checks)
    cand = cand or Candidate(account_id=id_of(account), country_code=FRANCE)
    _set_commune(cand, clean, data)
    for name, value in clean.items():
        if name in COUNTRY_FIELDS:
            code_column, name_column = COUNTRY_FIELDS[name]
            setattr(cand, code_column, value.code)
            if name_column:
                setattr(cand, name_column, value.name)
        else:
            setattr(cand, name, value)
    cand.updated_at = clock.now()
    s.add(cand)
    s.flush()
    return cand


def _set_commune(cand: Candidate, clean: dict[str, Any], data: Mapping[str, Any]) -> None:
    """The address's commune: for France, one of the communes of the postal code (its INSEE
    code is kept); elsewhere the town as typed. Raises FieldErrors on the city field."""
    if "city" not in clean:
        return
    country = clean.get("country") or find_country(cand.country_code or cand.country)
    if not is_france(country):
        cand.commune_code = ""
        return
    postal = clean.get("postal_code", cand.postal_code)
    try:
        commune = check_commune(postal, as_text(data.get("city")))
    except DomainError as err:
        raise FieldErrors({err.field or "city": err.message}) from None
    clean["city"], cand.commune_code = commune.name, commune.insee_code


# --- baccalauréat ----------------------------------------------------------------------------


def update_bac(
    s: Session,
    account: Account,
    year: Any,
    series: Any,
    mention: Any = "",
    school: Any = "",
    speciality_1: Any = "",
    speciality_2: Any = "",
    *,
    clock: Clock = system_clock,
) -> BacRecord:
    require_applicant(account)
    bac = s.get(BacRecord, account.id)
    if bac is not None and bac.imported:
        raise DomainError(
            _("Votre baccalauréat est importé de votre dossier étudiant : il n'est pas modifiable.")
        )

    def mention_check(value: Any) -> str:
        text = as_text(value).strip()
        if text and text not in BAC_MENTIONS:
            raise DomainError(_("Choisissez une mention dans la liste."))
        return text

    clean = collect_fields(
        {"year": year, "series": series, "mention": mention, "school": school},
        {
            "year": year_check(N_("L'année d'obtention"), latest=clock.today().year),
            "series": check_series,
            "mention": mention_check,
            "school": optional_text(N_("L'établissement"), 160),
        },
    )
    try:
        specialities = check_specialities(clean["series"], speciality_1, speciality_2)
    except DomainError as err:
        raise FieldErrors({"speciality_1": err.message}) from None
    bac = bac or BacRecord(account_id=id_of(account))
    chosen = clean.pop("series")
    bac.series_code, bac.series = chosen.code, chosen.label
    bac.speciality_1, bac.speciality_2 = specialities
    for name, value in clean.items():
        setattr(bac, name, value)
    s.add(bac)
    s.flush()
    return bac


# --- lists: cursus post-bac, expériences, stages ---------------------------------------------


def _obtained(value: Any) -> bool:
    return as_text(value).strip().lower() in {"1", "true", "on", "oui", "yes"}


def _hours(value: Any) -> int | None:
    text = as_text(value).strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 60:
        raise DomainError(_("Le nombre d'heures par semaine doit être entre 1 et 60."))
    return int(text)


@dataclass(frozen=True)
class ListKind:
    model: type[SQLModel]
    noun: str  # used in messages: "Cette ligne de cursus"
    checks: Callable[[int], dict[str, Callable[[Any], Any]]]  # built with this year's bound


LIST_KINDS: dict[str, ListKind] = {
    "cursus": ListKind(
        CursusPostBac,
        N_("cursus"),
        lambda latest: {
            "year": year_check(N_("L'année"), latest=latest),
            "label": required_text(N_("L'intitulé du diplôme"), 160),
            "obtained": _obtained,
            "mention": optional_text(N_("La mention"), 40),
            "school": optional_text(N_("L'établissement"), 160),
        },
    ),
    "experience": ListKind(
        Experience,
        N_("expérience"),
        lambda latest: {
            "year": year_check(N_("L'année"), latest=latest),
            "duration": optional_text(N_("La durée"), 40),
            "employer": required_text(N_("L'employeur"), 160),
            "title": required_text(N_("La fonction"), 160),
        },
    ),
    "internship": ListKind(
        Internship,
        N_("stage"),
        lambda latest: {
            "year": year_check(N_("L'année"), latest=latest),
            "duration": optional_text(N_("La durée"), 40),
            "hours_per_week": _hours,
            "employer": required_text(N_("L'organisme d'accueil"), 160),
            "topic": required_text(N_("Le sujet du stage"), 200),
        },
    ),
}


def _kind(kind: str) -> ListKind:
    if kind == "internal":
        raise DomainError(
            _("Le cursus interne est importé de votre dossier étudiant : il n'est pas modifiable.")
        )
    if kind not in LIST_KINDS:
        raise NotFound()
    return LIST_KINDS[kind]


def _owned_row(s: Session, account: Account, spec: ListKind, entry_id: Any) -> Any:
    """The row when it belongs to this applicant; otherwise NotFound (whose row it is, or
    whether it exists, is not revealed)."""
    try:
        row: Any = s.get(spec.model, int(entry_id))
    except (TypeError, ValueError):
        row = None
    if row is None or row.account_id != account.id:
        raise NotFound(_("Cette ligne ({kind}) n'existe pas ou plus.").format(kind=_(spec.noun)))
    return row


def save_entry(
    s: Session,
    account: Account,
    kind: str,
    data: Mapping[str, Any],
    *,
    entry_id: int | None = None,
    clock: Clock = system_clock,
) -> int:
    """Add (no `entry_id`) or change one row of a list; returns its id.

    Every field of the row must be given (the dialog sends them all)."""
    require_applicant(account)
    spec = _kind(kind)
    checks = spec.checks(clock.today().year + 1)
    row: Any = _owned_row(s, account, spec, entry_id) if entry_id is not None else None
    clean = collect_fields({name: data.get(name, "") for name in checks} | dict(data), checks)
    if row is None:
        row = spec.model(account_id=account.id, **clean)
    else:
        for name, value in clean.items():
            setattr(row, name, value)
    s.add(row)
    s.flush()
    return int(row.id)


def remove_entry(s: Session, account: Account, kind: str, entry_id: Any) -> None:
    require_applicant(account)
    spec = _kind(kind)
    s.delete(_owned_row(s, account, spec, entry_id))
    s.flush()
