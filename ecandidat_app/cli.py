"""`ecandidat` command: migrate, seed, demo, serve and the background jobs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import OperationalError

from ecandidat_app.core.config import get_settings

Handler = Callable[[argparse.Namespace], int]
Arguments = Callable[[argparse.ArgumentParser], None]
COMMANDS: dict[str, tuple[str, Handler, Arguments | None]] = {}


def command(
    name: str, help_text: str, *, arguments: Arguments | None = None
) -> Callable[[Handler], Handler]:
    """Register a subcommand; `arguments` adds its own options to its parser."""

    def wrap(fn: Handler) -> Handler:
        COMMANDS[name] = (help_text, fn, arguments)
        return fn

    return wrap


def _workers_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=None, help="processus du serveur")


@command("migrate", "applique les migrations de la base de données")
def _migrate(_args: argparse.Namespace) -> int:
    from ecandidat_app.core.migrations import upgrade_head

    settings = get_settings()
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_head(settings.database_url)
    print("Base de données à jour.")
    return 0


@command("seed", "charge les données de démonstration (une seule fois)")
def _seed(args: argparse.Namespace) -> int:
    _migrate(args)  # a fresh data folder works too
    from ecandidat_app.core.db import session_scope
    from ecandidat_app.demo.former_students import seed_former_students
    from ecandidat_app.demo.seed import seed_demo

    with session_scope() as s:
        created = seed_demo(s)
        seed_former_students(s)  # idempotent: also for a demo seeded before it existed
    print(
        "Données de démonstration chargées."
        if created
        else "Données de démonstration déjà présentes."
    )
    return 0


def _print_welcome() -> None:
    from ecandidat_app.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD

    settings = get_settings()
    print()
    print(f"  eCandidat démarre sur {settings.base_url}")
    if settings.demo:
        print(f"  Boîte mail de démo : {settings.base_url}/boite-mail-demo")
        print(f"  Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for role, email in DEMO_ACCOUNTS.items():
            print(f"    - {role:<26} {email}")
        if _DEMO_ENT_STARTED:
            _print_demo_ent(settings.cas_url)
    print()
    sys.stdout.flush()


PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_FRONTEND = PACKAGE_DIR / "frontend"  # holds build/client in a wheel (make dist)
PACKAGED_RXCONFIG = PACKAGE_DIR / "_bundle" / "rxconfig.py"


GENERATED_MARK = "# Écrit par la commande ecandidat (paquet installé) : ne pas modifier."


def _installed_runtime() -> None:
    """Outside a checkout (installed wheel, empty folder), prepare what Reflex looks for in
    the current folder: `rxconfig.py` (the packaged one) and `.web/build` pointing at the
    frontend exported into the wheel. `.web` stays a real folder: Reflex writes a little
    there at start, never into site-packages."""
    here = Path.cwd()
    config = here / "rxconfig.py"
    if config.is_file() and not config.read_text().startswith(GENERATED_MARK):
        return  # a checkout: its own config and .web win
    if not PACKAGED_RXCONFIG.is_file():
        raise SystemExit("rxconfig.py introuvable : lancez la commande depuis le projet.")
    config.write_text(f"{GENERATED_MARK}\n{PACKAGED_RXCONFIG.read_text()}")
    build = here / ".web" / "build"
    if (PACKAGED_FRONTEND / "build" / "client" / "index.html").is_file():
        build.parent.mkdir(exist_ok=True)
        if build.is_symlink():
            build.unlink()
        if not build.exists():
            build.symlink_to(PACKAGED_FRONTEND / "build", target_is_directory=True)
    print("  Dossier préparé pour Reflex : rxconfig.py, .web/build -> frontend du paquet.")


def _exec_backend(port: int, workers: int | None = None) -> int:
    """Hand over to Reflex's production backend; it serves the exported frontend too."""
    env = os.environ.copy()
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    env.setdefault("REFLEX_CHECK_LATEST_VERSION", "0")
    if workers:
        env["GRANIAN_WORKERS"] = str(workers)
    _installed_runtime()
    if not (Path.cwd() / ".web" / "build" / "client" / "index.html").is_file():
        print("  Attention : frontend non construit (make frontend).", file=sys.stderr)
    reflex = Path(sys.executable).with_name("reflex")
    args = [str(reflex), "run", "--env", "prod", "--backend-only", "--backend-port", str(port)]
    sys.stdout.flush()
    os.execve(str(reflex), args, env)
    return 0  # pragma: no cover


