"""The answers in the exports: one column per question of the exported formation(s), the
formation's code before each question when several are exported, answers as people read
them, a formula typed as an answer neutralised, archived questions only where answered."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from sqlmodel import Session

from ecandidat_app.core import questions
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.questions import QuestionInput
from ecandidat_app.core.review import exports
from tests.core import dossier_world as dw
from tests.core import question_world as qw

FIXED = ["last_name", "formation_code"]


@pytest.fixture
def world(session: Session, clock: FixedClock):  # type: ignore[no-untyped-def]
    w = dw.build(session, clock)
    q = qw.ask(session, w, clock)
    project = questions.save_question(
        session, q.admin, w.formation2.id, None, QuestionInput(kind="short", label="Projet")
    )
    first = dw.apply(session, w, clock)
    second = dw.apply(session, w, clock, w.formation2)
    answers = {**qw.valid_answers(q), f"question-{q.nickname.id}": "=HYPERLINK(1)"}
    questions.save_answers(session, w.applicant, first.id, answers, clock=clock)
    questions.save_answers(
        session, w.applicant, second.id, {f"question-{project.id}": "Data"}, clock=clock
    )
    session.commit()
    return w, q, first, second


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_one_formation_one_column_per_question(session, world) -> None:
    w, q, first, _second = world
    header, row = _csv(exports.export_csv(session, q.admin, [first.id], FIXED))
    assert header == [
        "Nom",
        "Code formation",
        "Motivation",
        "Parcours",
        "Options",
        "Disponible à partir du",
        "Alternance",
        "Pseudonyme",
    ]
    assert row[2:] == [
        "J'aime les réseaux.",
        "Recherche",
        "Data ; Sécurité",
        "1er septembre 2027",
        "Oui",
        "'=HYPERLINK(1)",
    ]


def test_several_formations_name_their_questions_and_leave_others_empty(session, world) -> None:
    w, q, first, second = world
    header, row1, row2 = _csv(exports.export_csv(session, q.admin, [first.id, second.id], FIXED))
    f1, f2 = w.formation.code, w.formation2.code
    assert f"{f1} · Motivation" in header and f"{f2} · Projet" in header
    assert len(header) == 2 + 6 + 1
    project = header.index(f"{f2} · Projet")
    assert row1[project] == "" and row2[project] == "Data"
    assert row2[header.index(f"{f1} · Parcours")] == ""


def test_xlsx_has_the_same_columns(session, world) -> None:
    _w, q, first, _second = world
    data = exports.export_xlsx(session, q.admin, [first.id], FIXED)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Motivation" and rows[1][6] == "Oui"
    assert rows[1][7] == "=HYPERLINK(1)" and sheet.cell(2, 8).data_type == "s"


def test_archived_questions_stay_where_answered(session, world, clock) -> None:
    w, q, first, _second = world
    questions.remove_question(session, q.admin, q.work_study.id, clock=clock)  # answered
    questions.save_answers(
        session,
        w.applicant,
        first.id,
        {**qw.valid_answers(q), f"question-{q.start.id}": ""},
        clock=clock,
    )
    questions.remove_question(session, q.admin, q.start.id, clock=clock)  # no answer: deleted
    session.commit()
    header, row = _csv(exports.export_csv(session, q.admin, [first.id], FIXED))
    assert "Disponible à partir du" not in header
    assert header[-1] == "Alternance" and row[-1] == "Oui"
