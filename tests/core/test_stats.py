"""Statistics: counts by status and decision per formation and commission, scope-checked."""

from __future__ import annotations

import pytest

from ecandidat_app.core.errors import Forbidden, NotFound
from ecandidat_app.core.models import Account, DossierStatus
from ecandidat_app.core.review import decisions, stats
from tests import factories
from tests.core.decision_world import application, build


@pytest.fixture
def world(session, clock):
    return build(session, clock)


def test_counts_by_formation_and_commission(session, clock, world):
    second = factories.formation(
        session, world.campaign, world.commission, today=clock.today(), label="Licence Chimie"
    )
    a, b, c = (application(session, world, clock) for _ in range(3))
    application(session, world, clock, status=DossierStatus.EN_ATTENTE)
    application(session, world, clock, status=DossierStatus.INCOMPLET, formation=second)
    cancelled = application(session, world, clock, formation=second)
    cancelled.cancelled_at = clock.now()
    for app, code, kw in ((a, "FA", {}), (b, "LC", {"rank": 1}), (c, "LA", {})):
        decisions.enter_decision(session, world.gestionnaire, app.id, code=code, clock=clock, **kw)
    decisions.validate_decisions(session, world.gestionnaire, [a.id, b.id], clock=clock)
    decisions.confirm_offer(session, session.get(Account, a.account_id), a.id, clock=clock)
    other = factories.commission(session, factories.centre(session, label="UFR Droit"))
    hidden = factories.formation(session, world.campaign, other, today=clock.today())
    application(session, world, clock, formation=hidden)
    session.flush()

    rows = {r.code: r for r in stats.stats_by_formation(session, world.gestionnaire)}
    assert set(rows) == {world.formation.code, second.code}
    main = rows[world.formation.code]
    assert main.total == 4
    assert main.by_status == {"AT": 1, "RE": 0, "IN": 0, "CO": 3}
    assert main.by_decision == {"FA": 1, "DE": 0, "LA": 1, "LC": 1, "PR": 0, "—": 1}
    assert main.pending_validation == 1 and main.confirmed == 1 and main.withdrawn == 0
    assert rows[second.code].total == 1 and rows[second.code].by_status["IN"] == 1

    everything = {r.id: r for r in stats.stats_by_commission(session, world.admin)}
    assert everything[world.commission.id].total == 5
    assert everything[other.id].total == 1
    mine = stats.stats_by_commission(session, world.member)
    assert [r.id for r in mine] == [world.commission.id]

    only = stats.stats_by_formation(session, world.admin, commission_id=other.id)
    assert [r.code for r in only] == [hidden.code]
    with pytest.raises(NotFound):
        stats.stats_by_formation(session, world.member, commission_id=other.id)
    with pytest.raises(Forbidden):
        stats.stats_by_commission(session, session.get(Account, a.account_id))
    assert [c.id for c in stats.commissions_in_scope(session, world.member)] == [
        world.commission.id
    ]
