"""Staff review of a dossier: scope, document checks, status changes with their e-mails,
optimistic locking, bulk actions, notes, history and presence."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import review
from ecandidat_app.core.errors import DomainError, NotFound, StaleEdit
from ecandidat_app.core.french import french_date
from ecandidat_app.core.models import (
    ApplicationDocument,
    ApplicationNote,
    AuditEvent,
    DocumentStatus,
    DossierStatus,
    OutboxMessage,
)
from ecandidat_app.core.review import presence
from tests.core.review_data import application, world


@pytest.fixture
def w(session: Session, clock):  # type: ignore[no-untyped-def]
    return world(session, clock)


def _docs(session: Session, app_id: int) -> list[ApplicationDocument]:
    return list(
        session.exec(
            select(ApplicationDocument)
            .where(ApplicationDocument.application_id == app_id)
            .order_by(ApplicationDocument.id)
        ).all()
    )


def _mails(session: Session, event: str) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.event == event)).all())


def test_scope_of_the_dossier(session: Session, w, clock) -> None:  # type: ignore[no-untyped-def]
    app = application(session, clock, w.form_a1)
    view = review.dossier_view(session, w.gest_a, app.id)
    assert view.formation_label == "Master A1" and view.can_review
    assert [d.label for d in view.documents] == ["CV", "Notification de bourse"]
    assert review.dossier_view(session, w.admin, app.id).can_review
    member = review.dossier_view(session, w.member_a1, app.id)  # reads, may not review
    assert not member.can_review
    with pytest.raises(NotFound):
        review.dossier_view(session, w.gest_b, app.id)  # another centre
    other = application(session, clock, w.form_a2)
    with pytest.raises(NotFound):
        review.dossier_view(session, w.member_a1, other.id)  # another commission
    cv = _docs(session, app.id)[0]
    with pytest.raises(NotFound):
        review.validate_document(
            session, w.member_a1, app.id, cv.id, version=app.version, clock=clock
        )
    with pytest.raises(NotFound):
        review.validate_document(session, w.gest_b, app.id, cv.id, version=app.version, clock=clock)


def test_refuse_then_incomplete_mails_the_list(session: Session, w, clock) -> None:  # type: ignore[no-untyped-def]
    app = application(session, clock, w.form_a1)
    cv, bourse = _docs(session, app.id)
    with pytest.raises(DomainError) as no_comment:
        review.refuse_document(
            session, w.gest_a, app.id, cv.id, "  ", version=app.version, clock=clock
        )
    assert no_comment.value.field == "comment"
    with pytest.raises(DomainError, match="au moins une pièce"):
        review.set_incomplete(session, w.gest_a, app.id, version=app.version, clock=clock)
    review.refuse_document(session, w.gest_a, app.id, cv.id, "Illisible", version=1, clock=clock)
    assert app.version == 2 and app.updated_at == clock.now()
    review.validate_document(session, w.gest_a, app.id, bourse.id, version=2, clock=clock)
    review.set_incomplete(session, w.gest_a, app.id, version=3, clock=clock)
    session.commit()
    assert app.status == DossierStatus.INCOMPLET and app.incomplete_at == clock.now()
    (mail,) = _mails(session, "status_IN")
    assert "CV : Illisible" in mail.body_text and "Notification" not in mail.body_text
    # The return date reads like every other date the applicant gets: "12 mai 2027".
    assert f"avant le {french_date(w.form_a1.return_on)}." in mail.body_text
    assert mail.application_id == app.id
    actions = [h.action for h in review.history(session, app.id)]
    assert actions == ["dossier_incomplete", "document_validated", "document_refused"]
    assert {h.actor for h in review.history(session, app.id)} == {"Paul Durand"}


def test_complete_needs_every_document_validated_or_not_concerned(
    session: Session, w, clock
) -> None:
    app = application(session, clock, w.form_a1)
    cv, bourse = _docs(session, app.id)
    review.validate_document(session, w.gest_a, app.id, cv.id, version=1, clock=clock)
    with pytest.raises(DomainError, match="Notification de bourse"):
        review.set_complete(session, w.gest_a, app.id, version=2, clock=clock)
    bourse.status = DocumentStatus.NON_CONCERNE
    session.add(bourse)
    review.set_complete(session, w.gest_a, app.id, version=2, clock=clock)
    session.commit()
    assert app.status == DossierStatus.COMPLET and app.version == 3
    (mail,) = _mails(session, "status_CO")
    assert "Master A1" in mail.subject
    with pytest.raises(DomainError, match="déjà complet"):
        review.set_complete(session, w.gest_a, app.id, version=3, clock=clock)


def test_not_transmitted_and_missing_documents(session: Session, w, clock) -> None:  # type: ignore[no-untyped-def]
    waiting = application(session, clock, w.form_a1, status="AT", doc_status="AT")
    with pytest.raises(DomainError, match="pas encore été transmis"):
        review.set_complete(session, w.gest_a, waiting.id, version=1, clock=clock)
    app = application(session, clock, w.form_a1, doc_status="AT")
    cv = _docs(session, app.id)[0]
    with pytest.raises(DomainError, match="pas été déposée"):
        review.validate_document(session, w.gest_a, app.id, cv.id, version=1, clock=clock)
    other = application(session, clock, w.form_a1)
    with pytest.raises(NotFound):  # a document of another dossier
        review.validate_document(
            session, w.gest_a, app.id, _docs(session, other.id)[0].id, version=1
        )


def test_stale_edit_changes_nothing(session: Session, w, clock, engine) -> None:  # type: ignore[no-untyped-def]
    app = application(session, clock, w.form_a1)
    cv, bourse = _docs(session, app.id)
    session.commit()
    seen = review.dossier_view(session, w.gest_a, app.id).version
    # A colleague acts first, in their own transaction.
    with Session(engine, expire_on_commit=False) as other:
        review.validate_document(other, w.admin, app.id, bourse.id, version=seen, clock=clock)
        other.commit()
    session.expire_all()
    with pytest.raises(StaleEdit):
        review.refuse_document(session, w.gest_a, app.id, cv.id, "Floue", version=seen, clock=clock)
    session.rollback()
    session.expire_all()
    assert _docs(session, app.id)[0].status == DocumentStatus.TRANSMISE
    assert session.get(type(app), app.id).version == seen + 1
    assert [h.action for h in review.history(session, app.id)] == ["document_validated"]


def test_bulk_status_with_out_of_scope_ids(session: Session, w, clock) -> None:  # type: ignore[no-untyped-def]
    ready = application(session, clock, w.form_a1, doc_status="VA")
    not_ready = application(session, clock, w.form_a2, doc_status="TR")
    foreign = application(session, clock, w.form_b, doc_status="VA")
    result = review.bulk_set_status(
        session, w.gest_a, [ready.id, not_ready.id, foreign.id, 999999], "CO", clock=clock
    )
    session.commit()
    assert result.done == [ready.id]
    assert set(result.refused) == {not_ready.id, foreign.id, 999999}
    assert "accès" in result.refused[foreign.id]
    session.expire_all()
    assert session.get(type(ready), ready.id).status == DossierStatus.COMPLET
    assert session.get(type(foreign), foreign.id).status == DossierStatus.RECEPTIONNE
    assert len(_mails(session, "status_CO")) == 1
    with pytest.raises(DomainError, match="200"):
        review.bulk_set_status(session, w.gest_a, list(range(1, 202)), "CO")
    with pytest.raises(DomainError):
        review.bulk_set_status(session, w.gest_a, [ready.id], "AT")


def test_notes_are_staff_only(session: Session, w, clock) -> None:  # type: ignore[no-untyped-def]
    app = application(session, clock, w.form_a1)
    review.add_note(session, w.member_a1, app.id, "Bon profil, à revoir en jury", clock=clock)
    with pytest.raises(DomainError):
        review.add_note(session, w.gest_a, app.id, "   ")
    with pytest.raises(NotFound):
        review.add_note(session, w.gest_b, app.id, "Hors périmètre")
    session.commit()
    (note,) = review.dossier_view(session, w.gest_a, app.id).notes
    assert note.body == "Bon profil, à revoir en jury" and note.author == "Paul Durand"
    assert app.version == 1  # a note never makes a colleague's view stale
    assert session.exec(select(ApplicationNote)).one().author_id == w.member_a1.id
    assert session.exec(select(AuditEvent.action)).all() == ["note_added"]


def test_presence_across_sessions(session: Session, w, clock, engine) -> None:  # type: ignore[no-untyped-def]
    app = application(session, clock, w.form_a1)
    w.admin.first_name, w.admin.last_name = "Claire", "Bernard"
    session.add(w.admin)
    session.commit()
    presence.touch(session, w.admin, app.id, clock=clock)
    presence.touch(session, w.admin, app.id, clock=clock)  # twice: still one row
    session.commit()
    with Session(engine) as worker2:  # another worker sees it through the database
        assert presence.present(worker2, app.id, w.gest_a.id, clock=clock) == ["Claire Bernard"]
        assert presence.present(worker2, app.id, w.admin.id, clock=clock) == []
    clock.advance(seconds=21)
    assert presence.present(session, app.id, w.gest_a.id, clock=clock) == []
    presence.touch(session, w.admin, app.id, clock=clock)
    assert presence.present(session, app.id, w.gest_a.id, clock=clock) == ["Claire Bernard"]
    presence.leave(session, w.admin, app.id)
    assert presence.present(session, app.id, w.gest_a.id, clock=clock) == []
