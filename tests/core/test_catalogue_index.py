"""The in-process catalogue copy: equal to the SQL it replaced on a random catalogue, and
rebuilt after any write to formations, centres or campaigns, including writes made by
another worker (a second engine on the same database, whose hooks this engine never runs).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from math import ceil

import pytest
from sqlalchemy import and_, case, func, insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ecandidat_app.core import db
from ecandidat_app.core.applications import catalogue, catalogue_index
from ecandidat_app.core.catalogue_version import read_token
from ecandidat_app.core.models import Campaign, Centre, Commission, Formation
from ecandidat_app.core.models.enums import LEVEL_LABELS
from ecandidat_app.core.text import fold
from tests import factories as f

TODAY = date(2027, 3, 15)

# --- the SQL implementation the index replaced, kept as the reference ------------------------


def _sql_search(
    s: Session, campaign_id: int, flt: catalogue.CatalogueFilter, *, today: date, page_size: int
) -> catalogue.CataloguePage:
    conds = [Formation.campaign_id == campaign_id]
    words = fold(flt.text[: catalogue.MAX_SEARCH_CHARS]).split()[: catalogue.MAX_SEARCH_WORDS]
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conds.append(col(Formation.search_text).like(f"%{escaped}%", escape="\\"))
    if flt.level:
        conds.append(Formation.level == flt.level)
    if flt.centre_id:
        conds.append(Formation.centre_id == flt.centre_id)
    if flt.domain:
        conds.append(Formation.domain == flt.domain)
    is_open = and_(Formation.opens_on <= today, Formation.closes_on >= today)
    if flt.open_only:
        conds.append(is_open)
    total = s.exec(select(func.count()).select_from(Formation).where(*conds)).one()
    page_size = max(1, min(page_size, catalogue.MAX_PAGE_SIZE))
    page_count = max(1, ceil(total / page_size))
    page = max(1, min(flt.page, page_count))
    rank = case((is_open, 0), (Formation.opens_on > today, 1), else_=2)
    stmt = (
        select(Formation, Centre.label)
        .join(Centre, col(Centre.id) == Formation.centre_id)
        .where(*conds)
        .order_by(rank, col(Formation.closes_on), col(Formation.label), col(Formation.id))
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    rows = []
    for fo, centre_label in s.exec(stmt).all():
        av = catalogue.availability(fo.opens_on, fo.closes_on, today)
        rows.append(
            catalogue.CatalogueRow(
                id=fo.id,
                code=fo.code,
                label=fo.label,
                level_label=LEVEL_LABELS.get(str(fo.level), str(fo.level)),
                centre_label=centre_label,
                domain=fo.domain,
                closes_on_text=catalogue.format_date(fo.closes_on),
                badge_kind=av.badge_kind,
                badge_text=av.badge_text,
                can_apply=av.can_apply,
                reason=av.reason,
            )
        )
    return catalogue.CataloguePage(tuple(rows), total, page, page_size, page_count)


def _sql_filter_options(s: Session, campaign_id: int) -> catalogue.FilterOptions:
    in_campaign = Formation.campaign_id == campaign_id
    present = set(s.exec(select(Formation.level).where(in_campaign).distinct()).all())
    centres = s.exec(
        select(Centre.id, Centre.label)
        .where(col(Centre.id).in_(select(Formation.centre_id).where(in_campaign)))
        .order_by(col(Centre.label))
    ).all()
    domains = s.exec(
        select(Formation.domain)
        .where(in_campaign, Formation.domain != "")
        .distinct()
        .order_by(col(Formation.domain))
    ).all()
    return catalogue.FilterOptions(
        levels=tuple(catalogue.Option(c, lb) for c, lb in LEVEL_LABELS.items() if c in present),
        centres=tuple(catalogue.Option(str(cid), label) for cid, label in centres),
        domains=tuple(catalogue.Option(d, d) for d in domains),
    )


# --- a random catalogue ----------------------------------------------------------------------

LABEL_WORDS = ["Méthodes", "informatique", "Économie", "droit", "DROIT", "chimie", "Été", "a_b"]
CENTRE_LABELS = ["UFR Sciences", "ufr arts", "UFR Économie", "IUT Zèbre", "UFR Sciences"]
DOMAINS = ["", "", "Sciences", "Humanités", "droit", "Économie"]
QUERY_WORDS = ["meth", "INFO", "éco", "economie", "droit", "ufr", "sci", "a", "e", "%", "_"]
QUERY_WORDS += ["a_b", "zz", "ete", "zebre", "f1", "  "]


def _random_catalogue(s: Session, rng: random.Random) -> tuple[Campaign, Campaign, list[Centre]]:
    camp = f.campaign(s, today=TODAY)
    other = f.campaign(s, today=TODAY, active=False)
    centres = [f.centre(s, label=label) for label in CENTRE_LABELS]
    juries = [f.commission(s, c) for c in centres]
    for i in range(240):
        jury = rng.choice(juries)
        centre = next(c for c in centres if c.id == jury.centre_id)
        label = " ".join(rng.choice(LABEL_WORDS) for _ in range(rng.randint(1, 3)))
        code = f"R{i}"
        opens = TODAY + timedelta(days=rng.choice([-30, -5, 0, 1, 8]))
        s.add(
            Formation(
                campaign_id=(camp if i % 6 else other).id,
                centre_id=centre.id,
                commission_id=jury.id,
                code=code,
                label=label,
                level=rng.choice(list(LEVEL_LABELS)),
                domain=rng.choice(DOMAINS),
                opens_on=opens,
                closes_on=opens + timedelta(days=rng.choice([0, 3, 10, 30])),
                return_on=opens + timedelta(days=40),
                search_text=fold(f"{label} {code} {centre.label}"),
            )
        )
    s.commit()
    return camp, other, centres


def test_index_equals_the_sql_on_a_random_catalogue(session: Session) -> None:
    rng = random.Random(7)
    camp, other, centres = _random_catalogue(session, rng)
    eight_then_none = "a " * catalogue.MAX_SEARCH_WORDS + "zz"  # words past the cap ignored
    assert catalogue.search(session, campaign_id=camp.id, text=eight_then_none, today=TODAY).total
    for day in (TODAY, TODAY + timedelta(days=9), TODAY - timedelta(days=40)):
        for _ in range(120):
            flt = catalogue.CatalogueFilter(
                text=" ".join(rng.choice(QUERY_WORDS) for _ in range(rng.randint(0, 3))),
                level=rng.choice([None, None, *LEVEL_LABELS]),
                centre_id=rng.choice([None, None, 0, *(c.id for c in centres)]),
                domain=rng.choice([None, None, *DOMAINS]),
                open_only=rng.random() < 0.3,
                page=rng.choice([1, 1, 2, 3, 99]),
            )
            campaign_id = rng.choice([camp.id, camp.id, other.id])
            size = rng.choice([20, 20, 1, 7, 150, 0])
            expected = _sql_search(session, campaign_id, flt, today=day, page_size=size)
            found = catalogue.search_with(session, campaign_id, flt, today=day, page_size=size)
            assert found == expected, (day, campaign_id, size, flt)
    for campaign_id in (camp.id, other.id, 999):
        assert catalogue.filter_options(session, campaign_id) == _sql_filter_options(
            session, campaign_id
        )


# --- writes seen through the token -----------------------------------------------------------


@pytest.fixture
def other_engine(engine: Engine) -> Iterator[Engine]:
    """A second worker: its own engine (and hooks) on the same database."""
    other = db.make_engine(engine.url.render_as_string(hide_password=False))
    yield other
    other.dispose()


@pytest.fixture
def world(session: Session):
    camp = f.campaign(session, today=TODAY)
    sciences = f.centre(session, label="UFR Sciences")
    jury = f.commission(session, sciences)
    a = f.formation(session, camp, jury, today=TODAY, label="Master Alpha", closes_in=5)
    b = f.formation(session, camp, jury, today=TODAY, label="Master Beta", closes_in=20)
    session.commit()
    return session, camp, sciences, jury, a, b


def _labels(s: Session, campaign_id: int, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    page = catalogue.search(s, campaign_id=campaign_id, today=TODAY, **kw)
    return [r.label for r in page.rows]


def _formation_row(camp: Campaign, jury: Commission, code: str, label: str) -> dict:
    return {
        "campaign_id": camp.id,
        "centre_id": jury.centre_id,
        "commission_id": jury.id,
        "code": code,
        "label": label,
        "level": "M",
        "opens_on": TODAY - timedelta(days=3),
        "closes_on": TODAY + timedelta(days=2),
        "return_on": TODAY + timedelta(days=9),
        "search_text": fold(f"{label} {code}"),
    }


def test_the_copy_is_reused_while_nothing_is_written(world, other_engine: Engine) -> None:
    s, camp, *_ = world
    first = catalogue_index.index_for(s, camp.id)
    assert catalogue_index.index_for(s, camp.id) is first
    with Session(other_engine) as s2:  # a table the catalogue does not show
        s2.add(Commission(centre_id=world[2].id, code="XX", label="Autre jury"))
        s2.commit()
    assert catalogue_index.index_for(s, camp.id) is first


def test_orm_insert_update_and_delete_by_another_worker(world, other_engine: Engine) -> None:
    s, camp, _sc, jury, a, b = world
    assert _labels(s, camp.id) == ["Master Alpha", "Master Beta"]
    with Session(other_engine) as s2:
        s2.add(Formation(**_formation_row(camp, jury, "N1", "Master Gamma")))
        s2.commit()
    assert _labels(s, camp.id) == ["Master Gamma", "Master Alpha", "Master Beta"]

    with Session(other_engine) as s2:
        moved = s2.get(Formation, b.id)
        moved.label, moved.closes_on = "Master Bêta", TODAY - timedelta(days=1)
        s2.commit()
    page = catalogue.search(s, campaign_id=camp.id, today=TODAY)
    assert [r.label for r in page.rows] == ["Master Gamma", "Master Alpha", "Master Bêta"]
    assert page.rows[-1].badge_text == "Fermée"
    assert _labels(s, camp.id, open_only=True) == ["Master Gamma", "Master Alpha"]

    with Session(other_engine) as s2:
        s2.delete(s2.get(Formation, a.id))
        s2.commit()
    assert _labels(s, camp.id) == ["Master Gamma", "Master Bêta"]


def test_centre_rename_by_another_worker(world, other_engine: Engine) -> None:
    s, camp, sciences, *_ = world
    assert catalogue.search(s, campaign_id=camp.id, today=TODAY).rows[0].centre_label == (
        "UFR Sciences"
    )
    with Session(other_engine) as s2:
        s2.get(Centre, sciences.id).label = "UFR Sciences et Techniques"
        s2.commit()
    rows = catalogue.search(s, campaign_id=camp.id, today=TODAY).rows
    assert {r.centre_label for r in rows} == {"UFR Sciences et Techniques"}
    options = catalogue.filter_options(s, camp.id)
    assert [o.label for o in options.centres] == ["UFR Sciences et Techniques"]


def test_core_statements_by_another_worker(world, other_engine: Engine) -> None:
    s, camp, _sc, jury, a, _b = world
    assert catalogue.search(s, campaign_id=camp.id, today=TODAY).total == 2
    with other_engine.begin() as conn:  # bench.fill_formations writes this way
        rows = [_formation_row(camp, jury, f"K{i}", f"Licence Kappa {i}") for i in range(3)]
        conn.execute(insert(Formation), rows)
    assert catalogue.search(s, campaign_id=camp.id, text="kappa", today=TODAY).total == 3

    with Session(other_engine) as s2:
        s2.exec(update(Formation).where(col(Formation.id) == a.id).values(domain="Sciences"))
        s2.commit()
    assert _labels(s, camp.id, domain="Sciences") == ["Master Alpha"]

    # A campaign change shows in no row, but the copy must still be rebuilt: the token moved.
    before = catalogue_index.index_for(s, camp.id)
    with Session(other_engine) as s2:  # as services.admin activates a campaign
        s2.exec(update(Campaign).where(col(Campaign.id) != camp.id).values(is_active=False))
        s2.commit()
    after = catalogue_index.index_for(s, camp.id)
    assert after is not before and after.token != before.token


def test_a_write_outside_any_transaction(world, other_engine: Engine) -> None:
    s, camp, _sc, jury, *_ = world
    catalogue.search(s, campaign_id=camp.id, today=TODAY)
    with other_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(insert(Formation), [_formation_row(camp, jury, "AC", "DU Autocommit")])
    assert "DU Autocommit" in _labels(s, camp.id)


def test_own_uncommitted_writes_and_rollback(world) -> None:
    """Each statement moves the token, so a search between two writes of one transaction
    sees both, and after a rollback the copy of the rolled-back rows is not reused."""
    s, camp, _sc, jury, *_ = world
    f.formation(s, camp, jury, today=TODAY, label="Licence Un", closes_in=1)
    assert _labels(s, camp.id)[0] == "Licence Un"
    f.formation(s, camp, jury, today=TODAY, label="Licence Deux", closes_in=2)
    assert _labels(s, camp.id)[:2] == ["Licence Un", "Licence Deux"]
    s.rollback()
    assert _labels(s, camp.id) == ["Master Alpha", "Master Beta"]


def test_token_row_created_by_the_first_catalogue_write(session: Session) -> None:
    """create_all schemas have no row (migration 0002 inserts one): no copy is kept then."""
    assert read_token(session) is None
    f.campaign(session, today=TODAY)
    assert read_token(session) is not None
