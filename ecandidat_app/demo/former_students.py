"""The demo's former students: their ENT accounts (served by the demo ENT, `demo/ent/`) and
their records in the student information system (baccalauréat and internal cursus), imported
with the operator's own import (`student_import.import_csv`, the format of
docs/import-etudiants.md). Their eCandidat account is created at their first sign-in through
the ENT, with these records copied on it, read-only.

A gestionnaire of the demo is also in the ENT, linked to their staff account, to show the
staff's way in. Everything here is idempotent: `ecandidat demo` runs it at every start.
"""

from __future__ import annotations

import io
from typing import Any

from sqlmodel import Session, col, select

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.integrations.student_import import import_csv
from ecandidat_app.core.models import Account
from ecandidat_app.demo.seed import DEMO_ACCOUNTS

DEMO_ENT_PASSWORD = "Ent-demo-2027"
_DOMAIN = "etu.univ-demo.fr"

# uid, first name, last name, student number, INE, bac (year, series, mention, school),
# internal cursus (year|code|label|result, "#" between years).
_STUDENTS = [
    (
        "lmartin",
        "Léa",
        "Martin",
        "22100417",
        "0912345678A",
        ("2021", "Générale (spécialités Mathématiques, Physique-chimie)", "Bien"),
        "Lycée François Arago, Perpignan",
        "2021|L1MIA|Licence 1 Mathématiques et informatique|Admis"
        "#2022|L2INF|Licence 2 Informatique|Admis#2023|L3INF|Licence 3 Informatique|Admis",
    ),
    (
        "tgarcia",
        "Thomas",
        "Garcia",
        "22000953",
        "0923456789B",
        ("2020", "STI2D", "Assez bien"),
        "Lycée Jean Lurçat, Perpignan",
        "2020|BUTGEI1|BUT Génie électrique, 1re année|Admis"
        "#2021|BUTGEI2|BUT Génie électrique, 2e année|Admis",
    ),
]
# In the ENT and linked to the demo gestionnaire's staff account.
STAFF_UID = "gestion"
_STAFF = {"uid": STAFF_UID, "givenName": "Gaëlle", "sn": "Gestion", "mail": "gestion@univ-demo.fr"}


def ent_people() -> list[dict[str, Any]]:
    """The demo ENT's accounts (the ENT hashes the passwords in its own database)."""
    people: list[dict[str, Any]] = [
        {
            "uid": uid,
            "password": DEMO_ENT_PASSWORD,
            "givenName": first,
            "sn": last,
            "mail": f"{uid}@{_DOMAIN}",
            "supannEtuId": number,
        }
        for uid, first, last, number, *_rest in _STUDENTS
    ]
    people.append({**_STAFF, "password": DEMO_ENT_PASSWORD})
    return people


def ent_logins() -> dict[str, str]:
    """What the start-up message shows: ENT login -> who it is."""
    logins = {uid: f"{first} {last}, ancien(ne) étudiant(e)" for uid, first, last, *_ in _STUDENTS}
    logins[STAFF_UID] = f"gestionnaire ({DEMO_ACCOUNTS['gestionnaire']})"
    return logins


def _export_csv() -> str:
    lines = ["numero_etudiant;ine;bac_annee;bac_serie;bac_mention;bac_etablissement;cursus"]
    for _uid, _first, _last, number, ine, (year, series, mention), school, cursus in _STUDENTS:
        lines.append(f"{number};{ine};{year};{series};{mention};{school};{cursus}")
    return "\n".join(lines) + "\n"


def seed_former_students(s: Session, *, clock: Clock = system_clock) -> None:
    """Import the former students' records and link the gestionnaire to the ENT (no-op when
    already done). Does not commit."""
    report = import_csv(s, io.StringIO(_export_csv()), clock=clock)
    if report.errors:
        raise RuntimeError(f"import des anciens étudiants de démo : {report.errors}")
    staff = s.exec(
        select(Account).where(col(Account.email) == DEMO_ACCOUNTS["gestionnaire"])
    ).first()
    if staff is not None and not staff.ent_login:
        staff.ent_login = STAFF_UID
        s.add(staff)
