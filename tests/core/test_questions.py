"""Questions per formation: each kind's validation, the administrators' rules (order,
archive instead of delete, copy), answers saved whole or not at all, required answers
blocking transmission, answers locked on transmission and reopened with the dossier."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import applications, questions, review
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.errors import DomainError, Forbidden, NotFound
from ecandidat_app.core.models import (
    ApplicationDocument,
    DossierStatus,
    FormationQuestion,
    QuestionAnswer,
    Role,
)
from ecandidat_app.core.questions import AnswersRefused, QuestionInput, clean_answer
from tests import factories
from tests.core import dossier_world as dw
from tests.core import question_world as qw


@pytest.fixture
def w(session: Session, clock: FixedClock) -> dw.World:
    return dw.build(session, clock)


@pytest.fixture
def q(session: Session, w: dw.World, clock: FixedClock) -> qw.Asked:
    return qw.ask(session, w, clock)


# ---------------------------------------------------------------- each kind


def _q(kind: str, **kw: object) -> FormationQuestion:
    return FormationQuestion(id=7, formation_id=1, kind=kind, label="Q", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "extra", "raw", "stored"),
    [
        ("short", {}, "  Léa  ", "Léa"),
        ("short", {}, "", ""),
        ("long", {"max_length": 20}, "ligne 1\r\nligne 2", "ligne 1\nligne 2"),
        ("single", {"choices": "A\nB"}, "B", "B"),
        ("single", {"choices": "A\nB"}, "", ""),
        ("multiple", {"choices": "A\nB\nC"}, "C\nA\nC", "A\nC"),
        ("multiple", {"choices": "A\nB"}, "", ""),
        ("date", {}, "2027-09-01", "2027-09-01"),
        ("date", {}, "01/09/2027", "2027-09-01"),
        ("yesno", {}, "Oui", "oui"),
        ("yesno", {}, "non", "non"),
    ],
)
def test_valid_answers_are_stored_normalised(kind, extra, raw, stored) -> None:
    assert clean_answer(_q(kind, **extra), raw) == stored


@pytest.mark.parametrize(
    ("kind", "extra", "raw", "message"),
    [
        ("short", {}, "x" * 201, "ne doit pas dépasser 200 caractères"),
        ("short", {}, "a\x07b", "caractères non autorisés"),
        ("long", {"max_length": 20}, "x" * 21, "ne doit pas dépasser 20 caractères"),
        ("single", {"choices": "A\nB"}, "C", "Choisissez une des réponses proposées"),
        ("multiple", {"choices": "A\nB"}, "A\nZ", "Choisissez parmi les réponses proposées"),
        ("date", {}, "31/02/2027", "Saisissez une date valide"),
        ("date", {}, "demain", "Saisissez une date valide"),
        ("date", {}, "1850-01-01", "entre 1900 et 2100"),
        ("yesno", {}, "peut-être", "Répondez par oui ou par non"),
    ],
)
def test_wrong_answers_are_refused_in_french_on_their_field(kind, extra, raw, message) -> None:
    with pytest.raises(DomainError, match=message) as refused:
        clean_answer(_q(kind, **extra), raw)
    assert refused.value.field == "question-7"


def test_answers_read_in_french() -> None:
    assert questions.answer_text(_q("date"), "2027-09-01") == "1er septembre 2027"
    assert questions.answer_text(_q("yesno"), "oui") == "Oui"
    assert questions.answer_text(_q("multiple"), "A\nC") == "A ; C"


# ---------------------------------------------------------------- administrators


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (QuestionInput(kind="", label="Q"), "kind"),
        (QuestionInput(kind="autre", label="Q"), "kind"),
        (QuestionInput(kind="short", label="  "), "label"),
        (QuestionInput(kind="single", label="Q", choices="Seul\n\nSeul"), "choices"),
        (QuestionInput(kind="long", label="Q", max_length="5"), "max_length"),
        (QuestionInput(kind="long", label="Q", max_length="beaucoup"), "max_length"),
    ],
)
def test_question_form_errors_name_their_field(session, w, clock, data, field) -> None:
    admin = factories.staff(session, role=Role.ADMIN)
    with pytest.raises(DomainError) as refused:
        questions.save_question(session, admin, w.formation.id, None, data, clock=clock)
    assert refused.value.field == field


def test_only_administrators_manage_questions(session, w, q, clock) -> None:
    gest = factories.staff(session, role=Role.GESTIONNAIRE)
    with pytest.raises(Forbidden):
        questions.save_question(
            session, gest, w.formation.id, None, QuestionInput(kind="short", label="Q")
        )
    with pytest.raises(Forbidden):
        questions.remove_question(session, gest, q.nickname.id, clock=clock)
    with pytest.raises(Forbidden):
        questions.list_questions(session, w.applicant, w.formation.id)


def test_long_text_gets_a_default_limit_and_order_follows_creation(session, w, q) -> None:
    rows = questions.list_questions(session, q.admin, w.formation.id)
    assert [r.label for r in rows][:2] == ["Motivation", "Parcours"]
    added = questions.save_question(
        session, q.admin, w.formation.id, None, QuestionInput(kind="long", label="Projet")
    )
    assert added.max_length == 2000 and added.order == 7


def test_move_up_and_down(session, w, q) -> None:
    questions.move_question(session, q.admin, q.track.id, "up")
    questions.move_question(session, q.admin, q.nickname.id, "down")  # already last
    order = [x.label for x in questions.formation_questions(session, w.formation.id)]
    assert order[:2] == ["Parcours", "Motivation"] and order[-1] == "Pseudonyme"


def test_remove_deletes_unanswered_and_archives_answered(session, w, q, clock) -> None:
    app = dw.apply(session, w, clock)
    questions.save_answers(session, w.applicant, app.id, qw.valid_answers(q), clock=clock)
    session.commit()
    assert questions.remove_question(session, q.admin, q.work_study.id, clock=clock) == "archived"
    # An unanswered question (its empty answer row aside) is deleted outright.
    questions.save_answers(
        session, w.applicant, app.id, {**qw.valid_answers(q), f"question-{q.start.id}": ""}
    )
    assert questions.remove_question(session, q.admin, q.start.id, clock=clock) == "deleted"
    session.commit()
    assert session.get(FormationQuestion, q.start.id) is None
    live = [x.label for x in questions.formation_questions(session, w.formation.id)]
    assert "Alternance" not in live and "Disponible à partir du" not in live
    rows = questions.answers_for_dossier(session, app.id)
    assert ("Alternance", "Oui", True) in [(r.question, r.answer, r.archived) for r in rows]
    listed = questions.list_questions(session, q.admin, w.formation.id)
    assert [r.archived for r in listed if r.label == "Alternance"] == [True]


def test_answered_question_keeps_its_kind_and_its_choices(session, w, q, clock) -> None:
    app = dw.apply(session, w, clock)
    questions.save_answers(session, w.applicant, app.id, qw.valid_answers(q), clock=clock)
    f = w.formation.id
    with pytest.raises(DomainError) as kind:
        questions.save_question(
            session, q.admin, f, q.track.id, QuestionInput(kind="short", label="Parcours")
        )
    assert kind.value.field == "kind"
    with pytest.raises(DomainError, match="ne peuvent pas être retirés"):
        questions.save_question(
            session,
            q.admin,
            f,
            q.track.id,
            QuestionInput(kind="single", label="Parcours", choices="Recherche\nAutre"),
        )
    changed = questions.save_question(
        session,
        q.admin,
        f,
        q.track.id,
        QuestionInput(
            kind="single", label="Votre parcours", choices="Recherche\nProfessionnel\nAutre"
        ),
    )
    assert changed.label == "Votre parcours" and changed.choices.endswith("Autre")


def test_copy_questions_copies_the_live_ones_without_answers(session, w, q, clock) -> None:
    app = dw.apply(session, w, clock)
    questions.save_answers(session, w.applicant, app.id, qw.valid_answers(q), clock=clock)
    questions.remove_question(session, q.admin, q.nickname.id, clock=clock)  # archived
    assert questions.copy_questions(session, w.formation.id, w.formation2.id) == 5
    session.commit()
    copied = questions.formation_questions(session, w.formation2.id)
    assert [c.label for c in copied] == [
        "Motivation",
        "Parcours",
        "Options",
        "Disponible à partir du",
        "Alternance",
    ]
    assert copied[0].max_length == 50 and copied[0].required
    assert all(c.id not in {x.id for x in [q.motivation, q.track]} for c in copied)
    ids = [c.id for c in copied]
    answers = session.exec(select(QuestionAnswer).where(QuestionAnswer.question_id.in_(ids)))  # type: ignore[attr-defined]
    assert answers.all() == []


# ---------------------------------------------------------------- applicants


def test_save_is_all_or_nothing_with_every_error(session, w, q, clock) -> None:
    app = dw.apply(session, w, clock)
    bad = {
        **qw.valid_answers(q),
        f"question-{q.motivation.id}": "x" * 51,
        f"question-{q.work_study.id}": "bof",
    }
    with pytest.raises(AnswersRefused) as refused:
        questions.save_answers(session, w.applicant, app.id, bad, clock=clock)
    assert set(refused.value.errors) == {
        f"question-{q.motivation.id}",
        f"question-{q.work_study.id}",
    }
    assert "50 caractères" in refused.value.errors[f"question-{q.motivation.id}"]
    session.rollback()
    assert session.exec(select(QuestionAnswer)).all() == []
    assert questions.save_answers(session, w.applicant, app.id, qw.valid_answers(q)) == 6
    assert questions.save_answers(session, w.applicant, app.id, qw.valid_answers(q)) == 0
    form = {f.label: f.value for f in questions.answer_form(session, w.applicant, app.id)}
    assert form["Options"] == "Data\nSécurité" and form["Disponible à partir du"] == "2027-09-01"


def test_nobody_else_answers(session, w, q, clock) -> None:
    app = dw.apply(session, w, clock)
    other = factories.applicant(session, w.campaign)
    with pytest.raises(NotFound):
        questions.save_answers(session, other, app.id, qw.valid_answers(q), clock=clock)
    with pytest.raises(NotFound):
        questions.save_answers(session, q.admin, app.id, qw.valid_answers(q), clock=clock)


def test_required_answers_are_missing_until_given_and_block_transmission(
    session, w, q, clock
) -> None:
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    assert view.missing == [
        "Réponse à la question « Motivation »",
        "Réponse à la question « Parcours »",
        "Réponse à la question « Alternance »",
    ]
    assert not view.can_transmit
    with pytest.raises(DomainError, match="« Motivation »"):
        applications.transmit(session, w.applicant, app.id, clock=clock)
    only_required = {
        k: v
        for k, v in qw.valid_answers(q).items()
        if k in {f"question-{x.id}" for x in (q.motivation, q.track, q.work_study)}
    }
    questions.save_answers(session, w.applicant, app.id, only_required, clock=clock)
    session.commit()
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    assert view.missing == [] and view.can_transmit
    applications.transmit(session, w.applicant, app.id, clock=clock)
    assert app.status == DossierStatus.RECEPTIONNE


def test_answers_lock_on_transmission_and_reopen_when_incomplete(session, w, q, clock) -> None:
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    questions.save_answers(session, w.applicant, app.id, qw.valid_answers(q), clock=clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    changed = {**qw.valid_answers(q), f"question-{q.track.id}": "Professionnel"}
    with pytest.raises(DomainError, match="transmis"):
        questions.save_answers(session, w.applicant, app.id, changed, clock=clock)
    gest = factories.staff(session, role=Role.ADMIN)
    doc = session.exec(
        select(ApplicationDocument).where(ApplicationDocument.application_id == app.id)
    ).first()
    review.refuse_document(session, gest, app.id, doc.id, "Illisible", version=None, clock=clock)
    review.set_incomplete(session, gest, app.id, version=None, clock=clock)
    session.commit()
    assert questions.save_answers(session, w.applicant, app.id, changed, clock=clock) == 1
    rows = {r.question: r.answer for r in questions.answers_for_dossier(session, app.id)}
    assert (
        rows["Parcours"] == "Professionnel"
        and rows["Disponible à partir du"] == "1er septembre 2027"
    )


def test_an_archived_question_is_no_longer_required(session, w, q, clock) -> None:
    app = dw.apply(session, w, clock)
    for x in (q.motivation, q.track, q.work_study):
        questions.remove_question(session, q.admin, x.id, clock=clock)
    session.commit()
    assert applications.checklist(session, w.applicant, app.id, clock=clock).missing == [
        "Curriculum vitae",
        "Relevés de notes",
        "Attestation de bourse",
    ]
    assert questions.answers_for_dossier(session, app.id)[0].answer == questions.NO_ANSWER


# ---------------------------------------------------------------- the applicant's data


def test_answers_are_in_the_data_export_and_go_with_the_account(session, w, q, clock) -> None:
    from ecandidat_app.core import privacy, privacy_export

    app = dw.apply(session, w, clock)
    questions.save_answers(session, w.applicant, app.id, qw.valid_answers(q), clock=clock)
    session.commit()
    [exported] = privacy_export.export_data(session, w.applicant)["candidatures"]
    assert {"question": "Alternance", "reponse": "Oui"} in exported["questions"]
    privacy.delete_account(session, w.applicant, factories.PASSWORD, clock=clock)
    session.commit()
    assert session.exec(select(QuestionAnswer)).all() == []
