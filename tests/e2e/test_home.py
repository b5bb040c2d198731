"""The app started as `make run` starts it serves the home page to a real browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_no_serious_violations


def test_home_renders_with_create_account_top_right(page: Page, base_url: str, shot) -> None:
    page.goto(base_url + "/")
    heading = page.get_by_role("heading", name="Candidater à l'université")
    expect(heading).to_be_visible()
    create = page.get_by_role("banner").get_by_role("link", name="Créer un compte")
    expect(create).to_be_visible()
    box = create.bounding_box()
    assert box is not None and box["x"] > page.viewport_size["width"] / 2
    shot(page, "home")
    assert_no_serious_violations(page)
