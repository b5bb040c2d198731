"""The staff pages in English: a gestionnaire whose account reads English signs in from a
French browser and finds the review board, a dossier, the statistics and the hand-over to
the student information system in English, each passing axe; the messages the server makes
after an act on the dossier (the page's own and a core refusal) come in English too; the
header's switch reads the board again in French. Its own account and dossier
(`english_staff.py`): nothing another test changes."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys

from playwright.sync_api import Browser, Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.conftest import ROOT

TIMEOUT = journey.TIMEOUT
PASSWORD = "Staff-in-English-2027"
DESKTOP = {"width": 1280, "height": 900}


def _own_data(app_env: dict[str, str], email: str) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.english_staff", email, PASSWORD],
        cwd=ROOT,
        env=app_env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    application_id, file_number = done.stdout.split()[-2:]
    return application_id, file_number


def _heading(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("html")).to_have_attribute("lang", "en")


def _board(page: Page, file_number: str) -> None:
    _heading(page, "Applications dashboard")
    main = page.get_by_role("main")
    expect(main.get_by_role("button", name="Board view")).to_be_visible()
    expect(main.get_by_role("heading", name=re.compile("^Received"), level=2)).to_be_visible()
    journey.field(page, "Applicant").fill(file_number)
    card = main.locator("[id^='carte-']").filter(has_text=file_number)
    expect(card).to_have_count(1, timeout=TIMEOUT)
    assert_no_serious_violations(page)


def _dossier(page: Page, base_url: str, application_id: str) -> None:
    journey.open_page(page, f"{base_url}/gestion/dossier/{application_id}")
    _heading(page, "Application file")
    main = page.get_by_role("main")
    expect(main.get_by_text("Status: ").first).to_be_visible()
    expect(main.get_by_role("heading", name="Supporting documents")).to_be_visible()
    expect(main.get_by_role("heading", name="Admissions committee decision")).to_be_visible()
    expect(main.get_by_role("heading", name="History")).to_be_visible()
    assert_no_serious_violations(page)
    # A core refusal: its pieces are still to review.
    main.get_by_role("button", name="Application complete", exact=True).click()
    expect(main.get_by_text(re.compile("^Every document must be approved"))).to_be_visible(
        timeout=TIMEOUT
    )
    # The page's own message, and the history's wording.
    main.get_by_label("New note", exact=True).fill("Checked by the English-speaking staff test.")
    main.get_by_role("button", name="Add the note").click()
    expect(main.get_by_text("Note added.", exact=True).first).to_be_visible(timeout=TIMEOUT)
    history = main.get_by_role("heading", name="History").locator("xpath=..")
    expect(history).to_contain_text("Note added")
    expect(history).not_to_contain_text("Note ajoutée")


def _stats(page: Page, base_url: str) -> None:
    journey.open_page(page, base_url + "/gestion/statistiques")
    _heading(page, "Statistics")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Applications by status")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(main.get_by_role("region", name="By programme")).to_be_visible()
    expect(main.get_by_role("columnheader", name="Received").first).to_be_visible()
    assert_no_serious_violations(page)


def _sis(page: Page, base_url: str) -> None:
    journey.open_page(page, base_url + "/gestion/transmission-si")
    _heading(page, "Hand-over to the student information system")
    main = page.get_by_role("main")
    expect(main.get_by_label("Campaign", exact=True)).to_be_visible()
    expect(
        main.get_by_role("button", name=re.compile(r"^Export the admitted applicants to send"))
    ).to_be_visible(timeout=TIMEOUT)
    assert_no_serious_violations(page)


def test_a_gestionnaire_reads_the_staff_pages_in_english(
    browser: Browser, base_url: str, app_env: dict[str, str], shot
) -> None:
    email = f"english.staff.{secrets.token_hex(3)}@example.org"
    application_id, file_number = _own_data(app_env, email)
    page = browser.new_context(viewport=DESKTOP).new_page()  # a French browser
    journey.log_in(page, base_url, email, PASSWORD)
    expect(page).to_have_url(re.compile("/gestion/?$"), timeout=TIMEOUT)

    _board(page, file_number)
    shot(page, "tableau-en-anglais")
    _dossier(page, base_url, application_id)
    shot(page, "dossier-en-anglais")
    _stats(page, base_url)
    _sis(page, base_url)

    # The switch reads the board again in French, columns and cards included.
    journey.open_page(page, base_url + "/gestion")
    _heading(page, "Applications dashboard")
    page.get_by_role("banner").get_by_role("button", name="Français").click()
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", name="Tableau de bord des candidatures")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(main.get_by_role("heading", name=re.compile("^Réceptionné"), level=2)).to_be_visible()
