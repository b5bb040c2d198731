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
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from ecandidat_app.core import applications, review
from ecandidat_app.core.applications import documents
from ecandidat_app.core.clock import PARIS, Clock, FixedClock
from ecandidat_app.core.models import (
    Account,
    BacRecord,
    Campaign,
    Candidate,
    Centre,
    CursusPostBac,
    DecisionMotif,
    DocumentStatus,
    Formation,
    Internship,
    MailStatus,
    OutboxMessage,
    Role,
)
from ecandidat_app.core.review import decisions
from ecandidat_app.core.text import fold

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

WOMEN = [
    "Camille", "Manon", "Chloé", "Inès", "Sarah", "Emma", "Jade", "Louise", "Zoé", "Clara",
    "Lucie", "Anaïs", "Maëlys", "Juliette", "Élodie", "Nour", "Margaux", "Océane", "Yasmine",
    "Mathilde",
]  # fmt: skip
MEN = [
    "Lucas", "Hugo", "Nathan", "Théo", "Enzo", "Louis", "Jules", "Gabriel", "Adam", "Raphaël",
    "Mathis", "Arthur", "Noah", "Karim", "Quentin", "Baptiste", "Julien", "Maxime", "Yanis",
    "Antoine",
]  # fmt: skip
LAST_NAMES = [
    "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Garcia",
    "Fernandez", "Roussel", "Fabre", "Vidal", "Rey", "Lopez", "Sanchez", "Marty", "Pujol",
    "Bonnet", "Girard", "Mercier", "Blanc", "Guérin", "Faure", "André", "Rousseau", "Mathieu",
    "Colin", "Bertrand", "Estève", "Ribes", "Sabaté", "Ferrer", "Puig", "Cazals", "Benali",
    "Nguyen", "Delmas", "Batlle", "Roig", "Pons", "Carrère", "Lagarde",
]  # fmt: skip
CITIES = [
    ("66000", "Perpignan"), ("66100", "Perpignan"), ("66140", "Canet-en-Roussillon"),
    ("66700", "Argelès-sur-Mer"), ("66400", "Céret"), ("66500", "Prades"),
    ("11100", "Narbonne"), ("11000", "Carcassonne"), ("34500", "Béziers"),
    ("34000", "Montpellier"), ("31000", "Toulouse"), ("66200", "Elne"),
]  # fmt: skip
STREETS = [
    "rue de la Fusterie", "avenue Maréchal Leclerc", "boulevard Clemenceau", "rue Foch",
    "chemin de la Fauceille", "avenue de Grande-Bretagne", "rue du Castillet",
    "allée des Platanes", "rue Jean Jaurès", "avenue de Prades",
]  # fmt: skip
SCHOOLS = [
    "Lycée François Arago, Perpignan", "Lycée Jean Lurçat, Perpignan",
    "Lycée Pablo Picasso, Perpignan", "Lycée Déodat de Séverac, Céret",
    "Lycée Charles Renouvier, Prades", "Lycée Docteur Lacroix, Narbonne",
    "Lycée Paul Sabatier, Carcassonne", "Lycée Joffre, Montpellier",
]  # fmt: skip
FOREIGN = [("Espagnole", "Barcelone"), ("Marocaine", "Rabat"), ("Italienne", "Gênes")]
EMPLOYERS = [
    "Mairie de Perpignan", "Laboratoire PROMES-CNRS", "Cap Sud Informatique",
    "Observatoire océanologique de Banyuls", "Catalana Énergie", "Clinique Saint-Pierre",
]  # fmt: skip
REFUSALS = [
    "Lettre de motivation non signée : déposez une version signée.",
    "Cette lettre est adressée à une autre formation : rédigez-en une pour celle-ci.",
    "Lettre illisible (scan trop sombre) : déposez un PDF lisible.",
]
FILE_NAMES = {
    "ID": "piece-identite",
    "CV": "cv",
    "LM": "lettre-motivation",
    "RN": "releves-de-notes",
    "DIP": "diplome",
    "BOURSE": "notification-bourse",
    "LANG": "certification-francais",
    "STAGE": "attestations-stage",
    "PORTF": "portfolio",
}


@dataclass
class _Person:
    account: Account
    boursier: bool
    internships: bool
    foreign: bool


@dataclass
class _Dossier:
    person: _Person
    formation: Formation
    stage: str
    times: dict[str, datetime]
    skip_letter: bool = False  # an "en attente" dossier still missing its letter
    application_id: int = 0
    extra: dict[str, object] = field(default_factory=dict)


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
        _person(s, campaign, i, rng, password_hash, _moment(_position(now) - rng.uniform(24, 40)))
        for i in range(APPLICANTS)
    ]
    tokens = [stage for stage, n in SCI_STAGES.items() for _ in range(n)]
    tokens += [rng.choice(["AT", "RE", "RE"]) + "*" for _ in range(OTHER_CENTRES)]
    rng.shuffle(tokens)
    dossiers: list[_Dossier] = []
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
                _Dossier(
                    person,
                    formation,
                    stage,
                    _timeline(stage, formation, rng, now),
                    skip_letter=stage == "AT" and rng.random() < 0.6,
                )
            )
    _profiles(s, people, dossiers, rng, today)
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
    t: dict[str, float] = {}
    if stage == "AT":
        t["apply"] = end - back(0.1, 20)
    else:
        if stage in DECISION_STAGES:
            # Recent: a favourable offer stays open for the formation's confirmation days.
            t["validate"] = end - back(1.5 if stage == "CONFIRMED" else 0.1, 3.5)
            t["decide"] = t["validate"] - back(0.2, 2)
            t["review"] = t["decide"] - back(0.5, 3)
        elif stage == "SAISIE":
            t["decide"] = end - back(0.1, 3)
            t["review"] = t["decide"] - back(0.5, 3)
        elif stage in ("IN", "CO"):
            t["review"] = end - back(0.1, 5)
        if "review" in t:  # the review takes a few minutes: it starts before 19:40
            t["review"] = min(t["review"], math.floor(t["review"]) + 0.97)
        anchor = t.get("review", end)
        t["transmit"] = anchor - (back(0.05, 10) if stage == "RE" else back(0.3, 6))
        closing = formation.closes_on.toordinal() + 0.25  # 11:00 on the closing day
        if t["transmit"] > closing:  # a closed formation: sent before its closing date
            t["transmit"] = closing - back(0, 4)
        t["apply"] = t["transmit"] - back(0.05, 3)
        if stage == "CONFIRMED":
            t["confirm"] = (t["validate"] + end) / 2
    t["prepare"] = t["apply"] + back(2, 40) / (DAY_HOURS * 60)  # minutes after applying
    return {kind: _moment(position) for kind, position in t.items()}


