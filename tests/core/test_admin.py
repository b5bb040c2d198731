"""Administration services: validation with French messages, one active campaign, search
text kept in sync, members and scopes, staff accounts, mail template overrides."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from ecandidat_app.core import admin
from ecandidat_app.core.admin import mail_templates as admin_mail
from ecandidat_app.core.admin import staff as admin_staff
from ecandidat_app.core.errors import DomainError, Forbidden, NotFound
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.mail.render import render
from ecandidat_app.core.models import (
    Application,
    Campaign,
    CommissionMember,
    DocumentType,
    Formation,
    FormationDocument,
    Role,
)
from ecandidat_app.core.permissions import commission_scope
from ecandidat_app.core.review import decisions
from ecandidat_app.core.security import verify_password
from tests import factories
from tests.core.decision_world import application, build, mails


@pytest.fixture
def world(session, clock):
    return build(session, clock)


def _formation_input(world, **over) -> admin.FormationInput:
    fields = {
        "commission_id": world.commission.id,
        "code": "mia-1",
        "label": "Master Méthodes Informatiques",
        "level": "M",
        "domain": "Sciences",
        "keywords": "gestion, données",
        "opens_on": "2027-03-01",
        "closes_on": "01/05/2027",
        "return_on": date(2027, 5, 8),
        "capacity": "25",
        "confirmation_days": "10",
    }
    fields.update(over)
    return admin.FormationInput(**fields)


def test_only_admins(session, clock, world):
    with pytest.raises(Forbidden):
        admin.save_centre(session, world.gestionnaire, None, code="X", label="X", clock=clock)
    with pytest.raises(Forbidden):
        admin_mail.list_mail_templates(session, world.member)


def test_one_active_campaign(session, clock, world):
    new = admin.save_campaign(
        session,
        world.admin,
        None,
        code="2028",
        label="Campagne 2028",
        starts_on="2027-11-01",
        ends_on="2028-10-31",
        applicant_ends_on="2028-09-30",
        clock=clock,
    )
    assert new.previous_id == world.campaign.id and not new.is_active
    admin.activate_campaign(session, world.admin, new.id, clock=clock)
    active = session.exec(select(Campaign).where(Campaign.is_active == True)).all()  # noqa: E712
    assert [c.id for c in active] == [new.id]
    with pytest.raises(DomainError, match="active"):
        admin.archive_campaign(session, world.admin, new.id, clock=clock)
    admin.archive_campaign(session, world.admin, world.campaign.id, clock=clock)
    with pytest.raises(DomainError, match="archivée"):
        admin.activate_campaign(session, world.admin, world.campaign.id, clock=clock)
    with pytest.raises(DomainError) as exc:
        admin.save_campaign(
            session,
            world.admin,
            None,
            code="2028",
            label="Doublon",
            starts_on="2027-11-01",
            ends_on="2028-10-31",
            applicant_ends_on="2028-09-30",
            clock=clock,
        )
    assert exc.value.field == "code"
    with pytest.raises(DomainError) as exc:
        admin.save_campaign(
            session,
            world.admin,
            None,
            code="2029",
            label="Dates inversées",
            starts_on="2028-11-01",
            ends_on="2028-10-31",
            applicant_ends_on="2028-09-30",
            clock=clock,
        )
    assert exc.value.field == "applicant_ends_on"
    with pytest.raises(DomainError) as exc:
        admin.save_campaign(
            session,
            world.admin,
            None,
            code="2029",
            label="Date fausse",
            starts_on="31/02/2028",
            ends_on="2028-10-31",
            applicant_ends_on="2028-09-30",
            clock=clock,
        )
    assert exc.value.field == "starts_on" and "date valide" in exc.value.message


def test_formation_saved_with_search_text_and_documents(session, clock, world):
    cv = factories.document_type(session, label="CV")
    letter = factories.document_type(session, label="Lettre de motivation")
    f = admin.save_formation(
        session,
        world.admin,
        None,
        _formation_input(world, document_type_ids=[str(cv.id), letter.id]),
        clock=clock,
    )
    assert f.code == "MIA-1" and f.campaign_id == world.campaign.id
    assert f.closes_on == date(2027, 5, 1) and f.confirmation_days == 10 and f.capacity == 25
    assert "methodes" in f.search_text and "donnees" in f.search_text
    assert "sciences" in f.search_text and "mia-1" in f.search_text
    assert "ufr sciences" in f.search_text  # the centre's label
    assert sorted(admin.formation_document_ids(session, f.id)) == sorted([cv.id, letter.id])

    f = admin.save_formation(
        session,
        world.admin,
        f.id,
        _formation_input(world, label="Master Écologie", document_type_ids=[letter.id]),
        clock=clock,
    )
    assert "ecologie" in f.search_text and "methodes" not in f.search_text
    assert admin.formation_document_ids(session, f.id) == [letter.id]
    rows = session.exec(select(FormationDocument)).all()
    assert len([r for r in rows if r.formation_id == f.id]) == 1

    centre = session.get(factories.Centre, world.commission.centre_id)
    admin.save_centre(
        session, world.admin, centre.id, code=centre.code, label="Faculté des Sciences", clock=clock
    )
    session.refresh(f)
    assert "faculte des sciences" in f.search_text
    assert admin.list_formations(session, world.admin, search="Écologie").total == 1
    assert admin.list_formations(session, world.admin, search="ecologie faculte").total == 1


def test_formation_validation_messages(session, clock, world):
    cases = [
        ({"label": ""}, "label"),
        ({"level": "X"}, "level"),
        ({"closes_on": "2027-02-01"}, "closes_on"),
        ({"return_on": "2027-04-01"}, "return_on"),
        ({"capacity": "beaucoup"}, "capacity"),
        ({"confirmation_days": "0"}, "confirmation_days"),
        ({"commission_id": ""}, "commission_id"),
        ({"jury_on": "2027-06-10", "publication_on": "2027-06-01"}, "publication_on"),
        ({"code": "a b"}, "code"),
    ]
    for override, field in cases:
        with pytest.raises(DomainError) as exc:
            admin.save_formation(
                session, world.admin, None, _formation_input(world, **override), clock=clock
            )
        assert exc.value.field == field, (override, exc.value.message)
    admin.save_formation(session, world.admin, None, _formation_input(world), clock=clock)
    with pytest.raises(DomainError) as exc:
        admin.save_formation(session, world.admin, None, _formation_input(world), clock=clock)
    assert exc.value.field == "code"


def test_moving_a_formation_moves_its_applications(session, clock, world):
    app = application(session, world, clock)
    other = factories.commission(session, factories.centre(session, label="UFR Droit"))
    admin.save_formation(
        session,
        world.admin,
        world.formation.id,
        _formation_input(world, commission_id=other.id),
        clock=clock,
    )
    session.refresh(app)
    assert app.commission_id == other.id
    assert session.get(Formation, world.formation.id).centre_id == other.centre_id
    assert session.exec(select(Application.commission_id)).all() == [other.id]


def test_commission_members_one_president(session, clock, world):
    a = factories.staff(session, role=Role.COMMISSION)
    b = factories.staff(session, role=Role.COMMISSION)
    admin.set_commission_member(
        session, world.admin, world.commission.id, a.id, is_president=True, clock=clock
    )
    admin.set_commission_member(
        session, world.admin, world.commission.id, str(b.id), is_president="on", clock=clock
    )
    members = {
        m.id: p for m, p in admin.commission_members(session, world.admin, world.commission.id)
    }
    assert members[a.id] is False and members[b.id] is True
    assert commission_scope(session, a) == {world.commission.id}
    admin.remove_commission_member(session, world.admin, world.commission.id, a.id, clock=clock)
    assert commission_scope(session, a) == set()
    applicant = factories.applicant(session, world.campaign)
    with pytest.raises(DomainError):
        admin.set_commission_member(
            session, world.admin, world.commission.id, applicant.id, clock=clock
        )
    assert session.get(CommissionMember, (world.commission.id, applicant.id)) is None


def test_commission_validation(session, clock, world):
    with pytest.raises(DomainError) as exc:
        admin.save_commission(
            session,
            world.admin,
            None,
            centre_id=world.commission.centre_id,
            code="J1",
            label="Jury",
            alert_on_withdrawal=True,
            clock=clock,
        )
    assert exc.value.field == "contact_email"
    with pytest.raises(DomainError) as exc:
        admin.save_commission(
            session,
            world.admin,
            None,
            centre_id=world.commission.centre_id,
            code="J1",
            label="Jury",
            contact_email="pas-une-adresse",
            clock=clock,
        )
    assert exc.value.field == "contact_email"
    other_centre = factories.centre(session, label="UFR Droit")
    with pytest.raises(DomainError, match="formations"):
        admin.save_commission(
            session,
            world.admin,
            world.commission.id,
            centre_id=other_centre.id,
            code=world.commission.code,
            label="Déplacée",
            clock=clock,
        )


def test_document_types_and_motifs(session, clock, world):
    doc = admin.save_document_type(
        session,
        world.admin,
        None,
        code="rel",
        label="Relevé de notes",
        is_common="on",
        is_conditional="",
        order="3",
        help_text="Les deux dernières années.",
        clock=clock,
    )
    assert (doc.code, doc.is_common, doc.is_conditional, doc.order) == ("REL", True, False, 3)
    with pytest.raises(DomainError):
        admin.save_document_type(session, world.admin, None, code="REL", label="X", clock=clock)
    assert session.exec(select(DocumentType).where(DocumentType.code == "REL")).one()

    motif = admin.save_motif(
        session, world.admin, None, code="niv", label="Niveau insuffisant", clock=clock
    )
    app = application(session, world, clock)
    decisions.enter_decision(
        session, world.gestionnaire, app.id, code="DE", motif_id=motif.id, clock=clock
    )
    with pytest.raises(DomainError, match="utilisé"):
        admin.delete_motif(session, world.admin, motif.id, clock=clock)
    spare = admin.save_motif(session, world.admin, None, code="x", label="Inutile", clock=clock)
    admin.delete_motif(session, world.admin, spare.id, clock=clock)
    assert admin.list_motifs(session, world.admin, search="niveau").total == 1


def test_create_staff_with_password_or_reset_link(session, clock, world):
    g = admin_staff.create_staff(
        session,
        world.admin,
        email=" Julie.Petit@Univ.fr ",
        first_name="Julie",
        last_name="Petit",
        role="gestionnaire",
        password="Scolarite-Centrale-42",
        clock=clock,
    )
    assert g.email == "julie.petit@univ.fr" and g.role == Role.GESTIONNAIRE
    assert verify_password("Scolarite-Centrale-42", g.password_hash)[0]
    assert mails(session) == []
    with pytest.raises(DomainError) as exc:
        admin_staff.create_staff(
            session,
            world.admin,
            email="julie.petit@univ.fr",
            first_name="J",
            last_name="P",
            role="admin",
            password="Scolarite-Centrale-42",
            clock=clock,
        )
    assert exc.value.field == "email"
    with pytest.raises(DomainError) as exc:
        admin_staff.create_staff(
            session,
            world.admin,
            email="a@univ.fr",
            first_name="Anne",
            last_name="Roy",
            role="commission",
            password="azerty",
            clock=clock,
        )
    assert exc.value.field == "password"
    with pytest.raises(DomainError) as exc:
        admin_staff.create_staff(
            session,
            world.admin,
            email="a@univ.fr",
            first_name="Anne",
            last_name="Roy",
            role="applicant",
            send_reset=True,
            clock=clock,
        )
    assert exc.value.field == "role"

    member = admin_staff.create_staff(
        session,
        world.admin,
        email="anne.roy@univ.fr",
        first_name="Anne",
        last_name="Roy",
        role="commission",
        send_reset=True,
        clock=clock,
    )
    [mail] = mails(session, "password_reset")
    assert mail.to_addr == "anne.roy@univ.fr" and "/reinitialiser?token=" in mail.body_text
    assert member.reset_token_hash and member.password_hash == ""

    # A gestionnaire's scope: a whole centre or some commissions.
    other = factories.commission(session, factories.centre(session, label="UFR Droit"))
    admin_staff.set_staff_scope(session, world.admin, g.id, commission_ids=[other.id], clock=clock)
    assert commission_scope(session, g) == {other.id}
    admin_staff.set_staff_scope(
        session, world.admin, g.id, centre_ids=[world.commission.centre_id], clock=clock
    )
    assert commission_scope(session, g) == {world.commission.id}
    with pytest.raises(DomainError):
        admin_staff.set_staff_scope(session, world.admin, member.id, centre_ids=[1], clock=clock)

    with pytest.raises(DomainError, match="propres droits"):
        admin_staff.update_staff(
            session,
            world.admin,
            world.admin.id,
            first_name="Paul",
            last_name="Durand",
            role="gestionnaire",
            clock=clock,
        )
    page = admin_staff.list_staff(session, world.admin, search="roy", size=10)
    assert [a.email for a in page.items] == ["anne.roy@univ.fr"]
    assert admin_staff.list_staff(session, world.admin, size=2, page=2).page == 2


def test_mail_template_override_used_by_render_and_reset(session, clock, world):
    events = [t.event for t in admin_mail.list_mail_templates(session, world.admin)]
    assert "decision_FA" in events and "account_exists" in events
    # Every template file is listed, each with its French label.
    assert set(events) == set(admin_mail.MAIL_EVENT_LABELS) and len(events) == 21
    view = admin_mail.mail_template(session, "decision_FA")
    assert not view.overridden and "{{ deadline }}" in view.body
    assert {"first_name", "formation", "deadline"} <= set(view.variables)

    admin_mail.save_mail_template(
        session,
        world.admin,
        "decision_FA",
        subject="Bonne nouvelle, {{ first_name }} !",
        body="Admis en {{ formation }}. Répondez avant le {{ deadline }}.",
        clock=clock,
    )
    subject, text, _ = render(
        session, "decision_FA", {"first_name": "Léa", "formation": "M1", "deadline": "demain"}
    )
    assert subject == "Bonne nouvelle, Léa !" and text.startswith("Admis en M1.")
    assert admin_mail.mail_template(session, "decision_FA").overridden

    # The real flow uses the override too.
    app = application(session, world, clock)
    decisions.enter_decision(session, world.gestionnaire, app.id, code="FA", clock=clock)
    decisions.validate_decisions(session, world.gestionnaire, [app.id], clock=clock)
    assert mails(session, "decision_FA")[0].subject == "Bonne nouvelle, Léa !"

    admin_mail.reset_mail_template(session, world.admin, "decision_FA", clock=clock)
    subject, _, _ = render(
        session, "decision_FA", {"first_name": "Léa", "formation": "M1", "deadline": "x"}
    )
    assert subject == "Avis favorable : M1"


def test_mail_template_checks_and_preview(session, clock, world):
    with pytest.raises(DomainError) as exc:
        admin_mail.save_mail_template(
            session,
            world.admin,
            "decision_FA",
            subject="Sujet",
            body="Bonjour {{ first_name ",
            clock=clock,
        )
    assert exc.value.field == "body" and "syntaxe" in exc.value.message
    with pytest.raises(DomainError) as exc:
        admin_mail.save_mail_template(
            session,
            world.admin,
            "decision_FA",
            subject="Votre lien {{ link }}",
            body="Bonjour",
            clock=clock,
        )
    assert exc.value.field == "subject" and "link" in exc.value.message
    with pytest.raises(NotFound):
        admin_mail.mail_template(session, "../../etc/passwd")
    subject, body = admin_mail.preview_mail(
        "status_IN",
        "Incomplet : {{ formation }}",
        "{% for doc in refused %}{{ doc.label }} : {{ doc.comment }}{% endfor %}",
    )
    assert subject.startswith("Incomplet : Master") and "Relevé de notes" in body
    # A saved override can be sent for real by the outbox.
    admin_mail.save_mail_template(
        session,
        world.admin,
        "withdrawal",
        subject="Désistement",
        body="{{ first_name }}",
        clock=clock,
    )
    msg = enqueue(session, "withdrawal", "x@example.org", {"first_name": "Léa", "formation": "F"})
    assert msg.body_text == "Léa"


@pytest.mark.parametrize("typed", ["economi", "Économi", "ECONOMIQUES", "sciences eco"])
def test_admin_search_ignores_accents_and_case(session, world, typed) -> None:
    """What the admin types and what is stored are folded alike, on both databases."""
    wanted = factories.centre(session, label="UFR Sciences économiques")
    factories.centre(session, label="UFR Lettres")
    session.flush()
    found = admin.list_centres(session, world.admin, search=typed).items
    assert [c.id for c in found] == [wanted.id]


def test_admin_search_treats_percent_and_underscore_as_letters(session, world) -> None:
    factories.centre(session, label="Institut 100 % numérique")
    factories.centre(session, label="Institut 100 ans")
    session.flush()
    found = admin.list_centres(session, world.admin, search="100 %").items
    assert [c.label for c in found] == ["Institut 100 % numérique"]
    assert admin.list_centres(session, world.admin, search="a_s").items == []


def test_staff_search_finds_accented_names(session, world) -> None:
    helene = factories.staff(session, role=Role.GESTIONNAIRE)
    helene.first_name, helene.last_name = "Hélène", "Lefèvre"
    session.flush()
    for typed in ("helene", "LEFEVRE", "hélène lefèvre"):
        found = admin_staff.list_staff(session, world.admin, search=typed).items
        assert [a.id for a in found] == [helene.id], typed
