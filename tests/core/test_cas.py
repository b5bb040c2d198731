"""ENT single sign-on: service tickets validated by a real CAS server (the demo ENT project,
django-cas-server, started by the test suite on loopback), then the sign-in service."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import requests
from sqlmodel import Session, select

from ecandidat_app.core import config
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.integrations import cas
from ecandidat_app.core.integrations.cas_accounts import (
    cas_sign_in,
    end_sessions_of_ticket,
    opened_by_cas,
)
from ecandidat_app.core.integrations.student_import import import_csv
from ecandidat_app.core.models import BacRecord, CursusInterne, LoginSession, Role
from tests import factories
from tests.cas_server import CAS_STAFF, CAS_STUDENT, CasTestServer
from tests.ldap_server import free_port, point_settings_at

pytest_plugins = ("tests.cas_fixtures", "tests.ldap_fixtures")

SERVICE = "http://127.0.0.1:8000/api/cas/retour?profil=etudiant&etat=abc"
OTHER_SERVICE = "http://127.0.0.1:8000/autre-application/"
CSV = (
    "numero_etudiant;ine;bac_annee;bac_serie;bac_mention;bac_etablissement;cursus\n"
    f"{CAS_STUDENT['supannEtuId']};1234567890A;2019;Générale;Bien;Lycée Arago;"
    "2019|L1INF|Licence 1 Informatique|Admis#2020|L2INF|Licence 2 Informatique|Admis\n"
)


@pytest.mark.usefixtures("cas_settings")
def test_a_good_ticket_gives_the_cas3_attributes(cas_ent: CasTestServer) -> None:
    ticket = cas_ent.obtain_ticket(SERVICE, CAS_STUDENT)
    who = cas.validate(ticket, SERVICE)
    assert who == cas.CasIdentity(
        login="cmartin",
        last_name="Martin",
        first_name="Céline",
        email="celine.martin@etu.univ-test.fr",
        student_number=CAS_STUDENT["supannEtuId"],
    )


@pytest.mark.usefixtures("cas_settings")
def test_a_forged_ticket_is_refused() -> None:
    with pytest.raises(cas.CasRefusal) as refused:
        cas.validate("ST-1-Forge0123456789abcdefABCDEF", SERVICE)
    assert refused.value.code == "ticket"
    assert "n'a pas pu être vérifiée" in refused.value.message


@pytest.mark.usefixtures("cas_settings")
def test_a_malformed_ticket_is_refused_without_asking() -> None:
    for bad in ("", "PT-123", "ST-<script>", "ST-" + "a" * 300):
        with pytest.raises(cas.CasRefusal) as refused:
            cas.validate(bad, SERVICE)
        assert refused.value.code == "ticket"


@pytest.mark.usefixtures("cas_settings")
def test_a_replayed_ticket_is_refused(cas_ent: CasTestServer) -> None:
    ticket = cas_ent.obtain_ticket(SERVICE, CAS_STUDENT)
    assert cas.validate(ticket, SERVICE).login == "cmartin"
    with pytest.raises(cas.CasRefusal) as refused:
        cas.validate(ticket, SERVICE)
    assert refused.value.code == "ticket"
    assert "déjà utilisé" in refused.value.message


@pytest.mark.usefixtures("cas_settings")
def test_a_ticket_for_another_service_is_refused(cas_ent: CasTestServer) -> None:
    ticket = cas_ent.obtain_ticket(OTHER_SERVICE, CAS_STUDENT)
    with pytest.raises(cas.CasRefusal) as refused:
        cas.validate(ticket, SERVICE)
    assert refused.value.code == "service"
    assert refused.value.message.startswith("Ce ticket de l'ENT a été délivré pour un autre")


@pytest.mark.usefixtures("ldap_settings")
def test_cas2_attributes_come_from_the_directory(
    cas_ent: CasTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_settings_at(monkeypatch, cas_ent.app_env(version=2))
    ticket = cas_ent.obtain_ticket(SERVICE, CAS_STUDENT)
    who = cas.validate(ticket, SERVICE)
    # serviceValidate (CAS 2) carries no attributes: names and number are the directory's.
    assert who.login == "cmartin"
    assert who.student_number == CAS_STUDENT["supannEtuId"]
    assert who.first_name == "Céline"


def test_an_unreachable_cas_says_try_later(monkeypatch: pytest.MonkeyPatch) -> None:
    point_settings_at(
        monkeypatch,
        {"ECANDIDAT_CAS_ENABLED": "true", "ECANDIDAT_CAS_URL": f"http://127.0.0.1:{free_port()}/"},
    )
    with pytest.raises(cas.CasRefusal) as refused:
        cas.validate("ST-1-abc", SERVICE)
    assert refused.value.code == "indisponible"


def test_cas_needs_https_except_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECANDIDAT_CAS_ENABLED", "true")
    monkeypatch.setenv("ECANDIDAT_CAS_URL", "http://cas.univ.fr/cas/")
    with pytest.raises(ValueError, match="HTTPS"):
        config.Settings()
    monkeypatch.setenv("ECANDIDAT_CAS_URL", "https://cas.univ.fr/cas/")
    assert config.Settings().cas_url == "https://cas.univ.fr/cas/"
    monkeypatch.setenv("ECANDIDAT_CAS_URL", "http://localhost:8009/cas/")
    assert config.Settings().cas_enabled


@pytest.fixture
def campaign(session: Session, clock: FixedClock, cas_settings):  # type: ignore[no-untyped-def]  # noqa: ARG001 (the CAS settings are its effect)
    campaign = factories.campaign(session, today=clock.today())
    import_csv(session, io.BytesIO(CSV.encode()), clock=clock)
    session.commit()
    return campaign


@pytest.mark.usefixtures("campaign")
def test_first_cas_sign_in_creates_the_former_student_with_the_imported_records(
    session: Session, clock: FixedClock, cas_ent: CasTestServer
) -> None:
    ticket = cas_ent.obtain_ticket(SERVICE, CAS_STUDENT)
    who = cas.validate(ticket, SERVICE)
    first = cas_sign_in(session, who, profile="etudiant", ticket=ticket, clock=clock)
    session.commit()
    assert first.created and first.account.ent_login == "cmartin"
    assert first.account.email == CAS_STUDENT["mail"] and first.account.validated_at
    assert session.exec(select(BacRecord)).one().series == "Générale"
    assert len(session.exec(select(CursusInterne)).all()) == 2
    assert sessions.resolve_session(session, first.token, clock=clock) == first.account
    assert opened_by_cas(session, first.token)

    again = cas_ent.obtain_ticket(SERVICE, CAS_STUDENT)
    second = cas_sign_in(
        session, cas.validate(again, SERVICE), profile="etudiant", ticket=again, clock=clock
    )
    assert not second.created and second.account.id == first.account.id


@pytest.mark.usefixtures("campaign")
def test_single_logout_ends_the_session_of_its_ticket(
    session: Session, clock: FixedClock, cas_ent: CasTestServer
) -> None:
    """The real CAS sends its logout request to the service; the session index it names
    revokes exactly the session that ticket opened."""
    received: list[str] = []

    class Catch(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            received.append(parse_qs(body)["logoutRequest"][0])
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            return

    catcher = ThreadingHTTPServer(("127.0.0.1", 0), Catch)
    threading.Thread(target=catcher.serve_forever, daemon=True).start()
    service = f"http://127.0.0.1:{catcher.server_address[1]}/api/cas/retour"
    browser = requests.Session()
    try:
        ticket = cas_ent.obtain_ticket(service, CAS_STUDENT, browser)
        signed = cas_sign_in(
            session, cas.validate(ticket, service), profile="etudiant", ticket=ticket, clock=clock
        )
        other = sessions.open_session(session, signed.account.id or 0, clock=clock)
        session.commit()
        browser.get(cas_ent.url + "logout", timeout=10)  # the person leaves the ENT
        for _ in range(50):
            if received:
                break
            threading.Event().wait(0.1)
    finally:
        catcher.shutdown()
    assert cas.logout_session_index(received[0]) == ticket
    assert end_sessions_of_ticket(session, ticket, clock=clock) == 1
    assert sessions.resolve_session(session, signed.token, clock=clock) is None
    assert sessions.resolve_session(session, other, clock=clock) is not None
    assert cas.logout_session_index("<pas du xml") == ""


@pytest.mark.usefixtures("campaign")
def test_staff_sign_in_needs_an_account_linked_by_an_admin(
    session: Session, clock: FixedClock, cas_ent: CasTestServer
) -> None:
    ticket = cas_ent.obtain_ticket(SERVICE, CAS_STAFF)
    who = cas.validate(ticket, SERVICE)
    with pytest.raises(cas.CasRefusal) as refused:
        cas_sign_in(session, who, profile="personnel", ticket=ticket, clock=clock)
    assert "administrateur" in refused.value.message
    # Not a student either: no student number in the ENT.
    with pytest.raises(cas.CasRefusal) as not_student:
        cas_sign_in(session, who, profile="etudiant", ticket=ticket, clock=clock)
    assert not_student.value.code == "pas-etudiant"

    staff = factories.staff(session, role=Role.GESTIONNAIRE)
    staff.ent_login = CAS_STAFF["uid"]
    session.commit()
    signed = cas_sign_in(session, who, profile="personnel", ticket=ticket, clock=clock)
    assert signed.account.id == staff.id
    row = session.exec(select(LoginSession)).one()
    assert row.cas_ticket_hash is not None
