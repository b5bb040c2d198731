"""Two campaigns in a real browser, on the demo data (which ships last year's archived
campaign): the gestionnaire picks last year's campaign on the board and opens one of its
dossiers, read-only; last year's applicant is told in French to create this year's
account. Each page passes the axe check."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from ecandidat_app.demo.previous_campaign import PREVIOUS_APPLICANT
from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations

DEMO_PASSWORD = "Demo-ecandidat-2027"
GESTIONNAIRE = "gestionnaire@demo.ecandidat.fr"
DESKTOP = {"width": 1280, "height": 900}
ARCHIVED = "Campagne archivée — consultation seule"


def _staff_page(browser: Browser, base_url: str) -> Page:
    page = browser.new_context(viewport=DESKTOP).new_page()
    journey.log_in(page, base_url, GESTIONNAIRE, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile("/gestion"), timeout=journey.TIMEOUT)
    return page


def _cards(page: Page) -> int:
    return page.locator("[id^='carte-']").count()


def test_staff_looks_at_last_years_campaign_read_only(
    browser: Browser, base_url: str, shot
) -> None:
    page = _staff_page(browser, base_url)
    journey.open_page(page, base_url + "/gestion")
    expect(page.locator("[id^='carte-']").first).to_be_visible(timeout=journey.TIMEOUT)
    this_year = _cards(page)
    expect(page.get_by_text(ARCHIVED)).to_have_count(0)

    selector = journey.field(page, "Campagne")
    archived_option = selector.locator("option", has_text="archivée").first
    selector.select_option(value=archived_option.get_attribute("value"))
    expect(page.get_by_text(ARCHIVED)).to_be_visible(timeout=journey.TIMEOUT)
    expect(page.locator("[id^='carte-']").first).to_be_visible(timeout=journey.TIMEOUT)
    assert 0 < _cards(page) < this_year
    shot(page, "tableau-campagne-archivee")
    assert_no_serious_violations(page)

    # The list view of an archived campaign has no bulk actions.
    page.get_by_role("button", name="Vue liste").click()
    expect(page.get_by_text(re.compile(r"\d+ dossier\(s\)$"))).to_be_visible(
        timeout=journey.TIMEOUT
    )
    expect(page.get_by_role("button", name="Passer en Complet")).to_have_count(0)
    page.get_by_role("button", name="Vue tableau").click()

    page.locator("#colonne-complet [id^='carte-'], #colonne-validee [id^='carte-']").first.click()
    expect(page).to_have_url(re.compile(r"/gestion/dossier/\d+$"), timeout=journey.TIMEOUT)
    expect(page.get_by_text(ARCHIVED)).to_be_visible(timeout=journey.TIMEOUT)
    expect(page.get_by_role("heading", name="Pièces justificatives")).to_be_visible()
    for action in ("Dossier complet", "Dossier incomplet", "Saisir l'avis", "Ajouter la note"):
        expect(page.get_by_role("button", name=action, exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^(Valider|Refuser)"))).to_have_count(0)
    shot(page, "dossier-campagne-archivee")
    assert_no_serious_violations(page)

    # Back on the board, in a new tab: the current campaign again.
    other = page.context.new_page()
    journey.open_page(other, base_url + "/gestion")
    expect(other.locator("[id^='carte-']").first).to_be_visible(timeout=journey.TIMEOUT)
    expect(other.get_by_text(ARCHIVED)).to_have_count(0)


def test_last_years_applicant_is_told_to_create_this_years_account(
    browser: Browser, base_url: str, shot
) -> None:
    page = browser.new_context(viewport=DESKTOP).new_page()
    journey.log_in(page, base_url, PREVIOUS_APPLICANT, DEMO_PASSWORD)
    message = page.get_by_text("Ce compte appartient à une campagne précédente")
    expect(message).to_be_visible(timeout=journey.TIMEOUT)
    expect(message).to_contain_text("Créez votre compte pour la campagne de cette année")
    expect(page).to_have_url(re.compile("/connexion"))
    shot(page, "compte-campagne-precedente")
    assert_no_serious_violations(page)
