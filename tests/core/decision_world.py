"""A small world for decision, deadline, export and stats tests: one campaign, one centre,
one commission with a gestionnaire and a member, one formation, transmitted applications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import (
    Account,
    Application,
    Campaign,
    Commission,
    CommissionMember,
    DecisionMotif,
    DossierStatus,
    Formation,
    OutboxMessage,
    Role,
    StaffScope,
)
from ecandidat_app.core.text import fold
from tests import factories


@dataclass
class World:
    campaign: Campaign
    commission: Commission
    formation: Formation
    gestionnaire: Account
    member: Account
    admin: Account
    motif: DecisionMotif


def build(s: Session, clock: FixedClock) -> World:
    today = clock.today()
    camp = factories.campaign(s, today=today)
    centre = factories.centre(s)
    comm = factories.commission(s, centre)
    form = factories.formation(s, camp, comm, today=today)
    gest = factories.staff(s, role=Role.GESTIONNAIRE)
    s.add(StaffScope(account_id=gest.id, centre_id=centre.id))
    member = factories.staff(s, role=Role.COMMISSION)
    s.add(CommissionMember(commission_id=comm.id, account_id=member.id))
    admin = factories.staff(s, role=Role.ADMIN)
    motif = DecisionMotif(code=f"M{form.id}", label="Capacité d'accueil atteinte")
    s.add(motif)
    s.flush()
    return World(camp, comm, form, gest, member, admin, motif)


def application(
    s: Session,
    world: World,
    clock: FixedClock,
    *,
    status: DossierStatus = DossierStatus.COMPLET,
    formation: Formation | None = None,
    email: str | None = None,
) -> Application:
    form = formation or world.formation
    person = factories.applicant(s, world.campaign, email=email)
    app = Application(
        account_id=person.id,
        formation_id=form.id,
        commission_id=form.commission_id,
        formation_sort=fold(form.label),
        campaign_id=world.campaign.id,
        status=status,
        created_at=clock.now() - timedelta(days=20),
        transmitted_at=None
        if status == DossierStatus.EN_ATTENTE
        else clock.now() - timedelta(days=10),
        received_at=None
        if status == DossierStatus.EN_ATTENTE
        else clock.now() - timedelta(days=10),
        search_text=fold(f"{person.first_name} {person.last_name} {person.file_number}"),
    )
    s.add(app)
    s.flush()
    return app


def mails(s: Session, event: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if event is not None:
        query = query.where(OutboxMessage.event == event)
    return list(s.exec(query).all())