# ---------------------------------------------------------------- people


def _person(
    s: Session,
    campaign: Campaign,
    index: int,
    rng: random.Random,
    password_hash: str,
    created: datetime,
) -> _Person:
    woman = index % 2 == 0
    first = rng.choice(WOMEN if woman else MEN)
    last = LAST_NAMES[index % len(LAST_NAMES)]
    account = Account(
        campaign_id=campaign.id,
        role=Role.APPLICANT,
        file_number=f"{campaign.starts_on.year}9{index + 1:05d}",
        email=f"{fold(first)}.{fold(last)}@etudiant.demo.ecandidat.fr".replace(" ", "-"),
        first_name=first,
        last_name=last,
        password_hash=password_hash,
        validated_at=created + timedelta(minutes=rng.uniform(2, 30)),
        created_at=created,
    )
    s.add(account)
    return _Person(
        account,
        boursier=rng.random() < 0.35,
        internships=rng.random() < 0.5,
        foreign=rng.random() < 0.1,
    )


def _profiles(
    s: Session,
    people: list[_Person],
    dossiers: list[_Dossier],
    rng: random.Random,
    today: date,
) -> None:
    """A complete "Mon dossier" for each person (identity, address, bac, cursus)."""
    s.flush()
    levels = {p.account.id: "L" for p in people}
    domains: dict[int | None, str] = {}
    for d in dossiers:
        if d.formation.level == "M":
            levels[d.person.account.id] = "M"
        domains.setdefault(d.person.account.id, d.formation.domain)
    for p in people:
        a = p.account
        master = levels[a.id] == "M"
        age = rng.randint(22, 26) if master else rng.randint(18, 21)
        born = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        nationality, birth_place = (
            rng.choice(FOREIGN) if p.foreign else ("Française", rng.choice(CITIES)[1])
        )
        postal, city = rng.choice(CITIES)
        s.add(
            Candidate(
                account_id=a.id or 0,
                civility="Mme" if a.first_name in WOMEN else "M.",
                birth_name=a.last_name,
                first_names=a.first_name,
                birth_date=born,
                birth_place=birth_place,
                nationality=nationality,
                ine=f"{rng.randrange(10**9):09d}{rng.choice('ABCDEFGHJK')}{rng.randrange(10)}",
                phone=f"06 {rng.randrange(100):02d} {rng.randrange(100):02d} "
                f"{rng.randrange(100):02d} {rng.randrange(100):02d}",
                address_line=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                postal_code=postal,
                city=city,
                country="France",
                updated_at=a.created_at,
            )
        )
        bac_year = born.year + 18
        s.add(
            BacRecord(
                account_id=a.id or 0,
                year=bac_year,
                series="Étranger (équivalence)"
                if p.foreign
                else rng.choice(["Générale", "Générale", "Générale", "Technologique STI2D"]),
                mention=rng.choice(["", "Assez bien", "Bien", "Très bien"]),
                school="Lycée à l'étranger" if p.foreign else rng.choice(SCHOOLS),
            )
        )
        domain = domains.get(a.id, "Sciences")
        for k, year in enumerate(range(bac_year + 1, min(bac_year + 4, today.year) + 1)):
            s.add(
                CursusPostBac(
                    account_id=a.id or 0,
                    year=year,
                    label=f"Licence {k + 1}e année {domain}",
                    obtained=True,
                    mention=rng.choice(["", "Assez bien", "Bien"]),
                    school="Université de Perpignan Via Domitia",
                )
            )
        if p.internships:
            s.add(
                Internship(
                    account_id=a.id or 0,
                    year=today.year - 1,
                    duration=f"{rng.choice([6, 8, 10, 12])} semaines",
                    hours_per_week=35,
                    employer=rng.choice(EMPLOYERS),
                    topic=f"Stage en {domain.lower()}",
                )
            )
    s.flush()


# ---------------------------------------------------------------- the steps, in time order


def _play(s: Session, dossiers: list[_Dossier], staff: SampleStaff, rng: random.Random) -> None:
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


def _prepare(s: Session, d: _Dossier, clock: Clock) -> None:
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
    s: Session, d: _Dossier, gestionnaire: Account, rng: random.Random, clock: FixedClock
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
    d: _Dossier,
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


def _mark_mail_sent(s: Session, people: list[_Person], dossiers: list[_Dossier]) -> None:
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


# ---------------------------------------------------------------- a small PDF


def _pdf_text(value: str) -> bytes:
    escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def sample_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF (under 1 KB) with a title and a few lines of Helvetica text."""
    text = b"BT /F1 18 Tf 72 770 Td (" + _pdf_text(title) + b") Tj /F1 11 Tf"
    for line in lines:
        text += b" 0 -24 Td (" + _pdf_text(line) + b") Tj"
    text += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
