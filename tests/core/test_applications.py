"""Apply, checklist, transmit, cancel, "Mes candidatures": every rule, both backends."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ecandidat_app.core import applications
from ecandidat_app.core.applications import documents
from ecandidat_app.core.clock import FixedClock, as_utc
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.french import french_date
from ecandidat_app.core.models import (
    Application,
    AuditEvent,
    Candidate,
    Decision,
    DecisionMotif,
    DocumentFile,
    DocumentStatus,
    DossierStatus,
    Role,
)
from tests import factories
from tests.core import dossier_world as dw


@pytest.fixture
def w(session: Session, clock: FixedClock) -> dw.World:
    return dw.build(session, clock)


# ---------------------------------------------------------------- apply


def test_apply_creates_documents_in_order_mail_and_audit(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    assert app.status == DossierStatus.EN_ATTENTE
    assert app.commission_id == w.commission.id and app.campaign_id == w.campaign.id
    assert "martin" in app.search_text and "lea" in app.search_text
    assert w.applicant.file_number.lower() in app.search_text
    docs = dw.doc_rows(session, app)
    assert [d.document_type_id for d in docs] == [w.cv.id, w.transcript.id, w.grant.id]
    assert all(d.status == DocumentStatus.EN_ATTENTE for d in docs)
    [mail] = dw.mails(session, "application_created")
    assert mail.to_addr == w.applicant.email and w.formation.label in mail.subject
    assert session.exec(
        select(AuditEvent).where(AuditEvent.action == "application_created")
    ).first()


def test_apply_refused_before_opening_and_after_closing(session, w, clock) -> None:
    w.formation.opens_on = clock.today() + timedelta(days=2)
    session.commit()
    with pytest.raises(DomainError, match="ouvrent le"):
        applications.apply(session, w.applicant, w.formation.id, clock=clock)
    w.formation.opens_on = clock.today() - timedelta(days=5)
    w.formation.closes_on = clock.today() - timedelta(days=1)
    session.commit()
    with pytest.raises(DomainError, match="closes depuis le") as err:
        applications.apply(session, w.applicant, w.formation.id, clock=clock)
    assert french_date(w.formation.closes_on) in err.value.message


def test_apply_on_closing_day_is_allowed(session, w, clock) -> None:
    w.formation.closes_on = clock.today()
    session.commit()
    assert dw.apply(session, w, clock).id


def test_apply_refuses_duplicate_but_allows_after_cancel(session, w, clock) -> None:
    first = dw.apply(session, w, clock)
    with pytest.raises(DomainError, match="déjà une candidature"):
        applications.apply(session, w.applicant, w.formation.id, clock=clock)
    applications.cancel(session, w.applicant, first.id, clock=clock)
    session.commit()
    assert dw.apply(session, w, clock).id != first.id


def test_apply_enforces_max_per_centre(session, w, clock) -> None:
    w.centre.max_applications = 1
    session.commit()
    dw.apply(session, w, clock)
    with pytest.raises(DomainError, match="nombre maximal de candidatures \\(1\\)"):
        applications.apply(session, w.applicant, w.formation2.id, clock=clock)


def test_apply_needs_complete_profile_and_names_what_is_missing(session, w, clock) -> None:
    cand = session.get(Candidate, w.applicant.id)
    cand.phone = ""
    session.commit()
    with pytest.raises(DomainError) as err:
        applications.apply(session, w.applicant, w.formation.id, clock=clock)
    assert "téléphone" in err.value.message and "Mon dossier" in err.value.message


def test_apply_only_in_own_active_campaign(session, w, clock) -> None:
    other_camp = factories.campaign(session, today=clock.today())
    stranger = factories.applicant(session, other_camp)
    with pytest.raises(DomainError, match="campagne"):
        applications.apply(session, stranger, w.formation.id, clock=clock)
    w.campaign.is_active = False
    session.commit()
    with pytest.raises(DomainError, match="campagne"):
        applications.apply(session, w.applicant, w.formation.id, clock=clock)
    staff = factories.staff(session, role=Role.ADMIN)
    with pytest.raises(DomainError):
        applications.apply(session, staff, w.formation.id, clock=clock)


def test_apply_reuses_common_document_already_answered(session, w, clock) -> None:
    first = dw.apply(session, w, clock)
    stored = dw.upload(session, w.applicant, first, w.cv, clock)
    second = dw.apply(session, w, clock, formation=w.formation2)
    cv_doc = dw.doc_of(session, second, w.cv)
    assert cv_doc.status == DocumentStatus.TRANSMISE
    assert session.get(DocumentFile, (cv_doc.id, stored.id)) is not None
    # The non-common one is not carried over.
    assert dw.doc_of(session, second, w.transcript).status == DocumentStatus.EN_ATTENTE


# ---------------------------------------------------------------- checklist


def test_checklist_lists_missing_and_flags(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    assert view.can_edit and not view.can_transmit
    assert view.missing == ["Curriculum vitae", "Relevés de notes", "Attestation de bourse"]
    assert view.deadline == french_date(w.formation.closes_on)
    assert [d.code for d in view.documents] == [w.cv.code, w.transcript.code, w.grant.code]
    dw.complete(session, w, app, clock)
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    assert view.missing == [] and view.can_transmit
    assert view.documents[0].files[0].name == "piece.pdf"
    assert view.documents[2].status_label == "Non concerné"


def test_checklist_of_someone_else_is_not_found(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    intruder = factories.applicant(session, w.campaign)
    with pytest.raises(NotFound):
        applications.checklist(session, intruder, app.id, clock=clock)
    with pytest.raises(NotFound):
        applications.checklist(session, intruder, 999_999, clock=clock)


# ---------------------------------------------------------------- transmit


def test_transmit_refused_while_documents_missing(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    dw.upload(session, w.applicant, app, w.cv, clock)
    with pytest.raises(DomainError, match="Relevés de notes, Attestation de bourse"):
        applications.transmit(session, w.applicant, app.id, clock=clock)
    session.refresh(app)
    assert app.status == DossierStatus.EN_ATTENTE


def test_transmit_sets_re_dates_mail_alert_and_audit(session, w, clock) -> None:
    w.commission.alert_on_transmit = True
    session.commit()
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    version = session.get(Application, app.id).version
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    session.refresh(app)
    assert app.status == DossierStatus.RECEPTIONNE
    assert as_utc(app.transmitted_at) == clock.now()
    assert app.received_at is not None and app.version == version + 1
    [mail] = dw.mails(session, "status_RE")
    assert "15 mars 2027 à 10 h 00" in mail.body_text  # 9:00 UTC is 10:00 in Paris
    assert "Léa" in mail.body_text
    [alert] = dw.mails(session, "commission_alert")
    assert alert.to_addr == w.commission.contact_email
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    assert not view.can_edit and not view.can_transmit and "transmis" in view.locked_reason


def test_no_commission_alert_when_disabled(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    assert dw.mails(session, "commission_alert") == []


def test_double_transmit_sends_one_mail(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    again = applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    assert again.status == DossierStatus.RECEPTIONNE
    assert len(dw.mails(session, "status_RE")) == 1


def test_two_concurrent_transmits_one_wins(engine: Engine, session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def click() -> None:
        try:
            with Session(engine, expire_on_commit=False) as s:
                account = s.get(type(w.applicant), w.applicant.id)
                # Both tabs have loaded the dossier (AT) before either writes.
                s.get(Application, app.id)
                barrier.wait()
                applications.transmit(s, account, app.id, clock=clock)
                s.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    session.expire_all()
    assert session.get(Application, app.id).status == DossierStatus.RECEPTIONNE
    assert len(dw.mails(session, "status_RE")) == 1
    transmitted = session.exec(
        select(AuditEvent).where(AuditEvent.action == "application_transmitted")
    ).all()
    assert len(transmitted) == 1


def test_closing_date_passing_while_page_open_refuses_transmit(session, w, clock) -> None:
    w.formation.closes_on = clock.today()
    session.commit()
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    assert view.can_transmit
    clock.advance(days=1)
    with pytest.raises(DomainError, match="date limite de dépôt"):
        applications.transmit(session, w.applicant, app.id, clock=clock)
    session.refresh(app)
    assert app.status == DossierStatus.EN_ATTENTE
    assert dw.mails(session, "status_RE") == []


def test_incomplete_dossier_can_be_transmitted_again_until_return_date(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    # Later, staff refuse the transcript and mark the dossier incomplete.
    clock.advance(hours=5)
    doc = dw.doc_of(session, app, w.transcript)
    doc.status, doc.staff_comment = DocumentStatus.REFUSEE, "Illisible"
    app = session.get(Application, app.id)
    app.status, app.incomplete_at = DossierStatus.INCOMPLET, clock.now()
    session.commit()
    clock.advance(days=12)  # past closing, before return date
    with pytest.raises(DomainError, match="Relevés de notes"):
        applications.transmit(session, w.applicant, app.id, clock=clock)
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    assert view.documents[1].comment == "Illisible" and view.documents[1].can_edit
    assert not view.documents[0].can_edit  # the accepted CV stays locked
    dw.upload(session, w.applicant, app, w.transcript, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    assert session.get(Application, app.id).status == DossierStatus.RECEPTIONNE
    assert len(dw.mails(session, "status_RE")) == 2


def test_incomplete_after_return_date_is_refused(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    app = session.get(Application, app.id)
    app.status, app.incomplete_at = DossierStatus.INCOMPLET, clock.now()
    session.commit()
    clock.advance(days=30)
    with pytest.raises(DomainError, match="date de retour"):
        applications.transmit(session, w.applicant, app.id, clock=clock)


def test_transmit_complete_dossier_refused(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    app.status = DossierStatus.COMPLET
    session.commit()
    with pytest.raises(DomainError, match="déjà été transmis"):
        applications.transmit(session, w.applicant, app.id, clock=clock)


def test_transmit_other_people_dossier_is_not_found(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    intruder = factories.applicant(session, w.campaign)
    admin = factories.staff(session, role=Role.ADMIN)
    for who in (intruder, admin):
        with pytest.raises(NotFound):
            applications.transmit(session, who, app.id, clock=clock)
    session.refresh(app)
    assert app.status == DossierStatus.EN_ATTENTE


# ---------------------------------------------------------------- cancel


def test_cancel_mails_and_frees_the_slot(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    applications.cancel(session, w.applicant, app.id, clock=clock)
    session.commit()
    session.refresh(app)
    assert app.cancelled_at is not None
    assert len(dw.mails(session, "application_cancelled")) == 1
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    assert view.status_label == "Annulée" and not view.can_edit
    with pytest.raises(DomainError, match="annulée"):
        documents.add_file(
            session,
            w.applicant,
            app.id,
            w.cv.id,
            filename="cv.pdf",
            source=__import__("io").BytesIO(dw.pdf_bytes()),
            clock=clock,
        )


def test_cancel_refused_after_transmit_or_decision(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    with pytest.raises(DomainError, match="transmise"):
        applications.cancel(session, w.applicant, app.id, clock=clock)
    other = dw.apply(session, w, clock, formation=w.formation2)
    staff = factories.staff(session, role=Role.ADMIN)
    session.add(Decision(application_id=other.id, code="DE", entered_by_id=staff.id))
    session.commit()
    with pytest.raises(DomainError, match="décision"):
        applications.cancel(session, w.applicant, other.id, clock=clock)


def test_cancel_someone_else_is_not_found(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    intruder = factories.applicant(session, w.campaign)
    with pytest.raises(NotFound):
        applications.cancel(session, intruder, app.id, clock=clock)
    session.refresh(app)
    assert app.cancelled_at is None


# ---------------------------------------------------------------- my applications


def test_my_applications_rows_timeline_countdown(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    dw.complete(session, w, app, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    dw.apply(session, w, clock, formation=w.formation2)
    rows = applications.my_applications(session, w.applicant, clock=clock)
    assert len(rows) == 2
    by_id = {r.id: r for r in rows}
    sent = by_id[app.id]
    assert sent.status_label == "Réceptionné"
    assert [t.label for t in sent.timeline] == ["Candidature créée", "Dossier transmis"]
    assert not sent.can_cancel and sent.decision == "" and sent.days_left is None
    pending = next(r for r in rows if r.id != app.id)
    assert (
        pending.can_cancel and pending.days_left == 10 and pending.countdown == "Il reste 10 jours"
    )
    intruder = factories.applicant(session, w.campaign)
    assert applications.my_applications(session, intruder, clock=clock) == []


def test_my_applications_shows_decision_only_once_validated(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    staff = factories.staff(session, role=Role.ADMIN)
    motif = DecisionMotif(code=f"MOT{app.id}", label="Prérequis insuffisants")
    session.add(motif)
    session.flush()
    decision = Decision(application_id=app.id, code="DE", motif_id=motif.id, entered_by_id=staff.id)
    session.add(decision)
    app.status = DossierStatus.COMPLET
    session.commit()
    [row] = applications.my_applications(session, w.applicant, clock=clock)
    assert row.decision == "" and row.decision_motif == "" and not row.can_cancel
    decision.validated_at = clock.now()
    decision.validated_by_id = staff.id
    session.commit()
    [row] = applications.my_applications(session, w.applicant, clock=clock)
    assert row.decision == "Défavorable" and row.decision_motif == "Prérequis insuffisants"
    assert not row.can_answer


def test_my_applications_offer_can_be_answered_before_deadline(session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    staff = factories.staff(session, role=Role.ADMIN)
    session.add(
        Decision(
            application_id=app.id,
            code="FA",
            entered_by_id=staff.id,
            validated_by_id=staff.id,
            validated_at=clock.now(),
        )
    )
    app.status = DossierStatus.COMPLET
    app.confirm_deadline = clock.now() + timedelta(days=8)
    session.commit()
    [row] = applications.my_applications(session, w.applicant, clock=clock)
    assert row.decision == "Favorable" and row.can_answer and row.answer == ""
    assert row.confirm_deadline.startswith("23 mars 2027")
    clock.current = datetime(2027, 3, 24, tzinfo=UTC)
    [row] = applications.my_applications(session, w.applicant, clock=clock)
    assert not row.can_answer
