"""pytest fixtures for the test directory (declare `pytest_plugins = ("tests.ldap_fixtures",)`;
the e2e harness can import `ldap_directory` from here)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ecandidat_app.core.config import Settings
from tests.ldap_server import LdapTestServer, point_settings_at


@pytest.fixture(scope="session")
def ldap_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapTestServer]:
    server = LdapTestServer(tmp_path_factory.mktemp("slapd")).start()
    yield server
    server.stop()


@pytest.fixture
def ldap_settings(ldap_directory: LdapTestServer, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The app's settings pointed at the test directory."""
    return point_settings_at(monkeypatch, ldap_directory.app_env())
