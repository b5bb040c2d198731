"""Demo questions: two formations ask theirs (motivation, track, work-study), and the demo
dossiers already transmitted there carry plausible answers, so staff read them on the
dossier and in exports, while a new application shows them in « Il manque encore »."""

from __future__ import annotations

import random

from sqlmodel import Session, col, select

from ecandidat_app.core.models import (
    Application,
    DossierStatus,
    Formation,
    FormationQuestion,
    QuestionAnswer,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.demo import english

# formation code -> (kind, label, help, required, max length, choices)
Question = tuple[str, str, str, bool, int | None, str]
MOTIVATION: Question = (
    "long",
    "Pourquoi choisissez-vous cette formation ?",
    "Votre projet et ce que vous attendez de la formation, 1 500 caractères au plus.",
    True,
    1500,
    "",
)
ASKED: dict[str, list[Question]] = {
    "L001": [
        MOTIVATION,
        ("single", "Parcours souhaité", "", True, None, "Informatique générale\nData science"),
        ("yesno", "Avez-vous déjà programmé en dehors des cours ?", "", False, None, ""),
    ],
    "LP002": [
        MOTIVATION,
        ("yesno", "Suivrez-vous la formation en alternance ?", "", True, None, ""),
        (
            "single",
            "Rythme d'alternance souhaité",
            "Seulement si vous suivez la formation en alternance.",
            False,
            None,
            "Une semaine sur deux\nTrois jours / deux jours",
        ),
        ("date", "Date de début de contrat envisagée", "", False, None, ""),
    ],
}
ANSWERS = {
    "long": [
        "Je souhaite approfondir la programmation et travailler ensuite dans le développement.",
        "Mon stage m'a donné envie de me spécialiser : cette formation répond à mon projet.",
    ],
    "yesno": ["oui", "non"],
    "date": ["2027-09-01", "2027-10-01"],
}


def seed_questions(s: Session, rng: random.Random) -> None:
    for code, asked in ASKED.items():
        formation = s.exec(select(Formation).where(col(Formation.code) == code)).first()
        if formation is None:
            continue
        rows = [
            FormationQuestion(
                formation_id=id_of(formation),
                kind=kind,
                label=label,
                help_text=help_text,
                required=required,
                max_length=limit,
                choices=choices,
                order=order + 1,
                label_en=english.QUESTIONS[label][0],
                help_text_en=english.QUESTIONS[label][1] or None,
                choices_en=english.QUESTIONS[label][2] or None,
            )
            for order, (kind, label, help_text, required, limit, choices) in enumerate(asked)
        ]
        s.add_all(rows)
        s.flush()
        _answer_sent_dossiers(s, formation, rows, rng)


def _answer_sent_dossiers(
    s: Session, formation: Formation, rows: list[FormationQuestion], rng: random.Random
) -> None:
    sent = s.exec(
        select(Application).where(
            col(Application.formation_id) == formation.id,
            col(Application.status) != DossierStatus.EN_ATTENTE.value,
        )
    ).all()
    for application in sent:
        for q in rows:
            pool = q.choices.splitlines() if q.kind == "single" else ANSWERS.get(q.kind, [])
            if pool and (q.required or rng.random() < 0.6):
                s.add(
                    QuestionAnswer(
                        application_id=id_of(application),
                        question_id=id_of(q),
                        value=rng.choice(pool),
                    )
                )
    s.flush()
