"""Accounts for a load run, written straight into the server's database beforehand (the
signup form is not what is measured): applicants with a complete profile, each with an
open session whose token the client sends as its cookie, like a logged-in browser."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from ecandidat_app.core.db import session_scope
from ecandidat_app.core.models import Account, BacRecord, Candidate, Role
from ecandidat_app.core.security import hash_password
from ecandidat_app.core.services import catalogue, sessions


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
            s.add(_profile(account.id, i))
            s.add(BacRecord(account_id=account.id, year=2022, series="Générale", school="Lycée"))
            token = sessions.open_session(s, account.id)
            made.append(LoadAccount(account.id, account.email, token))
    return made


def staff_session(email: str) -> LoadAccount | None:
    with session_scope() as s:
        account = s.exec(select(Account).where(Account.email == email)).first()
        if account is None:
            return None
        return LoadAccount(account.id, account.email, sessions.open_session(s, account.id))


def _profile(account_id: int, i: int) -> Candidate:
    return Candidate(
        account_id=account_id,
        civility="Mme",
        birth_name="Charge",
        first_names=f"Client{i}",
        birth_date=date(2003, 5, 4),
        birth_place="Perpignan",
        nationality="Française",
        phone="0612345678",
        address_line="1 rue des Lilas",
        postal_code="66000",
        city="Perpignan",
    )
