"""The deadline job: one reminder before the confirmation deadline, automatic withdrawal
after it (with promotion from the complementary list), idempotent; the CLI and the loop."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from ecandidat_app.cli import main
from ecandidat_app.core.applications import deadlines
from ecandidat_app.core.models import Account, Application
from ecandidat_app.core.review import decisions
from tests.core.decision_world import application, build, mails


@pytest.fixture
def world(session, clock):
    return build(session, clock)


def _offer(s, world, clock, code="FA", **kw):
    app = application(s, world, clock)
    decisions.enter_decision(s, world.gestionnaire, app.id, code=code, clock=clock, **kw)
    decisions.validate_decisions(s, world.gestionnaire, [app.id], clock=clock)
    return app


@pytest.mark.usefixtures("settings")
def test_reminder_is_sent_once_a_few_days_before(session, clock, world):
    app = _offer(session, world, clock)  # deadline: now + 8 days; reminder 3 days before
    assert deadlines.run(session, clock=clock).reminders == 0
    clock.advance(days=4)
    assert deadlines.run(session, clock=clock).reminders == 0
    clock.advance(days=1, minutes=1)
    summary = deadlines.run(session, clock=clock)
    assert summary.reminders == 1 and summary.withdrawals == 0
    assert app.reminder_sent_at == clock.now()
    clock.advance(hours=6)
    assert deadlines.run(session, clock=clock).reminders == 0
    [reminder] = mails(session, "reminder_confirm")
    assert "23 mars 2027" in reminder.body_text


def test_answered_offers_get_no_reminder(session, clock, world):
    app = _offer(session, world, clock)
    decisions.confirm_offer(session, session.get(Account, app.account_id), app.id, clock=clock)
    clock.advance(days=6)
    assert deadlines.run(session, clock=clock).reminders == 0
    clock.advance(days=6)
    assert deadlines.run(session, clock=clock).withdrawals == 0
    assert app.accepted is True


def test_automatic_withdrawal_promotes_and_is_idempotent(session, clock, world):
    world.commission.alert_on_withdrawal = True
    admitted = _offer(session, world, clock)
    waiting = _offer(session, world, clock, "LC", rank=1)
    clock.advance(days=8, minutes=1)

    summary = deadlines.run(session, clock=clock)
    assert summary.withdrawals == 1
    assert summary.promotions == [waiting.id]
    assert admitted.accepted is False
    assert waiting.decision_code == "FA"
    assert waiting.confirm_deadline == clock.now() + timedelta(days=8)
    events = [m.event for m in mails(session)]
    assert events.count("auto_withdrawal") == 1
    assert events.count("commission_alert") == 1
    assert events.count("decision_FA") == 2  # the first offer and the promotion
    assert "Désistement automatique" in mails(session, "commission_alert")[0].subject

    again = deadlines.run(session, clock=clock)
    assert (again.withdrawals, again.reminders, again.promotions) == (0, 0, [])
    assert len(mails(session)) == len(events)

    # The promoted candidate may still confirm in their own window.
    decisions.confirm_offer(
        session, session.get(Account, waiting.account_id), waiting.id, clock=clock
    )


@pytest.mark.usefixtures("engine", "clock", "world")
def test_cli_runs_one_pass(session, capsys):
    session.commit()
    assert main(["deadlines"]) == 0
    assert "désistement" in capsys.readouterr().out


@pytest.mark.usefixtures("engine")
async def test_loop_runs_the_job_until_stopped(session, clock, world):
    app = _offer(session, world, clock)
    session.commit()
    clock.advance(days=9)
    stop = asyncio.Event()
    task = asyncio.create_task(deadlines.deadlines_loop(stop, interval_s=0.05, clock=clock))
    for _ in range(100):
        await asyncio.sleep(0.05)
        session.expire_all()
        if session.get(Application, app.id).accepted is False:
            break
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert session.get(Application, app.id).accepted is False
    assert len(mails(session, "auto_withdrawal")) == 1
