"""Delegation in a real browser (issue 14): the demo centre administrator edits a formation
of their centre and sees no other centre's, nor the global settings; the demo gestionnaire
asks one dossier for a piece its formation does not list (the applicant sees it in their
checklist and cannot transmit until it is deposited), then gives an incomplete dossier a
later return date (with a reason, e-mailed); the demo reader sees the dossier and no
action."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.smtp_capture import SmtpCapture

DEMO_PASSWORD = "Demo-ecandidat-2027"
APPLICANT = "delegation.candidate@example.org"  # an applicant of its own
GESTIONNAIRE = "gestionnaire@demo.ecandidat.fr"
CENTRE_ADMIN = "admin-centre@demo.ecandidat.fr"
READER = "lecteur@demo.ecandidat.fr"
# A formation of the demo staff's centre (pieces: ID, CV, LM), and one of another centre.
FORMATION = "DU Cybersécurité"
OTHER_CENTRE_FORMATION = "Licence Lettres modernes"
EXTRA = ("PORTF", "Portfolio")
EXTRA_REASON = "Montrez des travaux personnels en sécurité."
EXTEND_REASON = "Relevé délivré tardivement par l'établissement d'origine."


@pytest.fixture
def two_people(browser: Browser) -> Iterator[tuple[Page, Page]]:
    contexts: list[BrowserContext] = [
        browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)
    ]
    try:
        yield contexts[0].new_page(), contexts[1].new_page()
    finally:
        for context in contexts:
            context.close()


def _said(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible(timeout=journey.TIMEOUT)


def _row(page: Page, text: str) -> Locator:
    return page.locator("tr").filter(has_text=text)


def _search(page: Page, words: str) -> None:
    page.locator("#recherche-admin").fill(words)
    page.wait_for_timeout(800)  # the search is debounced


def test_centre_administrator_edits_their_formation_only(page: Page, base_url: str, shot) -> None:
    journey.log_in(page, base_url, CENTRE_ADMIN, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile("/gestion/?$"), timeout=journey.TIMEOUT)
    journey.open_page(page, base_url + "/admin/formations")
    _search(page, "Cybersécurité")
    row = _row(page, FORMATION)
    expect(row).to_have_count(1, timeout=journey.TIMEOUT)
    assert_no_serious_violations(page)
    row.get_by_role("button", name=re.compile("^Modifier")).click()
    journey.field(page, "Capacité d'accueil").fill("24")
    journey.field(page, "Informations complémentaires").fill("Cours le soir, en alternance.")
    page.get_by_role("button", name="Enregistrer").click()
    _said(page, "Modifications enregistrées.")
    shot(page, "1-formation-modifiee")
    assert_no_serious_violations(page)
    # Another centre's formation is not in their list; the commissions offered are theirs.
    _search(page, "Lettres modernes")
    expect(_row(page, OTHER_CENTRE_FORMATION)).to_have_count(0)
    page.get_by_role("button", name="Ajouter : formation").click()
    options = journey.field(page, "Commission").locator("option").all_inner_texts()
    assert options and not any("Lettres" in o for o in options), options
    # Global settings: refused by the route, and by the core for the general mail texts.
    journey.open_page(page, base_url + "/admin/centres")
    expect(page).to_have_url(re.compile("/acces-refuse"), timeout=journey.TIMEOUT)
    journey.open_page(page, base_url + "/admin/modeles-courriels")
    expect(page.get_by_role("button", name=re.compile("Modifier le modèle")).first).to_be_visible(
        timeout=journey.TIMEOUT
    )
    journey.field(page, "Modèles de").select_option("")
    _said(page, "Les modèles généraux sont réservés à l'administrateur")
    assert_no_serious_violations(page)


def _transmit_button(page: Page) -> Locator:
    return page.get_by_role("button", name="Transmettre ma candidature")


def test_staff_ask_one_piece_then_extend_the_return_date(
    two_people: tuple[Page, Page], base_url: str, smtp: SmtpCapture, shot, tmp_path: Path
) -> None:
    applicant, staff = two_people
    pdf = journey.make_pdf(tmp_path / "piece.pdf")

    # The applicant applies and deposits the formation's pieces: ready to transmit.
    journey.new_applicant(
        applicant, base_url, smtp, last="Délégation", first="Zoé", email=APPLICANT
    )
    journey.apply_from_catalogue(applicant, base_url, "cybersecurite", FORMATION)
    match = re.search(r"/candidature/(\d+)", applicant.url)
    assert match is not None
    app_id = match.group(1)
    for code in ("ID", "CV", "LM"):
        journey.upload(applicant, code, pdf)
    expect(_transmit_button(applicant)).to_be_enabled(timeout=journey.TIMEOUT)

    # The gestionnaire asks this dossier alone for a portfolio.
    journey.log_in(staff, base_url, GESTIONNAIRE, DEMO_PASSWORD)
    expect(staff).to_have_url(re.compile("/gestion/?$"), timeout=journey.TIMEOUT)
    journey.open_page(staff, base_url + f"/gestion/dossier/{app_id}")
    acts = staff.get_by_role("region", name="Agir pour ce dossier")
    expect(acts).to_be_visible(timeout=journey.TIMEOUT)
    acts.get_by_role("button", name="Demander la pièce").click()
    expect(acts.get_by_text("Choisissez la pièce à demander.")).to_be_visible()
    journey.field(staff, "Pièce").select_option(label=EXTRA[1])
    journey.field(staff, "Motif de la demande (envoyé au candidat)").fill(EXTRA_REASON)
    acts.get_by_role("button", name="Demander la pièce").click()
    _said(staff, "Pièce demandée")
    shot(staff, "2-piece-demandee")
    assert_no_serious_violations(staff)
    mail = smtp.wait_for(APPLICANT, "Pièce supplémentaire demandée")
    assert EXTRA[1] in mail.text and EXTRA_REASON in mail.text

    # The applicant sees it in the checklist; « Transmettre » waits for it.
    journey.open_page(applicant, base_url + f"/candidature/{app_id}")
    expect(
        applicant.get_by_text("Pièce demandée pour votre dossier : " + EXTRA_REASON)
    ).to_be_visible(timeout=journey.TIMEOUT)
    expect(_transmit_button(applicant)).to_be_disabled()
    shot(applicant, "3-piece-dans-la-liste")
    assert_no_serious_violations(applicant)
    journey.upload(applicant, EXTRA[0], pdf)
    expect(_transmit_button(applicant)).to_be_enabled(timeout=journey.TIMEOUT)
    _transmit_button(applicant).click()
    applicant.get_by_role("alertdialog").get_by_role("button", name="Je transmets").click()
    _said(applicant, "Votre candidature a été transmise")

    # The gestionnaire declares it incomplete, then gives it a later return date.
    journey.open_page(staff, base_url + f"/gestion/dossier/{app_id}")
    letter = staff.locator(".rt-Card").filter(
        has=staff.get_by_role("heading", name="Lettre de motivation", exact=True)
    )
    letter.get_by_role("button", name="Refuser").click()
    dialog = staff.get_by_role("dialog")
    dialog.get_by_label("Commentaire (obligatoire)").fill("Lettre non signée.")
    dialog.get_by_role("button", name="Refuser la pièce").click()
    expect(dialog).to_be_hidden(timeout=journey.TIMEOUT)
    staff.get_by_role("button", name="Dossier incomplet").click()
    _said(staff, "Dossier déclaré incomplet")
    acts = staff.get_by_role("region", name="Agir pour ce dossier")
    expect(acts.get_by_text("Prolonger la date de retour des pièces")).to_be_visible(
        timeout=journey.TIMEOUT
    )
    later = date.today() + timedelta(days=120)
    journey.field(staff, "Nouvelle date").fill(later.isoformat())
    acts.get_by_role("button", name="Prolonger le délai").click()
    expect(acts.get_by_text("Le motif est obligatoire.")).to_be_visible(timeout=journey.TIMEOUT)
    journey.field(staff, "Motif de la prolongation (envoyé au candidat)").fill(EXTEND_REASON)
    acts.get_by_role("button", name="Prolonger le délai").click()
    _said(staff, "Délai prolongé")
    expect(staff.get_by_text(later.strftime("%d/%m/%Y")).first).to_be_visible()
    expect(staff.get_by_text("Date de retour des pièces prolongée").first).to_be_visible()
    shot(staff, "4-delai-prolonge")
    assert_no_serious_violations(staff)
    extended = smtp.wait_for(APPLICANT, "Délai prolongé")
    assert EXTEND_REASON in extended.text

    # The reader sees the same dossier, with no action at all.
    reader = staff.context.browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = reader.new_page()
        journey.log_in(page, base_url, READER, DEMO_PASSWORD)
        expect(page).to_have_url(re.compile("/gestion/?$"), timeout=journey.TIMEOUT)
        journey.open_page(page, base_url + f"/gestion/dossier/{app_id}")
        expect(page.get_by_role("heading", name=re.compile("Zoé Délégation"))).to_be_visible(
            timeout=journey.TIMEOUT
        )
        for action in ("Saisir l'avis", "Ajouter la note", "Valider", "Dossier complet"):
            expect(page.get_by_role("button", name=action, exact=True)).to_have_count(0)
        expect(page.get_by_role("region", name="Agir pour ce dossier")).to_have_count(0)
        assert_no_serious_violations(page)
    finally:
        reader.close()
