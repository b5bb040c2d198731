"""`ecandidat sweep`: remove files nobody points at and temp files left by killed uploads."""

from __future__ import annotations

import argparse

from ecandidat_app.cli import command


@command("sweep", "supprime les fichiers orphelins et les dépôts interrompus du stockage privé")
def _sweep(_args: argparse.Namespace) -> int:
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.storage import sweep_orphans

    with session_scope() as s:
        report = sweep_orphans(s)
    print(
        f"Stockage nettoyé : {report.orphans} fichier(s) orphelin(s), "
        f"{report.temps} dépôt(s) interrompu(s) supprimé(s)."
    )
    return 0
