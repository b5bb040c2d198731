"""Test data for the staff board and review tests: a small university with two centres
and applications in every stage (shared by test_board.py and test_review.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    CommissionMember,
    DocumentStatus,
    DocumentType,
    Formation,
    Role,
    StaffScope,
)
from ecandidat_app.core.text import fold
from tests import factories as f


@dataclass
class World:
    admin: Account
    gest_a: Account  # gestionnaire of centre A (all its commissions)
    gest_b: Account  # gestionnaire of centre B
    member_a1: Account  # commission member of commission A1 only
    form_a1: Formation
    form_a2: Formation
    form_b: Formation
    cv: DocumentType
    bourse: DocumentType


def world(s: Session, clock: FixedClock) -> World:
    today = clock.today()
    camp = f.campaign(s, today=today)
    centre_a, centre_b = f.centre(s, label="UFR A"), f.centre(s, label="UFR B")
    comm_a1 = f.commission(s, centre_a, label="Commission A1")
    comm_a2 = f.commission(s, centre_a, label="Commission A2")
    comm_b = f.commission(s, centre_b, label="Commission B")
    cv = f.document_type(s, label="CV")
    bourse = f.document_type(s, label="Notification de bourse", conditional=True)
    docs = [cv, bourse]
    w = World(
        admin=f.staff(s, role=Role.ADMIN),
        gest_a=f.staff(s, role=Role.GESTIONNAIRE),
        gest_b=f.staff(s, role=Role.GESTIONNAIRE),
        member_a1=f.staff(s, role=Role.COMMISSION),
        form_a1=f.formation(s, camp, comm_a1, today=today, label="Master A1", documents=docs),
        form_a2=f.formation(s, camp, comm_a2, today=today, label="Licence A2", documents=docs),
        form_b=f.formation(s, camp, comm_b, today=today, label="Master B", documents=docs),
        cv=cv,
        bourse=bourse,
    )
    s.add(StaffScope(account_id=w.gest_a.id, centre_id=centre_a.id))
    s.add(StaffScope(account_id=w.gest_b.id, centre_id=centre_b.id))
    s.add(CommissionMember(commission_id=comm_a1.id, account_id=w.member_a1.id))
    s.flush()
    return w


def application(
    s: Session,
    clock: FixedClock,
    formation: Formation,
    *,
    status: str = "RE",
    last_name: str = "Martin",
    first_name: str = "Léa",
    doc_status: str = "TR",
    decision: str | None = None,
    validated: bool = False,
    minutes_ago: int = 0,
    cancelled: bool = False,
) -> Application:
    camp_id = formation.campaign_id
    from ecandidat_app.core.models import Campaign

    camp = s.get(Campaign, camp_id)
    assert camp is not None
    acc = f.applicant(s, camp)
    acc.last_name, acc.first_name = last_name, first_name
    s.add(acc)
    when = clock.now() - timedelta(minutes=minutes_ago)
    app = Application(
        account_id=acc.id,
        formation_id=formation.id,
        commission_id=formation.commission_id,
        formation_sort=fold(formation.label),
        campaign_id=camp_id,
        status=status,
        created_at=when,
        transmitted_at=None if status == "AT" else when,
        decision_code=decision,
        decision_validated=validated,
        cancelled_at=when if cancelled else None,
        search_text=fold(f"{last_name} {first_name} {acc.file_number} {acc.email}"),
        updated_at=when,
    )
    s.add(app)
    s.flush()
    for dtype_id in formation_docs(s, formation):
        s.add(
            ApplicationDocument(
                application_id=app.id,
                document_type_id=dtype_id,
                status=DocumentStatus(doc_status),
                updated_at=when,
            )
        )
    s.flush()
    return app


def formation_docs(s: Session, formation: Formation) -> list[int]:
    from sqlmodel import select

    from ecandidat_app.core.models import FormationDocument

    return list(
        s.exec(
            select(FormationDocument.document_type_id).where(
                FormationDocument.formation_id == formation.id
            )
        ).all()
    )
