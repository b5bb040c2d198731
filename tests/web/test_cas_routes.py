"""The ENT's sign-in over HTTP (web/cas_routes.py) through a real Starlette app and the real
test CAS server: the redirect to the CAS, the return with a ticket, the cookie, the refusals
that come back as a code, the single logout and the logout that leaves the ENT too."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.integrations import cas
from ecandidat_app.core.integrations.student_import import import_csv
from ecandidat_app.core.models import LoginSession
from ecandidat_app.web.api import api_routes
from ecandidat_app.web.cas_routes import STATE_COOKIE
from ecandidat_app.web.state.auth import SESSION_COOKIE
from tests import factories
from tests.cas_server import CAS_STAFF, CAS_STUDENT, CasTestServer
from tests.ldap_server import point_settings_at

pytest_plugins = ("tests.cas_fixtures",)
CSV = (
    "numero_etudiant;ine;bac_annee;bac_serie;bac_mention;bac_etablissement;cursus\n"
    f"{CAS_STUDENT['supannEtuId']};1234567890A;2019;Générale;Bien;Lycée Arago;"
    "2020|L2INF|Licence 2 Informatique|Admis\n"
)


@pytest.fixture
def client(session: Session, clock: FixedClock, cas_settings) -> TestClient:  # noqa: ARG001 (the CAS settings are its effect)
    factories.campaign(session, today=clock.today())
    import_csv(session, io.BytesIO(CSV.encode()), clock=clock)
    session.commit()
    return TestClient(Starlette(routes=api_routes()), base_url="http://localhost:8000")


def _to_cas(client: TestClient, profile: str = "etudiant") -> str:
    """/api/cas/connexion: 303 to the CAS login page; returns the service URL it names."""
    answer = client.get(f"/api/cas/connexion?profil={profile}", follow_redirects=False)
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith(cas.get_settings().cas_url + "login?service=")
    assert STATE_COOKIE in answer.cookies
    assert "httponly" in answer.headers["set-cookie"].lower()
    return parse_qs(urlsplit(location).query)["service"][0]


def _back(client: TestClient, service: str, ticket: str):  # type: ignore[no-untyped-def]
    path = urlsplit(service)
    return client.get(f"{path.path}?{path.query}&ticket={ticket}", follow_redirects=False)


def test_a_former_student_comes_back_signed_in(
    client: TestClient, session: Session, cas_ent: CasTestServer
) -> None:
    service = _to_cas(client)
    ticket = cas_ent.obtain_ticket(service, CAS_STUDENT)
    answer = _back(client, service, ticket)
    assert answer.status_code == 303 and answer.headers["location"] == "/mes-candidatures"
    token = answer.cookies[SESSION_COOKIE]
    assert "httponly" in answer.headers["set-cookie"].lower()
    account = sessions.resolve_session(session, token)
    assert account is not None and account.ent_login == CAS_STUDENT["uid"]

    # The etat served once: the same return again is refused before the CAS is asked.
    assert _back(client, service, ticket).headers["location"].endswith("?erreur=etat")
    # The same ticket with the browser's etat put back (a replay): the CAS refuses it.
    etat = parse_qs(urlsplit(service).query)["etat"][0]
    client.cookies.set(STATE_COOKIE, etat, path="/api/cas/retour")
    replay = _back(client, service, ticket)
    assert replay.headers["location"] == "/connexion-etudiant?erreur=ticket"


def test_a_ticket_without_the_browsers_etat_is_refused(
    client: TestClient, cas_ent: CasTestServer
) -> None:
    service = _to_cas(client)
    ticket = cas_ent.obtain_ticket(service, CAS_STUDENT)
    client.cookies.clear()  # another browser: the victim of a login CSRF
    answer = _back(client, service, ticket)
    assert answer.headers["location"] == "/connexion-etudiant?erreur=etat"
    assert SESSION_COOKIE not in answer.cookies
    assert cas.message_for("etat").startswith("Cette connexion par l'ENT n'a pas été demandée")


@pytest.mark.usefixtures("session")
def test_staff_need_a_linked_account(client: TestClient, cas_ent: CasTestServer) -> None:
    service = _to_cas(client, "personnel")
    answer = _back(client, service, cas_ent.obtain_ticket(service, CAS_STAFF))
    assert answer.headers["location"] == "/connexion?erreur=pas-personnel"


def test_single_logout_post_ends_the_session(
    client: TestClient, session: Session, cas_ent: CasTestServer
) -> None:
    service = _to_cas(client)
    ticket = cas_ent.obtain_ticket(service, CAS_STUDENT)
    token = _back(client, service, ticket).cookies[SESSION_COOKIE]
    nonsense = client.post("/api/cas/retour", data={"logoutRequest": "<x>pas un ticket</x>"})
    assert nonsense.status_code == 200
    assert sessions.resolve_session(session, token) is not None
    slo = (
        '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="x" Version="2.0" '
        'IssueInstant="2026-12-01T10:00:00Z"><saml:NameID>cmartin</saml:NameID>'
        f"<samlp:SessionIndex>{ticket}</samlp:SessionIndex></samlp:LogoutRequest>"
    )
    assert client.post("/api/cas/retour", data={"logoutRequest": slo}).status_code == 200
    session.expire_all()
    assert sessions.resolve_session(session, token) is None


def test_logout_of_an_ent_session_leaves_the_ent_too(
    client: TestClient, session: Session, cas_ent: CasTestServer
) -> None:
    service = _to_cas(client)
    _back(client, service, cas_ent.obtain_ticket(service, CAS_STUDENT))
    answer = client.get(
        "/api/session/fermer?suite=/",
        headers={"sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )
    assert answer.headers["location"] == (
        cas_ent.url + "logout?service=http%3A%2F%2Flocalhost%3A8000%2F"
    )
    assert session.exec(select(LoginSession)).one().revoked_at is not None


def test_with_cas_off_the_route_sends_back_to_the_page(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_settings_at(monkeypatch, {"ECANDIDAT_CAS_LOGIN_PATHS": "etudiants"})
    answer = client.get("/api/cas/connexion?profil=personnel", follow_redirects=False)
    assert answer.headers["location"] == "/connexion"
    point_settings_at(monkeypatch, {"ECANDIDAT_CAS_ENABLED": "false"})
    answer = client.get("/api/cas/connexion", follow_redirects=False)
    assert answer.headers["location"] == "/connexion-etudiant"
