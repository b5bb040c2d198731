"""Sample applications for the demo: about forty applicants whose dossiers fill every
column of the demo gestionnaire's board (centre SCI), so a person trying the demo sees
the staff side at work.

Every step goes through the real services (apply, add_file, set_not_concerned,
transmit, validate/refuse a document, complete/incomplete, enter and validate a
decision, confirm), each with a FixedClock set to its own moment of the last weeks, and
in time order: the data holds every rule the application enforces. The draws use a
fixed seed, so every demo holds the same people and dossiers (dates follow today).
Their e-mails are marked as already sent: the first start of the demo neither floods
the demo mailbox nor keeps the worker busy.
"""

from __future__ import annotations

import io
import math
import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from ecandidat_app.core import applications, review
from ecandidat_app.core.applications import documents
from ecandidat_app.core.clock import PARIS, Clock, FixedClock
from ecandidat_app.core.models import (
    Account,
    Campaign,
    Centre,
    DecisionMotif,
    DocumentStatus,
    Formation,
    MailStatus,
    OutboxMessage,
)
from ecandidat_app.core.review import decisions
from ecandidat_app.core.text import fold
from ecandidat_app.demo.pdf import sample_pdf
from ecandidat_app.demo.people import FILE_NAMES, REFUSALS, Dossier, Person, new_person, profiles

SEED = 2027
APPLICANTS = 40
# Dossiers of the SCI centre per stage: every board column gets cards.
SCI_STAGES: dict[str, int] = {
    "AT": 8,  # applied, not transmitted yet
    "RE": 13,  # transmitted, not looked at yet
    "IN": 6,  # a document refused with a comment, dossier incomplete
    "CO": 8,  # every document validated
    "SAISIE": 6,  # a decision entered, waiting for validation
    "FA": 5,  # favourable decision validated: the applicant has to answer
    "DE": 4,  # unfavourable, with a motif
    "LC": 4,  # complementary list, with a rank
    "LA": 1,  # waiting list
    "CONFIRMED": 1,  # favourable, and the applicant confirmed
}
OTHER_CENTRES = 9  # a few dossiers elsewhere (AT or RE): the admin sees them
CLOSED_SHARE = 0.2  # of the transmitted SCI dossiers, in formations already closed
DAY_START, DAY_HOURS = 8, 12  # every step happens between 8:00 and 20:00, Paris time
ENTERED_CODES = ["FA", "DE", "LC", "PR", "FA", "DE"]  # cycled over the SAISIE dossiers
DECISION_STAGES = {"FA", "DE", "LC", "LA", "CONFIRMED"}


@dataclass
class SampleStaff:
    gestionnaire: Account
    member: Account  # enters the decisions of the commission they sit on
    member_commission_id: int
    motifs: list[DecisionMotif]


def seed_sample_applications(
    s: Session,
    campaign: Campaign,
    centre: Centre,
    staff: SampleStaff,
    password_hash: str,
    *,
    clock: Clock,
) -> None:
    """Create the sample applicants and walk their dossiers through the services."""
    rng = random.Random(SEED)
    now = clock.now()
    formations = list(s.exec(select(Formation).order_by(col(Formation.id))).all())
    today = clock.today()
    sci = [f for f in formations if f.centre_id == centre.id]
    sci_open = [f for f in sci if f.opens_on <= today <= f.closes_on]
    sci_closed = [f for f in sci if f.closes_on < today]
    elsewhere = [
        f for f in formations if f.centre_id != centre.id and f.opens_on <= today <= f.closes_on
    ]
    people = [
        new_person(
            s, campaign, i, rng, password_hash, _moment(_position(now) - rng.uniform(24, 40))
        )
        for i in range(APPLICANTS)
    ]
    tokens = [stage for stage, n in SCI_STAGES.items() for _ in range(n)]
    tokens += [rng.choice(["AT", "RE", "RE"]) + "*" for _ in range(OTHER_CENTRES)]
    rng.shuffle(tokens)
    dossiers: list[Dossier] = []
    for person, stages in zip(people, _deal(tokens, len(people), rng), strict=True):
        used: set[int] = set()
        for token in stages:
            stage = token.rstrip("*")
            if token.endswith("*"):
                pool = elsewhere
            elif stage != "AT" and sci_closed and rng.random() < CLOSED_SHARE:
                pool = sci_closed
            else:
                pool = sci_open
            formation = rng.choice([f for f in pool if f.id not in used])
            used.add(formation.id or 0)
            dossiers.append(
                Dossier(
                    person,
                    formation,
                    stage,
                    _timeline(stage, formation, rng, now),
                    skip_letter=stage == "AT" and rng.random() < 0.6,
                )
            )
    profiles(s, people, dossiers, rng, today)
    _play(s, dossiers, staff, rng)
    _mark_mail_sent(s, people, dossiers)


