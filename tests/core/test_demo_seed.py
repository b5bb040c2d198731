from __future__ import annotations

from sqlmodel import Session, func, select

from ecandidat_app.core.models import Account, Centre, Commission, Formation, FormationDocument
from ecandidat_app.core.services.demo_seed import seed_demo


def _count(s: Session, model: type) -> int:
    return s.exec(select(func.count()).select_from(model)).one()


def test_demo_university_is_realistic_and_seeded_once(session: Session, clock) -> None:
    assert seed_demo(session, clock=clock) is True
    session.commit()
    assert _count(session, Centre) >= 3
    assert _count(session, Commission) >= 8
    formations = session.exec(select(Formation)).all()
    assert len(formations) >= 60
    assert {f.level for f in formations} == {"L", "LP", "M", "DU"}
    today = clock.today()
    closed = [f for f in formations if f.closes_on < today]
    soon = [f for f in formations if 0 <= (f.closes_on - today).days <= 7]
    assert closed and soon and len(closed) < len(formations) // 2
    for f in formations:
        n = len(
            session.exec(
                select(FormationDocument).where(FormationDocument.formation_id == f.id)
            ).all()
        )
        assert 3 <= n <= 6, f.label
    before = (_count(session, Formation), _count(session, Account))
    assert seed_demo(session, clock=clock) is False
    assert (_count(session, Formation), _count(session, Account)) == before
