"""What an applicant's file must hold before they may apply (identity, address, bac)."""

from __future__ import annotations

from sqlmodel import Session

from ecandidat_app.core.models import BacRecord, Candidate


def profile_missing(s: Session, account_id: int) -> list[str]:
    """French labels of the missing parts of "Mon dossier"; empty when complete."""
    missing: list[str] = []
    cand = s.get(Candidate, account_id)
    if cand is None or not (cand.civility and cand.birth_date and cand.birth_place):
        missing.append("état civil (civilité, date et lieu de naissance)")
    if cand is None or not cand.nationality:
        missing.append("nationalité")
    if cand is None or not (cand.address_line and cand.postal_code and cand.city):
        missing.append("adresse postale")
    if cand is None or not cand.phone:
        missing.append("téléphone")
    bac = s.get(BacRecord, account_id)
    if bac is None or not (bac.year and bac.series):
        missing.append("baccalauréat ou équivalent")
    return missing
