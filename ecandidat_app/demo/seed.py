"""Demo data: a realistic multi-faculty university, dates relative to today.

Idempotent: a second call finds the demo campaign and changes nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session, col, select

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.french import of_the
from ecandidat_app.core.models import (
    Account,
    Campaign,
    Centre,
    Commission,
    CommissionMember,
    DecisionMotif,
    DocumentType,
    Formation,
    FormationDocument,
    Role,
    StaffScope,
    id_of,
)
from ecandidat_app.core.security import hash_password
from ecandidat_app.core.text import fold
from ecandidat_app.demo import english
from ecandidat_app.demo.applications import SampleStaff, seed_sample_applications
from ecandidat_app.demo.previous_campaign import seed_previous_campaign
from ecandidat_app.demo.questions import seed_questions
from ecandidat_app.demo.sample_profile import FIRST_NAME, LAST_NAME, add_sample_profile
from ecandidat_app.demo.university import (
    CLOSING_OFFSETS,
    DOCUMENTS,
    LEVEL_DOCUMENTS,
    MOTIFS,
    UNIVERSITY,
)

DEMO_PASSWORD = "Demo-ecandidat-2027"
DEMO_ACCOUNTS: dict[str, str] = {
    "candidat": "candidat@demo.ecandidat.fr",
    "gestionnaire": "gestionnaire@demo.ecandidat.fr",
    "membre de commission": "commission@demo.ecandidat.fr",
    "administrateur": "admin@demo.ecandidat.fr",
    "administrateur de centre": "admin-centre@demo.ecandidat.fr",
    "lecteur": "lecteur@demo.ecandidat.fr",
}


def seed_demo(s: Session, *, clock: Clock = system_clock) -> bool:
    """Load the demo university. Returns False when it was already there."""
    if s.exec(select(Campaign).where(Campaign.code == "DEMO")).first() is not None:
        return False
    today = clock.today()
    campaign = Campaign(
        code="DEMO",
        label=f"Campagne {today.year}-{today.year + 1}",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=240),
        applicant_ends_on=today + timedelta(days=120),
        is_active=True,
    )
    s.add(campaign)
    s.flush()
    documents = _documents(s)
    for code, label in MOTIFS:
        s.add(DecisionMotif(code=code, label=label))
    first_centre, first_commission = _university(s, campaign, documents, today)
    password = hash_password(DEMO_PASSWORD)  # once: argon2 is slow on purpose
    gestionnaire, member = _accounts(s, campaign, first_centre, first_commission, password)
    staff = SampleStaff(
        gestionnaire=gestionnaire,
        member=member,
        member_commission_id=first_commission.id or 0,
        motifs=list(s.exec(select(DecisionMotif).order_by(col(DecisionMotif.code))).all()),
    )
    seed_sample_applications(s, campaign, first_centre, staff, password, clock=clock)
    # After the sample dossiers (which are transmitted through the core): the ones already
    # sent get answers, the ones still being prepared show the questions as missing.
    seed_questions(s, random.Random(2027))
    seed_previous_campaign(s, campaign, first_centre, staff, password, clock=clock)
    return True


def _documents(s: Session) -> dict[str, DocumentType]:
    rows: dict[str, DocumentType] = {}
    for order, (code, label, common, conditional, help_text) in enumerate(DOCUMENTS):
        label_en, help_en = english.DOCUMENTS.get(code, (None, None))
        row = DocumentType(
            code=code,
            label=label,
            is_common=common,
            is_conditional=conditional,
            help_text=help_text,
            label_en=label_en,
            help_text_en=help_en,
            order=order,
        )
        s.add(row)
        rows[code] = row
    s.flush()
    return rows


def _university(
    s: Session, campaign: Campaign, documents: dict[str, DocumentType], today: date
) -> tuple[Centre, Commission]:
    index = 0
    first: tuple[Centre, Commission] | None = None
    for centre_code, centre_label, commissions in UNIVERSITY:
        centre = Centre(code=centre_code, label=centre_label)
        s.add(centre)
        s.flush()
        for comm_code, comm_label, formations in commissions:
            commission = Commission(
                centre_id=centre.id,
                code=comm_code,
                label=comm_label,
                contact_email=f"{comm_code.lower()}@demo.ecandidat.fr",
                alert_on_transmit=True,
            )
            s.add(commission)
            s.flush()
            first = first or (centre, commission)
            for level, domain, label, keywords, extra in formations:
                closes = today + timedelta(days=CLOSING_OFFSETS[index % len(CLOSING_OFFSETS)])
                formation = Formation(
                    campaign_id=campaign.id,
                    centre_id=centre.id,
                    commission_id=commission.id,
                    code=f"{level}{index + 1:03d}",
                    label=label,
                    level=level,
                    domain=domain,
                    keywords=keywords,
                    capacity=[25, 30, 40, 60, 120][index % 5],
                    description=f"{label} : formation {of_the(centre_label)}. "
                    f"Capacité d'accueil et modalités de sélection précisées "
                    f"par la {comm_label[:1].lower()}{comm_label[1:]}.",
                    label_en=english.FORMATION_TITLES.get(label),
                    description_en=english.formation_description(label),
                    opens_on=min(today - timedelta(days=30), closes - timedelta(days=30)),
                    closes_on=closes,
                    return_on=closes + timedelta(days=7),
                    jury_on=closes + timedelta(days=21),
                    publication_on=closes + timedelta(days=28),
                )
                formation.search_text = fold(
                    " ".join([label, keywords, formation.code, domain, centre_label])
                )
                s.add(formation)
                s.flush()
                for code in dict.fromkeys(LEVEL_DOCUMENTS[level] + extra):
                    s.add(
                        FormationDocument(
                            formation_id=formation.id, document_type_id=documents[code].id
                        )
                    )
                index += 1
    assert first is not None
    return first


def _accounts(
    s: Session, campaign: Campaign, centre: Centre, commission: Commission, password: str
) -> tuple[Account, Account]:
    """The demo accounts; returns the gestionnaire and the commission member. The centre
    administrator and the reader reach the gestionnaire's centre."""
    validated = campaign.created_at

    def account(
        key: str, role: Role, first: str, last: str, number: str, camp: int | None
    ) -> Account:
        row = Account(
            campaign_id=camp,
            role=role,
            file_number=number,
            email=DEMO_ACCOUNTS[key],
            first_name=first,
            last_name=last,
            password_hash=password,
            validated_at=validated,
        )
        s.add(row)
        s.flush()
        return row

    applicant = account("candidat", Role.APPLICANT, FIRST_NAME, LAST_NAME, "DEMO0001", campaign.id)
    add_sample_profile(s, id_of(applicant))
    gestionnaire = account("gestionnaire", Role.GESTIONNAIRE, "Claire", "Bernard", "STAFF001", None)
    s.add(StaffScope(account_id=gestionnaire.id, centre_id=centre.id))
    member = account("membre de commission", Role.COMMISSION, "Hugo", "Petit", "STAFF002", None)
    s.add(CommissionMember(commission_id=commission.id, account_id=member.id, is_president=True))
    account("administrateur", Role.ADMIN, "Nadia", "Roux", "STAFF003", None)
    centre_admin = account(
        "administrateur de centre", Role.CENTRE_ADMIN, "Inès", "Moreau", "STAFF004", None
    )
    reader = account("lecteur", Role.LECTEUR, "Paul", "Garnier", "STAFF005", None)
    s.add_all(
        StaffScope(account_id=id_of(a), centre_id=id_of(centre)) for a in (centre_admin, reader)
    )
    return gestionnaire, member
