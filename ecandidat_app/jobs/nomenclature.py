"""`ecandidat import-nomenclature FICHIER`: take the university's SIS codes for the bac
series and the countries (CSV `type;code;libelle;code_ecandidat`, see
core/integrations/sis/nomenclature.py and docs/sis-export.md), so the SIS export emits
them. Exit code 0 when codes were imported, 2 when the file is refused."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ecandidat_app.cli import command

NAME = "import-nomenclature"
HELP = "importe les codes du SI de scolarité (séries du bac, pays) pour l'export des admis"
KIND_LABELS = {"bac": "Séries du bac", "pays": "Pays"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", help="fichier CSV « type;code;libelle;code_ecandidat »")


def run(args: argparse.Namespace) -> int:
    from ecandidat_app.core.errors import DomainError
    from ecandidat_app.core.integrations.sis.nomenclature import import_nomenclature

    source = Path(args.fichier)
    if not source.is_file():
        print(f"Fichier introuvable : {source}", file=sys.stderr)
        return 2
    try:
        report = import_nomenclature(source.read_bytes())
    except DomainError as refusal:
        print(f"Fichier refusé : {refusal.message}", file=sys.stderr)
        return 2
    for kind, count in report.imported.items():
        print(f"{KIND_LABELS[kind]} : {count} code(s) de l'application reliés au SI.")
        left = report.without_code[kind]
        if left:
            print(f"  Sans code du SI ({len(left)}) : {', '.join(left)}")
    if report.unmatched:
        print(f"Lignes sans correspondance ({len(report.unmatched)}) :")
        for line in report.unmatched:
            print(f"  {line}")
    return 0


command(NAME, HELP, arguments=add_arguments)(run)
