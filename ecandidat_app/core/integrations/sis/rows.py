"""The rows handed to the SIS, one dataclass per file, field names as the file's columns
(Pégase's OPI column names where the original eCandidat has one; see docs/sis-export.md).
Countries and nationalities go out as the SIS codes them (INSEE code, or the university's
imported code), the bac series as the university's imported SIS code (`nomenclature`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from ecandidat_app.core.clock import PARIS
from ecandidat_app.core.integrations.sis.nomenclature import Nomenclature, load
from ecandidat_app.core.models import (
    Account,
    Application,
    BacRecord,
    Campaign,
    Candidate,
    Formation,
)

ORIGIN = "EC"  # origine_admission: eCandidat, as the original sends it to Pégase
SEX = {"Mme": "F", "M.": "M"}


@dataclass(frozen=True)
class SisCandidate:
    """One admitted applicant: identity, birth, address, contact and baccalauréat."""

    numero_candidat: str
    ine: str
    sexe: str
    nom_naissance: str
    nom_usage: str
    prenom: str
    prenom2: str
    date_naissance: str
    code_pays_naissance: str
    libelle_commune_naissance: str
    code_nationalite: str
    adresse_code_pays: str
    adresse_ligne3_voie: str
    adresse_code_postal: str
    adresse_code_commune: str
    adresse_ville: str
    numero_telephone1: str
    mail: str
    bac_code: str
    bac_serie: str
    bac_libelle: str
    bac_annee: str
    bac_mention: str
    bac_specialite1: str
    bac_specialite2: str
    bac_etablissement: str
    a_confirmer: str  # fields still free text without their reference code


@dataclass(frozen=True)
class SisWish:
    """One admission the applicant confirmed (Pégase's « vœu », Apogée's OPI vœu)."""

    numero_candidat: str
    origine_admission: str
    code_voeu: str
    libelle_formation: str
    code_periode: str
    date_confirmation: str
    numero_candidature: str


@dataclass(frozen=True)
class SisRows:
    candidates: tuple[SisCandidate, ...]
    wishes: tuple[SisWish, ...]


def columns(row_type: type) -> list[str]:
    return [f.name for f in dataclasses.fields(row_type)]


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _local_day(value: datetime | None) -> str:
    return value.astimezone(PARIS).strftime("%d/%m/%Y") if value else ""


def _first_names(text: str) -> tuple[str, str]:
    first, _, others = text.strip().partition(" ")
    return first, others.strip()


def _unconfirmed(row: SisCandidate, cand: Candidate | None) -> str:
    """The coded columns still empty: free text typed before the lists, or a code the
    SIS nomenclature lacks."""
    coded = ["code_nationalite", "code_pays_naissance", "adresse_code_pays"]
    missing = [name for name in coded if not getattr(row, name)]
    if cand is not None and cand.country_code == "FR" and not cand.commune_code:
        missing.append("adresse_code_commune")
    if not row.bac_code:
        missing.append("bac_code")
    return ",".join(missing)


def candidate_row(
    account: Account,
    cand: Candidate | None,
    bac: BacRecord | None,
    codes: Nomenclature | None = None,
) -> SisCandidate:
    codes = codes or Nomenclature()
    c = cand or Candidate(account_id=account.id or 0, country="", country_code="")
    first, others = _first_names(c.first_names or account.first_name)
    series = bac.series_code if bac else ""
    row = SisCandidate(
        numero_candidat=account.file_number,
        ine=c.ine,
        sexe=SEX.get(c.civility, ""),
        nom_naissance=c.birth_name or account.last_name,
        nom_usage=c.usage_name,
        prenom=first,
        prenom2=others,
        date_naissance=_day(c.birth_date),
        code_pays_naissance=codes.country_code(c.birth_country_code),
        libelle_commune_naissance=c.birth_place,
        code_nationalite=codes.country_code(c.nationality_code),
        adresse_code_pays=codes.country_code(c.country_code),
        adresse_ligne3_voie=c.address_line,
        adresse_code_postal=c.postal_code,
        adresse_code_commune=c.commune_code,
        adresse_ville=c.city,
        numero_telephone1=c.phone,
        mail=account.email,
        bac_code=codes.bac_code(series),
        bac_serie=series,
        bac_libelle=bac.series if bac else "",
        bac_annee=str(bac.year) if bac and bac.year else "",
        bac_mention=bac.mention if bac else "",
        bac_specialite1=bac.speciality_1 if bac else "",
        bac_specialite2=bac.speciality_2 if bac else "",
        bac_etablissement=bac.school if bac else "",
        a_confirmer="",
    )
    return dataclasses.replace(row, a_confirmer=_unconfirmed(row, cand))


def build_rows(s: Session, application_ids: Sequence[int]) -> SisRows:
    """The rows for these applications (a few batched queries, whatever their number):
    one candidate row per applicant, one wish row per application."""
    if not application_ids:
        return SisRows((), ())
    apps = s.exec(
        select(Application)
        .where(col(Application.id).in_(list(application_ids)))
        .order_by(col(Application.id))
    ).all()
    account_ids = sorted({a.account_id for a in apps})
    accounts = {a.id: a for a in s.exec(select(Account).where(col(Account.id).in_(account_ids)))}
    cands = {
        c.account_id: c
        for c in s.exec(select(Candidate).where(col(Candidate.account_id).in_(account_ids)))
    }
    bacs = {
        b.account_id: b
        for b in s.exec(select(BacRecord).where(col(BacRecord.account_id).in_(account_ids)))
    }
    forms = {
        f.id: f
        for f in s.exec(
            select(Formation).where(col(Formation.id).in_({a.formation_id for a in apps}))
        )
    }
    camps = {
        c.id: c
        for c in s.exec(select(Campaign).where(col(Campaign.id).in_({a.campaign_id for a in apps})))
    }
    codes = load()
    candidates = tuple(
        candidate_row(accounts[i], cands.get(i), bacs.get(i), codes) for i in account_ids
    )
    wishes = tuple(
        SisWish(
            numero_candidat=accounts[a.account_id].file_number,
            origine_admission=ORIGIN,
            code_voeu=forms[a.formation_id].code,
            libelle_formation=forms[a.formation_id].label,
            code_periode=camps[a.campaign_id].code,
            date_confirmation=_local_day(a.answered_at),
            numero_candidature=str(a.id),
        )
        for a in apps
    )
    return SisRows(candidates, wishes)
