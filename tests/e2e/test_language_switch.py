"""The interface in English: a first visit follows the browser's Accept-Language, the
header's switch changes the language at once and the cookie keeps it, an account keeps its
own choice from one browser to the next, and the English page passes axe."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.smtp_capture import SmtpCapture

TIMEOUT = journey.TIMEOUT
ENGLISH_TITLE = "Apply to the university"
FRENCH_TITLE = "Candidater à l'université"


@pytest.fixture
def english_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")  # Accept-Language: en-GB
    yield context.new_page()
    context.close()


def _expect_language(page: Page, lang: str, title: str) -> None:
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main").locator("xpath=..")).to_have_attribute("lang", lang)


def test_a_first_visit_in_english_and_the_switch(english_page: Page, base_url: str, shot) -> None:
    page = english_page
    journey.open_page(page, base_url + "/")
    _expect_language(page, "en", ENGLISH_TITLE)
    banner = page.get_by_role("banner")
    expect(banner.get_by_role("link", name="Create an account")).to_be_visible()
    # The switch names the other language in that language, marked as such.
    switch = banner.get_by_role("button", name="Français")
    expect(switch.locator("[lang=fr]")).to_have_text("Français")
    shot(page, "home-en")
    assert_no_serious_violations(page)

    switch.click()
    _expect_language(page, "fr", FRENCH_TITLE)
    page.reload()
    journey.open_page(page, base_url + "/")
    _expect_language(page, "fr", FRENCH_TITLE)

    page.get_by_role("banner").get_by_role("button", name="English").click()
    _expect_language(page, "en", ENGLISH_TITLE)
    journey.open_page(page, base_url + "/connexion")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    expect(page.get_by_label("E-mail address or file number")).to_be_visible()


def test_an_account_keeps_its_language_in_another_browser(
    page: Page, browser: Browser, base_url: str, smtp: SmtpCapture
) -> None:
    email = "english.speaker@example.org"
    journey.sign_up(page, base_url, last="Speaker", first="Ann", email=email)
    journey.activate_from_mail(page, smtp, email)
    journey.log_in(page, base_url, email)
    banner = page.get_by_role("banner")
    expect(banner.get_by_role("link", name="Mes candidatures")).to_be_visible(timeout=TIMEOUT)
    banner.get_by_role("button", name="English").click()
    expect(banner.get_by_role("link", name="My applications")).to_be_visible(timeout=TIMEOUT)

    french = browser.new_context()  # a French browser (tests/e2e/conftest.py), no cookie
    try:
        other = french.new_page()
        journey.log_in(other, base_url, email)  # the login page speaks French here
        other_banner = other.get_by_role("banner")
        expect(other_banner.get_by_role("link", name="My applications")).to_be_visible(
            timeout=TIMEOUT
        )
        expect(other.locator("html")).to_have_attribute("lang", "en")
    finally:
        french.close()


def test_the_switch_reads_the_catalogue_again_and_renames_the_tab(
    english_page: Page, base_url: str
) -> None:
    """Values the server loaded (formation titles entered in both languages, the closing
    badges) follow the switch at once on a page that only reads, and so does the tab."""
    page = english_page
    journey.open_page(page, base_url + "/formations?q=L001")  # the demo's Licence Informatique
    expect(page).to_have_title("Programmes · eCandidat")
    main = page.get_by_role("main")
    expect(main.get_by_text("Bachelor's in Computer Science").first).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("banner").get_by_role("button", name="Français").click()
    expect(main.get_by_text("Licence Informatique").first).to_be_visible(timeout=TIMEOUT)
    expect(main.get_by_text("Bachelor's in Computer Science")).to_have_count(0)
    expect(page).to_have_title("Formations · eCandidat")
