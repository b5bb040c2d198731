"""Questions through the pages' real event handlers against a real database: the applicant
answers (a wrong answer keeps the draft and says what is wrong next to its field, required
answers in « Il manque encore », typed answers saved before transmitting, locked after),
two dossiers in a row in one tab never show the previous one's questions or draft, staff
read the answers, administrators manage the questions of the formation they edit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core import questions
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import Application, DossierStatus, QuestionAnswer
from ecandidat_app.core.questions import QuestionInput
from ecandidat_app.web.pages.admin_formations import FormationsState
from ecandidat_app.web.pages.application import ApplicationState
from ecandidat_app.web.pages.staff_dossier import StaffDossierState
from ecandidat_app.web.state.question_admin import ARCHIVED
from tests.core import dossier_world as dw
from tests.core import question_world as qw
from tests.web.staff_world import call, navigate, state_for

DRAFT = "Brouillon jamais enregistré pour le premier dossier"


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    clock = FixedClock(datetime.now(UTC))  # the pages run on the system clock
    w = dw.build(session, clock)
    q = qw.ask(session, w, clock)
    project = questions.save_question(
        session,
        q.admin,
        w.formation2.id,
        None,
        QuestionInput(kind="short", label="Projet professionnel", required=True),
    )
    first = dw.apply(session, w, clock)
    second = dw.apply(session, w, clock, w.formation2)
    tokens = {
        "applicant": sessions.open_session(session, w.applicant.id),
        "admin": sessions.open_session(session, q.admin.id),
    }
    session.commit()
    return {
        "w": w,
        "q": q,
        "clock": clock,
        "project": project,
        "first": first,
        "second": second,
        "tokens": tokens,
    }


def _key(question: Any) -> str:
    return f"question-{question.id}"


def _tab(world: dict[str, Any], app: Application) -> Any:
    tab = state_for(ApplicationState, f"/candidature/{app.id}", token=world["tokens"]["applicant"])
    call(tab, "load")
    return tab


def test_applicant_answers_keeps_the_draft_then_transmits(session: Session, world) -> None:
    w, q, first = world["w"], world["q"], world["first"]
    tab = _tab(world, first)
    assert [f.label for f in tab.question_fields][:2] == ["Motivation", "Parcours"]
    assert "Réponse à la question « Motivation »" in tab.missing and not tab.can_transmit
    for key, value in {**qw.valid_answers(q), _key(q.motivation): "x" * 51}.items():
        call(tab, "set_answer", key, value)
    call(tab, "save_answers")
    assert "50 caractères" in tab.answer_errors[_key(q.motivation)]
    assert tab.message_kind == "error" and tab.answers[_key(q.motivation)] == "x" * 51
    assert tab.answers[_key(q.track)] == "Recherche"  # the rest of the draft is kept too
    assert session.exec(select(QuestionAnswer)).all() == []  # nothing half-saved

    call(tab, "set_answer", _key(q.motivation), "Je veux apprendre.")
    assert tab.answer_errors[_key(q.motivation)] == ""
    call(tab, "set_answer", "question-999999", "intrus")  # not a question of this dossier
    assert "question-999999" not in tab.answers
    call(tab, "save_answers")
    assert tab.message_kind == "success", tab.message
    assert not [m for m in tab.missing if m.startswith("Réponse")]

    dw.complete(session, w, first, world["clock"])
    call(tab, "load")
    assert tab.can_transmit
    call(tab, "toggle_answer", _key(q.options), "Réseaux", True)  # typed, not saved
    call(tab, "toggle_answer", _key(q.options), "Data", False)
    call(tab, "transmit")
    assert tab.message_kind == "success", tab.message
    session.expire_all()
    assert session.get(Application, first.id).status == DossierStatus.RECEPTIONNE
    shown = {f.label: f.display for f in tab.question_fields}
    assert shown["Options"] == "Réseaux ; Sécurité" and not tab.can_edit

    call(tab, "set_answer", _key(q.track), "Professionnel")
    call(tab, "save_answers")
    assert tab.message_kind == "error" and "transmis" in tab.message
    rows = {r.question: r.answer for r in questions.answers_for_dossier(session, first.id)}
    assert rows["Parcours"] == "Recherche"


def test_two_dossiers_in_a_row_never_show_the_previous_questions(session, world) -> None:
    q, first, second = world["q"], world["first"], world["second"]
    tab = _tab(world, first)
    call(tab, "set_answer", _key(q.motivation), DRAFT)
    call(tab, "set_answer", _key(q.work_study), "bof")
    call(tab, "save_answers")
    assert tab.answer_errors[_key(q.work_study)]
    navigate(tab, f"/candidature/{second.id}")
    call(tab, "load")
    assert [f.label for f in tab.question_fields] == ["Projet professionnel"]
    assert tab.answers == {_key(world["project"]): ""} and tab.answer_errors == {}
    assert DRAFT not in repr(tab.dict())

    questions.save_answers(session, world["w"].applicant, first.id, qw.valid_answers(q))
    session.commit()
    staff = state_for(
        StaffDossierState, f"/gestion/dossier/{first.id}", token=world["tokens"]["admin"]
    )
    call(staff, "load")
    assert ("Alternance", "Oui") in [(r.question, r.answer) for r in staff.answers]
    navigate(staff, f"/gestion/dossier/{second.id}")
    call(staff, "load")
    assert [(r.question, r.answer) for r in staff.answers] == [
        ("Projet professionnel", questions.NO_ANSWER)
    ]


def test_administrators_manage_the_questions_of_the_formation_they_edit(session, world) -> None:
    w, q, first = world["w"], world["q"], world["first"]
    questions.save_answers(session, w.applicant, first.id, qw.valid_answers(q))
    session.commit()
    st = state_for(FormationsState, "/admin/formations", token=world["tokens"]["admin"])
    call(st, "load")
    call(st, "edit", str(w.formation.id))
    assert [r.label for r in st.q_rows][:2] == ["Motivation", "Parcours"]
    call(st, "q_new")
    call(st, "q_set", "kind", "single")
    call(st, "q_set", "label", "Niveau d'anglais")
    call(st, "q_set", "choices", "B1")
    call(st, "q_save")
    assert "deux choix" in st.q_errors["choices"] and st.q_editing
    assert st.q_form["label"] == "Niveau d'anglais"  # what was typed stays
    call(st, "q_set", "choices", "B1\nB2\nC1")
    call(st, "q_set_required", True)
    call(st, "q_save")
    assert st.q_message == "Question ajoutée." and not st.q_editing
    assert st.q_rows[-1].label == "Niveau d'anglais" and st.q_rows[-1].required
    added = st.q_rows[-1].id
    call(st, "q_move", added, "up")
    assert [r.label for r in st.q_rows][-2:] == ["Niveau d'anglais", "Pseudonyme"]

    call(st, "q_remove", q.work_study.id)  # answered: archived, and said why
    assert st.q_message == ARCHIVED
    assert [r.archived for r in st.q_rows if r.label == "Alternance"] == [True]
    call(st, "q_remove", added)
    assert st.q_message == "Question supprimée."
    assert "Niveau d'anglais" not in [r.label for r in st.q_rows]

    call(st, "q_edit", world["project"].id)  # a question of another formation
    assert not st.q_editing
    call(st, "edit", str(w.formation2.id))
    assert [r.label for r in st.q_rows] == ["Projet professionnel"] and st.q_message == ""
