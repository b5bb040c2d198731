"""`python -m ecandidat_app.demo.ent --port N --data-dir D --people people.json`: prepare the
ENT's SQLite (migrations, users, the eCandidat service) and serve CAS on 127.0.0.1:N."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

LOOPBACK_SERVICES = r"^https?://(localhost|127\.0\.0\.1)(:[0-9]+)?/"
ATTRIBUTES = ("uid", "sn", "givenName", "mail", "supannEtuId")


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        if os.environ.get("ENT_ACCESS_LOG"):
            super().log_message(format, *args)


def _setup(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["ENT_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecandidat_app.demo.ent.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _load_people(path: Path) -> int:
    from cas_server.models import UserAttributes
    from django.contrib.auth import get_user_model

    people = json.loads(path.read_text(encoding="utf-8"))
    user_model = get_user_model()
    for person in people:
        user, _created = user_model.objects.get_or_create(username=person["uid"])
        user.first_name = person.get("givenName", "")
        user.last_name = person.get("sn", "")
        user.email = person.get("mail", "")
        user.set_password(person["password"])
        user.save()
        attributes, _created = UserAttributes.objects.get_or_create(username=person["uid"])
        attributes.attributs = {name: person[name] for name in ATTRIBUTES if person.get(name)}
        attributes.save()
    return len(people)


def _register_service(pattern: str) -> None:
    """One service pattern (eCandidat), single logout on, the SupAnn attributes released."""
    from cas_server.models import ReplaceAttributName, ServicePattern

    ServicePattern.objects.all().delete()
    service = ServicePattern.objects.create(
        pos=100, name="eCandidat", pattern=pattern, single_log_out=True
    )
    for name in ATTRIBUTES:
        ReplaceAttributName.objects.create(name=name, replace="", service_pattern=service)


def _exit_with_parent(parent_pid: int) -> None:
    """Started by `ecandidat demo` or a test: never outlive it."""

    def watch() -> None:
        while True:
            try:
                os.kill(parent_pid, 0)
            except OSError:
                os._exit(0)
            time.sleep(1)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ecandidat_app.demo.ent")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--people", type=Path, required=True)
    parser.add_argument("--service-pattern", default=LOOPBACK_SERVICES)
    parser.add_argument("--parent-pid", type=int, default=0)
    args = parser.parse_args(argv)
    if args.parent_pid:
        _exit_with_parent(args.parent_pid)
    _setup(args.data_dir)
    count = _load_people(args.people)
    _register_service(args.service_pattern)
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1",
        args.port,
        get_wsgi_application(),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    print(f"ENT de démonstration (CAS) : http://127.0.0.1:{args.port}/cas/ ({count} comptes)")
    sys.stdout.flush()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
