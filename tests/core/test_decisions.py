"""Decisions in two steps, the applicant's answer, promotion from the complementary list."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from ecandidat_app.core.errors import DomainError, NotFound, StaleEdit
from ecandidat_app.core.models import (
    Account,
    Application,
    AuditEvent,
    CommissionMember,
    Decision,
    DossierStatus,
    Role,
)
from ecandidat_app.core.services import decisions
from tests import factories
from tests.core.decision_world import application, build, mails


@pytest.fixture
def world(session, clock):
    return build(session, clock)


def _validated(s, world, clock, app, code="FA", **kw):
    decisions.enter_decision(s, world.gestionnaire, app.id, code=code, clock=clock, **kw)
    result = decisions.validate_decisions(s, world.gestionnaire, [app.id], clock=clock)
    assert result.done == [app.id], result.refused
    return app


def test_entry_sends_nothing_and_validation_sends_the_decision_mail(session, clock, world):
    app = application(session, world, clock)
    version = app.version
    d = decisions.enter_decision(
        session, world.member, app.id, code="FA", version=version, clock=clock
    )
    assert d.validated_at is None
    assert app.decision_code == "FA" and app.decision_validated is False
    assert app.version == version + 1
    assert mails(session) == []

    # A commission member may enter but not validate.
    refused = decisions.validate_decisions(session, world.member, [app.id], clock=clock)
    assert refused.done == [] and app.id in refused.refused
    assert mails(session) == []

    result = decisions.validate_decisions(session, world.gestionnaire, [app.id], clock=clock)
    assert result.done == [app.id]
    assert app.decision_validated is True
    assert app.confirm_deadline == clock.now() + timedelta(days=world.formation.confirmation_days)
    [mail] = mails(session)
    assert mail.event == "decision_FA"
    assert "Avis favorable" in mail.subject
    assert "23 mars 2027 à 10 h 00" in mail.body_text  # 15 March 09:00 UTC + 8 days, Paris
    assert d.validated_by_id == world.gestionnaire.id
    actions = session.exec(
        select(AuditEvent.action).where(AuditEvent.application_id == app.id)
    ).all()
    assert "decision_entered" in actions and "decision_validated" in actions


def test_a_new_entry_supersedes_the_unvalidated_one(session, clock, world):
    app = application(session, world, clock)
    first = decisions.enter_decision(session, world.gestionnaire, app.id, code="LA", clock=clock)
    second = decisions.enter_decision(
        session, world.gestionnaire, app.id, code="DE", motif_id=world.motif.id, clock=clock
    )
    assert first.superseded is True and second.superseded is False
    decisions.validate_decisions(session, world.gestionnaire, [app.id], clock=clock)
    [mail] = mails(session)
    assert mail.event == "decision_DE"
    assert world.motif.label in mail.body_text
    assert app.confirm_deadline is None


def test_required_fields_per_decision_type(session, clock, world):
    app = application(session, world, clock)
    with pytest.raises(DomainError) as exc:
        decisions.enter_decision(session, world.gestionnaire, app.id, code="DE", clock=clock)
    assert exc.value.field == "motif_id"
    with pytest.raises(DomainError) as exc:
        decisions.enter_decision(
            session, world.gestionnaire, app.id, code="LC", rank=0, clock=clock
        )
    assert exc.value.field == "rank"
    with pytest.raises(DomainError) as exc:
        decisions.enter_decision(
            session, world.gestionnaire, app.id, code="PR", place="Salle B12", clock=clock
        )
    assert exc.value.field == "preselection_at"
    with pytest.raises(DomainError) as exc:
        decisions.enter_decision(
            session,
            world.gestionnaire,
            app.id,
            code="PR",
            preselection_at=datetime(2027, 4, 2, 14, 30),
            place="  ",
            clock=clock,
        )
    assert exc.value.field == "place"
    with pytest.raises(DomainError) as exc:
        decisions.enter_decision(session, world.gestionnaire, app.id, code="XX", clock=clock)
    assert exc.value.field == "code"
    assert session.exec(select(Decision)).all() == []


def test_preselection_mail_gives_date_and_place(session, clock, world):
    app = application(session, world, clock)
    _validated(
        session,
        world,
        clock,
        app,
        code="PR",
        preselection_at=datetime(2027, 4, 2, 14, 30),  # typed in Paris
        place="Bâtiment A, salle 12",
    )
    [mail] = mails(session, "decision_PR")
    assert "2 avril 2027 à 14 h 30" in mail.body_text
    assert "Bâtiment A, salle 12" in mail.body_text


def test_only_transmitted_dossiers_get_a_decision(session, clock, world):
    app = application(session, world, clock, status=DossierStatus.EN_ATTENTE)
    with pytest.raises(DomainError, match="transmis"):
        decisions.enter_decision(session, world.gestionnaire, app.id, code="FA", clock=clock)


def test_stale_version_is_refused(session, clock, world):
    app = application(session, world, clock)
    with pytest.raises(StaleEdit):
        decisions.enter_decision(
            session, world.gestionnaire, app.id, code="FA", version=app.version + 5, clock=clock
        )


def test_scope_rules(session, clock, world):
    app = application(session, world, clock)
    other_centre = factories.centre(session, label="UFR Lettres")
    other_comm = factories.commission(session, other_centre)
    outsider = factories.staff(session, role=Role.COMMISSION)

    session.add(CommissionMember(commission_id=other_comm.id, account_id=outsider.id))
    session.flush()
    with pytest.raises(NotFound):
        decisions.enter_decision(session, outsider, app.id, code="FA", clock=clock)
    applicant = session.get(Account, app.account_id)
    with pytest.raises(NotFound):
        decisions.enter_decision(session, applicant, app.id, code="FA", clock=clock)
    # The admin may do both steps.
    _validated(session, world, clock, app, code="LA")
    decisions.enter_decision(session, world.admin, app.id, code="FA", clock=clock)
    assert decisions.validate_decisions(session, world.admin, [app.id], clock=clock).done


def test_lc_rank_is_unique_within_the_formation(session, clock, world):
    a, b = application(session, world, clock), application(session, world, clock)
    decisions.enter_decision(session, world.gestionnaire, a.id, code="LC", rank=1, clock=clock)
    with pytest.raises(DomainError, match="rang 1"):
        decisions.enter_decision(session, world.gestionnaire, b.id, code="LC", rank=1, clock=clock)
    # Re-entering the same dossier at its own rank is fine.
    decisions.enter_decision(session, world.gestionnaire, a.id, code="LC", rank=1, clock=clock)
    decisions.enter_decision(session, world.gestionnaire, b.id, code="LC", rank=2, clock=clock)


def test_bulk_entry_counts_done_and_refused(session, clock, world):
    apps = [application(session, world, clock) for _ in range(3)]
    waiting = application(session, world, clock, status=DossierStatus.EN_ATTENTE)
    result = decisions.bulk_enter_decision(
        session,
        world.gestionnaire,
        [a.id for a in apps] + [waiting.id, 999999],
        code="LC",
        rank=4,
        clock=clock,
    )
    assert result.done == [a.id for a in apps]
    assert set(result.refused) == {waiting.id, 999999}
    ranks = [decisions.pending_decision(session, a.id).rank for a in apps]
    assert ranks == [4, 5, 6]
    assert mails(session) == []
    with pytest.raises(DomainError, match="200"):
        decisions.bulk_enter_decision(
            session, world.gestionnaire, list(range(1, 202)), code="FA", clock=clock
        )


def test_confirm_offer(session, clock, world):
    app = _validated(session, world, clock, application(session, world, clock))
    applicant = session.get(Account, app.account_id)
    decisions.confirm_offer(session, applicant, app.id, clock=clock)
    assert app.accepted is True
    assert [m.event for m in mails(session)] == ["decision_FA", "confirmation"]
    with pytest.raises(DomainError, match="déjà confirmé"):
        decisions.withdraw(session, applicant, app.id, clock=clock)


def test_confirm_after_deadline_is_refused(session, clock, world):
    app = _validated(session, world, clock, application(session, world, clock))
    applicant = session.get(Account, app.account_id)
    clock.advance(days=world.formation.confirmation_days, minutes=1)
    with pytest.raises(DomainError, match="expiré"):
        decisions.confirm_offer(session, applicant, app.id, clock=clock)
    assert app.accepted is None


def test_only_the_applicant_answers_and_only_a_validated_fa(session, clock, world):
    app = application(session, world, clock)
    applicant = session.get(Account, app.account_id)
    decisions.enter_decision(session, world.gestionnaire, app.id, code="FA", clock=clock)
    with pytest.raises(DomainError, match="Aucune proposition"):
        decisions.confirm_offer(session, applicant, app.id, clock=clock)
    decisions.validate_decisions(session, world.gestionnaire, [app.id], clock=clock)
    other = factories.applicant(session, world.campaign)
    with pytest.raises(NotFound):
        decisions.confirm_offer(session, other, app.id, clock=clock)
    with pytest.raises(NotFound):
        decisions.withdraw(session, world.gestionnaire, app.id, clock=clock)
    # A pending offer cannot be overwritten by a new decision.
    with pytest.raises(DomainError, match="attend la réponse"):
        decisions.enter_decision(session, world.gestionnaire, app.id, code="DE", clock=clock)


def test_withdrawal_promotes_the_first_of_the_complementary_list(session, clock, world):
    world.commission.alert_on_withdrawal = True
    session.add(world.commission)
    admitted = _validated(session, world, clock, application(session, world, clock))
    second = _validated(session, world, clock, application(session, world, clock), "LC", rank=2)
    first = _validated(session, world, clock, application(session, world, clock), "LC", rank=1)
    unvalidated = application(session, world, clock)
    decisions.enter_decision(
        session, world.gestionnaire, unvalidated.id, code="LC", rank=3, clock=clock
    )
    other_form = factories.formation(session, world.campaign, world.commission, today=clock.today())
    elsewhere = _validated(
        session,
        world,
        clock,
        application(session, world, clock, formation=other_form),
        "LC",
        rank=1,
    )
    before = len(mails(session))

    clock.advance(days=1)
    applicant = session.get(Account, admitted.account_id)
    decisions.withdraw(session, applicant, admitted.id, clock=clock)

    assert admitted.accepted is False
    assert first.decision_code == "FA" and first.decision_validated is True
    assert first.confirm_deadline == clock.now() + timedelta(days=8)
    assert second.decision_code == "LC" and elsewhere.decision_code == "LC"
    assert unvalidated.decision_code == "LC" and unvalidated.decision_validated is False
    new = [(m.event, m.application_id) for m in mails(session)[before:]]
    assert ("withdrawal", admitted.id) in new
    assert ("commission_alert", admitted.id) in new
    assert ("decision_FA", first.id) in new
    assert len(new) == 3
    alert = mails(session, "commission_alert")[0]
    assert alert.to_addr == world.commission.contact_email
    # The promoted candidate can now confirm.
    promoted = session.get(Account, first.account_id)
    decisions.confirm_offer(session, promoted, first.id, clock=clock)
    assert session.get(Application, first.id).accepted is True


def test_withdrawal_with_an_empty_list_promotes_nobody(session, clock, world):
    app = _validated(session, world, clock, application(session, world, clock))
    applicant = session.get(Account, app.account_id)
    decisions.withdraw(session, applicant, app.id, clock=clock)
    assert [m.event for m in mails(session)] == ["decision_FA", "withdrawal"]


def test_validate_single_decision_by_id(session, clock, world):
    app = application(session, world, clock)
    d = decisions.enter_decision(session, world.gestionnaire, app.id, code="LA", clock=clock)
    decisions.validate_decision(session, world.gestionnaire, d.id, clock=clock)
    with pytest.raises(DomainError, match="déjà été validé"):
        decisions.validate_decision(session, world.gestionnaire, d.id, clock=clock)
    assert [m.event for m in mails(session)] == ["decision_LA"]
    assert len(decisions.decision_history(session, app.id)) == 1


def test_a_second_answer_on_a_stale_view_is_refused_and_promotes_nobody(
    engine, session, clock, world
):
    """Double click or two tabs: the second answer, read before the first committed, loses."""
    from sqlmodel import Session

    app = _validated(session, world, clock, application(session, world, clock))
    waiting = _validated(session, world, clock, application(session, world, clock), "LC", rank=1)
    session.commit()
    applicant = session.get(Account, app.account_id)
    assert session.get(Application, app.id).accepted is None  # this session's view is now stale
    with Session(engine, expire_on_commit=False) as other:
        decisions.withdraw(other, other.get(Account, app.account_id), app.id, clock=clock)
        other.commit()
    with pytest.raises(DomainError, match="déjà été enregistrée"):
        decisions.confirm_offer(session, applicant, app.id, clock=clock)
    session.rollback()
    session.expire_all()
    assert session.get(Application, app.id).accepted is False
    assert session.get(Application, waiting.id).decision_code == "FA"
    assert len(mails(session, "decision_FA")) == 2  # the first offer, one promotion


def test_a_later_validated_decision_replaces_the_earlier_one(session, clock, world):
    app = application(session, world, clock)
    first = decisions.enter_decision(session, world.gestionnaire, app.id, code="LA", clock=clock)
    decisions.validate_decisions(session, world.gestionnaire, [app.id], clock=clock)
    assert decisions.current_validated_decision(session, app.id).id == first.id
    assert first.superseded is False
    second = decisions.enter_decision(session, world.gestionnaire, app.id, code="FA", clock=clock)
    # Entering does not touch what the applicant was told.
    assert decisions.current_validated_decision(session, app.id).id == first.id
    decisions.validate_decisions(session, world.gestionnaire, [app.id], clock=clock)
    assert decisions.current_validated_decision(session, app.id).id == second.id
    assert first.superseded is True and second.superseded is False
    again = decisions.validate_decisions(session, world.gestionnaire, [app.id], clock=clock)
    assert again.done == [] and "Aucun avis" in again.refused[app.id]
    assert [m.event for m in mails(session)] == ["decision_LA", "decision_FA"]


@pytest.mark.parametrize("rank", [2**31, 2**63, 2**70])
def test_lc_rank_beyond_the_column_is_a_french_refusal(session, clock, world, rank):
    """The rank column is a 32-bit integer on PostgreSQL: a bigger one is refused in French
    before the driver fails on it."""
    app = application(session, world, clock)
    with pytest.raises(DomainError) as exc:
        decisions.enter_decision(
            session, world.gestionnaire, app.id, code="LC", rank=rank, clock=clock
        )
    assert exc.value.field == "rank"
