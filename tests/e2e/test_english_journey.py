"""The applicant's guide in English, end to end: a browser that asks for English
(Accept-Language en-GB) signs up, activates the account from the e-mail, signs in,
completes "My file", finds a programme in the catalogue, applies, uploads documents, sees
the checklist in English, submits, and reads "My applications" in English. Every page
state and dialog is in English (html[lang=en]) and passes axe.

The texts asserted are written out here, not read from the catalogue: the test checks
what an English reader sees. The programme, its documents and the mails may still be
French (their English is another piece of work), so the steps find them by code or by
link, never by their words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.smtp_capture import SmtpCapture

TIMEOUT = journey.TIMEOUT
FORMATION_CODE = "methode"  # the catalogue filter that finds the programme below
# Asks no question; its English title was entered by the administration (demo/english.py),
# and the catalogue still finds it by a French word of its French title.
FORMATION = "Master's in Computer Science – Formal Methods track"
UPLOADED = ["ID", "CV", "LM", "RN"]  # identity document, CV, letter, transcripts
MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"


@pytest.fixture
def english_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")  # Accept-Language: en-GB
    yield context.new_page()
    context.close()


def _in_english(page: Page, heading: str) -> None:
    """The page's title is `heading`, the document says it is English, and axe passes."""
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_serious_violations(page)


def _sign_up_in_english(page: Page, base_url: str, smtp: SmtpCapture, email: str) -> None:
    journey.open_page(page, base_url + "/inscription")
    _in_english(page, "Create an account")
    expect(page.get_by_text("Step 1 of 2: identity and e-mail address")).to_be_visible()
    # A refused step speaks English too.
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Correct the highlighted fields before continuing.")).to_be_visible(
        timeout=TIMEOUT
    )
    journey.sign_up(page, base_url, last="Taylor", first="Emma", email=email, lang="en")
    expect(page.locator("#inscription-envoyee")).to_contain_text(
        "Your request has been recorded. An e-mail has been sent to " + email
    )
    expect(page.get_by_text("No message? Remember to check your spam folder.")).to_be_visible()
    _in_english(page, "Create an account")
    # The mail's subject may be French or English: the first mail to this address is it.
    journey.activate_from_mail(page, smtp, email, subject="", done="Your account is activated")
    _in_english(page, "Account activation")


def _profile_in_english(page: Page, base_url: str) -> None:
    journey.open_page(page, base_url + "/mon-dossier")
    _in_english(page, "My file")
    expect(page.get_by_text("To be able to apply, please still complete:")).to_be_visible()
    journey.complete_profile(page, base_url, lang="en")
    expect(
        page.get_by_text("Your file is complete: you can apply to the open programmes.")
    ).to_be_visible(timeout=TIMEOUT)
    assert_no_serious_violations(page)


def _catalogue_in_english(page: Page, base_url: str) -> None:
    journey.open_page(page, base_url + "/formations")
    _in_english(page, "Programmes")
    page.get_by_label("Filter the programmes (title, keyword, code, faculty)").fill(FORMATION_CODE)
    expect(
        page.get_by_role("status").filter(has_text=re.compile(r"programmes? found"))
    ).to_be_visible(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile("q=" + FORMATION_CODE), timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"^Closes in \d+ days?$|^Open$")).first).to_be_visible()
    title = page.get_by_role("button", name=FORMATION)
    title.click()
    expect(title).to_have_attribute("aria-expanded", "true", timeout=TIMEOUT)
    details = page.get_by_label("Programme details")
    expect(details.get_by_role("heading", name="Timetable")).to_be_visible(timeout=TIMEOUT)
    expect(details).to_contain_text("Supporting documents required")
    expect(details).to_contain_text(re.compile(r"Applications close\s*\d{1,2} " + MONTH))
    assert_no_serious_violations(page)


