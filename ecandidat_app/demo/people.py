"""The demo applicants: names, addresses, schools and profiles drawn from a seeded random."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session

from ecandidat_app.core.models import (
    Account,
    BacRecord,
    Campaign,
    Candidate,
    CursusPostBac,
    Formation,
    Internship,
    Role,
)
from ecandidat_app.core.reference.bac import GENERAL_2021, find_series
from ecandidat_app.core.reference.bac import series as bac_series
from ecandidat_app.core.reference.ine import bea_key
from ecandidat_app.core.reference.matching import match_candidate
from ecandidat_app.core.text import fold

WOMEN = [
    "Camille",
    "Manon",
    "Chloé",
    "Inès",
    "Sarah",
    "Emma",
    "Jade",
    "Louise",
    "Zoé",
    "Clara",
    "Lucie",
    "Anaïs",
    "Maëlys",
    "Juliette",
    "Élodie",
    "Nour",
    "Margaux",
    "Océane",
    "Yasmine",
    "Mathilde",
]
MEN = [
    "Lucas",
    "Hugo",
    "Nathan",
    "Théo",
    "Enzo",
    "Louis",
    "Jules",
    "Gabriel",
    "Adam",
    "Raphaël",
    "Mathis",
    "Arthur",
    "Noah",
    "Karim",
    "Quentin",
    "Baptiste",
    "Julien",
    "Maxime",
    "Yanis",
    "Antoine",
]
LAST_NAMES = [
    "Dubois",
    "Durand",
    "Lefebvre",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Garcia",
    "Fernandez",
    "Roussel",
    "Fabre",
    "Vidal",
    "Rey",
    "Lopez",
    "Sanchez",
    "Marty",
    "Pujol",
    "Bonnet",
    "Girard",
    "Mercier",
    "Blanc",
    "Guérin",
    "Faure",
    "André",
    "Rousseau",
    "Mathieu",
    "Colin",
    "Bertrand",
    "Estève",
    "Ribes",
    "Sabaté",
    "Ferrer",
    "Puig",
    "Cazals",
    "Benali",
    "Nguyen",
    "Delmas",
    "Batlle",
    "Roig",
    "Pons",
    "Carrère",
    "Lagarde",
]
CITIES = [
    ("66000", "Perpignan"),
    ("66100", "Perpignan"),
    ("66140", "Canet-en-Roussillon"),
    ("66700", "Argelès-sur-Mer"),
    ("66400", "Céret"),
    ("66500", "Prades"),
    ("11100", "Narbonne"),
    ("11000", "Carcassonne"),
    ("34500", "Béziers"),
    ("34000", "Montpellier"),
    ("31000", "Toulouse"),
    ("66200", "Elne"),
]
STREETS = [
    "rue de la Fusterie",
    "avenue Maréchal Leclerc",
    "boulevard Clemenceau",
    "rue Foch",
    "chemin de la Fauceille",
    "avenue de Grande-Bretagne",
    "rue du Castillet",
    "allée des Platanes",
    "rue Jean Jaurès",
    "avenue de Prades",
]
SCHOOLS = [
    "Lycée François Arago, Perpignan",
    "Lycée Jean Lurçat, Perpignan",
    "Lycée Pablo Picasso, Perpignan",
    "Lycée Déodat de Séverac, Céret",
    "Lycée Charles Renouvier, Prades",
    "Lycée Docteur Lacroix, Narbonne",
    "Lycée Paul Sabatier, Carcassonne",
    "Lycée Joffre, Montpellier",
]
FOREIGN = [("Espagnole", "Barcelone"), ("Marocaine", "Rabat"), ("Italienne", "Gênes")]
EMPLOYERS = [
    "Mairie de Perpignan",
    "Laboratoire PROMES-CNRS",
    "Cap Sud Informatique",
    "Observatoire océanologique de Banyuls",
    "Catalana Énergie",
    "Clinique Saint-Pierre",
]
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
class Person:
    account: Account
    boursier: bool
    internships: bool
    foreign: bool


@dataclass
class Dossier:
    person: Person
    formation: Formation
    stage: str
    times: dict[str, datetime]
    skip_letter: bool = False  # an "en attente" dossier still missing its letter
    application_id: int = 0
    extra: dict[str, object] = field(default_factory=dict)


# ---------------------------------------------------------------- people


def new_person(
    s: Session,
    campaign: Campaign,
    index: int,
    rng: random.Random,
    password_hash: str,
    created: datetime,
) -> Person:
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
    return Person(
        account,
        boursier=rng.random() < 0.35,
        internships=rng.random() < 0.5,
        foreign=rng.random() < 0.1,
    )


def profiles(
    s: Session,
    people: list[Person],
    dossiers: list[Dossier],
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
        ine_head = rng.randrange(10**9)
        rng.choice("ABCDEFGHJK")  # drawn as before: the rest of the demo stays the same
        ine_body = f"{ine_head:09d}{rng.randrange(10)}"
        codes = match_candidate(nationality, "France", postal, city)
        s.add(
            Candidate(
                account_id=a.id or 0,
                civility="Mme" if a.first_name in WOMEN else "M.",
                birth_name=a.last_name,
                first_names=a.first_name,
                birth_date=born,
                birth_place=birth_place,
                ine=ine_body + bea_key(ine_body),
                phone=f"06 {rng.randrange(100):02d} {rng.randrange(100):02d} "
                f"{rng.randrange(100):02d} {rng.randrange(100):02d}",
                address_line=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                postal_code=postal,
                city=city,
                birth_country_code=codes["nationality_code"],  # born where their nationality is
                updated_at=a.created_at,
                **codes,
            )
        )
        bac_year = born.year + 18
        series = (
            bac_series("ETR")
            if p.foreign
            else find_series(rng.choice(["Générale", "Générale", "Générale", "STI2D"]))
        )
        assert series is not None
        s.add(
            BacRecord(
                account_id=a.id or 0,
                year=bac_year,
                series=series.label,
                series_code=series.code,
                speciality_1="MATHS" if series.code == GENERAL_2021 else "",
                speciality_2="SES" if series.code == GENERAL_2021 else "",
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
