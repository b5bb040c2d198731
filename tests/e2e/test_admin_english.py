"""The administration in English: the demo administrator switches the header to English,
then the admin home and the programmes, campaigns, e-mail templates, outbox and staff pages
speak English and pass axe; a refusal the server writes (an empty campaign form saved)
comes in English too. The account's language goes back to French afterwards, whatever
happens: the other tests sign in as this administrator and read French."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.conftest import ROOT

ADMIN = "admin@demo.ecandidat.fr"
DEMO_PASSWORD = "Demo-ecandidat-2027"
TIMEOUT = journey.TIMEOUT
BACK_TO_FRENCH = f"""
from sqlmodel import select
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.models import Account
with session_scope() as s:
    account = s.exec(select(Account).where(Account.email == {ADMIN!r})).one()
    account.language = "fr"
    s.add(account)
"""


@pytest.fixture
def admin_page(browser: Browser, base_url: str, app_env: dict[str, str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        journey.log_in(page, base_url, ADMIN, DEMO_PASSWORD)
        expect(page).to_have_url(re.compile("/admin|/gestion"), timeout=TIMEOUT)
        yield page
    finally:
        context.close()
        subprocess.run(
            [sys.executable, "-c", BACK_TO_FRENCH], cwd=ROOT, env=app_env, check=True, timeout=60
        )


def _open(page: Page, url: str, heading: str) -> None:
    journey.open_page(page, url)
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_administration_in_english(admin_page: Page, base_url: str, shot) -> None:
    page = admin_page
    journey.open_page(page, base_url + "/admin")
    page.get_by_role("banner").get_by_role("button", name="English").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Staff accounts")).to_be_visible(timeout=TIMEOUT)
    expect(main.get_by_role("link", name="Sent e-mails")).to_be_visible()
    expect(main.get_by_role("link", name="Import the programme offer")).to_be_visible()
    expect(main.get_by_text("Comptes du personnel")).to_have_count(0)
    assert_no_serious_violations(page)

    # Programmes: the table, its level names and the "Add" button read English.
    _open(page, base_url + "/admin/formations", "Programmes")
    table = main.get_by_role("table")
    expect(table.get_by_role("columnheader", name="Name")).to_be_visible(timeout=TIMEOUT)
    expect(table.get_by_role("columnheader", name="Campaign")).to_be_visible()
    expect(table.get_by_text("Licence (Bachelor's degree)").first).to_be_visible()
    expect(main.get_by_role("button", name="Add programme")).to_be_visible()
    expect(main.get_by_label("Search")).to_be_visible()
    assert_no_serious_violations(page)

    # Campaigns: the state column, then an empty form saved: the server refuses in English.
    _open(page, base_url + "/admin/campagnes", "Campaigns")
    expect(main.get_by_role("cell", name="Active", exact=True)).to_be_visible(timeout=TIMEOUT)
    main.get_by_role("button", name="Add campaign").click()
    expect(main.get_by_role("heading", name="Add campaign", level=2)).to_be_visible(timeout=TIMEOUT)
    expect(main.get_by_text("Fields marked * are required.")).to_be_visible()
    main.get_by_role("button", name="Save", exact=True).click()
    expect(main.get_by_text("Could not save: The code is required.")).to_be_visible(timeout=TIMEOUT)
    expect(main.locator("#champ-code-erreur")).to_have_text("The code is required.")
    shot(page, "admin-campaign-refusal-en")
    assert_no_serious_violations(page)
    main.get_by_role("button", name="Cancel").click()

    # E-mail templates: the list names every e-mail in English, with its state.
    _open(page, base_url + "/admin/modeles-courriels", "E-mail templates")
    templates = main.get_by_role("table")
    expect(templates.get_by_role("cell", name="Account creation", exact=True)).to_be_visible(
        timeout=TIMEOUT
    )
    expect(
        templates.get_by_role("button", name="Edit the template Account creation")
    ).to_be_visible()
    expect(templates.get_by_role("columnheader", name="Template")).to_be_visible()
    expect(main.get_by_label("Language of the templates")).to_be_visible()
    assert_no_serious_violations(page)

    # The outbox: its filters and their counts.
    _open(page, base_url + "/admin/courriels", "E-mails")
    filters = main.get_by_role("group", name="Filter the e-mails")
    expect(filters.get_by_role("button", name=re.compile(r"^Pending \(\d+\)$"))).to_be_visible(
        timeout=TIMEOUT
    )
    expect(filters.get_by_role("button", name="Refresh")).to_be_visible()
    assert_no_serious_violations(page)

    # Staff accounts: roles and states in English, the row button too.
    _open(page, base_url + "/admin/comptes", "Staff accounts")
    staff = main.get_by_role("table")
    expect(staff.get_by_role("cell", name="Administrator", exact=True).first).to_be_visible(
        timeout=TIMEOUT
    )
    expect(staff.get_by_role("button", name="Send a password link").first).to_be_visible()
    expect(main.get_by_text("Gestionnaire", exact=True)).to_have_count(0)
    # The search box says what it looks in: names and addresses, not codes.
    expect(main.get_by_label("Search")).to_have_attribute(
        "placeholder", "Surname, first name or e-mail address"
    )
    shot(page, "admin-staff-en")
    assert_no_serious_violations(page)
