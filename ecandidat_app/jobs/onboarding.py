"""Starting a production install without the demo (README, « Production »):

- `ecandidat create-admin [EMAIL]`: the first administrator. By default a single-use link
  to choose the password is e-mailed (sent at once when the mail server answers, else by
  the server's worker); `--mot-de-passe` asks for it on the terminal instead (twice, the
  same strength rule as the sign-up). Running it again changes nothing; a staff account of
  another role becomes administrator only with `--promouvoir`.
- `ecandidat import-offre FICHIER [--dry-run]`: the formation offer from a CSV or XLSX file
  (docs/import-offre.md). Exit code 0 when all went well, 1 when lines are refused (then
  nothing is imported), 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from pathlib import Path

from ecandidat_app.cli import command
from ecandidat_app.core.config import get_settings


def _admin_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("email", nargs="?", help="adresse e-mail de l'administrateur")
    parser.add_argument("--prenom", default="Administrateur", help="prénom")
    parser.add_argument("--nom", default="eCandidat", help="nom")
    parser.add_argument(
        "--mot-de-passe",
        dest="password",
        action="store_true",
        help="saisir le mot de passe ici (sinon : lien envoyé par courriel)",
    )
    parser.add_argument(
        "--promouvoir",
        dest="promote",
        action="store_true",
        help="faire d'un compte du personnel existant un administrateur",
    )


def _deliver_now() -> bool:
    """Send what the outbox holds now; False when the mail server did not take it."""
    from ecandidat_app.core.mail.worker import OutboxWorker

    try:
        report = asyncio.run(OutboxWorker().run_once())
    except Exception:  # noqa: BLE001 - the message stays in the outbox; said below
        return False
    return report.sent > 0 and report.retried == 0 and report.failed == 0


@command("create-admin", "crée le premier compte administrateur", arguments=_admin_arguments)
def _create_admin(args: argparse.Namespace) -> int:
    from ecandidat_app.cli import COMMANDS
    from ecandidat_app.core.admin.bootstrap import AdminOutcome, AdminRequest, create_admin
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.errors import DomainError

    COMMANDS["migrate"][1](args)  # a fresh database works too
    email = args.email or input("Adresse e-mail de l'administrateur : ")
    password = confirm = ""
    if args.password:
        password = getpass.getpass("Mot de passe : ")
        confirm = getpass.getpass("Confirmez le mot de passe : ")
    request = AdminRequest(email, args.prenom, args.nom, password, confirm, args.promote)
    try:
        with session_scope() as s:
            result = create_admin(s, request)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if result.outcome == AdminOutcome.ALREADY_ADMIN:
        print(f"{result.email} est déjà administrateur : rien n'a changé.")
        return 0
    done = "créé" if result.outcome == AdminOutcome.CREATED else "promu administrateur"
    print(f"Compte {result.email} {done}.")
    if not result.link_sent:
        print("Connexion : /connexion, avec cette adresse et ce mot de passe.")
        return 0
    hours = get_settings().reset_link_hours
    if _deliver_now():
        print(f"Un lien pour choisir le mot de passe a été envoyé (valable {hours} h).")
    else:
        print(
            "Le courriel du lien attend dans la boîte d'envoi : le serveur de courriel "
            f"(ECANDIDAT_SMTP_*) n'a pas répondu. Il partira avec `ecandidat worker` ou le "
            f"serveur démarré ; le lien reste valable {hours} h (sinon relancez la commande "
            "avec --mot-de-passe)."
        )
    return 0


def _offer_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", metavar="FICHIER", help="offre au format CSV ou XLSX")
    parser.add_argument(
        "--dry-run",
        dest="dry_run",
        action="store_true",
        help="vérifier seulement : liste ce qui serait créé et les lignes refusées",
    )


@command(
    "import-offre",
    "importe l'offre de formation (centres, commissions, formations, pièces) : FICHIER",
    arguments=_offer_arguments,
)
def _import_offer(args: argparse.Namespace) -> int:
    from ecandidat_app.core.admin.offer_import import run_offer_file
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.core.errors import DomainError

    path = Path(args.fichier)
    if not path.is_file():
        print(f"Fichier introuvable : {path}", file=sys.stderr)
        return 2
    try:
        with session_scope() as s:
            report = run_offer_file(s, path.name, path.read_bytes(), apply=False)
            if report.ok and not args.dry_run:
                report = run_offer_file(s, path.name, path.read_bytes(), apply=True)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(report.summary_fr())
    if not report.ok:
        print("Rien n'a été importé : corrigez les lignes refusées puis recommencez.")
        return 1
    print("Vérification seulement : rien n'a été importé." if args.dry_run else "Offre importée.")
    return 0
