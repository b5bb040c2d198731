"""A production install from an empty database, in a real browser: `ecandidat create-admin`
mails a link (real SMTP server), the administrator chooses a password with it, signs in,
creates the first campaign, sees the dry run of the offer file (a refused line, then a
clean file), imports it, and the formations are in the public catalogue. Axe checks the
new pages.

The app runs here as `ecandidat serve` in production mode on an empty SQLite database,
on PORT like the session's demo server: this module runs first (RUN_FIRST) and stops its
server before the demo one starts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.conftest import BASE_URL, PORT, ROOT, running_app
from tests.e2e.journey import TIMEOUT, field, log_in, open_page
from tests.e2e.smtp_capture import SmtpCapture

RUN_FIRST = True
ADMIN = "premiere.admin@univ.example"
PASSWORD = "Installation-neuve-2027"
EXAMPLE = ROOT / "docs" / "exemples" / "offre.csv"


@pytest.fixture(scope="module")
def empty_install(
    _e2e_lock: None, smtp: SmtpCapture, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    env = {
        **os.environ,
        "ECANDIDAT_MODE": "production",
        "ECANDIDAT_DATA_DIR": str(tmp_path_factory.mktemp("onboarding-data")),
        "ECANDIDAT_SMTP_PORT": str(smtp.port),
        "ECANDIDAT_BASE_URL": BASE_URL,
        "ECANDIDAT_BACKEND_PORT": str(PORT),
    }
    env.pop("ECANDIDAT_DATABASE_URL", None)
    env.pop("ECANDIDAT_REDIS_URL", None)
    ecandidat = str(Path(sys.executable).with_name("ecandidat"))
    made = subprocess.run(
        [ecandidat, "create-admin", ADMIN, "--prenom", "Claire", "--nom", "Fontaine"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    assert "Un lien pour choisir le mot de passe a été envoyé" in made.stdout
    with running_app(["serve"], env, "e2e-onboarding-server.log"):
        yield BASE_URL


@pytest.fixture
def fresh_page(browser: Browser, empty_install: str) -> Iterator[Page]:
    """A page of the empty install (pytest-playwright's `page` would start the session's
    demo server through its session-wide `base_url`)."""
    context = browser.new_context(base_url=empty_install)
    yield context.new_page()
    context.close()


def _bad_offer(tmp_path: Path) -> Path:
    bad = tmp_path / "offre-a-corriger.csv"
    bad.write_bytes(EXAMPLE.read_bytes().replace(b";L;60;", b";Doctorat;60;"))
    return bad


def test_from_an_empty_database_to_the_offer_in_the_catalogue(
    fresh_page: Page, empty_install: str, smtp: SmtpCapture, tmp_path: Path
) -> None:
    page, base_url = fresh_page, empty_install
    # The link of create-admin: the account had no password, it chooses one.
    mail = smtp.wait_for(ADMIN, "mot de passe")
    link = next(u for u in mail.links() if "/reinitialiser" in u)
    open_page(page, link)
    field(page, "Nouveau mot de passe").fill(PASSWORD)
    field(page, "Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible(timeout=TIMEOUT)

    log_in(page, base_url, ADMIN, PASSWORD)
    expect(page).not_to_have_url(re.compile("/connexion"), timeout=TIMEOUT)
    open_page(page, base_url + "/admin")
    expect(page.get_by_text("Aucune campagne n'existe encore.")).to_be_visible(timeout=TIMEOUT)
    assert_no_serious_violations(page)
    page.locator("#lien-premiere-campagne").click()
    expect(page).to_have_url(re.compile("/admin/premiere-campagne"), timeout=TIMEOUT)
    expect(field(page, "Code")).to_be_visible(timeout=TIMEOUT)
    assert_no_serious_violations(page)

    # Dates out of order: refused next to the field, nothing created.
    field(page, "Code").fill("2027")
    field(page, "Libellé").fill("Campagne 2027")
    field(page, "Ouverture").fill("2027-01-04")
    field(page, "Fin de validité des comptes candidats").fill("2027-12-31")
    field(page, "Fin de campagne").fill("2027-10-31")
    page.get_by_role("button", name="Créer et ouvrir la campagne").click()
    expect(page.get_by_text("Les dates doivent se suivre")).to_be_visible(timeout=TIMEOUT)
    field(page, "Fin de validité des comptes candidats").fill("2027-09-30")
    page.get_by_role("button", name="Créer et ouvrir la campagne").click()
    expect(page).to_have_url(re.compile("/admin/import-offre"), timeout=TIMEOUT)

    # The dry run of a file with a refused line: no « Importer ».
    chooser = page.locator("#fichier-offre input[type=file]")
    expect(page.get_by_text("Choisir le fichier")).to_be_visible(timeout=TIMEOUT)
    chooser.set_input_files(str(_bad_offer(tmp_path)))
    refused = page.locator("#lignes-refusees li")
    expect(refused).to_have_count(1, timeout=TIMEOUT)
    expect(refused.first).to_contain_text("Ligne 3 : Niveau « Doctorat » inconnu")
    expect(page.get_by_role("button", name="Importer")).to_have_count(0)
    assert_no_serious_violations(page)

    # The clean file: what will be created, then « Importer ».
    chooser.set_input_files(str(EXAMPLE))
    created = page.locator("#elements-a-creer li")
    expect(created).to_have_count(12, timeout=TIMEOUT)
    expect(created.filter(has_text="Formation M-INFO — Master Informatique")).to_have_count(1)
    expect(page.locator("#lignes-refusees")).to_have_count(0)
    assert_no_serious_violations(page)
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("Offre importée : 12 élément(s) créé(s).").first).to_be_visible(
        timeout=TIMEOUT
    )

    # The offer is what applicants now find.
    open_page(page, base_url + "/formations")
    expect(page.get_by_text("Master Mathématiques appliquées").first).to_be_visible(timeout=TIMEOUT)
    open_page(page, base_url + "/admin")
    expect(page.get_by_text("Aucune campagne n'existe encore.")).to_have_count(0)
