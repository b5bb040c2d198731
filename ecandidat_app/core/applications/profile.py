"""The applicant's file ("Mon dossier"): read it whole, change it section by section.

Every change is checked here (formats, lengths, dates, ownership of list rows); the page
only shows what comes back. Field errors are collected so the user sees them all at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from ecandidat_app.core.applications.profile_rules import profile_missing
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError, Forbidden, NotFound
from ecandidat_app.core.models import (
    Account,
    BacRecord,
    Candidate,
    CursusInterne,
    CursusPostBac,
    Experience,
    Internship,
    Role,
)
from ecandidat_app.core.validation import require_length, validate_person_name

CIVILITIES = ("Mme", "M.")
BAC_MENTIONS = ("Sans mention", "Assez bien", "Bien", "Très bien", "Félicitations du jury")
BAC_LOCK_REASON = "Données importées de votre dossier étudiant : elles ne sont pas modifiables."
MIN_AGE, MAX_AGE = 14, 100
OLDEST_YEAR = 1950

_INE = re.compile(r"^[0-9A-Z]{10}[A-Z]$")
_FR_PHONE = re.compile(r"^0[1-9]\d{8}$")
_INTL_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
_FR_POSTCODE = re.compile(r"^\d{5}$")
_POSTCODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z -]{1,9}$")


class FieldErrors(DomainError):
    """Several fields are wrong; `errors` maps each field name to its French message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("Certains champs sont à corriger.", field=next(iter(errors), None))
        self.errors = errors


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


CIVIL_FIELDS = ("civility", "birth_name", "usage_name", "first_names", "birth_date")
CIVIL_FIELDS += ("birth_place", "nationality", "ine")
CONTACT_FIELDS = ("phone", "address_line", "postal_code", "city", "country")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def get_profile(s: Session, account_id: int) -> ProfileView:
    account = s.get(Account, account_id)
    if account is None:
        raise NotFound("Ce compte n'existe pas.")
    cand = s.get(Candidate, account_id)
    civil = {name: "" for name in CIVIL_FIELDS + CONTACT_FIELDS}
    if cand is None:
        # A new file starts from the names given at sign-up.
        civil.update(birth_name=account.last_name, first_names=account.first_name)
        civil["country"] = "France"
    else:
        civil.update({name: _text(getattr(cand, name)) for name in civil})
        civil["birth_date"] = cand.birth_date.isoformat() if cand.birth_date else ""
    bac = s.get(BacRecord, account_id)
    owned = lambda model: (  # noqa: E731
        select(model).where(model.account_id == account_id).order_by(col(model.year).desc())
    )
    return ProfileView(
        civil=civil,
        bac={
            "year": _text(bac.year) if bac else "",
            "series": bac.series if bac else "",
            "mention": bac.mention if bac else "",
            "school": bac.school if bac else "",
        },
        bac_locked=bool(bac and bac.imported),
        bac_lock_reason=BAC_LOCK_REASON if bac and bac.imported else "",
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
                r.id, str(r.year), r.duration, _text(r.hours_per_week), r.employer, r.topic
            )
            for r in s.exec(owned(Internship).order_by(col(Internship.id))).all()
        ),
        missing=tuple(profile_missing(s, account_id)),
    )


# --- field checks: each returns the clean value or raises DomainError(field=...) -----------


def _collect(data: Mapping[str, Any], checks: Mapping[str, Callable[[Any], Any]]) -> dict:
    """Run the check of every field present in `data`; raise all the errors together."""
    unknown = set(data) - set(checks)
    if unknown:
        raise DomainError("Formulaire inattendu : rechargez la page.")
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, check in checks.items():
        if name not in data:
            continue
        try:
            clean[name] = check(data[name])
        except DomainError as err:
            errors[name] = err.message
    if errors:
        raise FieldErrors(errors)
    return clean


def parse_date(value: Any, label: str, *, field: str) -> date:
    """ISO (from a date input) or JJ/MM/AAAA (typed by hand)."""
    if isinstance(value, date):
        return value
    text = _text(value).strip()
    if not text:
        raise DomainError(f"{label} est obligatoire.", field=field)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.fullmatch(
        r"(\d{1,2})/(\d{1,2})/(\d{4})", text
    )
    if m is None:
        raise DomainError(f"{label} doit être au format JJ/MM/AAAA.", field=field)
    a, b, c = (int(x) for x in m.groups())
    year, month, day = (a, b, c) if "-" in text else (c, b, a)
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError(f"{label} n'est pas une date qui existe.", field=field) from None


