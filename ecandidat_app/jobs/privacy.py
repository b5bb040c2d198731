"""`ecandidat purge-campaigns`: anonymise the applicants of campaigns archived more than
`ECANDIDAT_PURGE_AFTER_DAYS` days ago; `ecandidat purge-unactivated`: blank the sign-ups
never activated, `ECANDIDAT_UNACTIVATED_PURGE_DAYS` after their link expired (both
cron-friendly, idempotent)."""

from __future__ import annotations

import argparse

from ecandidat_app.cli import command


@command(
    "purge-campaigns",
    "efface les données personnelles des campagnes archivées depuis le délai de conservation",
)
def _purge(_args: argparse.Namespace) -> int:
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.privacy import purge_archived_campaigns

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


@command(
    "purge-unactivated",
    "efface les inscriptions jamais activées, un mois après l'expiration de leur lien",
)
def _purge_unactivated(_args: argparse.Namespace) -> int:
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.privacy import purge_unactivated

    with session_scope() as s:
        count = purge_unactivated(s)
    print(f"Inscription(s) jamais activée(s) effacée(s) : {count}.")
    return 0
