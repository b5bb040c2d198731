"""What an applicant hit in real use (issue 13): the header's « Se déconnecter » unreadable
when /connexion was the first page opened, and the refusal of « Candidater » shown at the
top of the list, out of sight of the card that was clicked."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.smtp_capture import SmtpCapture

DEMO_APPLICANT = "candidat@demo.ecandidat.fr"
DEMO_PASSWORD = "Demo-ecandidat-2027"


def test_logout_is_white_on_the_header_when_connexion_is_the_first_page(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context()  # nothing loaded before: /connexion is the first page
    page = context.new_page()
    try:
        journey.log_in(page, base_url, DEMO_APPLICANT, DEMO_PASSWORD)
        expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=journey.TIMEOUT)
        logout = page.locator("header").get_by_text("Se déconnecter")
        expect(logout).to_be_visible(timeout=journey.TIMEOUT)
        expect(logout).to_have_css("color", "rgb(255, 255, 255)")
        assert_no_serious_violations(page)
    finally:
        context.close()


def test_refusal_of_candidater_shows_on_the_clicked_card(
    page: Page, base_url: str, smtp: SmtpCapture
) -> None:
    """A new applicant (profile not filled) clicks « Candidater » on the last card of the
    page: the reason, with the way to « Mon dossier », is on that card, in view."""
    email = "refus.sur.la.carte@example.org"
    journey.sign_up(page, base_url, last="Roig", first="Núria", email=email)
    journey.activate_from_mail(page, smtp, email)
    journey.log_in(page, base_url, email)
    expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=journey.TIMEOUT)
    journey.open_page(page, base_url + "/formations?ouvertes=1")
    card = page.locator("div.rt-Card").filter(
        has=page.get_by_role("button", name="Candidater", exact=True)
    )
    last = card.last
    last.get_by_role("button", name="Candidater", exact=True).click()
    refusal = last.get_by_role("alert")
    expect(refusal).to_contain_text("dossier personnel est incomplet", timeout=journey.TIMEOUT)
    expect(refusal).to_be_in_viewport()
    expect(refusal.get_by_role("link", name="Compléter mon dossier")).to_be_visible()
    # Only that card says it, and nothing is left at the top of the list.
    expect(page.get_by_text("dossier personnel est incomplet")).to_have_count(1)
    expect(card.first.get_by_role("alert")).to_be_empty()