def _deal(tokens: list[str], n: int, rng: random.Random) -> list[list[str]]:
    """Split the dossiers between n people: one each, the rest at most three each."""
    counts = [1] * n
    for _ in range(len(tokens) - n):
        counts[rng.choice([i for i in range(n) if counts[i] < 3])] += 1
    result, start = [], 0
    for c in counts:
        result.append(tokens[start : start + c])
        start += c
    return result


def _position(moment: datetime) -> float:
    """A moment as a count of office days (8:00 to 20:00, Paris time): the latest office
    instant not after it. Steps are placed on this scale, so none happens at night."""
    local = moment.astimezone(PARIS)
    day = local.date().toordinal()
    hours = local.hour + local.minute / 60 - DAY_START
    if hours < 0:
        return day - 1 + 0.999
    return day + min(hours / DAY_HOURS, 0.999)


def _moment(position: float) -> datetime:
    day = math.floor(position)
    start = datetime.combine(date.fromordinal(day), time(DAY_START), tzinfo=PARIS)
    return (start + timedelta(hours=(position - day) * DAY_HOURS)).astimezone(UTC)


def _timeline(
    stage: str, formation: Formation, rng: random.Random, now: datetime
) -> dict[str, datetime]:
    """The moments of a dossier's steps, counted back from now in office days."""
    back = rng.uniform
    end = _position(now)
    times: dict[str, float] = {}
    if stage == "AT":
        times["apply"] = end - back(0.1, 20)
    else:
        if stage in DECISION_STAGES:
            # Recent: a favourable offer stays open for the formation's confirmation days.
            times["validate"] = end - back(1.5 if stage == "CONFIRMED" else 0.1, 3.5)
            times["decide"] = times["validate"] - back(0.2, 2)
            times["review"] = times["decide"] - back(0.5, 3)
        elif stage == "SAISIE":
            times["decide"] = end - back(0.1, 3)
            times["review"] = times["decide"] - back(0.5, 3)
        elif stage in ("IN", "CO"):
            times["review"] = end - back(0.1, 5)
        if "review" in times:  # the review takes a few minutes: it starts before 19:40
            times["review"] = min(times["review"], math.floor(times["review"]) + 0.97)
        anchor = times.get("review", end)
        times["transmit"] = anchor - (back(0.05, 10) if stage == "RE" else back(0.3, 6))
        closing = formation.closes_on.toordinal() + 0.25  # 11:00 on the closing day
        if times["transmit"] > closing:  # a closed formation: sent before its closing date
            times["transmit"] = closing - back(0, 4)
        times["apply"] = times["transmit"] - back(0.05, 3)
        if stage == "CONFIRMED":
            times["confirm"] = (times["validate"] + end) / 2
    times["prepare"] = times["apply"] + back(2, 40) / (DAY_HOURS * 60)  # minutes after applying
    return {kind: _moment(position) for kind, position in times.items()}


# ---------------------------------------------------------------- the steps, in time order


def _play(s: Session, dossiers: list[Dossier], staff: SampleStaff, rng: random.Random) -> None:
    steps = [(at, kind, n, d) for n, d in enumerate(dossiers) for kind, at in d.times.items()]
    steps.sort(key=lambda step: (step[0], step[2]))
    entered = iter(ENTERED_CODES * len(dossiers))
    ranks: Counter[int] = Counter()
    for at, kind, _n, d in steps:
        clock = FixedClock(at)
        account = d.person.account
        if kind == "apply":
            d.application_id = (
                applications.apply(s, account, d.formation.id or 0, clock=clock).id or 0
            )
        elif kind == "prepare":
            _prepare(s, d, clock)
        elif kind == "transmit":
            applications.transmit(s, account, d.application_id, clock=clock)
        elif kind == "review":
            _review(s, d, staff.gestionnaire, rng, clock)
        elif kind == "decide":
            code = next(entered) if d.stage == "SAISIE" else d.stage
            _decide(s, d, staff, "FA" if code == "CONFIRMED" else code, ranks, rng, clock)
        elif kind == "validate":
            result = decisions.validate_decisions(
                s, staff.gestionnaire, [d.application_id], clock=clock
            )
            assert not result.refused, result.refused
        elif kind == "confirm":
            decisions.confirm_offer(s, account, d.application_id, clock=clock)


