"""English versions administrators enter for what applicants read (formation title and
description, piece label and help, question label, help and choices): saved by the admin
forms, the offer import and the campaign copy; shown to an English reader where they
exist, the French text otherwise; answers always stored as the French choice."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import admin, applications, questions
from ecandidat_app.core.admin.offer_import import import_offer
from ecandidat_app.core.applications import catalogue
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import use_locale
from ecandidat_app.core.i18n_content import localized, localized_lines
from ecandidat_app.core.models import Formation, FormationQuestion, QuestionAnswer, Role
from ecandidat_app.core.questions import QuestionInput
from tests import factories
from tests.core import dossier_world as dw

EN_TITLE = "MSc Computer Methods"


@pytest.fixture
def w(session: Session, clock: FixedClock) -> dw.World:
    world = dw.build(session, clock)
    world.formation.label_en = EN_TITLE
    world.formation.description_en = "Two years to become a software engineer."
    world.formation.description = "Deux années pour devenir ingénieur logiciel."
    world.transcript.label_en = "Academic transcripts"
    world.transcript.help_text_en = "Every year since the baccalaureate."
    world.transcript.help_text = "Toutes les années depuis le baccalauréat."
    session.add_all([world.formation, world.transcript])
    session.commit()
    return world


def _track(s: Session, w: dw.World, clock: FixedClock, **extra: str) -> FormationQuestion:
    staff = factories.staff(s, role=Role.ADMIN)
    data = QuestionInput(
        kind="single",
        label="Parcours souhaité",
        help_text="Un seul parcours.",
        required=True,
        choices="Recherche\nProfessionnel",
        **extra,
    )
    question = questions.save_question(s, staff, w.formation.id or 0, None, data, clock=clock)
    s.commit()
    return question


ENGLISH_TRACK = {
    "label_en": "Preferred track",
    "help_text_en": "One track only.",
    "choices_en": "Research\nProfessional",
}


# ---------------------------------------------------------------- the helper


def test_localized_picks_english_only_for_an_english_reader_with_a_text() -> None:
    assert localized("Intitulé", "Title") == "Intitulé"  # French by default
    with use_locale("en"):
        assert localized("Intitulé", "Title") == "Title"
        assert localized("Intitulé", None) == "Intitulé"
        assert localized("Intitulé", "   ") == "Intitulé"
        assert localized_lines(["A", "B"], "One\nTwo") == ["One", "Two"]
        assert localized_lines(["A", "B"], "One") == ["A", "B"]  # counts differ: French
    assert localized_lines(["A", "B"], "One\nTwo") == ["A", "B"]


# ---------------------------------------------------------------- administrators


def test_admin_forms_save_the_english_versions(session: Session, clock: FixedClock) -> None:
    w = dw.build(session, clock)
    staff = factories.staff(session, role=Role.ADMIN)
    f = w.formation
    data = admin.FormationInput(
        commission_id=f.commission_id,
        code=f.code,
        label=f.label,
        level=str(f.level),
        opens_on=f.opens_on,
        closes_on=f.closes_on,
        return_on=f.return_on,
        label_en="  MSc Computing  ",
        description_en="In English.",
    )
    saved = admin.save_formation(session, staff, f.id, data, clock=clock)
    assert (saved.label_en, saved.description_en) == ("MSc Computing", "In English.")
    blank = admin.save_formation(
        session, staff, f.id, admin.FormationInput(**{**data.__dict__, "label_en": " "})
    )
    assert blank.label_en is None  # blank: absent, the French title shows
    doc = admin.save_document_type(
        session,
        staff,
        w.cv.id,
        code=w.cv.code,
        label=w.cv.label,
        label_en="Curriculum vitae (CV)",
        help_text_en="One page.",
    )
    assert (doc.label_en, doc.help_text_en) == ("Curriculum vitae (CV)", "One page.")
    question = _track(session, w, clock, **ENGLISH_TRACK)
    assert (question.label_en, question.help_text_en, question.choices_en) == (
        "Preferred track",
        "One track only.",
        "Research\nProfessional",
    )
    listed = questions.list_questions(session, staff, f.id or 0)
    assert listed[0].choices_en == "Research\nProfessional"
    assert listed[0].label == "Parcours souhaité"  # staff read the French


def test_a_choices_count_mismatch_is_refused_in_the_administrators_language(
    session: Session, clock: FixedClock
) -> None:
    w = dw.build(session, clock)
    with pytest.raises(DomainError) as refused:
        _track(session, w, clock, choices_en="Research\nProfessional\nBoth")
    assert refused.value.field == "choices_en"
    assert refused.value.message.startswith(
        "Donnez autant de choix en anglais que de choix en français (2)"
    )
    # The admin pages speak English too: an English-reading administrator reads it so.
    with use_locale("en"), pytest.raises(DomainError) as again:
        _track(session, w, clock, choices_en="Research")
    assert again.value.message.startswith("Give as many choices in English as in French (2)")
    assert again.value.message.endswith("you gave 1.")
    session.rollback()
    assert session.exec(select(FormationQuestion)).all() == []


# ---------------------------------------------------------------- applicants


def _detail(s: Session, w: dw.World, clock: FixedClock) -> catalogue.FormationDetail:
    return catalogue.formation_detail(s, w.formation.id or 0, today=clock.today())


def _search(s: Session, w: dw.World, clock: FixedClock, text: str) -> list[str]:
    return _search_campaign(s, w.campaign.id or 0, clock, text)


def test_an_english_reader_sees_and_finds_the_english_versions(
    session: Session, w: dw.World, clock: FixedClock
) -> None:
    app = dw.apply(session, w, clock)
    _track(session, w, clock, **ENGLISH_TRACK)
    with use_locale("en"):
        assert _search(session, w, clock, "computer methods") == [EN_TITLE]
        assert EN_TITLE in _search(session, w, clock, "")
        assert _search(session, w, clock, "methodes") == [EN_TITLE]  # the French title too
        detail = _detail(session, w, clock)
        view = applications.checklist(session, w.applicant, app.id or 0, clock=clock)
        mine = applications.my_applications(session, w.applicant, clock=clock)
        form = questions.answer_form(session, w.applicant, app.id or 0)
    assert (detail.label, detail.description) == (EN_TITLE, w.formation.description_en)
    pieces = {d.label: d.help_text for d in detail.documents}
    assert pieces["Academic transcripts"] == "Every year since the baccalaureate."
    assert pieces["Curriculum vitae"] == ""  # no English entered: the French label
    assert view.formation == EN_TITLE
    labels = {d.label: d.help for d in view.documents}
    assert labels["Academic transcripts"] == "Every year since the baccalaureate."
    assert "Academic transcripts" in view.missing
    assert "Answer to the question “Preferred track”" in view.missing
    assert [row.formation for row in mine] == [EN_TITLE]
    (field,) = form
    assert (field.label, field.help_text) == ("Preferred track", "One track only.")
    assert field.choices == ["Recherche", "Professionnel"]  # the values sent back
    assert field.choice_labels == ["Research", "Professional"]


def test_a_french_reader_sees_the_french_versions(
    session: Session, w: dw.World, clock: FixedClock
) -> None:
    app = dw.apply(session, w, clock)
    _track(session, w, clock, **ENGLISH_TRACK)
    with use_locale("fr"):
        detail = _detail(session, w, clock)
        view = applications.checklist(session, w.applicant, app.id or 0, clock=clock)
        (field,) = questions.answer_form(session, w.applicant, app.id or 0)
        found = _search(session, w, clock, "methodes")
    assert (detail.label, detail.description) == (w.formation.label, w.formation.description)
    assert "Relevés de notes" in {d.label for d in detail.documents}
    assert view.formation == w.formation.label
    assert "Relevés de notes" in view.missing
    assert (field.label, field.choice_labels) == ("Parcours souhaité", field.choices)
    assert found == [w.formation.label]


def test_without_english_the_french_shows_to_an_english_reader(
    session: Session, clock: FixedClock
) -> None:
    w = dw.build(session, clock)  # nothing entered in English
    app = dw.apply(session, w, clock)
    _track(session, w, clock)
    with use_locale("en"):
        detail = _detail(session, w, clock)
        (field,) = questions.answer_form(session, w.applicant, app.id or 0)
        view = applications.checklist(session, w.applicant, app.id or 0, clock=clock)
    assert detail.label == w.formation.label
    assert field.label == "Parcours souhaité"
    assert field.choice_labels == ["Recherche", "Professionnel"]
    assert "Relevés de notes" in {d.label for d in view.documents}


def test_an_answer_given_in_english_is_stored_as_the_french_choice(
    session: Session, w: dw.World, clock: FixedClock
) -> None:
    app = dw.apply(session, w, clock)
    track = _track(session, w, clock, **ENGLISH_TRACK)
    key = f"question-{track.id}"
    with use_locale("en"):
        questions.save_answers(
            session, w.applicant, app.id or 0, {key: "Professional"}, clock=clock
        )
        session.commit()
        (field,) = questions.answer_form(session, w.applicant, app.id or 0)
    stored = session.exec(select(QuestionAnswer)).one()
    assert stored.value == "Professionnel"
    assert (field.value, field.display) == ("Professionnel", "Professional")
    # Staff (the dossier, exports) read the answer as entered, in French.
    (row,) = questions.answers_for_dossier(session, app.id or 0)
    assert (row.question, row.answer) == ("Parcours souhaité", "Professionnel")


def test_a_multiple_choice_answer_in_english_is_stored_in_french(
    session: Session, w: dw.World, clock: FixedClock
) -> None:
    app = dw.apply(session, w, clock)
    staff = factories.staff(session, role=Role.ADMIN)
    data = QuestionInput(
        kind="multiple", label="Options", choices="Données\nRéseaux", choices_en="Data\nNetworks"
    )
    q = questions.save_question(session, staff, w.formation.id or 0, None, data, clock=clock)
    session.commit()
    with use_locale("en"):
        questions.save_answers(
            session,
            w.applicant,
            app.id or 0,
            {f"question-{q.id}": "Networks\nDonnées"},
            clock=clock,
        )
        (field,) = questions.answer_form(session, w.applicant, app.id or 0)
    assert session.exec(select(QuestionAnswer)).one().value == "Données\nRéseaux"
    assert field.display == "Data ; Networks"


# ---------------------------------------------------------------- import and copy


def test_the_offer_import_reads_the_english_columns(session: Session, clock: FixedClock) -> None:
    factories.campaign(session, today=clock.today(), code="2027")
    staff = factories.staff(session, role=Role.ADMIN)
    header = (
        "centre;centre_libelle;commission;commission_libelle;code;libelle;niveau;capacite;"
        "ouverture;cloture;retour_pieces;Libelle_EN;description_en"
    )
    lines = [
        "SCI;Sciences;COM;Commission;M-INFO;Master Informatique;M;40;01/03/2027;30/04/2027;"
        "15/05/2027;MSc Computer Science;Two years of software.",
        "SCI;Sciences;COM;Commission;L3-INFO;Licence 3 Informatique;L;60;01/03/2027;30/04/2027;"
        "15/05/2027;;",
    ]
    import_offer(session, staff, "offre.csv", "\n".join([header, *lines]).encode(), clock=clock)
    made = {f.code: f for f in session.exec(select(Formation)).all()}
    assert (made["M-INFO"].label_en, made["M-INFO"].description_en) == (
        "MSc Computer Science",
        "Two years of software.",
    )
    assert (made["L3-INFO"].label_en, made["L3-INFO"].description_en) == (None, None)


def test_the_campaign_copy_keeps_the_english_versions(session: Session, clock: FixedClock) -> None:
    from tests.core import review_data as rd

    w = rd.world(session, clock)
    w.form_a1.label_en, w.form_a1.description_en = "MSc A1", "About A1."
    session.add(w.form_a1)
    session.add(
        FormationQuestion(
            formation_id=w.form_a1.id or 0,
            kind="single",
            label="Parcours",
            choices="Recherche\nProfessionnel",
            label_en="Track",
            help_text_en="Pick one.",
            choices_en="Research\nProfessional",
        )
    )
    session.flush()
    old_id = w.form_a1.campaign_id
    preview = admin.preview_copy(session, w.admin, old_id)
    new = admin.copy_campaign(
        session,
        w.admin,
        old_id,
        code=preview.code,
        label=preview.label,
        starts_on=preview.starts_on.isoformat(),
        ends_on=preview.ends_on.isoformat(),
        applicant_ends_on=preview.applicant_ends_on.isoformat(),
        clock=clock,
    )
    copy = session.exec(
        select(Formation).where(Formation.campaign_id == new.id, Formation.code == w.form_a1.code)
    ).one()
    assert (copy.label_en, copy.description_en) == ("MSc A1", "About A1.")
    (question,) = session.exec(
        select(FormationQuestion).where(FormationQuestion.formation_id == copy.id)
    ).all()
    assert (question.label_en, question.help_text_en, question.choices_en) == (
        "Track",
        "Pick one.",
        "Research\nProfessional",
    )


# ---------------------------------------------------------------- the demo


def test_the_demo_reads_in_english(session: Session, clock: FixedClock) -> None:
    from ecandidat_app.core.models import Campaign, DocumentType
    from ecandidat_app.demo.seed import seed_demo

    assert seed_demo(session, clock=clock) is True
    session.commit()
    demo = session.exec(select(Campaign).where(Campaign.code == "DEMO")).one()
    offer = session.exec(select(Formation).where(Formation.campaign_id == demo.id)).all()
    assert offer and all(f.label_en and f.description_en for f in offer)
    assert all(d.label_en and d.help_text_en for d in session.exec(select(DocumentType)).all())
    l001 = next(f for f in offer if f.code == "L001")
    asked = session.exec(
        select(FormationQuestion).where(FormationQuestion.formation_id == l001.id)
    ).all()
    assert asked and all(q.label_en for q in asked)
    for q in asked:
        assert len((q.choices_en or "").splitlines()) == len(q.choices.splitlines())
    with use_locale("en"):
        found = _search_campaign(session, demo.id or 0, clock, "computer science")
    assert "Bachelor's in Computer Science" in found


def _search_campaign(s: Session, campaign_id: int, clock: FixedClock, text: str) -> list[str]:
    page = catalogue.search(s, campaign_id=campaign_id, text=text, today=clock.today())
    return [row.label for row in page.rows]
