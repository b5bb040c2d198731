"""Settings: embedded defaults need nothing installed; production refuses a default secret."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ecandidat_app.core.config import Settings


def test_embedded_default_is_sqlite_with_a_generated_local_secret(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("ECANDIDAT_SECRET_KEY", raising=False)
    settings = Settings(data_dir=tmp_path, mode="demo")
    assert settings.database_url == f"sqlite:///{tmp_path / 'ecandidat.db'}"
    assert len(settings.secret_key) >= 32
    assert (tmp_path / ".secret_key").stat().st_mode & 0o077 == 0
    # The same secret on the next start: sessions survive a restart.
    assert Settings(data_dir=tmp_path, mode="demo").secret_key == settings.secret_key


@pytest.mark.parametrize("secret", ["", "change-me", "short"])
def test_production_refuses_to_start_without_a_real_secret(tmp_path, secret: str) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(data_dir=tmp_path, mode="production", secret_key=secret)


def test_production_accepts_a_long_secret_and_postgres_url(tmp_path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        mode="production",
        secret_key="x" * 40,
        database_url="postgresql://app@db/ecandidat",
    )
    assert not settings.is_sqlite