def _prepare(s: Session, d: Dossier, clock: Clock) -> None:
    """The applicant answers every document still missing (common ones come already
    filled from an earlier application), as the "Mes candidatures" page lets them."""
    person = d.person
    concerned = {"BOURSE": person.boursier, "STAGE": person.internships, "LANG": person.foreign}
    for doc, doc_type in applications.documents_of(s, d.application_id):
        if doc.status != DocumentStatus.EN_ATTENTE:
            continue
        if doc_type.code == "LM" and d.skip_letter:
            continue
        if doc_type.is_conditional and not concerned.get(doc_type.code, False):
            documents.set_not_concerned(
                s, person.account, d.application_id, doc_type.id or 0, True, clock=clock
            )
            continue
        a = person.account
        lines = [
            f"{a.first_name} {a.last_name} - dossier n° {a.file_number}",
            f"Candidature : {d.formation.label}" if not doc_type.is_common else "",
            "Document de démonstration, généré automatiquement.",
        ]
        documents.add_file(
            s,
            a,
            d.application_id,
            doc_type.id or 0,
            filename=f"{FILE_NAMES.get(doc_type.code, 'piece')}-{fold(a.last_name)}.pdf",
            source=io.BytesIO(sample_pdf(doc_type.label, [line for line in lines if line])),
            clock=clock,
        )


def _review(
    s: Session, d: Dossier, gestionnaire: Account, rng: random.Random, clock: FixedClock
) -> None:
    """The gestionnaire checks every document (a minute or so each), then declares the
    dossier complete, or refuses the letter (never a common document, shared with other
    dossiers) and declares it incomplete."""
    refuse = d.stage == "IN"
    for doc, doc_type in applications.documents_of(s, d.application_id):
        if doc.status != DocumentStatus.TRANSMISE:
            continue
        clock.advance(seconds=rng.uniform(30, 90))
        if refuse and doc_type.code == "LM":
            review.refuse_document(
                s,
                gestionnaire,
                d.application_id,
                doc.id or 0,
                rng.choice(REFUSALS),
                version=None,
                clock=clock,
            )
        else:
            review.validate_document(
                s, gestionnaire, d.application_id, doc.id or 0, version=None, clock=clock
            )
    clock.advance(seconds=rng.uniform(30, 90))
    if refuse:
        review.set_incomplete(s, gestionnaire, d.application_id, version=None, clock=clock)
    else:
        review.set_complete(s, gestionnaire, d.application_id, version=None, clock=clock)


def _decide(
    s: Session,
    d: Dossier,
    staff: SampleStaff,
    code: str,
    ranks: Counter[int],
    rng: random.Random,
    clock: Clock,
) -> None:
    """The commission member enters the decisions of their commission, the gestionnaire
    the others; fields as each type requires (motif, rank, date and place)."""
    by = (
        staff.member
        if d.formation.commission_id == staff.member_commission_id
        else staff.gestionnaire
    )
    fields: dict[str, object] = {}
    if code == "DE":
        fields["motif_id"] = rng.choice(staff.motifs).id
    elif code == "LC":
        ranks[d.formation.id or 0] += 1
        fields["rank"] = ranks[d.formation.id or 0]
    elif code == "PR":
        day = clock.today() + timedelta(days=rng.randint(4, 10))
        fields["preselection_at"] = datetime.combine(day, time(9, 30), tzinfo=PARIS).astimezone(UTC)
        fields["place"] = "Bâtiment B, salle 12, campus du Moulin à Vent"
    elif code == "FA":
        fields["comment"] = rng.choice(["", "Très bon dossier.", "Projet cohérent et motivé."])
    decisions.enter_decision(s, by, d.application_id, code=code, clock=clock, **fields)  # type: ignore[arg-type]


def _mark_mail_sent(s: Session, people: list[Person], dossiers: list[Dossier]) -> None:
    """The sample accounts' e-mails (and the commission alerts about their dossiers) count
    as sent when they were written: no mail storm at the demo's first start."""
    s.flush()
    accounts = [p.account.id for p in people]
    applications_ids = [d.application_id for d in dossiers]
    s.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == MailStatus.PENDING.value)
        .where(
            or_(
                col(OutboxMessage.account_id).in_(accounts),
                col(OutboxMessage.application_id).in_(applications_ids),
            )
        )
        .values(status=MailStatus.SENT.value, sent_at=OutboxMessage.created_at, attempts=1)
        .execution_options(synchronize_session=False)
    )
    s.expire_all()
