"""The core never imports Reflex: the import-linter contract holds, and it would catch a breach."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    return subprocess.run([exe], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_contract_holds() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_contract_fails_when_core_imports_reflex(tmp_path: Path) -> None:
    """Copy the package, add `import reflex` to a core module: lint-imports must fail."""
    shutil.copytree(
        ROOT / "ecandidat_app",
        tmp_path / "ecandidat_app",
        ignore=shutil.ignore_patterns("__pycache__", "frontend"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bad = tmp_path / "ecandidat_app" / "core" / "text.py"
    bad.write_text("import reflex  # noqa\n" + bad.read_text())
    result = subprocess.run(
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
    assert result.returncode != 0
    assert "ecandidat_app.core.text -> reflex" in result.stdout
