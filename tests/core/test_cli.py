"""The `ecandidat` command answers a database it cannot reach with a French message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_unreachable_database_gets_a_message_not_a_traceback(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "ECANDIDAT_DATA_DIR": str(tmp_path),
        "ECANDIDAT_DATABASE_URL": "sqlite:////proc/pas-de-dossier/ecandidat.db",
    }
    ecandidat = str(Path(sys.executable).with_name("ecandidat"))
    done = subprocess.run([ecandidat, "migrate"], env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert "Impossible de joindre la base de données" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
