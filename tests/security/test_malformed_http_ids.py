"""Malformed ids in the HTTP routes: every id a URL carries is 1..2^31-1 written in ASCII
digits; anything else answers the route's 404 (never a 500), through the real Starlette
routes with a signed-in admin's cookie (the persona who may read every file)."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from ecandidat_app.web.api import api_routes, parse_id
from ecandidat_app.web.state.auth import SESSION_COOKIE
from tests.security.conftest import World

MALFORMED_IDS = (
    "99999999999999999999999",
    str(2**63),
    str(2**70),
    "9" * 5000,
    "-1",
    "0",
    "00",
    "abc",
    "1.5",
    "%20%207",  # " 7": int() would accept it
    "+7",
    "1_0",
    "%D9%A7",  # an Arabic-Indic 7: int() would accept it
    "null",
    "%00",
)


@pytest.mark.parametrize("file_id", MALFORMED_IDS)
def test_malformed_file_id_is_a_404(world: World, file_id: str) -> None:
    client = TestClient(Starlette(routes=api_routes()), raise_server_exceptions=False)
    resp = client.get(f"/api/fichiers/{file_id}", cookies={SESSION_COOKIE: world.tokens["admin"]})
    assert resp.status_code == 404, (file_id, resp.status_code)
    assert "Ce fichier n'existe pas" in resp.text


def test_largest_id_designates_nothing_and_real_ids_still_work(world: World) -> None:
    client = TestClient(Starlette(routes=api_routes()), raise_server_exceptions=False)
    cookies = {SESSION_COOKIE: world.tokens["admin"]}
    for largest in (2**31 - 1, 2**31, 2**63 - 1):  # the INTEGER column's limit, and beyond
        assert client.get(f"/api/fichiers/{largest}", cookies=cookies).status_code == 404
    assert client.get(f"/api/fichiers/{world.files[0].id}", cookies=cookies).status_code == 200


def test_parse_id() -> None:
    assert parse_id("42") == 42
    assert parse_id(str(2**31 - 1)) == 2**31 - 1
    assert [parse_id(v) for v in ("", "0", str(2**63), " 7", "٧", "1e3")] == [None] * 6


@pytest.mark.parametrize("raw", ["99999999999999999999999", str(2**63), "٧", "-1", "abc"])
def test_malformed_id_in_a_page_url_opens_nothing_without_error(world: World, raw: str) -> None:
    """/candidature/[id] and /gestion/dossier/[id] read their id from the URL the same way."""
    from ecandidat_app.web.pages.application import ApplicationState
    from ecandidat_app.web.pages.staff_dossier import StaffDossierState
    from tests.security.conftest import call, state_for

    for cls, url, persona, opened in (
        (ApplicationState, "/candidature/1", "applicant_a", lambda st: not st.not_found),
        (StaffDossierState, "/gestion/dossier/1", "admin", lambda st: st.found),
    ):
        st = state_for(cls, url, token=world.tokens[persona])
        st.router.page.params["application_id"] = raw  # what the dynamic segment held
        call(st, "load")
        assert not opened(st), (cls.__name__, raw)
