"""A former student in a real browser: the records are imported with the operator's command,
the student signs in with ENT credentials (a real slapd) and a personal address, confirms
it from the captured mail, signs in again and finds the bac locked on "Mon dossier".

Needs from the harness (tests/e2e/conftest.py): the app started with
`ldap_directory.app_env()` in its environment, and the `app_env` fixture (the environment
the app runs with, so the import command writes to the same database).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.journey import import_student_records
from tests.e2e.smtp_capture import SmtpCapture
from tests.ldap_server import STUDENT

TIMEOUT = 15_000
EMAIL = "celine.martin.perso@example.org"
CSV = (
    "numero_etudiant;ine;bac_annee;bac_serie;bac_mention;bac_etablissement;cursus\n"
    f"{STUDENT['number']};1234567890A;2019;Générale;Bien;Lycée Arago;"
    "2019|L1INF|Licence 1 Informatique|Admis#2020|L2INF|Licence 2 Informatique|Admis\n"
)


def _open_form(page: Page, base_url: str) -> None:
    page.goto(base_url + "/connexion-etudiant")
    expect(
        page.get_by_role("heading", name="Je suis (ou j'ai été) étudiant de l'université")
    ).to_be_visible(timeout=TIMEOUT)
    # The form appears once the page is connected (the first load of a fresh app is slow).
    expect(page.get_by_label("Identifiant ENT")).to_be_visible(timeout=60_000)


def _fill_ent_form(page: Page, base_url: str, email: str = "") -> None:
    _open_form(page, base_url)
    page.get_by_label("Identifiant ENT").fill(STUDENT["login"])
    page.get_by_label("Mot de passe ENT").fill(STUDENT["password"])
    if email:
        page.get_by_label("Adresse e-mail personnelle").fill(email)
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.usefixtures("ldap_directory")
def test_former_student_signs_in_with_ent_and_finds_the_bac_locked(
    page: Page,
    base_url: str,
    smtp: SmtpCapture,
    app_env: dict[str, str],
    tmp_path: Path,
    shot,
) -> None:
    import_student_records(app_env, tmp_path, CSV)

    # A wrong password first: the directory says no, the page says why.
    _open_form(page, base_url)
    page.get_by_label("Identifiant ENT").fill(STUDENT["login"])
    page.get_by_label("Mot de passe ENT").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Identifiant ENT ou mot de passe incorrect.")).to_be_visible(
        timeout=TIMEOUT
    )

    _fill_ent_form(page, base_url, EMAIL)
    expect(page.get_by_text(re.compile("e-mail de confirmation a été envoyé"))).to_be_visible(
        timeout=TIMEOUT
    )
    shot(page, "compte-cree")
    assert_no_serious_violations(page)

    mail = smtp.wait_for(EMAIL, "Activez votre compte")
    assert "Céline" in mail.text
    link = next(u for u in mail.links() if "/valider" in u)
    page.goto(link)
    expect(page.get_by_text(re.compile("activé", re.I)).first).to_be_visible(timeout=TIMEOUT)

    _fill_ent_form(page, base_url)
    expect(page).not_to_have_url(re.compile("/connexion-etudiant"), timeout=TIMEOUT)

    page.goto(base_url + "/mon-dossier")
    bac = page.locator("#baccalaureat")
    expect(
        bac.get_by_text(re.compile("Données importées de votre dossier étudiant"))
    ).to_be_visible(timeout=TIMEOUT)
    expect(bac.get_by_text("Générale")).to_be_visible()
    expect(bac.get_by_role("button", name="Enregistrer le baccalauréat")).to_have_count(0)
    expect(page.get_by_text("Licence 2 Informatique")).to_be_visible()
    shot(page, "bac-verrouille")
