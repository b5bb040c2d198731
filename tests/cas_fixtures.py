"""pytest fixtures for the test CAS server (`pytest_plugins = ("tests.cas_fixtures",)`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ecandidat_app.core.config import Settings
from tests.cas_server import CasTestServer
from tests.ldap_server import point_settings_at


@pytest.fixture(scope="session")
def cas_ent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CasTestServer]:
    server = CasTestServer(tmp_path_factory.mktemp("cas-ent")).start()
    yield server
    server.stop()


@pytest.fixture
def cas_settings(cas_ent: CasTestServer, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The app's settings pointed at the test CAS server (CAS 3)."""
    return point_settings_at(monkeypatch, cas_ent.app_env())
