"""Mails follow the account's language, in the real app through its SMTP server: an
applicant who chose English in the header receives English mail, even when the action
that sends it is made from a French browser."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.e2e import journey
from tests.e2e.smtp_capture import SmtpCapture

TIMEOUT = journey.TIMEOUT


def test_an_english_account_gets_english_mail(
    page: Page, browser: Browser, base_url: str, smtp: SmtpCapture
) -> None:
    email = "english.mail@example.org"
    journey.sign_up(page, base_url, last="Hughes", first="Amelia", email=email)
    journey.activate_from_mail(page, smtp, email)  # signed up in French: French mail
    journey.log_in(page, base_url, email)
    banner = page.get_by_role("banner")
    expect(banner.get_by_role("link", name="Mes candidatures")).to_be_visible(timeout=TIMEOUT)
    banner.get_by_role("button", name="English").click()
    expect(banner.get_by_role("link", name="My applications")).to_be_visible(timeout=TIMEOUT)

    french = browser.new_context()  # a French browser, nobody signed in
    try:
        # Signing up again with the address: its owner is told, in the owner's language.
        journey.sign_up(french.new_page(), base_url, last="Hughes", first="Amelia", email=email)
    finally:
        french.close()
    mail = smtp.wait_for(email, "Someone tried to register with your e-mail address")
    assert mail.text.startswith("Hello Amelia,")
    assert "no new account has been created" in mail.text and "Kind regards" in mail.text
    assert "Bonjour" not in mail.text and "/mot-de-passe-oublie" in mail.text