_DEMO_ENT_STARTED: list[bool] = []


def _start_demo_ent() -> None:
    """`ecandidat demo` without a CAS of its own: start the demo ENT (a real CAS server on
    loopback, a child process that ends with this one) and point the app at it."""
    settings = get_settings()
    if not settings.demo_ent_enabled or settings.cas_url:
        return
    from ecandidat_app.core.config import reset_settings_cache
    from ecandidat_app.demo.ent.launch import start_demo_ent

    if start_demo_ent(settings.data_dir, settings.demo_ent_port, settings.base_url) is None:
        return
    os.environ["ECANDIDAT_CAS_ENABLED"] = "true"
    os.environ["ECANDIDAT_CAS_URL"] = f"http://localhost:{settings.demo_ent_port}/cas/"
    reset_settings_cache()
    _DEMO_ENT_STARTED.append(True)


def _print_demo_ent(cas_url: str) -> None:
    from ecandidat_app.demo.former_students import DEMO_ENT_PASSWORD, ent_logins

    print(f"  ENT de démonstration (CAS) : {cas_url}login")
    print(f"  Identifiants ENT (mot de passe : {DEMO_ENT_PASSWORD}), bouton « Je suis étudiant")
    print("  ou ancien étudiant de l'université » de la page /connexion-etudiant :")
    for login, who in ent_logins().items():
        print(f"    - {login:<22} {who}")


@command("demo", "migre, charge la démo et démarre l'application (SQLite, boîte mail locale)")
def _demo(args: argparse.Namespace) -> int:
    _seed(args)
    _start_demo_ent()
    _print_welcome()
    return _exec_backend(get_settings().backend_port)


@command(
    "serve",
    "démarre le serveur (production : ECANDIDAT_* dans l'environnement)",
    arguments=_workers_option,
)
def _serve(args: argparse.Namespace) -> int:
    _migrate(args)
    _print_welcome()
    return _exec_backend(get_settings().backend_port, args.workers)


def _settings_problems() -> list[str]:
    """Why the ECANDIDAT_* settings cannot be used (empty when they can), in French."""
    from pydantic import ValidationError

    try:
        get_settings()
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message = str(error.get("msg", "")).removeprefix("Value error, ")
            where = ".".join(str(part) for part in error.get("loc", ()))
            problems.append(f"ECANDIDAT_{where.upper()} : {message}" if where else message)
        return problems
    return []


def main(argv: list[str] | None = None) -> int:
    problems = _settings_problems()
    if problems:  # a clear message, never a traceback (e.g. production without a secret)
        print("Configuration invalide :", *problems, sep="\n  ", file=sys.stderr)
        return 2
    _load_plugins()
    parser = argparse.ArgumentParser(prog="ecandidat")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, _fn, arguments) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        if arguments is not None:
            arguments(p)
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command][1](args)
    except OperationalError as exc:  # database down or missing: say so, no traceback
        print(
            "Impossible de joindre la base de données "
            f"({get_settings().database_url.split('@')[-1]}) :\n  {exc.orig}",
            file=sys.stderr,
        )
        return 2


def _load_plugins() -> None:
    """Job modules register their own subcommands (worker, deadlines, sweep, import)."""
    import importlib

    for module in ("ecandidat_app.jobs",):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


if __name__ == "__main__":
    raise SystemExit(main())
