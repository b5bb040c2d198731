"""Apply the Alembic migrations programmatically (used by the CLI and the tests).

In a checkout the migrations live at the project root; an installed wheel carries a copy
under `ecandidat_app/_bundle/` (made by `make dist`), so `ecandidat migrate` works from
any folder.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

from alembic import command

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUNDLE_DIR = Path(__file__).resolve().parents[1] / "_bundle"


def migrations_dir() -> Path:
    """The folder holding `alembic.ini` and `alembic/`: the checkout's, else the wheel's."""
    for root in (PROJECT_ROOT, BUNDLE_DIR):
        if (root / "alembic.ini").is_file() and (root / "alembic" / "env.py").is_file():
            return root
    raise FileNotFoundError(
        "Migrations introuvables : ni alembic/ à la racine du projet, ni dans le paquet installé."
    )


def alembic_config(url: str) -> Config:
    root = migrations_dir()
    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root / "alembic"))
    cfg.attributes["url"] = url
    cfg.attributes["skip_logging"] = True
    return cfg


def upgrade_head(url: str) -> None:
    command.upgrade(alembic_config(url), "head")
