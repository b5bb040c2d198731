"""The checks of the profile's fields: each returns the clean value or raises a DomainError naming
the field; `collect` runs them all and raises every error together (FieldErrors)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ecandidat_app.core.errors import DomainError, Forbidden
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import (
    Account,
    Role,
)
from ecandidat_app.core.validation import require_length, validate_person_name

CIVILITIES = ("Mme", "M.")
# Stored in French; a page shows `_(mention)`.
BAC_MENTIONS = (
    N_("Sans mention"),
    N_("Assez bien"),
    N_("Bien"),
    N_("Très bien"),
    N_("Félicitations du jury"),
)
BAC_LOCK_REASON = N_("Données importées de votre dossier étudiant : elles ne sont pas modifiables.")
MIN_AGE, MAX_AGE = 14, 100
OLDEST_YEAR = 1950

_FR_PHONE = re.compile(r"^0[1-9]\d{8}$")
_INTL_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
_FR_POSTCODE = re.compile(r"^\d{5}$")
_POSTCODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z -]{1,9}$")


class FieldErrors(DomainError):
    """Several fields are wrong; `errors` maps each field name to its message (current locale)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(_("Certains champs sont à corriger."), field=next(iter(errors), None))
        self.errors = errors


def as_text(value: Any) -> str:
    return "" if value is None else str(value)


# --- field checks: each returns the clean value or raises DomainError(field=...) -----------


def collect_fields(data: Mapping[str, Any], checks: Mapping[str, Callable[[Any], Any]]) -> dict:
    """Run the check of every field present in `data`; raise all the errors together."""
    unknown = set(data) - set(checks)
    if unknown:
        raise DomainError(_("Formulaire inattendu : rechargez la page."))
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
    text = as_text(value).strip()
    if not text:
        raise DomainError(_("{label} est obligatoire.").format(label=_(label)), field=field)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.fullmatch(
        r"(\d{1,2})/(\d{1,2})/(\d{4})", text
    )
    if m is None:
        raise DomainError(
            _("{label} doit être au format JJ/MM/AAAA.").format(label=_(label)), field=field
        )
    a, b, c = (int(x) for x in m.groups())
    year, month, day = (a, b, c) if "-" in text else (c, b, a)
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError(
            _("{label} n'est pas une date qui existe.").format(label=_(label)), field=field
        ) from None


def _age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def check_birth_date(value: Any, today: date) -> date:
    born = parse_date(value, N_("La date de naissance"), field="birth_date")
    if born > today:
        raise DomainError(_("La date de naissance ne peut pas être dans le futur."))
    age = _age_on(born, today)
    if not MIN_AGE <= age <= MAX_AGE:
        raise DomainError(
            _(
                "Vérifiez la date de naissance : l'âge doit être compris entre {min} et {max} ans."
            ).format(min=MIN_AGE, max=MAX_AGE)
        )
    return born


def check_civility(value: Any) -> str:
    text = as_text(value).strip()
    if text not in CIVILITIES:
        raise DomainError(_("Choisissez une civilité : Madame ou Monsieur."))
    return text


def check_optional_name(value: Any, label: str) -> str:
    return validate_person_name(value, label) if as_text(value).strip() else ""


def normalise_phone(value: Any) -> str:
    raw = as_text(value).strip()
    if not raw:
        raise DomainError(_("Le téléphone est obligatoire."))
    compact = re.sub(r"[\s.\-()]", "", raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if _FR_PHONE.match(compact) or _INTL_PHONE.match(compact):
        return compact
    raise DomainError(
        _(
            "Numéro de téléphone non valide : 10 chiffres commençant par 0 (06 12 34 56 78) "
            "ou format international (+33 6 12 34 56 78)."
        )
    )


def check_postal_code(value: Any, country: str) -> str:
    text = as_text(value).strip().upper()
    if not text:
        raise DomainError(_("Le code postal est obligatoire."))
    french = country.strip().casefold() in {"france", "fr", ""}
    if french and not _FR_POSTCODE.match(text):
        raise DomainError(_("Un code postal français comporte 5 chiffres (exemple : 66000)."))
    if not french and not _POSTCODE.match(text):
        raise DomainError(_("Code postal non valide (10 caractères au plus)."))
    return text


def required_text(label: str, max_len: int) -> Callable[[Any], str]:
    return lambda v: require_length(as_text(v), label, max_len, 1)


def optional_text(label: str, max_len: int) -> Callable[[Any], str]:
    return lambda v: require_length(as_text(v), label, max_len)


def year_check(label: str, *, latest: int, required: bool = True) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        text = as_text(value).strip()
        if not text:
            if required:
                raise DomainError(_("{label} est obligatoire.").format(label=_(label)))
            return None
        if not text.isdigit() or not OLDEST_YEAR <= int(text) <= latest:
            raise DomainError(
                _("{label} doit être une année entre {first} et {last}.").format(
                    label=_(label), first=OLDEST_YEAR, last=latest
                )
            )
        return int(text)

    return check


def require_applicant(account: Account) -> None:
    if account.role != Role.APPLICANT:
        raise Forbidden(_("Seul un candidat peut modifier son dossier."))
