"""Last year's campaign in the demo: archived, with a few dossiers in several states, so the
staff's campaign selector and the read-only archived dossier show in `make run`, and a
last year's applicant can try to sign in (and is told to create this year's account).

Its dossiers go through the real services, like this year's (demo/applications.py): the
services change only the current campaign's dossiers, so last year's campaign is the
current one while its year is played (with clocks a year back), then archived.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlmodel import Session, col, select

from ecandidat_app.core.clock import Clock
from ecandidat_app.core.models import Campaign, Centre, Formation, FormationDocument, id_of
from ecandidat_app.demo.applications import SampleStaff, _mark_mail_sent, _play, _timeline
from ecandidat_app.demo.people import Dossier, new_person, profiles

PREVIOUS_CODE = "DEMO-PREC"
PREVIOUS_APPLICANT = "ancien.candidat@demo.ecandidat.fr"
YEAR = timedelta(days=365)
# One dossier per stage, three formations: the board of last year shows every column.
STAGES = ["AT", "RE", "IN", "CO", "SAISIE", "FA", "DE", "CONFIRMED"]
ARCHIVED_DAYS_AGO = 20


def _formations(
    s: Session, current: Campaign, previous: Campaign, centre: Centre
) -> list[Formation]:
    """Three of this year's open formations of the centre, as they were a year ago."""
    today = current.starts_on + timedelta(days=60)
    rows = s.exec(
        select(Formation)
        .where(col(Formation.campaign_id) == current.id, col(Formation.centre_id) == centre.id)
        .order_by(col(Formation.id))
    ).all()
    out = []
    for f in [f for f in rows if f.opens_on <= today <= f.closes_on][:3]:
        data = f.model_dump(exclude={"id", "campaign_id"}, warnings=False)
        for name in ("opens_on", "closes_on", "return_on", "jury_on", "publication_on"):
            data[name] = data[name] - YEAR if data[name] is not None else None
        old = Formation(**data, campaign_id=id_of(previous))
        s.add(old)
        s.flush()
        for piece in s.exec(
            select(FormationDocument).where(col(FormationDocument.formation_id) == f.id)
        ).all():
            s.add(FormationDocument(formation_id=old.id, document_type_id=piece.document_type_id))
        out.append(old)
    s.flush()
    return out


def seed_previous_campaign(
    s: Session,
    current: Campaign,
    centre: Centre,
    staff: SampleStaff,
    password_hash: str,
    *,
    clock: Clock,
) -> Campaign:
    rng = random.Random(2026)
    year_ago = clock.now() - YEAR
    previous = Campaign(
        code=PREVIOUS_CODE,
        label=f"Campagne {current.starts_on.year - 1}-{current.starts_on.year}",
        starts_on=current.starts_on - YEAR,
        ends_on=current.ends_on - YEAR,
        applicant_ends_on=current.applicant_ends_on - YEAR,
        created_at=current.created_at - YEAR,
    )
    s.add(previous)
    s.flush()
    formations = _formations(s, current, previous, centre)
    current.is_active, previous.is_active = False, True  # its year is being played
    s.add_all([current, previous])
    s.flush()
    people = [
        new_person(s, previous, i, rng, password_hash, year_ago - timedelta(days=30))
        for i in range(len(STAGES))
    ]
    people[0].account.email = PREVIOUS_APPLICANT
    dossiers = [
        Dossier(p, formations[i % len(formations)], stage, {})
        for i, (p, stage) in enumerate(zip(people, STAGES, strict=True))
    ]
    for d in dossiers:
        d.times.update(_timeline(d.stage, d.formation, rng, year_ago))
    profiles(s, people, dossiers, rng, (year_ago).date())
    _play(s, dossiers, staff, rng)
    _mark_mail_sent(s, people, dossiers)
    previous.is_active, current.is_active = False, True
    previous.archived_at = clock.now() - timedelta(days=ARCHIVED_DAYS_AGO)
    current.previous_id = previous.id
    s.add_all([current, previous])
    s.flush()
    return previous
