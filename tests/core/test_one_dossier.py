"""Staff acting for one dossier: a later return date, a later answer deadline, one more
piece; each with a reason, in the history, e-mailed, refused outside the staff's scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import applications, review
from ecandidat_app.core.applications import deadlines
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.errors import DomainError, NotFound, StaleEdit
from ecandidat_app.core.models import AuditEvent, DocumentStatus
from ecandidat_app.core.review import decisions
from tests.core import delegation_world as dw


@pytest.fixture
def w(session: Session, clock: FixedClock) -> dw.World:
    return dw.build(session, clock)


def _incomplete(s: Session, w: dw.World, clock: FixedClock):
    app = dw.apply(s, w, clock, transmit=True)
    doc = dw.doc_of(s, app, w.cv)
    review.refuse_document(s, w.gest, app.id, doc.id, "Illisible", version=None, clock=clock)
    review.set_incomplete(s, w.gest, app.id, version=None, clock=clock)
    s.commit()
    return app


def _actions(s: Session, app_id: int, action: str) -> list[str]:
    rows = s.exec(
        select(AuditEvent).where(AuditEvent.application_id == app_id, AuditEvent.action == action)
    ).all()
    return [r.detail for r in rows]


def test_return_date_of_one_dossier(session: Session, w: dw.World, clock: FixedClock) -> None:
    app = _incomplete(session, w, clock)
    later = w.form_ours.return_on + timedelta(days=10)
    review.extend_return_date(
        session,
        w.centre_admin,
        app.id,
        until=later.isoformat(),
        reason="Relevé délivré tardivement",
        version=app.version,
        clock=clock,
    )
    session.commit()
    assert app.return_until == later
    mail = dw.mails(session, "deadline_extended")[-1]
    assert mail.to_addr == w.applicant.email
    assert "Relevé délivré tardivement" in mail.body_text and "date de retour" in mail.body_text
    assert _actions(session, app.id, "return_date_extended")
    # Past the formation's date, this dossier alone may still change and be sent again.
    clock.advance(days=(w.form_ours.return_on - clock.today()).days + 2)
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    assert view.can_edit and view.deadline_label == "Date de retour des pièces"
    dw.deposit(session, w, app, w.cv, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    assert str(app.status) == "RE"


def test_return_date_refusals(session: Session, w: dw.World, clock: FixedClock) -> None:
    app = _incomplete(session, w, clock)
    later = (w.form_ours.return_on + timedelta(days=5)).isoformat()

    def extend(account, until=later, reason="Motif valable", version=None):
        return review.extend_return_date(
            session, account, app.id, until=until, reason=reason, version=version, clock=clock
        )

    with pytest.raises(DomainError) as no_reason:
        extend(w.gest, reason="  ")
    assert no_reason.value.field == "reason"
    with pytest.raises(DomainError) as earlier:
        extend(w.gest, until=w.form_ours.return_on.isoformat())
    assert earlier.value.field == "until"
    with pytest.raises(StaleEdit):
        extend(w.gest, version=app.version - 1)
    for outsider in (w.other_centre_admin, w.reader, w.applicant):
        with pytest.raises((NotFound, DomainError)):
            extend(outsider)
    session.rollback()
    assert dw.mails(session, "deadline_extended") == []


def test_answer_deadline_of_one_decision(session: Session, w: dw.World, clock: FixedClock) -> None:
    app = dw.apply(session, w, clock, transmit=True)
    until = (clock.today() + timedelta(days=20)).isoformat()
    with pytest.raises(DomainError, match="dossier incomplet"):  # a transmitted dossier
        review.extend_return_date(
            session, w.gest, app.id, until=until, reason="Motif", version=None, clock=clock
        )
    with pytest.raises(DomainError, match="proposition"):  # no offer yet
        review.extend_answer_deadline(
            session, w.gest, app.id, until=until, reason="Motif", version=None, clock=clock
        )
    decisions.enter_decision(session, w.gest, app.id, code="FA", clock=clock)
    decisions.validate_decisions(session, w.gest, [app.id], clock=clock)
    session.commit()
    old = app.confirm_deadline
    with pytest.raises((NotFound, DomainError)):
        review.extend_answer_deadline(
            session,
            w.other_centre_admin,
            app.id,
            until=until,
            reason="Hospitalisation",
            version=None,
            clock=clock,
        )
    review.extend_answer_deadline(
        session, w.gest, app.id, until=until, reason="Hospitalisation", version=None, clock=clock
    )
    session.commit()
    assert app.confirm_deadline > old
    assert "date limite de réponse" in dw.mails(session, "deadline_extended")[-1].body_text
    assert _actions(session, app.id, "answer_deadline_extended")
    clock.advance(days=12)  # past the first deadline: not withdrawn, may still answer
    deadlines.withdraw_expired(session, clock=clock)
    session.commit()
    assert app.accepted is None
    decisions.confirm_offer(session, w.applicant, app.id, clock=clock)
    session.commit()
    assert app.accepted is True
    with pytest.raises(DomainError, match="proposition"):
        review.extend_answer_deadline(
            session, w.gest, app.id, until=until, reason="Encore", version=None, clock=clock
        )


def test_extra_piece_joins_the_checklist_and_blocks_transmit(
    session: Session, w: dw.World, clock: FixedClock
) -> None:
    app = dw.apply(session, w, clock, transmit=False)
    dw.deposit(session, w, app, w.cv, clock)
    assert applications.checklist(session, w.applicant, app.id, clock=clock).can_transmit
    choices = [d.id for d in review.extra_piece_choices(session, app.id)]
    assert w.language.id in choices and w.cv.id not in choices
    review.request_piece(
        session,
        w.gest,
        app.id,
        document_type_id=str(w.language.id),
        reason="Cours donnés en anglais",
        version=None,
        clock=clock,
    )
    session.commit()
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    asked = next(d for d in view.documents if d.document_type_id == w.language.id)
    assert asked.requested == "Cours donnés en anglais" and asked.can_edit
    assert not view.can_transmit and w.language.label in view.missing
    with pytest.raises(DomainError, match=w.language.label):
        applications.transmit(session, w.applicant, app.id, clock=clock)
    assert "Attestation de niveau de langue" in dw.mails(session, "piece_requested")[-1].body_text
    assert _actions(session, app.id, "piece_requested")
    dw.deposit(session, w, app, w.language, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    assert str(app.status) == "RE"
    staff_view = review.dossier_view(session, w.gest, app.id)
    assert [d.requested for d in staff_view.documents if d.label == w.language.label] == [
        "Cours donnés en anglais"
    ]


def test_extra_piece_reopens_a_transmitted_dossier(
    session: Session, w: dw.World, clock: FixedClock
) -> None:
    app = dw.apply(session, w, clock, transmit=True)
    with pytest.raises(DomainError, match="déjà"):
        review.request_piece(
            session,
            w.gest,
            app.id,
            document_type_id=w.cv.id,
            reason="Encore",
            version=None,
            clock=clock,
        )
    with pytest.raises((NotFound, DomainError)):
        review.request_piece(
            session,
            w.other_centre_admin,
            app.id,
            document_type_id=w.language.id,
            reason="Pirate",
            version=None,
            clock=clock,
        )
    review.request_piece(
        session,
        w.centre_admin,
        app.id,
        document_type_id=w.language.id,
        reason="Niveau B2 exigé",
        version=app.version,
        clock=clock,
    )
    session.commit()
    assert str(app.status) == "IN"
    doc = dw.doc_of(session, app, w.language)
    assert doc is not None and doc.status == DocumentStatus.EN_ATTENTE
    dw.deposit(session, w, app, w.language, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    assert str(app.status) == "RE"
    decisions.enter_decision(session, w.gest, app.id, code="LA", clock=clock)
    session.commit()
    with pytest.raises(DomainError, match="avis"):
        review.request_piece(
            session,
            w.gest,
            app.id,
            document_type_id=w.language.id,
            reason="Trop tard",
            version=None,
            clock=clock,
        )
