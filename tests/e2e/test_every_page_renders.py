"""Every page of the route table renders in a real browser for the people it is for, with
no rendering error and no serious accessibility violation (axe)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ecandidat_app.web.routes import ROUTES
from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations

DEMO_PASSWORD = "Demo-ecandidat-2027"
WHO = {
    "public": None,
    "applicant": "candidat@demo.ecandidat.fr",
    "staff": "gestionnaire@demo.ecandidat.fr",
    "admin": "admin@demo.ecandidat.fr",
}
# Pages that need an object id are opened from the flows of the other browser tests.
STATIC_ROUTES = [r for r in ROUTES if "[" not in r.path]


@pytest.mark.parametrize("audience", list(WHO))
def test_every_page_of_an_audience_renders_its_heading_accessibly(
    audience: str, page: Page, base_url: str, shot
) -> None:
    if WHO[audience]:
        journey.log_in(page, base_url, WHO[audience], DEMO_PASSWORD)
        expect(page).not_to_have_url(re.compile("/connexion"), timeout=journey.TIMEOUT)
    routes = [r for r in STATIC_ROUTES if r.audience == audience]
    assert routes
    for route in routes:
        journey.open_page(page, base_url + route.path)
        expect(page.locator("main")).to_be_visible()
        assert "An error occurred while rendering" not in page.content(), route.path
        expect(page.locator("h1").first).to_be_visible()
        shot(page, route.path.strip("/").replace("/", "-") or "accueil")
        assert_no_serious_violations(page)
