"""What an applicant's file must hold before they may apply (identity, address, bac), and
what they must confirm in the reference lists."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import Account, BacRecord, Candidate
from ecandidat_app.core.reference.countries import FRANCE

# Built once (account_id): apply runs it at every click.
_IDENTITY_AND_BAC = (
    select(Candidate, BacRecord)
    .select_from(Account)
    .outerjoin(Candidate, col(Candidate.account_id) == Account.id)
    .outerjoin(BacRecord, col(BacRecord.account_id) == Account.id)
    .where(col(Account.id) == bindparam("account_id"))
)


def profile_missing(s: Session, account_id: int) -> list[str]:
    """Labels (current locale) of the missing parts of "Mon dossier"; empty when complete.
    The identity and the bac are read in one query (apply runs this at every click)."""
    row = s.exec(_IDENTITY_AND_BAC, params={"account_id": account_id}).first()
    return missing_parts(*(row or (None, None)))


def missing_parts(cand: Candidate | None, bac: BacRecord | None) -> list[str]:
    """`profile_missing` of the identity and bac already read."""
    missing: list[str] = []
    if cand is None or not (cand.civility and cand.birth_date and cand.birth_place):
        missing.append(_("état civil (civilité, date et lieu de naissance)"))
    if cand is None or not cand.nationality:
        missing.append(_("nationalité"))
    if cand is None or not (cand.address_line and cand.postal_code and cand.city):
        missing.append(_("adresse postale"))
    if cand is None or not cand.phone:
        missing.append(_("téléphone"))
    if bac is None or not (bac.year and bac.series):
        missing.append(_("baccalauréat ou équivalent"))
    return missing


def to_confirm(cand: Candidate | None, bac: BacRecord | None) -> list[str]:
    """What was typed as free text before the reference lists and matched none of their
    entries: the applicant chooses it in the list (sentences in the current locale, one per field)."""
    notes: list[str] = []
    if cand is not None:
        if cand.nationality and not cand.nationality_code:
            notes.append(
                _("Nationalité « {value} » : choisissez-la dans la liste.").format(
                    value=cand.nationality
                )
            )
        if cand.country and not cand.country_code:
            notes.append(
                _("Pays « {value} » : choisissez-le dans la liste.").format(value=cand.country)
            )
        if cand.country_code == FRANCE and cand.city and not cand.commune_code:
            notes.append(
                _(
                    "Commune « {city} » ({postal_code}) : choisissez-la dans la "
                    "liste des communes de votre code postal."
                ).format(city=cand.city, postal_code=cand.postal_code)
            )
    if bac is not None and bac.series and not bac.series_code and not bac.imported:
        notes.append(
            _("Baccalauréat « {value} » : choisissez la série dans la liste.").format(
                value=bac.series
            )
        )
    return notes