def _checklist_in_english(page: Page, pdf: Path, shot) -> None:  # type: ignore[no-untyped-def]
    _in_english(page, "My application")
    expect(page.get_by_role("heading", name="Supporting documents")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Application deadline: \d{1,2} " + MONTH))).to_be_visible()
    submit = page.get_by_role("button", name="Submit my application")
    expect(submit).to_be_disabled()
    expect(page.locator("#manquant")).to_contain_text("Still missing:")
    shot(page, "checklist-en")

    page.locator(f"#ajouter-{UPLOADED[0]}").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Add a file: ")
    expect(dialog).to_contain_text("PDF, JPG or PNG, 10 MB at most per file.")
    assert_no_serious_violations(page)
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden(timeout=TIMEOUT)
    for code in UPLOADED:
        journey.upload(page, code, pdf)
    expect(page.get_by_text("piece.pdf")).to_have_count(len(UPLOADED), timeout=TIMEOUT)
    expect(page.get_by_role("button", name=re.compile("^Remove the file piece.pdf"))).to_have_count(
        len(UPLOADED)
    )

    # The conditional documents left: declared as not applicable, in English.
    not_mine = page.get_by_role("button", name="Does not apply to me")
    first = True
    while not_mine.count():
        not_mine.first.click()
        confirm = page.get_by_role("alertdialog")
        expect(confirm).to_contain_text("You declare that this document does not apply to you.")
        if first:
            assert_no_serious_violations(page)
            first = False
        certify = confirm.get_by_role(
            "checkbox", name="I certify on my honour that this document does not apply to me"
        )
        certify.click()
        expect(certify).to_be_checked(timeout=TIMEOUT)
        confirm.get_by_role("button", name="Confirm").click()
        expect(confirm).to_be_hidden(timeout=TIMEOUT)
        expect(page.get_by_text("Document declared as not applicable.").first).to_be_visible(
            timeout=TIMEOUT
        )
    expect(submit).to_be_enabled(timeout=TIMEOUT)
    expect(
        page.get_by_text("Your application file is complete: you can submit it.")
    ).to_be_visible()
    shot(page, "checklist-en-ready")
    assert_no_serious_violations(page)

    submit.click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text(
        "Once your application file is submitted, no further changes will be possible."
    )
    assert_no_serious_violations(page)
    confirm.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Your application has been submitted.").first).to_be_visible(
        timeout=TIMEOUT
    )
    expect(page.get_by_text(re.compile(r"Submitted on \d{1,2} " + MONTH))).to_be_visible()


def _my_applications_in_english(page: Page, base_url: str, *, submitted: bool) -> None:
    """The dossier's card: its history's dates, and before submission the deadline and the
    countdown, all in English."""
    journey.open_page(page, base_url + "/mes-candidatures")
    _in_english(page, "My applications")
    card = page.locator(".rt-Card").filter(has=page.get_by_role("heading", name=FORMATION))
    expect(card.get_by_role("list", name="History")).to_be_visible(timeout=TIMEOUT)
    expect(card).to_contain_text(re.compile(r" on \d{1,2} " + MONTH + r" \d{4} at \d\d:\d\d"))
    if submitted:
        expect(card.get_by_role("button", name="View my application file")).to_be_visible()
    else:
        expect(card).to_contain_text(re.compile(r"Application deadline: \d{1,2} " + MONTH))
        expect(card).to_contain_text(re.compile(r"\d+ days? left|Last day"))
        expect(card.get_by_role("button", name="Complete my file")).to_be_visible()
    assert_no_serious_violations(page)
    if not submitted:
        card.get_by_role("button", name="Complete my file").click()
        expect(page).to_have_url(re.compile(r"/candidature/\d+"), timeout=TIMEOUT)
        journey.open_page(page, page.url)


def test_an_english_applicant_signs_up_applies_and_submits(
    english_page: Page, base_url: str, smtp: SmtpCapture, shot, tmp_path: Path
) -> None:
    page = english_page
    email = "emma.taylor@example.org"
    pdf = journey.make_pdf(tmp_path / "piece.pdf")

    _sign_up_in_english(page, base_url, smtp, email)
    journey.log_in(page, base_url, email, lang="en")
    expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=TIMEOUT)
    _in_english(page, "My applications")
    expect(page.get_by_text("You have no application yet.")).to_be_visible()

    _profile_in_english(page, base_url)
    _catalogue_in_english(page, base_url)
    journey.apply_from_catalogue(page, base_url, FORMATION_CODE, FORMATION, lang="en")
    _my_applications_in_english(page, base_url, submitted=False)
    _checklist_in_english(page, pdf, shot)
    _my_applications_in_english(page, base_url, submitted=True)
