"""A dossier's story after real staff work. On "Mes candidatures": the timeline keeps every
step in order (both transmissions of a dossier sent back after "incomplet"), never a
staff-only step, and the answer to an offer is said only once the applicant has answered.
On the staff dossier page: the history reads in French, never in internal codes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import Session

from ecandidat_app.core import applications, review
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import Account, Application, DocumentStatus, Role, StaffScope
from ecandidat_app.core.review import decisions
from tests import factories
from tests.core import dossier_world as dw


@pytest.fixture
def w(session: Session, clock: FixedClock) -> dw.World:
    return dw.build(session, clock)


@pytest.fixture
def gestionnaire(session: Session, w: dw.World) -> Account:
    staff = factories.staff(session, role=Role.GESTIONNAIRE)
    session.add(StaffScope(account_id=staff.id, centre_id=w.centre.id))
    session.commit()
    return staff


def _later(clock: FixedClock, minutes: int = 10) -> FixedClock:
    clock.current += timedelta(minutes=minutes)
    return clock


def _transmitted(s: Session, w: dw.World, clock: FixedClock) -> Application:
    app = dw.apply(s, w, clock)
    dw.complete(s, w, app, _later(clock))
    applications.transmit(s, w.applicant, app.id, clock=_later(clock))
    s.commit()
    return app


def _validate_all(s: Session, staff: Account, app: Application, clock: FixedClock) -> None:
    for doc in dw.doc_rows(s, app):
        if doc.status not in (DocumentStatus.NON_CONCERNE, DocumentStatus.VALIDEE):
            review.validate_document(s, staff, app.id, doc.id, version=None, clock=clock)
    review.set_complete(s, staff, app.id, version=None, clock=_later(clock))
    s.commit()


def _decide(s: Session, staff: Account, app: Application, clock: FixedClock, **kw) -> None:
    decisions.enter_decision(s, staff, app.id, clock=_later(clock), **kw)
    s.commit()
    decisions.validate_decisions(s, staff, [app.id], clock=_later(clock))
    s.commit()


def _row(s: Session, w: dw.World, app: Application, clock: FixedClock):
    s.expire_all()
    return next(
        r for r in applications.my_applications(s, w.applicant, clock=clock) if r.id == app.id
    )


def _sent_back_and_decided(s: Session, w: dw.World, staff: Account, clock: FixedClock):
    """Transmitted, a piece refused, incomplete, replaced, transmitted again, complete, a
    favourable decision entered (not yet validated)."""
    app = _transmitted(s, w, clock)
    cv = dw.doc_of(s, app, w.cv)
    review.refuse_document(s, staff, app.id, cv.id, "Illisible", version=None, clock=_later(clock))
    review.set_incomplete(s, staff, app.id, version=None, clock=_later(clock))
    review.add_note(s, staff, app.id, "Note interne", clock=_later(clock))
    s.commit()
    dw.upload(s, w.applicant, app, w.cv, _later(clock), name="cv-2.pdf")
    applications.transmit(s, w.applicant, app.id, clock=_later(clock))
    s.commit()
    _validate_all(s, staff, app, _later(clock))
    decisions.enter_decision(s, staff, app.id, code="FA", clock=_later(clock))
    s.commit()
    return app


def test_timeline_keeps_both_transmissions_in_order(session, w, gestionnaire, clock) -> None:
    app = _sent_back_and_decided(session, w, gestionnaire, clock)
    row = _row(session, w, app, clock)
    assert [step.label for step in row.timeline] == [
        "Candidature créée",
        "Dossier transmis",
        "Dossier déclaré incomplet",
        "Dossier transmis à nouveau",
        "Dossier déclaré complet",
    ]  # the note and the decision not yet validated are staff matters
    assert row.answer == "" and row.decision == ""

    decisions.validate_decisions(session, gestionnaire, [app.id], clock=_later(clock))
    session.commit()
    decisions.withdraw(session, w.applicant, app.id, clock=_later(clock))
    session.commit()
    row = _row(session, w, app, clock)
    assert [step.label for step in row.timeline][-2:] == ["Décision communiquée", "Désistement"]


def test_withdrawal_is_said_only_after_the_applicant_withdrew(
    session, w, gestionnaire, clock
) -> None:
    app = _transmitted(session, w, clock)
    _validate_all(session, gestionnaire, app, clock)
    _decide(session, gestionnaire, app, clock, code="FA")
    row = _row(session, w, app, clock)
    assert row.decision == "Favorable" and row.can_answer
    assert row.answer == "" and row.answer_label == ""  # not answered yet: nothing said

    decisions.withdraw(session, w.applicant, app.id, clock=_later(clock))
    session.commit()
    row = _row(session, w, app, clock)
    assert not row.can_answer
    assert (row.answer, row.answer_label) == ("withdrawn", "Désistement enregistré")


def test_confirmation_is_said_after_confirming(session, w, gestionnaire, clock) -> None:
    app = _transmitted(session, w, clock)
    _validate_all(session, gestionnaire, app, clock)
    _decide(session, gestionnaire, app, clock, code="FA")
    decisions.confirm_offer(session, w.applicant, app.id, clock=_later(clock))
    session.commit()
    row = _row(session, w, app, clock)
    assert (row.answer, row.answer_label) == ("confirmed", "Inscription confirmée")


def test_an_unfavourable_decision_says_no_answer(session, w, gestionnaire, clock) -> None:
    from ecandidat_app.core.models import DecisionMotif

    motif = DecisionMotif(code="CAP", label="Capacité d'accueil atteinte")
    session.add(motif)
    session.commit()
    app = _transmitted(session, w, clock)
    _validate_all(session, gestionnaire, app, clock)
    _decide(session, gestionnaire, app, clock, code="DE", motif_id=motif.id)
    row = _row(session, w, app, clock)
    assert row.decision == "Défavorable" and not row.can_answer
    assert row.answer == "" and row.answer_label == ""


def test_staff_history_reads_in_french(session, w, gestionnaire, clock) -> None:
    app = _sent_back_and_decided(session, w, gestionnaire, clock)
    history = review.history(session, app.id)
    assert all(h.label != h.action for h in history), [h.action for h in history]
    codes = {w.cv.code, w.transcript.code, w.grant.code, w.formation.code}
    for h in history:
        assert not re.search(r"\b[A-Z]{2} -> [A-Z]{2}\b", h.detail), h.detail
        assert not any(h.detail == c or h.detail.startswith(c + ":") for c in codes), h.detail
        assert "octets" not in h.detail
    details = {h.action: h.detail for h in reversed(history)}  # the latest of each action
    assert details["application_transmitted"] == "statut Incomplet → Réceptionné"
    assert history[-1].detail == w.formation.label  # "Candidature créée" names the formation
    assert details["document_file_added"].startswith("Curriculum vitae : cv-2.pdf (")
    assert details["document_not_concerned"] == "Attestation de bourse : certifié sur l'honneur"
