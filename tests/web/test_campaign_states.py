"""The campaign selector and the archived campaign through the pages' real event handlers:
the board, its exports and bulk actions, the statistics, the dossier page and the
administrator's copy page, against a real database with two campaigns."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.models import AuditEvent, Campaign, Formation
from ecandidat_app.web.pages import staff_board
from ecandidat_app.web.pages.admin_campaign_copy import CampaignCopyState
from ecandidat_app.web.pages.staff_board import StaffBoardState
from ecandidat_app.web.pages.staff_dossier import StaffDossierState
from ecandidat_app.web.pages.staff_stats import StaffStatsState
from tests.core import campaign_world
from tests.security.conftest import call, state_for

ARCHIVED = "Campagne archivée — consultation seule"


def _world(s: Session) -> tuple[campaign_world.TwoYears, dict[str, str]]:
    t = campaign_world.build(s, FixedClock(datetime.now(UTC)))
    tokens = {
        "gest": sessions.open_session(s, t.w.gest_a.id or 0),
        "admin": sessions.open_session(s, t.w.admin.id or 0),
    }
    s.commit()
    return t, tokens


def _board(token: str) -> Any:
    tab = state_for(StaffBoardState, "/gestion", token=token)
    call(tab, "load")
    return tab


def _total(tab: Any) -> int:
    return sum(tab.counts.values())


def test_board_selector_shows_one_campaign_and_is_checked(session: Session) -> None:
    t, tokens = _world(session)
    tab = _board(tokens["gest"])
    in_scope_new = [a for a in t.new_apps if a.commission_id != t.w.form_b.commission_id]
    assert _total(tab) == len(in_scope_new) and not tab.campaign_archived
    assert [o["value"] for o in tab.campaign_options] == [str(t.old.id)]
    assert {o["label"] for o in tab.formation_options} == {"Master A1", "Licence A2"}
    new_ids = {str(session.exec(select(Formation.id).where(
        Formation.campaign_id == t.new.id, Formation.label == "Master A1")).one())}  # fmt: skip
    assert {o["value"] for o in tab.formation_options} >= new_ids

    call(tab, "set_campaign", str(t.old.id))
    assert tab.campaign_archived and tab.campaign_label == t.old.label
    assert _total(tab) == len(campaign_world.STAGES)  # centre A's share of last year
    assert str(t.w.form_a1.id) in {o["value"] for o in tab.formation_options}
    # Another tab, and the statistics of this one, still show the current campaign.
    assert _total(_board(tokens["gest"])) == len(in_scope_new)
    stats_tab = state_for(StaffStatsState, "/gestion/statistiques", token=tokens["gest"])
    call(stats_tab, "load")
    assert not stats_tab.campaign_archived

    # A forged campaign id is refused in French; the tab stays on last year's campaign.
    call(tab, "set_campaign", "987654")
    assert tab.message == "Cette campagne n'existe pas." and tab.campaign == str(t.old.id)
    call(tab, "set_campaign", "")
    assert not tab.campaign_archived and _total(tab) == len(in_scope_new)


def test_archived_board_exports_its_own_dossiers_and_refuses_bulk_actions(
    session: Session,
) -> None:
    t, tokens = _world(session)
    tab = _board(tokens["gest"])
    call(tab, "set_campaign", str(t.old.id))
    call(tab, "set_view", "list")
    old_ids = {a.id for a in t.old_apps if a.commission_id == t.w.form_a1.commission_id}
    with session_scope() as s:
        data = staff_board._export_data(
            s, t.w.gest_a, "csv", [], tab._filter(), True, ["file_number"]
        )
    lines = list(csv.reader(io.StringIO(bytes(data).decode("utf-8-sig")), delimiter=";"))
    assert len(lines) - 1 == len(old_ids)
    transmitted = next(r for r in tab.rows if r.status != "En attente")
    call(tab, "toggle", transmitted.id, True)
    call(tab, "bulk_status", "CO")
    assert ARCHIVED in tab.message and tab.message_kind == "warning"


def test_archived_dossier_page_reads_and_refuses_every_change(session: Session) -> None:
    t, tokens = _world(session)
    old = t.old_apps[3]  # complete, no decision
    tab = state_for(StaffDossierState, f"/gestion/dossier/{old.id}", token=tokens["gest"])
    call(tab, "load")
    assert tab.found and tab.archived and not tab.can_review
    assert tab.campaign_label == t.old.label
    for handler, args in (("set_incomplete", ()), ("add_note", ()), ("enter_decision", ())):
        if handler == "add_note":
            call(tab, "set_note", "Une note sur l'an dernier")
        if handler == "enter_decision":
            call(tab, "set_d_code", "FA")
        tab.message = ""
        call(tab, handler, *args)
        assert ARCHIVED in (tab.message + tab.d_error), (handler, tab.message, tab.d_error)
    fresh = t.new_apps[0]
    tab2 = state_for(StaffDossierState, f"/gestion/dossier/{fresh.id}", token=tokens["gest"])
    call(tab2, "load")
    assert tab2.found and not tab2.archived and tab2.can_review


def test_statistics_of_an_archived_campaign(session: Session) -> None:
    t, tokens = _world(session)
    tab = state_for(StaffStatsState, "/gestion/statistiques", token=tokens["admin"])
    call(tab, "load")
    total = sum(int(r["total"]) for r in tab.formation_rows)
    assert total == len(t.new_apps)
    call(tab, "set_campaign", str(t.old.id))
    assert tab.campaign_archived
    assert sum(int(r["total"]) for r in tab.formation_rows) == len(t.old_apps)
    call(tab, "set_campaign", "987654")
    assert tab.message == "Cette campagne n'existe pas." and tab.campaign == str(t.old.id)


def test_admin_copies_the_current_campaign_then_opens_it(session: Session) -> None:
    t, tokens = _world(session)
    tab = state_for(CampaignCopyState, "/admin/campagnes/suivante", token=tokens["admin"])
    call(tab, "load")
    assert tab.source == str(t.new.id)
    assert (
        tab.values["starts_on"]
        == t.new.starts_on.replace(year=t.new.starts_on.year + 1).isoformat()
    )
    formations = next(s for s in tab.steps if s.creates and "Formations" in s.label)
    assert formations.count == 3
    call(tab, "set_value", "code", "2099")
    call(tab, "set_value", "ends_on", "pas une date")
    call(tab, "confirm")
    assert tab.errors.get("ends_on") and tab.created_label == ""
    call(tab, "set_value", "ends_on", tab.values["applicant_ends_on"])
    call(tab, "confirm")
    assert tab.message_kind == "success", tab.message
    session.expire_all()
    made = session.exec(select(Campaign).where(Campaign.code == "2099")).one()
    assert not made.is_active
    call(tab, "open_created")
    assert tab.message_kind == "success", tab.message
    session.expire_all()
    assert session.get(Campaign, made.id).is_active
    assert session.get(Campaign, t.new.id).archived_at is not None
    switches = session.exec(
        select(AuditEvent).where(AuditEvent.action == "admin_campaign_activated")
    ).all()
    assert len(switches) == 2  # the world's own switch, then this one
    # A gestionnaire cannot use the page's events.
    other = state_for(CampaignCopyState, "/admin/campagnes/suivante", token=tokens["gest"])
    call(other, "confirm")
    assert not other.steps and other.created_label == ""
