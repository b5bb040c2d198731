"""`ecandidat create-admin` and `ecandidat import-offre` run as the operator runs them (a
subprocess on a fresh SQLite database), the link e-mailed to a real SMTP server on
loopback, then used to choose the password of an account that never had one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import config, db
from ecandidat_app.core.accounts import recovery
from ecandidat_app.core.accounts.sign_in import login
from ecandidat_app.core.models import (
    Account,
    AuditEvent,
    Formation,
    MailStatus,
    OutboxMessage,
    Role,
)
from tests.core.mail.conftest import SmtpServer

ECANDIDAT = str(Path(sys.executable).with_name("ecandidat"))
EXAMPLE = Path(__file__).parents[3] / "docs" / "exemples" / "offre.csv"
STRONG = "Tr3s-long-cheval-agrafe"


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ECANDIDAT, *args],
        input=stdin,
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _session(settings: config.Settings) -> Session:
    return Session(db.make_engine(settings.database_url), expire_on_commit=False)


def test_create_admin_mails_a_link_that_sets_the_first_password(
    settings: config.Settings, smtp_server: SmtpServer
) -> None:
    done = _run("create-admin", "premier.admin@univ.fr")
    assert done.returncode == 0, done.stderr
    assert "Compte premier.admin@univ.fr créé." in done.stdout
    assert "Un lien pour choisir le mot de passe a été envoyé" in done.stdout
    [mail] = smtp_server.received
    assert mail["To"] == "premier.admin@univ.fr"
    body = mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    token = re.search(r"/reinitialiser\?token=([\w-]+)", body).group(1)  # type: ignore[union-attr]
    with _session(settings) as s:
        recovery.reset_password(s, token, STRONG, STRONG)
        s.commit()
        account, _token = login(s, identifier="premier.admin@univ.fr", password=STRONG)
        assert account.role == Role.ADMIN
    again = _run("create-admin", "premier.admin@univ.fr")
    assert again.returncode == 0 and "déjà administrateur : rien n'a changé" in again.stdout
    assert len(smtp_server.received) == 1  # no second link


@pytest.mark.usefixtures("smtp_port")  # a free port: nothing listens there
def test_the_link_waits_in_the_outbox_when_the_mail_server_is_down(
    settings: config.Settings,
) -> None:
    done = _run("create-admin", "a@univ.fr")
    assert done.returncode == 0, done.stderr
    assert "attend dans la boîte d'envoi" in done.stdout
    assert "Traceback" not in done.stderr
    with _session(settings) as s:
        waiting = s.exec(select(OutboxMessage)).one()
        assert waiting.to_addr == "a@univ.fr" and waiting.status != MailStatus.SENT


def test_typed_password_twice_weak_refused_then_strong_accepted(settings: config.Settings) -> None:
    weak = _run("create-admin", "b@univ.fr", "--mot-de-passe", stdin="azertyuiop\nazertyuiop\n")
    assert weak.returncode == 1
    assert "Mot de passe trop faible" in weak.stderr and "Traceback" not in weak.stderr
    typo = _run("create-admin", "b@univ.fr", "--mot-de-passe", stdin=f"{STRONG}\n{STRONG}x\n")
    assert typo.returncode == 1 and "ne sont pas identiques" in typo.stderr
    done = _run("create-admin", "--mot-de-passe", stdin=f"b@univ.fr\n{STRONG}\n{STRONG}\n")
    assert done.returncode == 0, done.stderr
    with _session(settings) as s:
        account, _token = login(s, identifier="b@univ.fr", password=STRONG)
        assert account.role == Role.ADMIN
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "admin_created_cli")).one()


def test_an_existing_staff_account_needs_the_promotion_flag(settings: config.Settings) -> None:
    typed = ["--mot-de-passe"]
    _run("migrate")
    with _session(settings) as s:
        s.add(Account(role=Role.GESTIONNAIRE, file_number="P1", email="g@univ.fr",
                      last_name="Durand", first_name="Paul"))  # fmt: skip
        s.commit()
    refused = _run("create-admin", "g@univ.fr", *typed, stdin=f"{STRONG}\n{STRONG}\n")
    assert refused.returncode == 1 and "--promouvoir" in refused.stderr
    done = _run("create-admin", "g@univ.fr", "--promouvoir", *typed, stdin=f"{STRONG}\n{STRONG}\n")
    assert done.returncode == 0 and "promu administrateur" in done.stdout
    with _session(settings) as s:
        assert s.exec(select(Account.role).where(Account.email == "g@univ.fr")).one() == Role.ADMIN


def test_import_offre_dry_run_then_real(settings: config.Settings, tmp_path: Path) -> None:
    assert _run("migrate").returncode == 0
    no_campaign = _run("import-offre", str(EXAMPLE), "--dry-run")
    assert no_campaign.returncode == 2 and "Aucune campagne en cours" in no_campaign.stderr
    with _session(settings) as s:
        from tests import factories

        factories.campaign(s, today=factories.campaign_epoch().date().replace(year=2027))
        s.commit()
    dry = _run("import-offre", str(EXAMPLE), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "+ Formation M-INFO — Master Informatique" in dry.stdout
    assert "rien n'a été importé" in dry.stdout
    with _session(settings) as s:
        assert s.exec(select(Formation)).all() == []
    bad = tmp_path / "offre.csv"
    bad.write_bytes(EXAMPLE.read_bytes().replace(b";M;40;", b";Z;40;"))
    refused = _run("import-offre", str(bad))
    assert refused.returncode == 1
    assert "ligne 2 : Niveau « Z » inconnu" in refused.stdout
    with _session(settings) as s:
        assert s.exec(select(Formation)).all() == []
    real = _run("import-offre", str(EXAMPLE))
    assert real.returncode == 0 and "Offre importée." in real.stdout
    with _session(settings) as s:
        assert len(s.exec(select(Formation)).all()) == 4
    missing = _run("import-offre", str(tmp_path / "absent.csv"))
    assert missing.returncode == 2 and "Fichier introuvable" in missing.stderr
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    assert "Le fichier est vide." in _run("import-offre", str(empty)).stderr
