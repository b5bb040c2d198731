"""Peak season on the demo data, for the browser tests: `count` more applicants who have
transmitted a dossier to one formation (straight into the app's database, like
`loadtest.fixtures`; the review pages are what is tested, not how the dossiers came).

    python -m tests.e2e.crowd 10 "Licence Informatique"   (with the app's environment)
"""

from __future__ import annotations

import sys

from sqlmodel import select

from ecandidat_app.core import applications
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.models import Account, Application, DossierStatus, Formation
from loadtest.fixtures import make_applicants


def crowd(count: int, formation_label: str) -> None:
    people = make_applicants(count)
    with session_scope() as s:
        formation = s.exec(select(Formation).where(Formation.label == formation_label)).first()
        assert formation is not None, formation_label
        now = system_clock.now()
        for person in people:
            account = s.get(Account, person.account_id)
            app = applications.apply(s, account, formation.id or 0)
            app.status, app.transmitted_at, app.received_at = DossierStatus.RECEPTIONNE, now, now
            app.updated_at = now
            s.add(app)
        s.flush()
        assert s.exec(select(Application).where(Application.formation_id == formation.id)).all()


if __name__ == "__main__":
    crowd(int(sys.argv[1]), sys.argv[2])
