"""`ecandidat import-etudiants FICHIER.csv`: import the student information system's export
(former students' bac and internal cursus; format in docs/import-etudiants.md).

Safe to run again (cron): unchanged students are left alone. Exit code 0 when every row was
imported, 1 when some rows were reported (the others are imported all the same), 2 when the
file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ecandidat_app.cli import command

NAME = "import-etudiants"
HELP = "importe l'export des dossiers étudiants (bac, cursus interne) : FICHIER.csv"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", metavar="FICHIER.csv", help="export CSV (UTF-8, « ; »)")


def run_import(path: Path) -> int:
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.integrations.student_import import import_csv

    if not path.is_file():
        print(f"Fichier introuvable : {path}", file=sys.stderr)
        return 2
    with session_scope() as s:
        report = import_csv(s, path)
    print(report.summary_fr())
    return 1 if report.errors else 0


def _handler(args: argparse.Namespace) -> int:
    path = getattr(args, "fichier", None)
    if not path:
        print(f"Usage : ecandidat {NAME} FICHIER.csv", file=sys.stderr)
        return 2
    return run_import(Path(path))


command(NAME, HELP, arguments=add_arguments)(_handler)


def main(argv: list[str] | None = None) -> int:
    """`python -m ecandidat_app.jobs.students FICHIER.csv` (same as the subcommand)."""
    parser = argparse.ArgumentParser(prog=f"ecandidat {NAME}", description=HELP)
    add_arguments(parser)
    return _handler(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
