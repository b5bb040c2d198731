"""Centre administrators edit their centre's offer and nothing else; readers change nothing.
Every refusal comes from the core, in French (permissions.can_manage_centre)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from ecandidat_app.core import admin, review
from ecandidat_app.core.admin import mail_templates as mail_admin
from ecandidat_app.core.admin import staff as staff_admin
from ecandidat_app.core.admin.inputs import admin_item
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.errors import DomainError, Forbidden, NotFound
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import Campaign, Centre, DecisionMotif, Formation, Role
from ecandidat_app.core.permissions import (
    OTHER_CENTRE,
    can_manage_centre,
    can_view_application,
    offer_centres,
)
from ecandidat_app.core.review import decisions
from tests.core import delegation_world as dw


@pytest.fixture
def w(session: Session, clock: FixedClock) -> dw.World:
    return dw.build(session, clock)


def _form(w: dw.World, f: Formation, **changes: object) -> admin.FormationInput:
    values: dict = {
        "commission_id": f.commission_id,
        "code": f.code,
        "label": f.label,
        "level": str(f.level),
        "opens_on": f.opens_on,
        "closes_on": f.closes_on,
        "return_on": f.return_on,
        "capacity": f.capacity,
        "description": f.description,
        "document_type_ids": [w.cv.id],
    }
    return admin.FormationInput(**{**values, **changes})


def test_centre_admin_edits_their_formation(session: Session, w: dw.World) -> None:
    ca = w.centre_admin
    listed = admin.list_formations(session, ca).items
    assert [f.id for f in listed] == [w.form_ours.id]
    later = w.form_ours.closes_on + timedelta(days=3)
    changes = {
        "capacity": 45,
        "description": "Cours en anglais",
        "closes_on": later,
        "document_type_ids": [w.cv.id, w.language.id],
    }
    saved = admin.save_formation(session, ca, w.form_ours.id, _form(w, w.form_ours, **changes))
    session.commit()
    assert (saved.capacity, saved.description, saved.closes_on) == (45, "Cours en anglais", later)
    assert set(admin.formation_document_ids(session, saved.id)) == {w.cv.id, w.language.id}
    created = admin.save_formation(
        session, ca, None, _form(w, w.form_ours, code="NOUVELLE", commission_id=w.comm_ours.id)
    )
    assert created.centre_id == w.ours.id


def test_centre_admin_is_refused_on_another_centre(session: Session, w: dw.World) -> None:
    ca = w.centre_admin
    theirs = w.form_theirs
    for attempt in (
        lambda: admin.save_formation(session, ca, theirs.id, _form(w, theirs, capacity=1)),
        # moving their own formation under another centre's commission
        lambda: admin.save_formation(
            session, ca, w.form_ours.id, _form(w, w.form_ours, commission_id=w.comm_theirs.id)
        ),
        lambda: admin.save_formation(
            session, ca, None, _form(w, theirs, code="PIRATE", commission_id=w.comm_theirs.id)
        ),
        lambda: admin.save_commission(
            session, ca, w.comm_theirs.id, centre_id=w.theirs.id, code="X", label="X"
        ),
        lambda: admin.save_commission(
            session, ca, w.comm_ours.id, centre_id=w.theirs.id, code="X", label="X"
        ),
        lambda: admin.set_commission_member(session, ca, w.comm_theirs.id, w.gest.id),
        lambda: admin.commission_members(session, ca, w.comm_theirs.id),
        lambda: admin.save_motif(
            session, ca, None, code="M1", label="Motif", centre_id=w.theirs.id
        ),
        lambda: admin_item(session, ca, Formation, theirs.id),
    ):
        with pytest.raises(Forbidden) as refused:
            attempt()
        assert refused.value.message == OTHER_CENTRE
    session.rollback()
    session.refresh(theirs)
    assert theirs.capacity == 30
    assert can_manage_centre(session, ca, w.ours.id)
    assert not can_manage_centre(session, ca, w.theirs.id)


def test_centre_admin_cannot_touch_global_settings(session: Session, w: dw.World) -> None:
    ca = w.centre_admin
    for attempt in (
        lambda: admin.save_centre(session, ca, w.ours.id, code="X", label="Renommé"),
        lambda: admin.list_centres(session, ca),
        lambda: admin.list_campaigns(session, ca),
        lambda: admin.save_campaign(
            session,
            ca,
            None,
            code="C",
            label="C",
            starts_on="2027-01-01",
            ends_on="2027-12-31",
            applicant_ends_on="2027-06-30",
        ),
        lambda: admin.save_document_type(session, ca, w.cv.id, code="CV", label="Autre"),
        lambda: staff_admin.create_staff(
            session,
            ca,
            email="x@univ.fr",
            first_name="Jean",
            last_name="Dupont",
            role="admin",
            password="x",
        ),
        lambda: staff_admin.list_staff(session, ca),
        # a motif for every centre and the general mail texts are global settings
        lambda: admin.save_motif(session, ca, None, code="M2", label="Motif", centre_id=None),
        lambda: mail_admin.save_mail_template(session, ca, "status_CO", subject="S", body="B"),
        lambda: admin_item(session, ca, Centre, w.ours.id),
        lambda: admin_item(session, ca, Campaign, w.form_ours.campaign_id),
    ):
        with pytest.raises(DomainError):
            attempt()


def test_centre_admin_commissions_members_and_motifs(session: Session, w: dw.World) -> None:
    ca = w.centre_admin
    assert [c.id for c in admin.list_commissions(session, ca).items] == [w.comm_ours.id]
    admin.save_commission(
        session, ca, w.comm_ours.id, centre_id=w.ours.id, code="SCI", label="Jury Sciences"
    )
    admin.set_commission_member(session, ca, w.comm_ours.id, w.gest.id, is_president=True)
    assert [a.id for a, _p in admin.commission_members(session, ca, w.comm_ours.id)] == [w.gest.id]
    admin.remove_commission_member(session, ca, w.comm_ours.id, w.gest.id)
    motif = admin.save_motif(
        session, ca, None, code="M-SCI", label="Prérequis", centre_id=w.ours.id
    )
    session.add(DecisionMotif(code="M-ALL", label="Capacité atteinte"))  # a global one
    session.commit()
    assert [m.id for m in admin.list_motifs(session, ca).items] == [motif.id]
    admin.delete_motif(session, ca, motif.id)
    session.commit()
    assert session.get(DecisionMotif, motif.id) is None


def test_other_roles_have_no_offer(session: Session, w: dw.World) -> None:
    for account in (w.gest, w.reader, w.applicant):
        with pytest.raises(Forbidden):
            offer_centres(session, account)
        with pytest.raises(Forbidden):
            admin.list_formations(session, account)
    assert offer_centres(session, w.admin) is None
    assert offer_centres(session, w.centre_admin) == {w.ours.id}


def test_centre_mail_text_falls_back_to_the_global_one(
    session: Session, w: dw.World, clock: FixedClock
) -> None:
    ca = w.centre_admin
    mail_admin.save_mail_template(
        session, w.admin, "status_CO", subject="Général {{ formation }}", body="Texte général"
    )
    mail_admin.save_mail_template(
        session,
        ca,
        "status_CO",
        subject="Sciences {{ formation }}",
        body="Texte du centre",
        centre_id=w.ours.id,
    )
    with pytest.raises(Forbidden):
        mail_admin.save_mail_template(
            session, ca, "status_CO", subject="S", body="B", centre_id=w.theirs.id
        )
    listed = {v.event: v.overridden for v in mail_admin.list_mail_templates(session, ca, w.ours.id)}
    assert listed["status_CO"] and not listed["status_IN"]
    app = dw.apply(session, w, clock, transmit=False)
    ctx = {"first_name": "Léa", "formation": "Master"}
    mine = enqueue(session, "status_CO", "a@b.fr", ctx, application_id=app.id)
    general = enqueue(session, "status_CO", "a@b.fr", ctx)
    assert (mine.subject, mine.body_text) == ("Sciences Master", "Texte du centre")
    assert (general.subject, general.body_text) == ("Général Master", "Texte général")
    mail_admin.reset_mail_template(session, ca, "status_CO", centre_id=w.ours.id)
    back = enqueue(session, "status_CO", "a@b.fr", ctx, application_id=app.id)
    assert back.subject == "Général Master"


def test_reader_sees_and_changes_nothing(session: Session, w: dw.World, clock: FixedClock) -> None:
    app = dw.apply(session, w, clock, transmit=True)
    assert can_view_application(session, w.reader, app)
    view = review.dossier_view(session, w.reader, app.id)
    assert view.full_name and not view.can_review and not view.can_decide
    doc = dw.doc_of(session, app, w.cv)
    assert doc is not None
    for attempt in (
        lambda: review.add_note(session, w.reader, app.id, "Note"),
        lambda: review.validate_document(session, w.reader, app.id, doc.id, version=None),
        lambda: review.set_complete(session, w.reader, app.id, version=None),
        lambda: decisions.enter_decision(session, w.reader, app.id, code="FA"),
        lambda: review.request_piece(
            session,
            w.reader,
            app.id,
            document_type_id=w.language.id,
            reason="Pour voir",
            version=None,
        ),
    ):
        with pytest.raises((NotFound, DomainError)):
            attempt()
    session.rollback()
    decisions.enter_decision(session, w.gest, app.id, code="FA")
    session.commit()
    assert app.id in decisions.validate_decisions(session, w.reader, [app.id]).refused
    session.rollback()
    session.refresh(app)
    assert not app.decision_validated and str(app.status) == "RE"


def test_admin_creates_the_new_personas(session: Session, w: dw.World) -> None:
    for role in (Role.CENTRE_ADMIN, Role.LECTEUR):
        made = staff_admin.create_staff(
            session,
            w.admin,
            email=f"{role.value}@univ.fr",
            first_name="Anne",
            last_name="Martin",
            role=role.value,
            password="Un-mot-de-passe-solide-42",
        )
        staff_admin.set_staff_scope(session, w.admin, made.id, centre_ids=[w.ours.id])
        assert staff_admin.staff_scope(session, made.id) == ([w.ours.id], [])
    assert staff_admin.ROLE_LABELS["centre_admin"] == "Administrateur de centre"


def test_centre_admin_manages_their_formations_questions_only(
    session: Session, w: dw.World
) -> None:
    from ecandidat_app.core import questions

    ca = w.centre_admin
    asked = questions.QuestionInput(kind="short", label="Votre projet", required=True)
    mine = questions.save_question(session, ca, w.form_ours.id, None, asked)
    assert [q.label for q in questions.list_questions(session, ca, w.form_ours.id)] == [
        "Votre projet"
    ]
    questions.move_question(session, ca, mine.id, "up")
    theirs = questions.save_question(session, w.admin, w.form_theirs.id, None, asked)
    for attempt in (
        lambda: questions.save_question(session, ca, w.form_theirs.id, None, asked),
        lambda: questions.list_questions(session, ca, w.form_theirs.id),
        lambda: questions.move_question(session, ca, theirs.id, "down"),
        lambda: questions.remove_question(session, ca, theirs.id),
    ):
        with pytest.raises(Forbidden) as refused:
            attempt()
        assert refused.value.message == OTHER_CENTRE
    with pytest.raises(Forbidden):  # a gestionnaire administers no offer
        questions.save_question(session, w.gest, w.form_ours.id, None, asked)
    assert questions.remove_question(session, ca, mine.id) == "deleted"
