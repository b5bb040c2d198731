"""A centre's own letter texts: used for the letters of its formations before the global
override and the default; edited by its administrators (or an admin), never by another
centre's, and the general texts stay the admin's."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import storage
from ecandidat_app.core.documents import letter_templates as lt
from ecandidat_app.core.documents.pdf import folded, pdf_text
from ecandidat_app.core.errors import Forbidden
from ecandidat_app.core.models import Account, Letter, Role, StaffScope
from ecandidat_app.core.review import decisions
from tests import factories as f
from tests.core.decision_world import World, application, build


@pytest.fixture
def world(session: Session, clock) -> World:
    return build(session, clock)


def _centre_admin(s: Session, centre_id: int) -> Account:
    who = f.staff(s, role=Role.CENTRE_ADMIN)
    s.add(StaffScope(account_id=who.id, centre_id=centre_id))
    s.flush()
    return who


def _centre_a(world: World) -> int:
    return world.commission.centre_id


def test_fallback_centre_then_global_then_default(session: Session, clock, world: World) -> None:
    a = _centre_a(world)
    b = f.centre(session, label="UFR Lettres").id
    assert b is not None
    default_title, default_body, own = lt.sources(session, "FA", a)
    assert not own and "{{ formation }}" in default_title
    lt.save_letter_template(
        session,
        world.admin,
        "FA",
        title="Général {{ formation }}",
        body="Texte général",
        clock=clock,
    )
    assert lt.sources(session, "FA", a) == ("Général {{ formation }}", "Texte général", False)
    assert lt.sources(session, "FA") == ("Général {{ formation }}", "Texte général", True)
    boss_a = _centre_admin(session, a)
    lt.save_letter_template(
        session, boss_a, "FA", title="Centre A", body="Texte du centre A", centre_id=a, clock=clock
    )
    assert lt.sources(session, "FA", a) == ("Centre A", "Texte du centre A", True)
    assert lt.sources(session, "FA", b)[:2] == ("Général {{ formation }}", "Texte général")
    assert lt.sources(session, "FA")[1] == "Texte général"
    views = {v.event: v.overridden for v in lt.list_letter_templates(session, boss_a, a)}
    assert views == {"FA": True, "DE": False, "LA": False}
    # Back to the general text for the centre, then back to the default file.
    lt.reset_letter_template(session, boss_a, "FA", centre_id=a, clock=clock)
    assert lt.sources(session, "FA", a)[1] == "Texte général"
    lt.reset_letter_template(session, world.admin, "FA", clock=clock)
    assert lt.sources(session, "FA", a) == (default_title, default_body, False)


def test_centre_admin_is_refused_elsewhere(session: Session, clock, world: World) -> None:
    a = _centre_a(world)
    b = f.centre(session, label="UFR Lettres").id
    boss_a = _centre_admin(session, a)
    kw = {"title": "T", "body": "Texte", "clock": clock}
    with pytest.raises(Forbidden, match="centre"):
        lt.save_letter_template(session, boss_a, "FA", centre_id=b, **kw)
    with pytest.raises(Forbidden, match="réservés à l'administrateur"):
        lt.save_letter_template(session, boss_a, "FA", **kw)
    with pytest.raises(Forbidden):
        lt.reset_letter_template(session, boss_a, "FA", centre_id=b, clock=clock)
    with pytest.raises(Forbidden):
        lt.list_letter_templates(session, boss_a)
    with pytest.raises(Forbidden):
        lt.list_letter_templates(session, world.gestionnaire, a)
    assert lt.sources(session, "FA", b)[2] is False and lt.sources(session, "FA")[2] is False
    # The admin may edit any centre's texts.
    lt.save_letter_template(session, world.admin, "FA", centre_id=b, **kw)
    assert lt.sources(session, "FA", b)[1] == "Texte"


def test_letter_of_a_formation_uses_its_centre_text(session: Session, clock, world: World) -> None:
    a = _centre_a(world)
    centre_b = f.centre(session, label="UFR Lettres")
    form_b = f.formation(
        session,
        world.campaign,
        f.commission(session, centre_b),
        today=clock.today(),
        label="Licence Lettres modernes",
    )
    session.add(StaffScope(account_id=world.gestionnaire.id, centre_id=centre_b.id))
    lt.save_letter_template(
        session, world.admin, "FA", title="Admission", body="Texte général pour tous", clock=clock
    )
    lt.save_letter_template(
        session,
        _centre_admin(session, a),
        "FA",
        title="Admission au centre A",
        body="## Bienvenue au centre A\nBonjour {{ first_name }}, texte propre au centre A.",
        centre_id=a,
        clock=clock,
    )
    app_a = application(session, world, clock)
    app_b = application(session, world, clock, formation=form_b)
    for app in (app_a, app_b):
        decisions.enter_decision(session, world.gestionnaire, app.id, code="FA", clock=clock)
    result = decisions.validate_decisions(
        session, world.gestionnaire, [app_a.id, app_b.id], clock=clock
    )
    assert sorted(result.done) == sorted([app_a.id, app_b.id]), result.refused
    texts = {
        x.application_id: folded(pdf_text(storage.path_for(x.storage_key)))
        for x in session.exec(select(Letter)).all()
    }
    assert "texte propre au centre A" in texts[app_a.id]
    assert "Bienvenue au centre A" in texts[app_a.id]
    assert "Texte général pour tous" not in texts[app_a.id]
    assert "Texte général pour tous" in texts[app_b.id]
    assert "centre A" not in texts[app_b.id]
    for text in texts.values():  # the fixed part stays whatever the text
        assert "Décision : avis favorable (admission)" in text
