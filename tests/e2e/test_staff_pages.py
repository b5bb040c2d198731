"""The staff pages at 1280x900 in a real browser, on the demo data: a board column holding
more than 20 dossiers says so and pages through them; cards name the decision; the
filters hold in a few rows; on a dossier the decision form is in view without scrolling,
starts empty and refuses to enter nothing; piece buttons name their piece; the history
reads in French. And a commission member typing an admin address gets the French 403."""

from __future__ import annotations

import re
import subprocess
import sys

from playwright.sync_api import Browser, Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.conftest import ROOT

DEMO_PASSWORD = "Demo-ecandidat-2027"
GESTIONNAIRE = "gestionnaire@demo.ecandidat.fr"
MEMBER = "commission@demo.ecandidat.fr"
DESKTOP = {"width": 1280, "height": 900}


def _staff_page(browser: Browser, base_url: str, who: str = GESTIONNAIRE) -> Page:
    page = browser.new_context(viewport=DESKTOP).new_page()
    journey.log_in(page, base_url, who, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile("/gestion"), timeout=journey.TIMEOUT)
    return page


def _count(column) -> int:  # type: ignore[no-untyped-def]
    return int(column.locator("h2 .rt-Badge").first.inner_text())


def test_board_columns_page_their_cards(
    browser: Browser, base_url: str, app_env: dict[str, str], shot
) -> None:
    # Peak season: "Réceptionné" goes past 20 (the demo has 13 there).
    subprocess.run(
        [sys.executable, "-m", "tests.e2e.crowd", "12", "Licence Informatique"],
        cwd=ROOT,
        env=app_env,
        check=True,
        timeout=120,
    )
    page = _staff_page(browser, base_url)
    journey.open_page(page, base_url + "/gestion")
    columns = page.locator("section[id^='colonne-']")
    expect(columns.first).to_be_visible(timeout=journey.TIMEOUT)
    crowded = [c for c in columns.all() if _count(c) > 20]
    assert crowded, "la démo n'a plus de colonne de plus de 20 dossiers"
    column = crowded[0]
    total = _count(column)
    expect(column.get_by_text(f"Dossiers 1 à 20 sur {total}")).to_be_visible()
    assert column.locator("[id^='carte-']").count() == 20
    following = min(20, total - 20)
    column.get_by_role("button", name=f"Voir les {following} suivants").click()
    expect(column.get_by_text(f"Dossiers 21 à {20 + following} sur {total}")).to_be_visible(
        timeout=journey.TIMEOUT
    )
    expect(column.locator("[id^='carte-']")).to_have_count(following)
    # Decided cards say which decision; the filters hold in two rows at this width.
    expect(page.locator("#colonne-validee [id^='carte-']").first).to_contain_text("Avis :")
    filters = page.get_by_role("search").bounding_box()
    assert filters is not None and filters["height"] < 170, filters
    column.get_by_role("button", name="Voir les 20 précédents").click()
    expect(column.get_by_text(f"Dossiers 1 à 20 sur {total}")).to_be_visible(
        timeout=journey.TIMEOUT
    )
    shot(page, "colonne-de-plus-de-20")
    assert_no_serious_violations(page)
    column.get_by_role("button", name=f"Tous les {total} dans la liste").click()
    expect(page.get_by_text(f"{total} dossier(s)")).to_be_visible(timeout=journey.TIMEOUT)


def test_dossier_decision_form_in_view_and_empty(browser: Browser, base_url: str, shot) -> None:
    page = _staff_page(browser, base_url)
    journey.open_page(page, base_url + "/gestion")
    page.locator("#colonne-recu [id^='carte-']").first.click()
    expect(page).to_have_url(re.compile(r"/gestion/dossier/\d+$"), timeout=journey.TIMEOUT)
    kind = journey.field(page, "Type d'avis")
    expect(kind).to_be_visible(timeout=journey.TIMEOUT)
    box = kind.bounding_box()
    assert box is not None and box["y"] + box["height"] <= DESKTOP["height"], box
    expect(kind).to_have_value("")
    page.get_by_role("button", name="Saisir l'avis").click()
    expect(page.get_by_text("Choisissez le type d'avis avant de le saisir.")).to_be_visible(
        timeout=journey.TIMEOUT
    )
    expect(
        page.get_by_role("button", name=re.compile("^Valider la pièce : ")).first
    ).to_be_visible()
    history = page.get_by_role("heading", name="Historique").locator("xpath=..")
    expect(history).not_to_contain_text("->")
    shot(page, "dossier-1280x900")
    assert_no_serious_violations(page)
    # Scrolled down to the history, the decision form is still on screen.
    history.scroll_into_view_if_needed()
    box = kind.bounding_box()
    assert box is not None and 0 <= box["y"] <= DESKTOP["height"], box


def test_a_member_typing_an_admin_address_gets_the_french_403(
    browser: Browser, base_url: str
) -> None:
    page = _staff_page(browser, base_url, MEMBER)
    journey.open_page(page, base_url + "/admin/comptes")
    expect(page).to_have_url(re.compile("/acces-refuse$"), timeout=journey.TIMEOUT)
    expect(page.get_by_role("heading", name="Vous n'avez pas accès à cette page")).to_be_visible()
    expect(page.get_by_role("link", name="Aller au tableau de bord")).to_be_visible()
    assert_no_serious_violations(page)
