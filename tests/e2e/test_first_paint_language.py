"""The first paint of an English visit is not French: the page, prerendered in French,
stays hidden until the server has said the language (3 s at most when it never answers);
a French visit is never hidden."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from tests.e2e import journey

WAIT = "data-langue-attendue"


def _visibility(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.body).visibility"))


@pytest.fixture
def english(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")
    yield context.new_page()
    context.close()


def test_an_english_visit_stays_hidden_until_the_language_is_known(
    english: Page, base_url: str
) -> None:
    # The app's websocket held open but silent: the server never says the language.
    held: list[WebSocketRoute] = []

    def hold(socket: WebSocketRoute) -> None:
        held.append(socket)

    english.route_web_socket(re.compile(r"/_event"), hold)
    english.goto(base_url + "/", wait_until="domcontentloaded")
    started = time.monotonic()
    assert english.locator("html").get_attribute(WAIT) == "en"
    # (<html lang> is not asserted here: React's hydration may set it back to the prerendered
    # "fr" until the server answers; the body is hidden meanwhile, from screen readers too.)
    assert _visibility(english) == "hidden"
    # Without an answer, the page shows anyway after 3 s rather than stay blank.
    expect(english.locator("html")).not_to_have_attribute(WAIT, "en", timeout=6000)
    assert time.monotonic() - started > 2
    assert _visibility(english) == "visible"
    assert held, "the page opened its websocket"


def test_an_english_visit_shows_in_english_once_connected(english: Page, base_url: str) -> None:
    journey.open_page(english, base_url + "/")
    expect(english.get_by_role("heading", name="Apply to the university", level=1)).to_be_visible()
    expect(english.locator("html")).not_to_have_attribute(WAIT, "en")
    assert _visibility(english) == "visible"


def test_a_french_visit_is_never_hidden(page: Page, base_url: str) -> None:
    page.goto(base_url + "/", wait_until="domcontentloaded")
    assert page.locator("html").get_attribute(WAIT) is None
    assert _visibility(page) == "visible"
