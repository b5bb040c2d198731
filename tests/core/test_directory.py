"""Directory sign-in against a real OpenLDAP server (slapd started by the tests)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from ecandidat_app.core import config
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.integrations import directory
from tests.ldap_server import (
    SERVICE_DN,
    SERVICE_PASSWORD,
    STAFF,
    STUDENT,
    LdapTestServer,
    free_port,
    point_settings_at,
)

# Fixtures ldap_directory (a slapd for the session) and ldap_settings.
pytest_plugins = ("tests.ldap_fixtures",)


@pytest.mark.usefixtures("ldap_settings")
def test_good_bind_returns_the_entry() -> None:
    entry = directory.authenticate("CMartin ", STUDENT["password"])
    assert entry == directory.DirectoryEntry(
        login="cmartin",
        last_name="Martin",
        first_name="Céline",
        email="celine.martin@etu.univ-test.fr",
        student_number=STUDENT["number"],
    )


@pytest.mark.usefixtures("ldap_settings")
def test_wrong_password_is_refused() -> None:
    with pytest.raises(directory.WrongCredentials) as err:
        directory.authenticate(STUDENT["login"], "pas-le-bon")
    assert err.value.message == "Identifiant ENT ou mot de passe incorrect."


@pytest.mark.usefixtures("ldap_settings")
def test_unknown_user_gets_the_same_message() -> None:
    with pytest.raises(directory.UnknownUser) as err:
        directory.authenticate("personne", STUDENT["password"])
    assert err.value.message == "Identifiant ENT ou mot de passe incorrect."


@pytest.mark.parametrize("login", ["*", "cm*", "cmartin)(uid=*", "*)(|(uid=*"])
@pytest.mark.usefixtures("ldap_settings")
def test_filter_characters_are_escaped(login: str) -> None:
    with pytest.raises(directory.UnknownUser):
        directory.authenticate(login, STUDENT["password"])


@pytest.mark.usefixtures("ldap_settings")
def test_empty_password_never_binds() -> None:
    # LDAP treats a DN with an empty password as an anonymous bind that "succeeds".
    with pytest.raises(DomainError) as err:
        directory.authenticate(STUDENT["login"], "")
    assert err.value.field == "mot_de_passe"


@pytest.mark.usefixtures("ldap_settings")
def test_entry_without_student_number() -> None:
    entry = directory.authenticate(STAFF["login"], STAFF["password"])
    assert entry.student_number == ""
    assert entry.last_name == "Agent"


def test_service_account_search(
    ldap_directory: LdapTestServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = ldap_directory.app_env()
    point_settings_at(
        monkeypatch,
        env
        | {"ECANDIDAT_LDAP_BIND_DN": SERVICE_DN, "ECANDIDAT_LDAP_BIND_PASSWORD": SERVICE_PASSWORD},
    )
    assert directory.authenticate(STUDENT["login"], STUDENT["password"]).student_number
    point_settings_at(monkeypatch, {"ECANDIDAT_LDAP_BIND_PASSWORD": "mauvais"})
    with pytest.raises(directory.DirectoryUnavailable):
        directory.authenticate(STUDENT["login"], STUDENT["password"])


def test_closed_port_is_unavailable(
    ldap_directory: LdapTestServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = ldap_directory.app_env() | {"ECANDIDAT_LDAP_URL": f"ldap://127.0.0.1:{free_port()}"}
    point_settings_at(monkeypatch, env)
    with pytest.raises(directory.DirectoryUnavailable) as err:
        directory.authenticate(STUDENT["login"], STUDENT["password"])
    assert err.value.message.startswith("L'annuaire de l'université ne répond pas")


def test_stopped_server_is_unavailable(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = LdapTestServer(tmp_path / "slapd").start()
    try:
        point_settings_at(monkeypatch, server.app_env())
        assert directory.authenticate(STUDENT["login"], STUDENT["password"])
    finally:
        server.stop()
    with pytest.raises(directory.DirectoryUnavailable):
        directory.authenticate(STUDENT["login"], STUDENT["password"])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never answers (a hung directory)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for conn in accepted:
        conn.close()
    listener.close()


def test_hung_server_times_out_quickly(
    ldap_directory: LdapTestServer,
    silent_server: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = ldap_directory.app_env() | {
        "ECANDIDAT_LDAP_URL": f"ldap://127.0.0.1:{silent_server}",
        "ECANDIDAT_LDAP_TIMEOUT_S": "1",
    }
    point_settings_at(monkeypatch, env)
    started = time.monotonic()
    with pytest.raises(directory.DirectoryUnavailable):
        directory.authenticate(STUDENT["login"], STUDENT["password"])
    assert time.monotonic() - started < 5


def test_default_timeout_is_short() -> None:
    assert config.Settings().ldap_timeout_s == 3.0


def test_disabled_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    point_settings_at(monkeypatch, {"ECANDIDAT_LDAP_ENABLED": "false"})
    with pytest.raises(directory.DirectoryDisabled) as err:
        directory.authenticate(STUDENT["login"], STUDENT["password"])
    assert "adresse e-mail personnelle" in err.value.message
