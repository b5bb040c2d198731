"""Settings: embedded defaults need nothing installed; no server secret exists (tokens are
random and stored hashed), and a leftover ECANDIDAT_SECRET_KEY is ignored, not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecandidat_app.core.config import Settings


def test_embedded_default_is_sqlite_and_writes_no_secret(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, mode="demo")
    assert settings.database_url == f"sqlite:///{tmp_path / 'ecandidat.db'}"
    assert not (tmp_path / ".secret_key").exists()
    assert not hasattr(settings, "secret_key")


def test_production_starts_without_any_secret(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, mode="production", database_url="postgresql://app@db/ecandidat"
    )
    assert not settings.is_sqlite


def test_a_leftover_secret_key_in_the_environment_or_env_file_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECANDIDAT_SECRET_KEY", "trop-court")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("ECANDIDAT_SECRET_KEY=change-me\nECANDIDAT_SESSION_HOURS=7\n")
    settings = Settings(data_dir=tmp_path, mode="production")
    assert settings.session_hours == 7  # the .env file was read, the old key ignored


@pytest.mark.parametrize(
    ("base_url", "origin", "https"),
    [
        ("http://localhost:8000", "http://localhost:8000", False),
        ("https://candidatures.univ.fr/", "https://candidatures.univ.fr", True),
        ("https://candidatures.univ.fr:8443/ecandidat", "https://candidatures.univ.fr:8443", True),
    ],
)
def test_origin_of_the_base_url(tmp_path: Path, base_url: str, origin: str, https: bool) -> None:
    settings = Settings(data_dir=tmp_path, base_url=base_url)
    assert (settings.origin, settings.https) == (origin, https)
