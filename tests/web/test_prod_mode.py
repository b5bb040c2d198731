"""Production mode, cheap checks: the CLI refuses unusable settings in French without a
traceback, rxconfig follows ECANDIDAT_REDIS_URL, and a wheel's bundled frontend, config and
migrations are found where the code looks for them."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from ecandidat_app import cli
from ecandidat_app.core import migrations

REPO = Path(__file__).resolve().parents[2]


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ECANDIDAT_")}
    return subprocess.run(
        [sys.executable, *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_bad_settings_are_refused_in_french_without_a_traceback(tmp_path: Path) -> None:
    done = _run(
        ["-m", "ecandidat_app.cli", "migrate"], {"ECANDIDAT_BACKEND_PORT": "huit-mille"}, tmp_path
    )
    assert done.returncode == 2
    assert "Configuration invalide" in done.stderr
    assert "ECANDIDAT_BACKEND_PORT" in done.stderr and "Traceback" not in done.stderr


def test_production_needs_no_secret_and_a_leftover_one_does_not_crash(tmp_path: Path) -> None:
    """ECANDIDAT_SECRET_KEY was required and used by nothing; it is gone. An old deployment
    still setting it (environment or .env) starts as before."""
    (tmp_path / ".env").write_text("ECANDIDAT_SECRET_KEY=un-ancien-secret\n")
    done = _run(
        ["-m", "ecandidat_app.cli", "migrate"],
        {
            "ECANDIDAT_MODE": "production",
            "ECANDIDAT_SECRET_KEY": "trop-court",
            "ECANDIDAT_DATA_DIR": str(tmp_path / "var"),
        },
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Base de données à jour." in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("redis_url", "expected"),
    [("redis://127.0.0.1:6379/3", "redis://127.0.0.1:6379/3"), ("", "None")],
)
def test_rxconfig_uses_redis_when_the_setting_is_given(
    tmp_path: Path, redis_url: str, expected: str
) -> None:
    env = {"ECANDIDAT_DATA_DIR": str(tmp_path / "var"), "ECANDIDAT_REDIS_URL": redis_url}
    code = "import rxconfig; print(rxconfig.config.redis_url)"
    done = _run(["-c", code], env, REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == expected


def _fake_wheel_package(root: Path) -> Path:
    """The files `make dist` adds to the package, laid out the same way."""
    package = root / "ecandidat_app"
    client = package / "frontend" / "build" / "client"
    client.mkdir(parents=True)
    (client / "index.html").write_text("<div>eCandidat</div>")
    (client / "assets").mkdir()
    (client / "assets" / "app.js").write_text("")
    bundle = package / "_bundle"
    bundle.mkdir()
    shutil.copytree(REPO / "alembic", bundle / "alembic")
    shutil.copy(REPO / "alembic.ini", bundle / "alembic.ini")
    shutil.copy(REPO / "rxconfig.py", bundle / "rxconfig.py")
    return package


def _shipped(package: Path) -> set[str]:
    """The files of `package` that pyproject's package-data patterns put in the wheel."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["ecandidat_app"]
    return {
        Path(p).as_posix()
        for pattern in patterns
        for p in glob.glob(pattern, root_dir=package, recursive=True)
    }


def test_package_data_globs_ship_the_frontend_config_and_migrations(tmp_path: Path) -> None:
    package = _fake_wheel_package(tmp_path)
    shipped = _shipped(package)
    for needed in (
        "frontend/build/client/index.html",
        "frontend/build/client/assets/app.js",
        "_bundle/rxconfig.py",
        "_bundle/alembic.ini",
        "_bundle/alembic/env.py",
        "_bundle/alembic/versions/0001_initial_schema.py",
    ):
        assert needed in shipped, needed


def test_installed_package_prepares_an_empty_folder_for_reflex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _fake_wheel_package(tmp_path / "site")
    monkeypatch.setattr(cli, "PACKAGED_FRONTEND", package / "frontend")
    monkeypatch.setattr(cli, "PACKAGED_RXCONFIG", package / "_bundle" / "rxconfig.py")
    work = tmp_path / "empty"
    work.mkdir()
    monkeypatch.chdir(work)
    cli._installed_runtime()
    cli._installed_runtime()  # a second start finds everything in place
    config = (work / "rxconfig.py").read_text()
    assert config.startswith(cli.GENERATED_MARK)
    assert 'app_name="ecandidat_app"' in config
    index = work / ".web" / "build" / "client" / "index.html"
    assert index.read_text() == "<div>eCandidat</div>"
    assert (work / ".web").is_dir() and not (work / ".web").is_symlink()


def test_a_checkout_keeps_its_own_rxconfig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = _fake_wheel_package(tmp_path / "site")
    monkeypatch.setattr(cli, "PACKAGED_RXCONFIG", package / "_bundle" / "rxconfig.py")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rxconfig.py").write_text("# mine\n")
    cli._installed_runtime()
    assert (tmp_path / "rxconfig.py").read_text() == "# mine\n"
    assert not (tmp_path / ".web").exists()


def test_migrations_run_from_the_bundle_outside_a_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _fake_wheel_package(tmp_path / "site")
    monkeypatch.setattr(migrations, "PROJECT_ROOT", tmp_path / "no-checkout")
    monkeypatch.setattr(migrations, "BUNDLE_DIR", package / "_bundle")
    assert migrations.migrations_dir() == package / "_bundle"
    url = f"sqlite:///{tmp_path / 'wheel.db'}"
    migrations.upgrade_head(url)
    tables = set(inspect(create_engine(url)).get_table_names())
    assert {"account", "application", "formation", "alembic_version"} <= tables


def test_without_any_migrations_the_error_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "PROJECT_ROOT", tmp_path / "a")
    monkeypatch.setattr(migrations, "BUNDLE_DIR", tmp_path / "b")
    with pytest.raises(FileNotFoundError, match="Migrations introuvables"):
        migrations.migrations_dir()


def test_every_data_file_of_the_package_ships_in_the_wheel() -> None:
    """Templates, fonts, reference lists, the demo ENT's pages, catalogues: a data file the
    code reads but no package-data pattern names would be missing from an installed wheel
    (the demo ENT, the letters or the translations would break only there)."""
    package = REPO / "ecandidat_app"
    shipped = _shipped(package)
    data_files = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file()
        # Sources, and the translators' template (the code reads the .po files only).
        and path.suffix not in {".py", ".pyc", ".pot"}
        and "__pycache__" not in path.parts
        and path.relative_to(package).parts[0] not in {"frontend", "_bundle"}
    }
    assert data_files, "no data file found: the walk is wrong"
    assert data_files <= shipped, sorted(data_files - shipped)
