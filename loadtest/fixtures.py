"""Accounts and formations for a load run, written straight into the server's database
beforehand (the signup form is not what is measured): applicants with a complete profile,
each with an open session whose token the client sends as its cookie, like a logged-in
browser; and a batch of open formations of this run, so every journey applies to a
formation its applicant has not applied to yet and goes through to the transmission."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import select

from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.applications import catalogue
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.models import (
    Account,
    Application,
    Centre,
    Commission,
    DocumentType,
    Formation,
    FormationDocument,
    Level,
    Role,
)
from ecandidat_app.core.security import hash_password
from ecandidat_app.core.text import fold
from ecandidat_app.demo.sample_profile import add_sample_profile

# An applicant may hold at most `Centre.max_applications` (20 by default) applications per
# centre: the run's formations stay below it.
MAX_FORMATIONS = 18


@dataclass(frozen=True)
class LoadAccount:
    account_id: int
    email: str
    session_token: str


def make_applicants(count: int) -> list[LoadAccount]:
    """`count` fresh applicants in the current campaign, with profile, bac and a session."""
    run = secrets.token_hex(3)
    password_hash = hash_password(secrets.token_urlsafe(16))
    made: list[LoadAccount] = []
    with session_scope() as s:
        campaign = catalogue.current_campaign(s)
        if campaign is None:
            raise SystemExit("Aucune campagne active : chargez la démo (ecandidat seed).")
        for i in range(count):
            account = Account(
                campaign_id=campaign.id,
                role=Role.APPLICANT,
                file_number=f"L{run}{i:05d}",
                email=f"charge-{run}-{i}@example.org",
                last_name="Charge",
                first_name=f"Client{i}",
                password_hash=password_hash,
                validated_at=campaign.created_at,
            )
            s.add(account)
            s.flush()
            add_sample_profile(
                s, account.id, first_names=f"Client{i}", birth_name="Charge", bac_year=2022
            )
            token = sessions.open_session(s, account.id)
            made.append(LoadAccount(account.id, account.email, token))
    return made


@dataclass(frozen=True)
class LoadFormations:
    """The run's formations: found in the catalogue by searching `tag`."""

    tag: str
    ids: tuple[int, ...]


def make_formations(count: int) -> LoadFormations:
    """`count` formations open today in the first centre (the demo manager's scope, so the
    staff boards watched during the run see the applications arrive), each requiring one
    PDF of a document type of this run only."""
    count = max(1, min(count, MAX_FORMATIONS))
    run = secrets.token_hex(3)
    tag = f"charge{run}"
    today = system_clock.today()
    with session_scope() as s:
        campaign = catalogue.current_campaign(s)
        if campaign is None:
            raise SystemExit("Aucune campagne active : chargez la démo (ecandidat seed).")
        centre = s.exec(select(Centre).order_by(Centre.id)).first()
        commission = s.exec(
            select(Commission).where(Commission.centre_id == centre.id).order_by(Commission.id)
        ).first()
        if centre is None or commission is None:
            raise SystemExit("Aucun centre ni commission : chargez la démo (ecandidat seed).")
        doc = DocumentType(code=f"RELEVE{run}".upper(), label=f"Relevé de notes ({tag})")
        s.add(doc)
        s.flush()
        ids = []
        for k in range(count):
            formation = Formation(
                campaign_id=campaign.id,
                centre_id=centre.id,
                commission_id=commission.id,
                code=f"C{run}{k:02d}".upper(),
                label=f"Master test de charge {tag} n° {k + 1}",
                level=Level.MASTER,
                domain="Charge",
                keywords=tag,
                capacity=1000,
                opens_on=today - timedelta(days=1),
                closes_on=today + timedelta(days=30),
                return_on=today + timedelta(days=37),
            )
            formation.search_text = fold(f"{formation.label} {tag} {formation.code} {centre.label}")
            s.add(formation)
            s.flush()
            s.add(FormationDocument(formation_id=formation.id, document_type_id=doc.id))
            ids.append(formation.id)
    return LoadFormations(tag, tuple(ids))


def staff_session(email: str) -> LoadAccount | None:
    with session_scope() as s:
        account = s.exec(select(Account).where(Account.email == email)).first()
        if account is None:
            return None
        return LoadAccount(account.id, account.email, sessions.open_session(s, account.id))


def application_of(account_id: int, formation_id: int) -> int | None:
    """The applicant's application to this formation, if the server made it: what the
    person would find in "Mes candidatures" after a connection lost during `apply`."""
    with session_scope() as s:
        return s.exec(
            select(Application.id).where(
                Application.account_id == account_id, Application.formation_id == formation_id
            )
        ).first()