def _age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _birth_date(value: Any, today: date) -> date:
    born = parse_date(value, "La date de naissance", field="birth_date")
    if born > today:
        raise DomainError("La date de naissance ne peut pas être dans le futur.")
    age = _age_on(born, today)
    if not MIN_AGE <= age <= MAX_AGE:
        raise DomainError(
            f"Vérifiez la date de naissance : l'âge doit être compris entre {MIN_AGE} "
            f"et {MAX_AGE} ans."
        )
    return born


def _civility(value: Any) -> str:
    text = _text(value).strip()
    if text not in CIVILITIES:
        raise DomainError("Choisissez une civilité : Madame ou Monsieur.")
    return text


def _optional_name(value: Any, label: str) -> str:
    return validate_person_name(value, label) if _text(value).strip() else ""


def _ine(value: Any) -> str:
    text = re.sub(r"\s", "", _text(value)).upper()
    if text and not _INE.match(text):
        raise DomainError(
            "L'INE comporte 11 caractères : 10 chiffres ou lettres puis une lettre "
            "(exemple : 1234567890A)."
        )
    return text


def normalise_phone(value: Any) -> str:
    raw = _text(value).strip()
    if not raw:
        raise DomainError("Le téléphone est obligatoire.")
    compact = re.sub(r"[\s.\-()]", "", raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if _FR_PHONE.match(compact) or _INTL_PHONE.match(compact):
        return compact
    raise DomainError(
        "Numéro de téléphone non valide : 10 chiffres commençant par 0 (06 12 34 56 78) "
        "ou format international (+33 6 12 34 56 78)."
    )


def _postal_code(value: Any, country: str) -> str:
    text = _text(value).strip().upper()
    if not text:
        raise DomainError("Le code postal est obligatoire.")
    french = country.strip().casefold() in {"france", ""}
    if french and not _FR_POSTCODE.match(text):
        raise DomainError("Un code postal français comporte 5 chiffres (exemple : 66000).")
    if not french and not _POSTCODE.match(text):
        raise DomainError("Code postal non valide (10 caractères au plus).")
    return text


def _required(label: str, max_len: int) -> Callable[[Any], str]:
    return lambda v: require_length(_text(v), label, max_len, 1)


def _optional(label: str, max_len: int) -> Callable[[Any], str]:
    return lambda v: require_length(_text(v), label, max_len)


def _year(label: str, *, latest: int, required: bool = True) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        text = _text(value).strip()
        if not text:
            if required:
                raise DomainError(f"{label} est obligatoire.")
            return None
        if not text.isdigit() or not OLDEST_YEAR <= int(text) <= latest:
            raise DomainError(f"{label} doit être une année entre {OLDEST_YEAR} et {latest}.")
        return int(text)

    return check


def _require_applicant(account: Account) -> None:
    if account.role != Role.APPLICANT:
        raise Forbidden("Seul un candidat peut modifier son dossier.")


# --- civil status and contact ----------------------------------------------------------------


def update_civil_status(
    s: Session, account: Account, data: Mapping[str, Any], *, clock: Clock = system_clock
) -> Candidate:
    """Save the fields present in `data` (the État civil form, the Coordonnées form, or both).

    Raises `FieldErrors` listing every wrong field; nothing is saved then.
    """
    _require_applicant(account)
    cand = s.get(Candidate, account.id)
    country = _text(data.get("country", cand.country if cand else "France"))
    today = clock.today()
    checks: dict[str, Callable[[Any], Any]] = {
        "civility": _civility,
        "birth_name": lambda v: validate_person_name(_text(v), "Le nom de naissance"),
        "usage_name": lambda v: _optional_name(v, "Le nom d'usage"),
        "first_names": lambda v: validate_person_name(_text(v), "Le prénom"),
        "birth_date": lambda v: _birth_date(v, today),
        "birth_place": _required("Le lieu de naissance", 120),
        "nationality": _required("La nationalité", 80),
        "ine": _ine,
        "phone": normalise_phone,
        "address_line": _required("L'adresse", 200),
        "postal_code": lambda v: _postal_code(v, country),
        "city": _required("La ville", 120),
        "country": _required("Le pays", 80),
    }
    clean = _collect(data, checks)
    if cand is None:
        cand = Candidate(account_id=account.id)
    for name, value in clean.items():
        setattr(cand, name, value)
    cand.updated_at = clock.now()
    s.add(cand)
    s.flush()
    return cand


# --- baccalauréat ----------------------------------------------------------------------------


def update_bac(
    s: Session,
    account: Account,
    year: Any,
    series: Any,
    mention: Any = "",
    school: Any = "",
    *,
    clock: Clock = system_clock,
) -> BacRecord:
    _require_applicant(account)
    bac = s.get(BacRecord, account.id)
    if bac is not None and bac.imported:
        raise DomainError(
            "Votre baccalauréat est importé de votre dossier étudiant : il n'est pas modifiable."
        )

    def mention_check(value: Any) -> str:
        text = _text(value).strip()
        if text and text not in BAC_MENTIONS:
            raise DomainError("Choisissez une mention dans la liste.")
        return text

    clean = _collect(
        {"year": year, "series": series, "mention": mention, "school": school},
        {
            "year": _year("L'année d'obtention", latest=clock.today().year),
            "series": _required("La série ou le diplôme équivalent", 80),
            "mention": mention_check,
            "school": _optional("L'établissement", 160),
        },
    )
    bac = bac or BacRecord(account_id=account.id)
    for name, value in clean.items():
        setattr(bac, name, value)
    s.add(bac)
    s.flush()
    return bac


# --- lists: cursus post-bac, expériences, stages ---------------------------------------------


def _obtained(value: Any) -> bool:
    return _text(value).strip().lower() in {"1", "true", "on", "oui", "yes"}


def _hours(value: Any) -> int | None:
    text = _text(value).strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 60:
        raise DomainError("Le nombre d'heures par semaine doit être entre 1 et 60.")
    return int(text)


@dataclass(frozen=True)
class ListKind:
    model: type[SQLModel]
    noun: str  # used in messages: "Cette ligne de cursus"
    checks: Callable[[int], dict[str, Callable[[Any], Any]]]  # built with this year's bound


LIST_KINDS: dict[str, ListKind] = {
    "cursus": ListKind(
        CursusPostBac,
        "cursus",
        lambda latest: {
            "year": _year("L'année", latest=latest),
            "label": _required("L'intitulé du diplôme", 160),
            "obtained": _obtained,
            "mention": _optional("La mention", 40),
            "school": _optional("L'établissement", 160),
        },
    ),
    "experience": ListKind(
        Experience,
        "expérience",
        lambda latest: {
            "year": _year("L'année", latest=latest),
            "duration": _optional("La durée", 40),
            "employer": _required("L'employeur", 160),
            "title": _required("La fonction", 160),
        },
    ),
    "internship": ListKind(
        Internship,
        "stage",
        lambda latest: {
            "year": _year("L'année", latest=latest),
            "duration": _optional("La durée", 40),
            "hours_per_week": _hours,
            "employer": _required("L'organisme d'accueil", 160),
            "topic": _required("Le sujet du stage", 200),
        },
    ),
}


def _kind(kind: str) -> ListKind:
    if kind == "internal":
        raise DomainError(
            "Le cursus interne est importé de votre dossier étudiant : il n'est pas modifiable."
        )
    if kind not in LIST_KINDS:
        raise NotFound()
    return LIST_KINDS[kind]


def _owned_row(s: Session, account: Account, spec: ListKind, entry_id: Any) -> Any:
    """The row when it belongs to this applicant; otherwise NotFound (whose row it is, or
    whether it exists, is not revealed)."""
    try:
        row = s.get(spec.model, int(entry_id))
    except (TypeError, ValueError):
        row = None
    if row is None or row.account_id != account.id:
        raise NotFound(f"Cette ligne ({spec.noun}) n'existe pas ou plus.")
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
    _require_applicant(account)
    spec = _kind(kind)
    checks = spec.checks(clock.today().year + 1)
    row = _owned_row(s, account, spec, entry_id) if entry_id is not None else None
    clean = _collect({name: data.get(name, "") for name in checks} | dict(data), checks)
    if row is None:
        row = spec.model(account_id=account.id, **clean)
    else:
        for name, value in clean.items():
            setattr(row, name, value)
    s.add(row)
    s.flush()
    return int(row.id)  # type: ignore[attr-defined]


def remove_entry(s: Session, account: Account, kind: str, entry_id: Any) -> None:
    _require_applicant(account)
    spec = _kind(kind)
    s.delete(_owned_row(s, account, spec, entry_id))
    s.flush()
