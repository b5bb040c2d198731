"""Questions on the dossier world's formation: one of each kind, some required."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ecandidat_app.core import questions
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import Account, FormationQuestion, Role
from ecandidat_app.core.questions import QuestionInput
from tests import factories
from tests.core import dossier_world as dw


@dataclass
class Asked:
    admin: Account
    motivation: FormationQuestion  # long, required, 50 characters at most
    track: FormationQuestion  # single, required
    options: FormationQuestion  # multiple
    start: FormationQuestion  # date
    work_study: FormationQuestion  # yes/no, required
    nickname: FormationQuestion  # short


def ask(s: Session, w: dw.World, clock: FixedClock) -> Asked:
    admin = factories.staff(s, role=Role.ADMIN)
    f = w.formation.id or 0

    def add(**kw: object) -> FormationQuestion:
        return questions.save_question(s, admin, f, None, QuestionInput(**kw), clock=clock)  # type: ignore[arg-type]

    asked = Asked(
        admin,
        add(kind="long", label="Motivation", required=True, max_length="50"),
        add(kind="single", label="Parcours", required=True, choices="Recherche\nProfessionnel"),
        add(kind="multiple", label="Options", choices="Data\nRéseaux\nSécurité"),
        add(kind="date", label="Disponible à partir du"),
        add(kind="yesno", label="Alternance", required=True),
        add(kind="short", label="Pseudonyme"),
    )
    s.commit()
    return asked


def valid_answers(a: Asked) -> dict[str, str]:
    return {
        f"question-{a.motivation.id}": "J'aime les réseaux.",
        f"question-{a.track.id}": "Recherche",
        f"question-{a.options.id}": "Sécurité\nData",
        f"question-{a.start.id}": "01/09/2027",
        f"question-{a.work_study.id}": "oui",
        f"question-{a.nickname.id}": "Léa",
    }
