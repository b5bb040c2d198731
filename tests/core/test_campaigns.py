"""Two campaigns side by side: the new one's board, counts, stats, exports and jobs hold
only its dossiers; last year's can be read, never changed; its applicants are told to
create this year's account; the purge still anonymises it after its delay."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import accounts, admin, applications, review
from ecandidat_app.core.accounts import MSG_PAST_CAMPAIGN
from ecandidat_app.core.applications import deadlines
from ecandidat_app.core.campaign_scope import campaign_choices, chosen_campaign
from ecandidat_app.core.errors import ArchivedCampaign, DomainError, NotFound
from ecandidat_app.core.models import Account, Application, AuditEvent, Formation, FormationDocument
from ecandidat_app.core.privacy import purge_archived_campaigns
from ecandidat_app.core.review import board, decisions, exports, stats
from ecandidat_app.core.review.board import BoardFilter
from tests import factories as f
from tests.core import campaign_world
from tests.core.campaign_world import STAGES

ARCHIVED = "Campagne archivée — consultation seule"


@pytest.fixture
def years(session: Session, clock) -> campaign_world.TwoYears:
    t = campaign_world.build(session, clock)
    session.commit()
    return t


def _ids(apps: list[Application]) -> set[int]:
    return {a.id for a in apps if a.id is not None}


def test_the_copy_takes_the_offer_and_nothing_of_the_applicants(session: Session, years) -> None:
    old, new = years.old, years.new
    assert new.is_active and not old.is_active and old.archived_at is not None
    assert new.previous_id == old.id
    assert new.starts_on.year == old.starts_on.year + 1
    old_forms = session.exec(select(Formation).where(Formation.campaign_id == old.id)).all()
    new_forms = session.exec(select(Formation).where(Formation.campaign_id == new.id)).all()
    assert sorted(x.code for x in old_forms) == sorted(x.code for x in new_forms)
    for before in old_forms:
        after = years.new_formation(session, before)
        assert after.closes_on.year == before.closes_on.year + 1
        assert (after.label, after.commission_id, after.capacity) == (
            before.label, before.commission_id, before.capacity,
        )  # fmt: skip
        pieces = [
            sorted(session.exec(select(FormationDocument.document_type_id).where(
                FormationDocument.formation_id == x.id)).all())
            for x in (before, after)
        ]  # fmt: skip
        assert pieces[0] == pieces[1] and pieces[0]
    # Only this year's applicants in the new campaign's formations.
    in_new = session.exec(select(Application).where(Application.campaign_id == new.id)).all()
    assert _ids(list(in_new)) == _ids(years.new_apps)
    # Copy and switch are audited, the switch once, naming the archived campaign.
    actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert actions.count("admin_campaign_copied") == 1
    switch = session.exec(
        select(AuditEvent).where(AuditEvent.action == "admin_campaign_activated")
    ).one()
    assert f"campagne {old.code} archivée" in switch.detail


def test_the_preview_lists_what_will_be_created(session: Session, clock) -> None:
    t = campaign_world.build(session, clock)
    preview = admin.preview_copy(session, t.w.admin, t.new.id or 0)
    steps = {p.label: p for p in preview.steps}
    formations = steps["Formations (dates décalées d'un an)"]
    assert formations.creates and formations.count == 3
    assert all("dépôt du" in line for line in formations.lines)
    assert steps["Pièces justificatives demandées par formation"].count == 6
    assert not steps["Commissions et leurs membres (reprises)"].creates
    assert steps["Modèles de courriel personnalisés (repris)"].lines == ["status_CO"]
    with pytest.raises(DomainError):
        admin.preview_copy(session, t.w.gest_a, t.new.id or 0)


def test_board_counts_lists_and_exports_hold_one_campaign(session: Session, years) -> None:
    w, old = years.w, years.old
    admin_counts = board.board_counts(session, w.admin)
    assert sum(admin_counts.values()) == len(years.new_apps)
    old_counts = board.board_counts(session, w.admin, BoardFilter(campaign_id=old.id))
    assert sum(old_counts.values()) == len(years.old_apps)
    assert all(old_counts[k] >= 1 for k in board.ALL_COLUMNS), old_counts
    rows, total = board.board_list(session, w.admin, BoardFilter())
    assert total == len(years.new_apps) and {r.last_name for r in rows} == {"Nouveau"}
    cards = board.board_cards(session, w.admin, BoardFilter(campaign_id=old.id))
    assert {c.last_name for v in cards.values() for c in v} == {"Ancien"}
    ids = board.board_ids(session, w.admin, include_waiting=True)
    assert set(ids) == _ids(years.new_apps)
    old_ids = board.board_ids(session, w.admin, BoardFilter(campaign_id=old.id))
    assert campaign_world.campaign_of(session, old_ids) == {old.id}
    # An export asked with last year's ids but for this year leaves them out.
    everything = _ids(years.old_apps) | _ids(years.new_apps)
    text = exports.export_csv(session, w.admin, sorted(everything)).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text), delimiter=";"))) == 1 + len(years.new_apps)
    archived_rows = exports.export_rows(session, w.admin, sorted(everything), campaign_id=old.id)
    assert len(archived_rows) == len(years.old_apps)
    # The formation filter offers this year's formations only, or last year's when chosen.
    names = board.formation_choices(session, w.admin)
    assert {i for i, _ in names} == {
        years.new_formation(session, x).id for x in (w.form_a1, w.form_a2, w.form_b)
    }
    assert {i for i, _ in board.formation_choices(session, w.admin, campaign_id=old.id)} == {
        w.form_a1.id,
        w.form_a2.id,
        w.form_b.id,
    }
    with pytest.raises(NotFound, match="campagne"):
        board.board_counts(session, w.admin, BoardFilter(campaign_id=999_999))


def test_stats_hold_one_campaign(session: Session, years) -> None:
    w, old = years.w, years.old
    total_new = sum(r.total for r in stats.stats_by_formation(session, w.admin))
    total_old = sum(r.total for r in stats.stats_by_formation(session, w.admin, campaign_id=old.id))
    assert (total_new, total_old) == (len(years.new_apps), len(years.old_apps))
    by_commission = stats.stats_by_commission(session, w.admin, campaign_id=old.id)
    assert sum(r.total for r in by_commission) == len(years.old_apps)
    # The gestionnaire of centre A sees their centre's share, of one campaign.
    gest = stats.stats_by_formation(session, w.gest_a)
    assert sum(r.total for r in gest) == 2 and {r.label for r in gest} == {
        "Master A1",
        "Licence A2",
    }


def test_archived_dossiers_read_only_for_everyone(session: Session, clock, years) -> None:
    w = years.w
    complete, incomplete = years.old_apps[3], years.old_apps[2]
    view = review.dossier_view(session, w.gest_a, complete.id or 0)
    assert view.archived and not view.can_review and view.campaign_label == years.old.label
    refusals = [
        lambda: review.set_incomplete(session, w.gest_a, complete.id, version=None, clock=clock),
        lambda: review.set_complete(session, w.gest_a, incomplete.id, version=None, clock=clock),
        lambda: review.add_note(session, w.gest_a, complete.id, "Une note", clock=clock),
        lambda: decisions.enter_decision(session, w.gest_a, complete.id, code="FA", clock=clock),
    ]
    for attempt in refusals:
        with pytest.raises(ArchivedCampaign, match=ARCHIVED):
            attempt()
    pending = years.old_apps[4].id or 0
    checked = decisions.validate_decisions(session, w.gest_a, [pending], clock=clock)
    assert checked.refused == {pending: ArchivedCampaign().message}
    pending = years.old_apps[4].id or 0
    checked = decisions.validate_decisions(session, w.gest_a, [pending], clock=clock)
    assert checked.refused == {pending: ArchivedCampaign().message}
    bulk = review.bulk_set_status(
        session, w.gest_a, [complete.id, incomplete.id], "CO", clock=clock
    )
    assert not bulk.done and set(bulk.refused.values()) == {ArchivedCampaign().message}
    owner = session.get(Account, years.old_apps[0].account_id)
    with pytest.raises(ArchivedCampaign):
        applications.transmit(session, owner, years.old_apps[0].id or 0, clock=clock)
    session.rollback()
    # This year's dossier of the same staff member still changes.
    fresh = years.new_apps[0]
    review.add_note(session, w.gest_a, fresh.id or 0, "Dossier de cette année", clock=clock)
    assert not review.dossier_view(session, w.gest_a, fresh.id or 0).archived


def test_last_years_applicant_is_told_to_create_this_years_account(
    session: Session, clock, years
) -> None:
    old_owner = session.get(Account, years.old_apps[1].account_id)
    with pytest.raises(DomainError) as exc:
        accounts.login(session, identifier=old_owner.email, password=f.PASSWORD, clock=clock)
    assert exc.value.message == MSG_PAST_CAMPAIGN
    assert "valables que pour une campagne" in MSG_PAST_CAMPAIGN
    new_owner = session.get(Account, years.new_apps[0].account_id)
    account, _token = accounts.login(
        session, identifier=new_owner.email, password=f.PASSWORD, clock=clock
    )
    assert account.id == new_owner.id
    rows = applications.my_applications(session, new_owner, clock=clock)
    assert [r.id for r in rows] == [years.new_apps[0].id]


def test_deadline_jobs_leave_the_archived_campaign_alone(session: Session, clock, years) -> None:
    for app in (years.old_apps[5], years.new_apps[1]):
        app.decision_code, app.decision_validated = "FA", True
        app.confirm_deadline = clock.now() - timedelta(hours=1)
        session.add(app)
    session.commit()
    summary = deadlines.run(session, clock=clock)
    assert summary.withdrawals == 1
    session.refresh(years.old_apps[5])
    session.refresh(years.new_apps[1])
    assert years.old_apps[5].accepted is None and years.new_apps[1].accepted is False


def test_the_purge_still_anonymises_the_archived_campaign(session: Session, clock, years) -> None:
    assert purge_archived_campaigns(session, clock).campaigns == []
    clock.advance(days=366)
    report = purge_archived_campaigns(session, clock)
    assert report.campaigns == [years.old.code] and report.accounts == len(years.old_apps)
    old_owner = session.get(Account, years.old_apps[0].account_id)
    new_owner = session.get(Account, years.new_apps[0].account_id)
    assert old_owner.deleted_at is not None and new_owner.deleted_at is None
    # Its transmitted dossiers stay, anonymous, for that year's statistics (the purge
    # cancels the never-transmitted ones); this year's are untouched.
    old_stats = stats.stats_by_formation(session, years.w.admin, campaign_id=years.old.id)
    transmitted = [a for a in years.old_apps if a.status != "AT"]
    assert sum(r.total for r in old_stats) == len(transmitted)
    assert sum(r.total for r in stats.stats_by_formation(session, years.w.admin)) == 3


def test_campaign_choices_and_validation(session: Session, years) -> None:
    choices = campaign_choices(session)
    assert [c.id for c in choices] == [years.new.id, years.old.id]
    assert choices[0].current and "en cours" in choices[0].label
    assert "archivée" in choices[1].label and not choices[1].current
    assert chosen_campaign(session, None).id == years.new.id
    with pytest.raises(NotFound):
        chosen_campaign(session, 123_456)


def test_stages_cover_every_board_column() -> None:
    assert {st for st, _, _ in STAGES} == {"AT", "RE", "IN", "CO"}


def test_applicants_see_the_current_campaigns_offer_only(session: Session, clock, years) -> None:
    from ecandidat_app.core.applications import catalogue

    with pytest.raises(NotFound, match="n'est plus proposée"):
        catalogue.formation_detail(session, years.w.form_a1.id or 0, today=clock.today())
    fresh = years.new_formation(session, years.w.form_a1)
    assert catalogue.formation_detail(session, fresh.id or 0, today=clock.today()).id == fresh.id
    assert catalogue.current_campaign(session).id == years.new.id
    # Last year's applicant cannot apply to this year's offer with last year's account.
    old_owner = session.get(Account, years.old_apps[0].account_id)
    with pytest.raises(DomainError):
        applications.apply(session, old_owner, fresh.id or 0, clock=clock)


def test_an_archived_campaigns_formations_are_read_only(session: Session, years) -> None:
    old = years.w.form_a1
    data = admin.FormationInput(
        code=old.code,
        label="Nouveau libellé",
        level=str(old.level),
        commission_id=str(old.commission_id),
        opens_on=old.opens_on.isoformat(),
        closes_on=old.closes_on.isoformat(),
        return_on=old.return_on.isoformat(),
        confirmation_days="8",
    )
    with pytest.raises(DomainError, match="Campagne archivée"):
        admin.save_formation(session, years.w.admin, old.id, data)
