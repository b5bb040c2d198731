"""`ecandidat purge-campaigns`: anonymise the applicants of campaigns archived more than
`ECANDIDAT_PURGE_AFTER_DAYS` days ago (cron-friendly, idempotent)."""

from __future__ import annotations

import argparse

from ecandidat_app.cli import command


@command(
    "purge-campaigns",
    "efface les données personnelles des campagnes archivées depuis le délai de conservation",
)
def _purge(_args: argparse.Namespace) -> int:
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.services.privacy import purge_archived_campaigns

    with session_scope() as s:
        report = purge_archived_campaigns(s)
    if not report.campaigns:
        print("Aucune campagne archivée à purger.")
        return 0
    print(
        f"Campagne(s) purgée(s) : {', '.join(report.campaigns)} — {report.accounts} compte(s) "
        f"anonymisé(s), {report.files} fichier(s) supprimé(s)."
    )
    return 0
