"""The import-linter contracts hold, and each would catch a breach of what it promises:
the core never imports Reflex, the domain services never import the demo seeding, the web
layer never imports the app module, web pages never import one another."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    return subprocess.run([exe], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_contract_holds() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _lint_copy_with(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """Copy the package, put `line` at the top of `module` (a path under ecandidat_app/), lint."""
    shutil.copytree(
        ROOT / "ecandidat_app",
        tmp_path / "ecandidat_app",
        ignore=shutil.ignore_patterns("__pycache__", "frontend"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bad = tmp_path / "ecandidat_app" / module
    bad.write_text(line + "  # noqa\n" + bad.read_text())
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, '.');"
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("module", "line", "reported"),
    [
        ("core/text.py", "import reflex", "ecandidat_app.core.text -> reflex"),
        (
            "core/review/stats.py",
            "import ecandidat_app.demo.seed",
            "ecandidat_app.core.review.stats -> ecandidat_app.demo.seed",
        ),
        (
            "web/pages/catalogue.py",
            "import ecandidat_app.ecandidat_app",
            "ecandidat_app.web.pages.catalogue -> ecandidat_app.ecandidat_app",
        ),
        (
            "web/pages/catalogue.py",
            "import ecandidat_app.web.pages.profile",
            "ecandidat_app.web.pages.catalogue -> ecandidat_app.web.pages.profile",
        ),
    ],
    ids=["core-imports-reflex", "service-imports-demo", "web-imports-app", "page-imports-page"],
)
def test_contract_fails_on_a_breach(tmp_path: Path, module: str, line: str, reported: str) -> None:
    result = _lint_copy_with(tmp_path, module, line)
    assert result.returncode != 0
    assert reported in result.stdout
