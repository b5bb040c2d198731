"""Checks of the profile's fields that take their value from a reference list: countries
and nationality (ISO 3166-1), the commune of a French postal code, the bac series and its
specialities, the INE and its key. Each returns the clean value or raises a DomainError
with the message (current locale) shown next to the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _
from ecandidat_app.core.reference import bac as bac_list
from ecandidat_app.core.reference.communes import Commune, communes_of, find_commune
from ecandidat_app.core.reference.countries import FRANCE, Country, find_country
from ecandidat_app.core.reference.ine import check_ine_key, clean_ine

# Form field -> the Candidate column holding its code (and the one holding its name).
COUNTRY_FIELDS: dict[str, tuple[str, str | None]] = {
    "nationality": ("nationality_code", "nationality"),
    "birth_country": ("birth_country_code", None),
    "country": ("country_code", "country"),
}


def country_check(what: str) -> Callable[[Any], Country]:
    """A country chosen in the list: its code (what the combobox sends) or its exact name;
    `what` names the field in the message (« la nationalité »)."""

    def check(value: Any) -> Country:
        text = "" if value is None else str(value).strip()
        found = find_country(text[:80]) if text else None
        if found is None:
            raise DomainError(_("Choisissez {what} dans la liste des pays.").format(what=_(what)))
        return found

    return check


def check_ine(value: Any) -> str:
    text = clean_ine("" if value is None else str(value))
    if not text:
        return ""
    if len(text) != 11:
        raise DomainError(
            _(
                "L'INE comporte 11 caractères : 10 chiffres ou lettres puis la clé "
                "(exemple : 0123456789M)."
            )
        )
    if not check_ine_key(text).valid:
        raise DomainError(
            _(
                "Cet INE n'est pas valide : sa clé (le dernier caractère) ne correspond pas. "
                "Recopiez-le depuis un relevé de notes ou un certificat de scolarité."
            )
        )
    return text


def check_commune(postal_code: str, city: str) -> Commune:
    """The French commune of this postal code named `city` (the picker's choice)."""
    if not communes_of(postal_code):
        raise DomainError(
            _("Ce code postal n'existe pas en France : vérifiez-le."), field="postal_code"
        )
    found = find_commune(postal_code, city)
    if found is None:
        raise DomainError(_("Choisissez la commune dans la liste de ce code postal."), field="city")
    return found


def is_france(country: Country | None) -> bool:
    return country is not None and country.code == FRANCE


def check_series(value: Any) -> bac_list.BacSeries:
    text = "" if value is None else str(value).strip()
    if not text:
        raise DomainError(_("La série ou le diplôme équivalent est obligatoire."))
    found = bac_list.series(text) or bac_list.find_series(text[:80])
    if found is None:
        raise DomainError(_("Choisissez la série ou le diplôme équivalent dans la liste."))
    return found


def check_specialities(series: bac_list.BacSeries | None, first: Any, second: Any) -> tuple:
    """Two different terminale specialities for the general bac since 2021, none otherwise."""
    chosen = tuple("" if v is None else str(v).strip().upper() for v in (first, second))
    if series is None or series.code != bac_list.GENERAL_2021:
        return ("", "")
    codes = dict(bac_list.SPECIALITIES)
    if not all(chosen) or any(c not in codes for c in chosen):
        raise DomainError(_("Choisissez vos deux spécialités de terminale dans la liste."))
    if chosen[0] == chosen[1]:
        raise DomainError(_("Choisissez deux spécialités différentes."))
    return chosen
