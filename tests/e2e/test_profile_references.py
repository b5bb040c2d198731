"""« Mon dossier » with the reference lists in a real browser: an INE whose key is wrong is
refused next to the field in French and nothing is saved; a country is picked through the
combobox (by keyboard and by a tap); a French postal code offers its communes; the bac
series is a list; axe finds nothing serious with the suggestions open or closed."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.journey import TIMEOUT, field, open_page
from tests.e2e.smtp_capture import SmtpCapture

EMAIL = "ines.references@example.org"


def test_wrong_ine_key_refused_and_country_picked_in_the_combobox(
    page: Page, base_url: str, smtp: SmtpCapture, shot
) -> None:
    journey.sign_up(page, base_url, last="Reference", first="Inès", email=EMAIL)
    journey.activate_from_mail(page, smtp, EMAIL)
    journey.log_in(page, base_url, EMAIL)
    expect(page).not_to_have_url(re.compile("/connexion"), timeout=TIMEOUT)
    open_page(page, base_url + "/mon-dossier")

    field(page, "Civilité").select_option("Mme")
    field(page, "Date de naissance").fill("2003-06-12")
    field(page, "Lieu de naissance").fill("Perpignan")
    journey.pick_country(page, "Pays de naissance", "fran", "France")

    # The keyboard way: type, arrow down, Enter.
    nationality = page.get_by_role("combobox", name=re.compile("^Nationalité"))
    nationality.fill("alle")
    listbox = page.get_by_role("listbox", name=re.compile("^Nationalité"))
    expect(listbox.get_by_role("option", name="Allemagne")).to_be_visible(timeout=TIMEOUT)
    expect(nationality).to_have_attribute("aria-expanded", "true")
    assert_no_serious_violations(page)  # suggestions open
    nationality.press("ArrowDown")
    expect(nationality).to_have_attribute(
        "aria-activedescendant", "nationality-option-0", timeout=TIMEOUT
    )
    nationality.press("Enter")
    expect(nationality).to_have_value("Allemagne", timeout=TIMEOUT)
    expect(nationality).to_have_attribute("aria-expanded", "false")

    # An INE with a wrong key (the BEA key of 1234567890 is V): refused, in French.
    field(page, "INE (identifiant national étudiant)").fill("1234567890A")
    page.get_by_role("button", name="Enregistrer l'état civil").click()
    error = page.locator("#ine-erreur")
    expect(error).to_contain_text(
        "Cet INE n'est pas valide : sa clé (le dernier caractère) ne correspond pas.",
        timeout=TIMEOUT,
    )
    expect(field(page, "INE (identifiant national étudiant)")).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.get_by_text("Corrigez les champs signalés.")).to_be_visible()
    shot(page, "profil-ine-refuse")

    field(page, "INE (identifiant national étudiant)").fill("1234567890V")
    page.get_by_role("button", name="Enregistrer l'état civil").click()
    expect(page.get_by_text("Modifications enregistrées").first).to_be_visible(timeout=TIMEOUT)
    expect(error).to_have_text("")

    # A French postal code serving several communes: choose one in the list.
    field(page, "Téléphone").fill("06 11 22 33 44")
    field(page, "Adresse").fill("2 rue du Puits")
    field(page, "Code postal").fill("66200")
    commune = field(page, "Commune")
    expect(commune.locator("option", has_text=re.compile("^Elne$"))).to_have_count(
        1, timeout=TIMEOUT
    )
    commune.select_option("Elne")
    page.get_by_role("button", name="Enregistrer les coordonnées").click()
    expect(page.get_by_text("Modifications enregistrées")).to_have_count(2, timeout=TIMEOUT)

    # The bac series is a list; the general bac asks for its two specialities.
    field(page, "Année d'obtention").fill("2021")
    field(page, "Série ou diplôme équivalent").select_option("BG")
    field(page, "Spécialité de terminale 1").select_option("SES")
    field(page, "Spécialité de terminale 2").select_option("HGGSP")
    page.get_by_role("button", name="Enregistrer le baccalauréat").click()
    expect(page.get_by_text("Baccalauréat enregistré").first).to_be_visible(timeout=TIMEOUT)

    # Read back after a reload: what was chosen is what the lists say.
    open_page(page, base_url + "/mon-dossier")
    expect(nationality).to_have_value("Allemagne", timeout=TIMEOUT)
    expect(commune).to_have_value("Elne")
    expect(field(page, "Série ou diplôme équivalent")).to_have_value("BG")
    expect(page.get_by_text("Votre dossier est complet")).to_be_visible()
    assert_no_serious_violations(page)  # suggestions closed
    shot(page, "profil-listes-de-reference")
