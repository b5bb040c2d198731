"""The hand-over page's state against a real database: a gestionnaire sees the confirmed
admission, exports it as a .zip of the two documented CSV files, cannot export it twice,
re-requests it; a commission member is refused in French."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlmodel import Session

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import FixedClock, system_clock
from ecandidat_app.core.models import SisExport
from ecandidat_app.web.pages.staff_sis import StaffSisState
from tests.core import decision_world as dw
from tests.core.test_sis_export import _admit
from tests.web.harness import page_state, run_event


@pytest.fixture
def setup(session: Session):
    clock = FixedClock(system_clock.now())
    world = dw.build(session, clock)
    app = _admit(session, world, clock)
    tokens = {
        "gest": sessions.open_session(session, world.gestionnaire.id),
        "member": sessions.open_session(session, world.member.id),
    }
    session.commit()
    return world, app, tokens


def _tab(token: str) -> StaffSisState:
    st: StaffSisState = page_state(StaffSisState, "/gestion/transmission-si", token=token)
    run_event(st, "load")
    return st


def test_export_once_then_re_request(session: Session, setup) -> None:
    world, app, tokens = setup
    st = _tab(tokens["gest"])
    assert st.campaign == str(world.campaign.id) and st.pending == 1
    assert [i.id for i in st.items] == [str(app.id)] and st.items[0].state == "À transmettre"
    run_event(st, "set_formation", str(world.formation.id))
    spec = run_event(st, "export")
    assert "opi_" in str(spec) and st.message_kind == "success"
    assert st.pending == 0 and st.items[0].sent
    mark = session.get(SisExport, app.id)
    assert mark is not None and mark.exported_by_id == world.gestionnaire.id

    run_event(st, "export")
    assert "Aucun candidat admis et confirmé" in st.message
    run_event(st, "rerequest", str(app.id))
    assert st.pending == 1 and "prochain export" in st.items[0].state
    assert st.message == "Ce candidat partira avec le prochain export."


def test_zip_holds_the_two_documented_files(setup) -> None:
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.integrations.sis import batches, files
    from ecandidat_app.core.integrations.sis.batches import Scope

    world, _app, _tokens = setup
    with session_scope() as s:
        batch = batches.export_batch(s, None, Scope(campaign_id=world.campaign.id), as_system=True)
        data = files.batch_zip(batch)
    names = sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert names == [f"opi_candidats_{batch.batch}.csv", f"opi_voeux_{batch.batch}.csv"]


def test_commission_member_is_refused(setup) -> None:
    _world, _app, tokens = setup
    st = _tab(tokens["member"])
    assert st.message == "Vous n'avez pas accès à cette ressource."
    assert st.items == [] and st.campaign_options == []
    run_event(st, "export")
    assert st.message == "Vous n'avez pas accès à cette ressource."
