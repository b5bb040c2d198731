"""What is typed right after a page opens stays typed: before the page is connected
(a password manager fills the form at `domcontentloaded`) and while its load runs, on
every form a visitor meets first (login, student login, sign-up, forgotten password)."""

from __future__ import annotations

import re
import urllib.request
from html.parser import HTMLParser

import pytest
from playwright.sync_api import Page, expect

from ecandidat_app.web.routes import ROUTES
from tests.e2e import journey

DEMO_APPLICANT = "candidat@demo.ecandidat.fr"
DEMO_PASSWORD = "Demo-ecandidat-2027"
TRIES = 4


def _early(page: Page, url: str) -> None:
    """Navigate and hand back as soon as the HTML is there, before the app is connected."""
    page.goto(url, wait_until="domcontentloaded")


def _settled(page: Page) -> None:
    """The page is connected and its load has run (no sleep: the app says so)."""
    expect(page.locator("#app-pret")).to_have_attribute("data-pret", "oui", timeout=journey.TIMEOUT)


@pytest.mark.parametrize("how", ["fill", "type"])
def test_login_identifier_survives_the_page_load(page: Page, base_url: str, how: str) -> None:
    """Filled like a password manager (at once) or typed key by key right after opening
    /connexion, several times: the identifier is never wiped and the login succeeds."""
    for _attempt in range(TRIES):
        page.context.clear_cookies()
        _early(page, base_url + "/connexion")
        identifier = journey.field(page, "Adresse e-mail ou numéro de dossier")
        password = journey.field(page, "Mot de passe")
        if how == "fill":
            identifier.fill(DEMO_APPLICANT)
            password.fill(DEMO_PASSWORD)
        else:
            identifier.press_sequentially(DEMO_APPLICANT, delay=15)
            password.press_sequentially(DEMO_PASSWORD, delay=15)
        _settled(page)
        expect(identifier).to_have_value(DEMO_APPLICANT)
        expect(password).to_have_value(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=journey.TIMEOUT)


FORMS = {
    "/inscription": ["Nom", "Prénom", "Adresse e-mail", "Confirmation de l'adresse e-mail"],
    "/connexion-etudiant": ["Identifiant ENT", "Adresse e-mail personnelle"],
    "/mot-de-passe-oublie": ["Adresse e-mail"],
    "/formations": ["Filtrer les formations (intitulé, mot-clé, code, composante)"],
}


@pytest.mark.parametrize("path", list(FORMS))
def test_early_fill_survives_on_every_entry_form(page: Page, base_url: str, path: str) -> None:
    for _attempt in range(2):
        _early(page, base_url + path)
        values = {label: f"valeur{i}@example.org" for i, label in enumerate(FORMS[path])}
        for label, value in values.items():
            journey.field(page, label).fill(value)
        _settled(page)
        for label, value in values.items():
            expect(journey.field(page, label)).to_have_value(value)


class _Nesting(HTMLParser):
    """Flags a block element opened inside a <p>: the browser's parser closes the <p>
    there, the page it builds differs from React's, and hydration starts over from an
    empty page (React error #418), wiping every field."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "ul",
            "ol",
            "dl",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "form",
            "section",
            "header",
            "footer",
            "main",
            "nav",
        ]
    )
    VOID = frozenset(
        [
            "area",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
            "path",
        ]
    )

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, _attrs: list) -> None:
        if tag in self.VOID:
            return
        if tag in self.BLOCKS and "p" in self.open:
            self.bad.append(f"<{tag}> dans <p> ({' > '.join(self.open[-3:])})")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass


def test_no_served_page_nests_a_block_in_a_paragraph(base_url: str) -> None:
    """Every page as the server sends it (the prerendered HTML the browser parses)."""
    bad = {}
    for route in ROUTES:
        path = re.sub(r"\[[^]]+\]", "1", route.path)
        with urllib.request.urlopen(base_url + path) as resp:
            parser = _Nesting()
            parser.feed(resp.read().decode())
        if parser.bad:
            bad[path] = parser.bad[:3]
    assert bad == {}
