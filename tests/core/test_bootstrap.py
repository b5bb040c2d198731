"""A production install without the demo: the first administrator (link or typed
password, idempotent, promotion only when asked, audited) and the first campaign."""

from __future__ import annotations

import re

import pytest
from sqlmodel import col, select

from ecandidat_app.core.accounts import recovery
from ecandidat_app.core.accounts.sign_in import login
from ecandidat_app.core.admin.bootstrap import (
    AdminOutcome,
    AdminRequest,
    CampaignInput,
    create_admin,
    create_first_campaign,
    has_campaign,
)
from ecandidat_app.core.errors import DomainError, Forbidden
from ecandidat_app.core.models import Account, AuditEvent, Campaign, OutboxMessage, Role
from tests import factories

STRONG = "Tr3s-long-cheval-agrafe"


def _link_token(session) -> str:
    message = session.exec(select(OutboxMessage)).one()
    assert message.event == "password_reset"
    return re.search(r"token=([\w-]+)", message.body_text).group(1)


def test_admin_by_link_sets_a_password_it_never_had(session, clock):
    result = create_admin(session, AdminRequest("Admin@Univ.fr"), clock=clock)
    session.commit()
    assert result.outcome == AdminOutcome.CREATED and result.link_sent
    account = session.get(Account, result.account_id)
    assert account.role == Role.ADMIN and account.password_hash == ""
    with pytest.raises(DomainError):
        login(session, identifier="admin@univ.fr", password=STRONG, clock=clock)
    recovery.reset_password(session, _link_token(session), STRONG, STRONG, clock=clock)
    assert login(session, identifier="admin@univ.fr", password=STRONG, clock=clock) is not None
    actions = session.exec(select(AuditEvent.action)).all()
    assert "admin_created_cli" in actions


def test_admin_with_a_typed_password_refuses_a_weak_one(session, clock):
    with pytest.raises(DomainError, match="Mot de passe trop faible"):
        create_admin(
            session, AdminRequest("a@univ.fr", password="azerty", password_confirm="azerty")
        )
    with pytest.raises(DomainError, match="ne sont pas identiques"):
        create_admin(session, AdminRequest("a@univ.fr", password=STRONG, password_confirm="autre"))
    assert session.exec(select(Account)).all() == []
    result = create_admin(
        session, AdminRequest("a@univ.fr", password=STRONG, password_confirm=STRONG), clock=clock
    )
    assert not result.link_sent
    assert session.exec(select(OutboxMessage)).all() == []
    assert login(session, identifier="a@univ.fr", password=STRONG, clock=clock) is not None


def test_running_it_again_changes_nothing(session, clock):
    first = create_admin(session, AdminRequest("a@univ.fr"), clock=clock)
    again = create_admin(session, AdminRequest("a@univ.fr"), clock=clock)
    assert again.outcome == AdminOutcome.ALREADY_ADMIN and not again.link_sent
    assert again.account_id == first.account_id
    assert len(session.exec(select(Account)).all()) == 1
    assert len(session.exec(select(OutboxMessage)).all()) == 1


def test_a_staff_account_is_promoted_only_when_asked(session, clock):
    staff = factories.staff(session, role=Role.GESTIONNAIRE, email="g@univ.fr")
    with pytest.raises(DomainError, match="--promouvoir"):
        create_admin(session, AdminRequest("g@univ.fr"), clock=clock)
    assert session.get(Account, staff.id).role == Role.GESTIONNAIRE
    result = create_admin(session, AdminRequest("g@univ.fr", promote=True), clock=clock)
    assert result.outcome == AdminOutcome.PROMOTED and result.account_id == staff.id
    assert session.get(Account, staff.id).role == Role.ADMIN
    detail = session.exec(
        select(AuditEvent.detail).where(col(AuditEvent.action) == "admin_promoted_cli")
    ).one()
    assert "Gestionnaire" in detail


def test_an_applicant_with_the_same_address_is_not_touched(session, clock):
    campaign = factories.campaign(session, today=clock.today())
    applicant = factories.applicant(session, campaign, email="x@univ.fr")
    result = create_admin(session, AdminRequest("x@univ.fr"), clock=clock)
    assert result.account_id != applicant.id
    assert session.get(Account, applicant.id).role == Role.APPLICANT


def test_bad_address_is_refused_in_french(session):
    with pytest.raises(DomainError, match="adresse"):
        create_admin(session, AdminRequest("pas-une-adresse"))


def _campaign(**over) -> CampaignInput:
    values = {
        "code": "2027",
        "label": "Campagne 2027",
        "starts_on": "01/01/2027",
        "applicant_ends_on": "30/09/2027",
        "ends_on": "31/10/2027",
    }
    return CampaignInput(**{**values, **over})


def test_first_campaign_is_created_and_made_current(session, clock):
    admin = factories.staff(session, role=Role.ADMIN)
    assert not has_campaign(session)
    campaign = create_first_campaign(session, admin, _campaign(), clock=clock)
    assert campaign.is_active and campaign.code == "2027"
    assert has_campaign(session)
    with pytest.raises(DomainError, match="existe déjà"):
        create_first_campaign(session, admin, _campaign(code="2028"), clock=clock)


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"code": ""}, "code", "obligatoire"),
        ({"label": ""}, "label", "obligatoire"),
        ({"starts_on": "32/01/2027"}, "starts_on", "pas une date valide"),
        ({"ends_on": "01/01/2026"}, "applicant_ends_on", "doivent se suivre"),
    ],
)
def test_first_campaign_refusals_name_the_field(session, clock, over, field, message):
    admin = factories.staff(session, role=Role.ADMIN)
    with pytest.raises(DomainError, match=message) as refused:
        create_first_campaign(session, admin, _campaign(**over), clock=clock)
    assert refused.value.field == field
    assert session.exec(select(Campaign)).all() == []


def test_first_campaign_is_for_admins_only(session, clock):
    gest = factories.staff(session, role=Role.GESTIONNAIRE)
    with pytest.raises(Forbidden):
        create_first_campaign(session, gest, _campaign(), clock=clock)
