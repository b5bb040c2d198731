"""English versions through the pages' real handlers: an administrator enters them in the
question form of /admin/formations (a count mismatch refused in French, next to its
field); an applicant whose browser reads English sees the English question and choices on
/candidature/<id>, answers, and the answer is stored as the French choice."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import FormationQuestion, QuestionAnswer, Role
from ecandidat_app.web.pages.admin_formations import FormationsState
from ecandidat_app.web.pages.application import ApplicationState
from tests import factories
from tests.core import dossier_world as dw
from tests.web.harness import run_event
from tests.web.staff_world import call, state_for


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    clock = FixedClock(datetime.now(UTC))  # the pages run on the system clock
    w = dw.build(session, clock)
    w.formation.label_en = "MSc Computer Methods"
    session.add(w.formation)
    admin = factories.staff(session, role=Role.ADMIN)
    app = dw.apply(session, w, clock)
    tokens = {
        "applicant": sessions.open_session(session, w.applicant.id),
        "admin": sessions.open_session(session, admin.id),
    }
    session.commit()
    return {"w": w, "app": app, "tokens": tokens}


def _add_question(world: dict[str, Any], choices_en: str) -> Any:
    st = state_for(FormationsState, "/admin/formations", token=world["tokens"]["admin"])
    st.lang = "en"  # staff pages stay French whatever the browser says
    call(st, "load")
    call(st, "edit", str(world["w"].formation.id))
    assert st.form["label_en"] == "MSc Computer Methods"
    call(st, "q_new")
    for name, value in {
        "kind": "single",
        "label": "Parcours",
        "choices": "Recherche\nProfessionnel",
        "label_en": "Track",
        "help_text_en": "Pick one.",
        "choices_en": choices_en,
    }.items():
        call(st, "q_set", name, value)
    call(st, "q_save")
    return st


def test_english_versions_entered_then_read_by_an_english_applicant(session, world) -> None:
    st = _add_question(world, "Research")
    assert st.q_errors["choices_en"].startswith("Donnez autant de choix en anglais")
    assert st.q_editing and st.q_form["choices_en"] == "Research"
    call(st, "q_set", "choices_en", "Research\nProfessional")
    call(st, "q_save")
    assert st.q_message == "Question ajoutée."
    assert st.q_rows[-1].label == "Parcours" and st.q_rows[-1].choices_en

    tab = state_for(
        ApplicationState, f"/candidature/{world['app'].id}", token=world["tokens"]["applicant"]
    )
    tab.lang = "en"
    call(tab, "load")
    assert tab.formation == "MSc Computer Methods"
    (field,) = tab.question_fields
    assert (field.label, field.help_text) == ("Track", "Pick one.")
    assert (field.choices, field.choice_labels) == (
        ["Recherche", "Professionnel"],
        ["Research", "Professional"],
    )
    call(tab, "set_answer", field.key, "Professionnel")  # the radio's value: the French
    call(tab, "save_answers")
    session.expire_all()
    question = session.exec(select(FormationQuestion)).one()
    answer = session.exec(
        select(QuestionAnswer).where(QuestionAnswer.question_id == question.id)
    ).one()
    assert answer.value == "Professionnel"


def test_a_french_applicant_reads_the_french(world) -> None:
    _add_question(world, "Research\nProfessional")
    tab = state_for(
        ApplicationState, f"/candidature/{world['app'].id}", token=world["tokens"]["applicant"]
    )
    call(tab, "load")
    assert tab.formation == world["w"].formation.label
    (field,) = tab.question_fields
    assert (field.label, field.choice_labels) == ("Parcours", ["Recherche", "Professionnel"])


def test_the_switch_rewords_an_application_page_and_keeps_the_draft(world) -> None:
    """The header's switch on /candidature/<id>: the formation's title and the question
    come in English at once, and the answer being typed (not saved yet) stays."""
    _add_question(world, "Research\nProfessional")
    tab = state_for(
        ApplicationState, f"/candidature/{world['app'].id}", token=world["tokens"]["applicant"]
    )
    call(tab, "load")
    (field,) = tab.question_fields
    call(tab, "set_answer", field.key, "Professionnel")
    events = run_event(tab, "switch_language", "en")
    assert [getattr(e, "fn", None) for e in events] == [ApplicationState.relabel.fn]
    call(tab, "relabel")
    assert tab.formation == "MSc Computer Methods"
    (field,) = tab.question_fields
    assert (field.label, field.choice_labels) == ("Track", ["Research", "Professional"])
    assert tab.answers[field.key] == "Professionnel"
