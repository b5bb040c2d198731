"""Free text typed before the reference lists, matched against them (the migration and the
former-student import use it): what names one entry without doubt gets its code and the
list's spelling; anything else keeps its text and no code, for the applicant to confirm."""

from __future__ import annotations

from ecandidat_app.core.reference.bac import BacSeries, find_series
from ecandidat_app.core.reference.communes import find_commune
from ecandidat_app.core.reference.countries import FRANCE, find_country


def match_candidate(nationality: str, country: str, postal_code: str, city: str) -> dict:
    """Codes (and canonical names) for a profile's free-text fields."""
    nat = find_country(nationality or "")
    ctry = find_country(country or "")
    commune = (
        find_commune(postal_code or "", city or "")
        if ctry is not None and ctry.code == FRANCE
        else None
    )
    return {
        "nationality": nat.name if nat else nationality or "",
        "nationality_code": nat.code if nat else "",
        "country": ctry.name if ctry else country or "",
        "country_code": ctry.code if ctry else "",
        "commune_code": commune.insee_code if commune else "",
    }


def match_bac(series: str) -> BacSeries | None:
    return find_series(series or "")
