"""pytest fixtures for the S3 backend (declare `pytest_plugins = ("tests.s3_fixtures",)`):
one moto server per test session, a fresh bucket per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from ecandidat_app.core import config
from ecandidat_app.core.config import Settings
from tests.s3_server import MotoServer

_buckets = itertools.count(1)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    server = MotoServer(tmp_path_factory.mktemp("moto") / "moto.log").start()
    yield server
    server.stop()


@pytest.fixture
def s3_settings(
    s3_server: MotoServer, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """The app's store pointed at a new, empty bucket (under a prefix, as a shared bucket
    would be used). The test's settings object itself is changed (tests that adjust
    `settings` keep the same object), and the environment too (for a fresh read)."""
    bucket = f"ecandidat-test-{next(_buckets)}"
    s3_server.create_bucket(bucket)
    for name, value in s3_server.app_env(bucket, prefix="pieces/").items():
        monkeypatch.setenv(name, value)
    fresh = config.Settings()
    for field in ("storage", *(f for f in type(fresh).model_fields if f.startswith("s3_"))):
        setattr(settings, field, getattr(fresh, field))
    return settings


@pytest.fixture(params=["local", "s3"])
def store_backend(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Each test run against both backends: the local directory and the bucket."""
    if request.param == "s3":
        return request.getfixturevalue("s3_settings")
    return settings
