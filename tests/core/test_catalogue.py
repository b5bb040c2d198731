"""The catalogue: search words, filters, paging, badges at the boundary days, details."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from sqlmodel import Session

from ecandidat_app.core.applications import catalogue
from ecandidat_app.core.applications.catalogue import availability
from ecandidat_app.core.errors import NotFound
from ecandidat_app.core.french import french_date
from ecandidat_app.core.models import Formation
from tests import factories as f

TODAY = date(2027, 3, 15)


@pytest.fixture
def world(session: Session):
    camp = f.campaign(session, today=TODAY)
    sciences = f.centre(session, label="UFR Sciences")
    lettres = f.centre(session, label="UFR Lettres")
    jury_s = f.commission(session, sciences)
    jury_l = f.commission(session, lettres, label="Commission Lettres")
    return session, camp, sciences, lettres, jury_s, jury_l


def _labels(page: catalogue.CataloguePage) -> list[str]:
    return [r.label for r in page.rows]


def test_french_date() -> None:
    assert french_date(date(2027, 3, 12)) == "12 mars 2027"
    assert french_date(date(2027, 4, 1)) == "1er avril 2027"
    assert french_date(date(2027, 8, 31)) == "31 août 2027"
    assert french_date(None) == ""


@pytest.mark.parametrize(
    ("opens_in", "closes_in", "kind", "text", "can_apply"),
    [
        (-10, 8, "open", "Ouverte", True),
        (-10, 7, "soon", "Ferme dans 7 jours", True),
        (-10, 2, "soon", "Ferme dans 2 jours", True),
        (-10, 1, "soon", "Ferme demain", True),
        (-10, 0, "soon", "Ferme aujourd'hui", True),
        (-10, -1, "closed", "Fermée", False),
        (0, 20, "open", "Ouverte", True),
        (1, 20, "upcoming", "Ouvre le 16 mars 2027", False),
    ],
)
def test_badges_at_boundary_days(
    opens_in: int, closes_in: int, kind: str, text: str, can_apply: bool
) -> None:
    av = availability(TODAY + timedelta(days=opens_in), TODAY + timedelta(days=closes_in), TODAY)
    assert (av.badge_kind, av.badge_text, av.can_apply) == (kind, text, can_apply)
    assert (av.reason == "") is can_apply


def test_closed_formation_row_cannot_apply_and_says_why(world) -> None:
    s, camp, _sc, _le, jury, _jl = world
    f.formation(s, camp, jury, today=TODAY, label="Master fermé", closes_in=-3)
    row = catalogue.search(s, campaign_id=camp.id, today=TODAY).rows[0]
    assert row.can_apply is False
    assert row.badge_text == "Fermée"
    assert row.reason == "Les candidatures sont closes depuis le 12 mars 2027."
    assert row.closes_on_text == "12 mars 2027"


def test_text_is_accent_and_case_insensitive_and_every_word_must_match(world) -> None:
    s, camp, _sc, _le, jury, _jl = world
    f.formation(s, camp, jury, today=TODAY, label="Master Méthodes informatiques")
    f.formation(s, camp, jury, today=TODAY, label="Licence Chimie")
    f.formation(s, camp, jury, today=TODAY, label="Master Méthodes quantitatives")
    for typed in ("methode", "MÉTHODES", "  Méthodes   "):
        found = catalogue.search(s, campaign_id=camp.id, text=typed, today=TODAY)
        assert found.total == 2, typed
    both = catalogue.search(s, campaign_id=camp.id, text="quanti methodes", today=TODAY)
    assert _labels(both) == ["Master Méthodes quantitatives"]
    assert catalogue.search(s, campaign_id=camp.id, text="methode chimie", today=TODAY).total == 0
    # The centre's name is searchable too, and LIKE wildcards typed by users are literal.
    assert catalogue.search(s, campaign_id=camp.id, text="ufr sciences", today=TODAY).total == 3
    assert catalogue.search(s, campaign_id=camp.id, text="%", today=TODAY).total == 0
    assert catalogue.search(s, campaign_id=camp.id, text="_", today=TODAY).total == 0


def test_each_filter(world) -> None:
    s, camp, sciences, lettres, jury_s, jury_l = world
    a = f.formation(s, camp, jury_s, today=TODAY, label="Master Physique", level="M")
    b = f.formation(s, camp, jury_l, today=TODAY, label="Licence Histoire", level="L")
    c = f.formation(s, camp, jury_l, today=TODAY, label="Master Lettres", closes_in=-1)
    d = f.formation(s, camp, jury_s, today=TODAY, label="DU Robotique", level="DU", opens_in=3)
    a.domain, b.domain, c.domain = "Sciences", "Humanités", "Humanités"
    other = f.campaign(s, today=TODAY, active=False)
    f.formation(s, other, jury_s, today=TODAY, label="Master Physique ancien")
    s.flush()

    def labels(**kw) -> set[str]:  # type: ignore[no-untyped-def]
        return set(_labels(catalogue.search(s, campaign_id=camp.id, today=TODAY, **kw)))

    assert labels() == {a.label, b.label, c.label, d.label}
    assert labels(level="M") == {a.label, c.label}
    assert labels(centre_id=lettres.id) == {b.label, c.label}
    assert labels(centre_id=sciences.id, level="DU") == {d.label}
    assert labels(domain="Humanités") == {b.label, c.label}
    assert labels(open_only=True) == {a.label, b.label}
    assert labels(open_only=True, domain="Humanités", level="L") == {b.label}


def test_order_open_first_then_closing_date_then_label(world) -> None:
    s, camp, _sc, _le, jury, _jl = world
    f.formation(s, camp, jury, today=TODAY, label="Fermée", closes_in=-1)
    f.formation(s, camp, jury, today=TODAY, label="Bientôt", opens_in=2, closes_in=3)
    f.formation(s, camp, jury, today=TODAY, label="Zeta tardive", closes_in=30)
    f.formation(s, camp, jury, today=TODAY, label="Beta", closes_in=5)
    f.formation(s, camp, jury, today=TODAY, label="Alpha", closes_in=5)
    page = catalogue.search(s, campaign_id=camp.id, today=TODAY)
    assert _labels(page) == ["Alpha", "Beta", "Zeta tardive", "Bientôt", "Fermée"]


def test_paging_and_total(world) -> None:
    s, camp, _sc, _le, jury, _jl = world
    for i in range(45):
        f.formation(s, camp, jury, today=TODAY, label=f"Formation {i:02d}", closes_in=10)
    first = catalogue.search(s, campaign_id=camp.id, page_size=20, today=TODAY)
    assert (first.total, first.page, first.page_count, len(first.rows)) == (45, 1, 3, 20)
    last = catalogue.search(s, campaign_id=camp.id, page=3, page_size=20, today=TODAY)
    assert len(last.rows) == 5 and last.rows[-1].label == "Formation 44"
    # A page past the end shows the last page rather than nothing.
    beyond = catalogue.search(s, campaign_id=camp.id, page=99, page_size=20, today=TODAY)
    assert beyond.page == 3 and _labels(beyond) == _labels(last)
    seen = (
        _labels(first)
        + _labels(catalogue.search(s, campaign_id=camp.id, page=2, today=TODAY))
        + _labels(last)
    )
    assert len(set(seen)) == 45
    empty = catalogue.search(s, campaign_id=camp.id, text="zzz", today=TODAY)
    assert (empty.total, empty.page, empty.page_count, empty.rows) == (0, 1, 1, ())


def test_filter_round_trips_through_url_params_and_ignores_junk() -> None:
    flt = catalogue.filter_from_params(
        {"q": "methode", "niveau": "M", "centre": "3", "ouvertes": "1", "page": "2"}
    )
    assert flt == catalogue.CatalogueFilter("methode", "M", 3, None, True, 2)
    assert catalogue.filter_from_params(catalogue.filter_to_params(flt)) == flt
    junk = catalogue.filter_from_params(
        {"niveau": "X'; drop", "centre": "-4", "page": "abc", "ouvertes": "peut-être"}
    )
    assert junk == catalogue.CatalogueFilter()
    assert catalogue.filter_to_params(catalogue.CatalogueFilter()) == {}


def test_filter_options_only_list_what_the_campaign_has(world) -> None:
    s, camp, sciences, lettres, jury_s, _jl = world
    x = f.formation(s, camp, jury_s, today=TODAY, label="Licence", level="L")
    y = f.formation(s, camp, jury_s, today=TODAY, label="Master", level="M")
    x.domain, y.domain = "Sciences", ""
    s.flush()
    opts = catalogue.filter_options(s, camp.id)
    assert [o.value for o in opts.levels] == ["L", "M"]
    assert [o.label for o in opts.levels] == ["Licence", "Master"]
    assert [o.value for o in opts.centres] == [str(sciences.id)]
    assert [o.label for o in opts.domains] == ["Sciences"]


def test_current_campaign(session: Session) -> None:
    assert catalogue.current_campaign(session) is None
    f.campaign(session, today=TODAY, active=False)
    active = f.campaign(session, today=TODAY, active=True)
    assert catalogue.current_campaign(session).id == active.id


def test_formation_detail(world) -> None:
    s, camp, _sc, _le, jury, _jl = world
    later = f.document_type(s, label="Lettre de motivation", conditional=True)
    first = f.document_type(s, label="CV", common=True)
    first.order, later.order = 1, 2
    form = f.formation(s, camp, jury, today=TODAY, closes_in=1, documents=[later, first])
    form.description = "Deux ans pour apprendre."
    form.jury_on = date(2027, 5, 1)
    s.flush()
    d = catalogue.formation_detail(s, form.id, today=TODAY)
    assert d.label == "Master Méthodes informatiques"
    assert d.description == "Deux ans pour apprendre."
    assert d.capacity == 30
    assert d.commission_label == "Commission Master"
    assert d.centre_label == "UFR Sciences"
    assert (d.opens_on_text, d.closes_on_text, d.return_on_text) == (
        "5 mars 2027",
        "16 mars 2027",
        "23 mars 2027",
    )
    assert (d.jury_on_text, d.publication_on_text) == ("1er mai 2027", "")
    assert d.badge_text == "Ferme demain" and d.can_apply
    assert [(x.label, x.is_common, x.is_conditional) for x in d.documents] == [
        ("CV", True, False),
        ("Lettre de motivation", False, True),
    ]
    with pytest.raises(NotFound):
        catalogue.formation_detail(s, 999_999, today=TODAY)


def test_search_over_5000_formations_is_fast(world) -> None:
    """Not a timed assertion of the suite's speed: a generous bound that catches a
    Python-side filter or a missing LIMIT (the real numbers are in the report)."""
    s, camp, sciences, _le, jury, _jl = world
    rows = []
    for i in range(5000):
        label = f"{'Master' if i % 3 else 'Licence'} Méthodes {i} {'chimie' if i % 7 else 'droit'}"
        rows.append(
            Formation(
                campaign_id=camp.id,
                centre_id=sciences.id,
                commission_id=jury.id,
                code=f"P{i}",
                label=label,
                level="M" if i % 3 else "L",
                opens_on=TODAY - timedelta(days=10),
                closes_on=TODAY + timedelta(days=i % 40 - 5),
                return_on=TODAY + timedelta(days=60),
                search_text=f"{label.lower()} p{i} ufr sciences".replace("é", "e"),
            )
        )
    s.add_all(rows)
    s.commit()
    timings = []
    for kw in (
        {},
        {"text": "methode droit"},
        {"level": "M", "open_only": True, "page": 7},
        {"centre_id": sciences.id, "text": "chimie"},
    ) * 5:
        start = time.perf_counter()
        page = catalogue.search(s, campaign_id=camp.id, today=TODAY, **kw)
        timings.append(time.perf_counter() - start)
        assert page.rows
    timings.sort()
    assert timings[int(len(timings) * 0.95) - 1] < 0.25
