"""Data of its own for tests/e2e/test_staff_english.py: a gestionnaire whose account reads
English, in the demo gestionnaire's centre, and one applicant with a received dossier in
that centre (straight into the app's database, like `crowd.py`: the staff pages are what is
tested, not how the people came).

    python -m tests.e2e.english_staff EMAIL PASSWORD   (with the app's environment)

prints the dossier's id and the applicant's file number, separated by a space."""

from __future__ import annotations

import secrets
import sys

from sqlmodel import select

from ecandidat_app.core import applications
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.models import Account, DossierStatus, Formation, Role, StaffScope
from ecandidat_app.core.security import hash_password
from ecandidat_app.demo.seed import DEMO_ACCOUNTS
from loadtest.fixtures import make_applicants

FORMATION = "Licence Informatique"  # in the demo gestionnaire's centre


def english_gestionnaire(email: str, password: str) -> None:
    with session_scope() as s:
        demo = s.exec(select(Account).where(Account.email == DEMO_ACCOUNTS["gestionnaire"])).one()
        scope = s.exec(select(StaffScope).where(StaffScope.account_id == demo.id)).first()
        assert scope is not None, "the demo gestionnaire has no centre"
        staff = Account(
            campaign_id=None,
            role=Role.GESTIONNAIRE,
            file_number=f"EN{secrets.token_hex(3).upper()}",
            email=email,
            first_name="Grace",
            last_name="Hopper",
            password_hash=hash_password(password),
            validated_at=system_clock.now(),
            language="en",
        )
        s.add(staff)
        s.flush()
        s.add(StaffScope(account_id=staff.id, centre_id=scope.centre_id))


def received_dossier() -> tuple[int, str]:
    """One new applicant's dossier in FORMATION, received, its pieces still to review."""
    person = make_applicants(1)[0]
    with session_scope() as s:
        formation = s.exec(select(Formation).where(Formation.label == FORMATION)).first()
        assert formation is not None, FORMATION
        account = s.get(Account, person.account_id)
        assert account is not None
        app = applications.apply(s, account, formation.id or 0)
        now = system_clock.now()
        app.status, app.transmitted_at, app.received_at = DossierStatus.RECEPTIONNE, now, now
        app.updated_at = now
        s.add(app)
        s.flush()
        return app.id or 0, account.file_number


if __name__ == "__main__":
    english_gestionnaire(sys.argv[1], sys.argv[2])
    application_id, file_number = received_dossier()
    print(application_id, file_number)
