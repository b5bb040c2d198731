"""Wrong inputs in the applicant's journey get a clear French message in the browser, and
nothing already saved is lost."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e import journey

DEMO_APPLICANT = "candidat@demo.ecandidat.fr"
DEMO_PASSWORD = "Demo-ecandidat-2027"


def test_signup_mismatched_email_and_weak_password(page: Page, base_url: str) -> None:
    journey.open_page(page, base_url + "/inscription")
    journey.field(page, "Nom").fill("Martin")
    journey.field(page, "Prénom").fill("Noé")
    journey.field(page, "Adresse e-mail").fill("noe@example.org")
    journey.field(page, "Confirmation de l'adresse e-mail").fill("noe@example.com")
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_text("Les deux adresses e-mail ne sont pas identiques.")).to_be_visible()
    # What was typed is still there.
    expect(journey.field(page, "Nom")).to_have_value("Martin")

    journey.field(page, "Confirmation de l'adresse e-mail").fill("noe@example.org")
    page.get_by_role("button", name="Suivant").click()
    journey.field(page, "Mot de passe").fill("motdepasse")
    journey.field(page, "Confirmation du mot de passe").fill("motdepasse")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(re.compile("Mot de passe trop faible")).first).to_be_visible()
    expect(page.locator("#numero-dossier")).to_have_count(0)


def test_closed_formation_and_refused_files(page: Page, base_url: str, tmp_path: Path) -> None:
    journey.log_in(page, base_url, DEMO_APPLICANT, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=journey.TIMEOUT)

    # A closed formation cannot be selected.
    journey.open_page(page, base_url + "/formations?q=miage")
    title = page.get_by_role("button", name="Master MIAGE")
    expect(title).to_be_visible()
    title.click()
    expect(page.get_by_text("Fermée").first).to_be_visible()
    expect(page.get_by_role("button", name="Candidater")).to_be_disabled()

    journey.apply_from_catalogue(page, base_url, "cybersecurite", "DU Cybersécurité")
    exe = tmp_path / "cv.pdf"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 4096)  # a Windows executable renamed .pdf
    _try_upload(page, "CV", exe)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(re.compile("Seuls les fichiers PDF, JPG et PNG"))).to_be_visible(
        timeout=journey.TIMEOUT
    )
    big = tmp_path / "gros.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    _try_upload(page, "CV", big)
    expect(dialog.get_by_text(re.compile("dépasse la taille maximale"))).to_be_visible(
        timeout=journey.TIMEOUT
    )
    dialog.get_by_role("button", name="Fermer").click()
    expect(dialog).to_be_hidden()
    # Nothing was stored and the dossier cannot be transmitted.
    expect(page.get_by_text("cv.pdf")).to_have_count(0)
    expect(page.get_by_role("button", name="Transmettre ma candidature")).to_be_disabled()


def _try_upload(page: Page, code: str, path: Path) -> None:
    dialog = page.get_by_role("dialog")
    if not dialog.is_visible():
        page.locator(f"#ajouter-{code}").click()
    dialog.locator("#upload-piece input[type=file]").set_input_files(str(path))
