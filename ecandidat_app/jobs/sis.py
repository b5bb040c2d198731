"""`ecandidat export-sis`: hand the admitted applicants who confirmed to the student
information system as CSV files (format in docs/sis-export.md), for one campaign or one
formation; each goes out once, unless re-requested with `--redemander`.

Exit code 0 when files were written, 1 when nothing was pending, 2 on a wrong argument."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ecandidat_app.cli import command

NAME = "export-sis"
HELP = "exporte les admis confirmés vers le SI de scolarité (fichiers CSV d'OPI)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--campagne", metavar="CODE", help="code de la campagne")
    which.add_argument("--formation", metavar="CODE", help="code de la formation")
    which.add_argument(
        "--redemander",
        metavar="NUMERO",
        type=int,
        help="numéro de candidature à transmettre à nouveau au prochain export",
    )
    parser.add_argument(
        "--dossier", default=".", help="dossier où écrire les fichiers (par défaut : ici)"
    )


def run(args: argparse.Namespace) -> int:
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.errors import DomainError
    from ecandidat_app.core.integrations.sis import batches, files

    folder = Path(args.dossier)
    if not folder.is_dir():
        print(f"Dossier introuvable : {folder}", file=sys.stderr)
        return 2
    try:
        with session_scope() as s:
            if args.redemander is not None:
                batches.rerequest(s, None, args.redemander, as_system=True)
                print(f"Candidature {args.redemander} : elle partira au prochain export.")
                return 0
            scope = batches.scope_by_codes(s, campaign=args.campagne, formation=args.formation)
            batch = batches.export_batch(s, None, scope, as_system=True)
            written = files.batch_files(batch)
            for name, content in written.items():
                (folder / name).write_bytes(content)
    except DomainError as refusal:
        print(refusal.message, file=sys.stderr)
        return 2 if refusal.field == "scope" else 1
    print(f"Export {batch.batch} : {len(batch.application_ids)} admission(s) confirmée(s).")
    for name in written:
        print(f"  {folder / name}")
    return 0


command(NAME, HELP, arguments=add_arguments)(run)


def main(argv: list[str] | None = None) -> int:
    """`python -m ecandidat_app.jobs.sis ...` (same as the subcommand)."""
    parser = argparse.ArgumentParser(prog=f"ecandidat {NAME}", description=HELP)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
