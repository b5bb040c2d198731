"""The staff side in a real browser, with two people at once (two browser contexts, each
with its own cookies): the demo applicant applies and transmits while the demo
gestionnaire watches /gestion; the new card appears in "Réceptionné" without a reload.
The gestionnaire refuses a document with a comment and declares the dossier incomplete;
the applicant reads the comment (page and e-mail), replaces the file and transmits again;
the gestionnaire validates the documents, declares the dossier complete, enters and
validates a favourable decision; the applicant confirms on "Mes candidatures"."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.smtp_capture import SmtpCapture

DEMO_PASSWORD = "Demo-ecandidat-2027"
APPLICANT = "candidat@demo.ecandidat.fr"
GESTIONNAIRE = "gestionnaire@demo.ecandidat.fr"
# First formation of the gestionnaire's centre; the seed closes it in 30 days.
FORMATION = "Licence Informatique"
UPLOADED = {
    "ID": "Pièce d'identité",
    "CV": "Curriculum vitae",
    "LM": "Lettre de motivation",
    "RN": "Relevés de notes",
}
REFUSED = "Curriculum vitae"
COMMENT = "CV illisible : déposez une version de deux pages au plus."
LIVE_TIMEOUT = 8_000  # the board polls every 1.5 s
LIVE_LIMIT_S = 3.0  # issue 4: "the board updates within 3 seconds without a reload"


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


def _document_card(page: Page, label: str) -> Locator:
    """The card of one document on the staff dossier page (its heading is the label)."""
    return page.locator(".rt-Card").filter(has=page.get_by_role("heading", name=label, exact=True))


def _transmit(page: Page) -> None:
    page.get_by_role("button", name="Transmettre ma candidature").click()
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_role("button", name="Je transmets").click()
    expect(page.get_by_text("Votre candidature a été transmise")).to_be_visible(
        timeout=journey.TIMEOUT
    )


def validate_pieces_and_complete(staff: Page) -> None:
    """On an open staff dossier: every uploaded piece validated, then « Dossier complet »."""
    for label in UPLOADED.values():
        document = _document_card(staff, label)
        document.get_by_role("button", name="Valider").click()
        expect(document).to_contain_text("Validée", timeout=journey.TIMEOUT)
    staff.get_by_role("button", name="Dossier complet").click()
    _staff_message(staff, "Dossier déclaré complet")


def _staff_message(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible(timeout=journey.TIMEOUT)


def test_a_transmitted_dossier_reaches_the_open_board_live_then_is_reviewed(
    two_people: tuple[Page, Page], base_url: str, smtp: SmtpCapture, shot, tmp_path: Path
) -> None:
    applicant, staff = two_people
    pdf = journey.make_pdf(tmp_path / "piece.pdf")
    new_cv = journey.make_pdf(tmp_path / "cv-deux-pages.pdf")

    # B: the gestionnaire signs in and keeps the board open.
    journey.log_in(staff, base_url, GESTIONNAIRE, DEMO_PASSWORD)
    expect(staff).to_have_url(re.compile("/gestion/?$"), timeout=journey.TIMEOUT)
    journey.open_page(staff, base_url + "/gestion")
    received = staff.locator("#colonne-recu")
    expect(received).to_be_visible(timeout=journey.TIMEOUT)
    expect(received.get_by_role("heading")).to_contain_text("Réceptionné")
    before = int(received.locator(".rt-Badge").first.inner_text())
    shot(staff, "1-tableau-avant")
    assert_no_serious_violations(staff)
    staff.evaluate("window.sansRecharger = true")  # gone if the page were reloaded

    # A: the applicant applies, uploads, declares the grant notice "non concerné", transmits.
    journey.log_in(applicant, base_url, APPLICANT, DEMO_PASSWORD)
    expect(applicant).to_have_url(re.compile("/mes-candidatures"), timeout=journey.TIMEOUT)
    journey.apply_from_catalogue(applicant, base_url, "programmation", FORMATION)
    match = re.search(r"/candidature/(\d+)", applicant.url)
    assert match is not None
    app_id = match.group(1)
    for code in UPLOADED:
        journey.upload(applicant, code, pdf)
    expect(applicant.get_by_text("piece.pdf")).to_have_count(len(UPLOADED), timeout=15_000)
    journey.declare_not_concerned(applicant, "Notification de bourse")
    journey.answer_l001_questions(applicant)  # the demo's L001 asks three questions
    _transmit(applicant)
    transmitted = time.monotonic()

    # B: the card arrives by itself (no reload, no click), with the new count, within 3 s.
    card = received.locator(f"#carte-{app_id}")
    expect(card).to_be_visible(timeout=LIVE_TIMEOUT)
    delay = time.monotonic() - transmitted
    print(f"carte arrivée sur le tableau {delay:.2f} s après la transmission")
    assert delay <= LIVE_LIMIT_S, f"{delay:.1f} s"
    smtp.wait_for(APPLICANT, "Candidature transmise")
    expect(card).to_contain_text("Martin Léa")
    expect(card).to_contain_text(FORMATION)
    expect(received.locator(".rt-Badge").first).to_have_text(str(before + 1))
    assert staff.evaluate("window.sansRecharger") is True
    shot(staff, "2-carte-arrivee")

    # B: open the dossier, refuse the CV with a comment, declare the dossier incomplete.
    card.click()
    expect(staff).to_have_url(re.compile(f"/gestion/dossier/{app_id}$"), timeout=journey.TIMEOUT)
    expect(staff.get_by_role("heading", name=re.compile("Léa Martin"))).to_be_visible(
        timeout=journey.TIMEOUT
    )
    assert_no_serious_violations(staff)
    cv = _document_card(staff, REFUSED)
    cv.get_by_role("button", name="Refuser").click()
    dialog = staff.get_by_role("dialog")
    dialog.get_by_role("button", name="Refuser la pièce").click()
    expect(dialog.get_by_role("alert")).to_contain_text("obligatoire")  # no comment yet
    dialog.get_by_label("Commentaire (obligatoire)").fill(COMMENT)
    dialog.get_by_role("button", name="Refuser la pièce").click()
    expect(dialog).to_be_hidden(timeout=journey.TIMEOUT)
    expect(cv).to_contain_text("Refusée", timeout=journey.TIMEOUT)
    expect(cv).to_contain_text(COMMENT)
    staff.get_by_role("button", name="Dossier incomplet").click()
    _staff_message(staff, "Dossier déclaré incomplet")
    shot(staff, "3-dossier-incomplet")

    # A: the e-mail and the page both carry the comment; replace the file, transmit again.
    mail = smtp.wait_for(APPLICANT, "Dossier incomplet")
    assert COMMENT in mail.text and REFUSED in mail.text
    journey.open_page(applicant, base_url + f"/candidature/{app_id}")
    expect(applicant.get_by_text("Pièce refusée : " + COMMENT)).to_be_visible(
        timeout=journey.TIMEOUT
    )
    shot(applicant, "4-piece-refusee")
    assert_no_serious_violations(applicant)
    applicant.get_by_role("button", name="Retirer le fichier piece.pdf").click()
    expect(applicant.get_by_text("Fichier retiré.")).to_be_visible(timeout=journey.TIMEOUT)
    journey.upload(applicant, "CV", new_cv)
    expect(applicant.get_by_text("cv-deux-pages.pdf")).to_be_visible(timeout=journey.TIMEOUT)
    _transmit(applicant)

    # B: the dossier is back; validate every document, complete, decide, validate.
    journey.open_page(staff, base_url + f"/gestion/dossier/{app_id}")
    expect(staff.get_by_text("cv-deux-pages.pdf").first).to_be_visible(timeout=journey.TIMEOUT)
    validate_pieces_and_complete(staff)
    smtp.wait_for(APPLICANT, "Dossier complet")
    journey.field(staff, "Type d'avis").select_option("FA")
    staff.get_by_role("button", name="Saisir l'avis").click()
    _staff_message(staff, "Avis saisi")
    staff.get_by_role("button", name="Valider l'avis").click()
    _staff_message(staff, "Avis validé")
    expect(staff.get_by_text(re.compile(r"Favorable \(validé\)")).first).to_be_visible()
    shot(staff, "5-avis-valide")

    # A: the decision e-mail, then the confirmation on "Mes candidatures".
    decision = smtp.wait_for(APPLICANT, "Avis favorable")
    assert FORMATION in decision.subject
    journey.open_page(applicant, base_url + "/mes-candidatures")
    expect(applicant.get_by_role("button", name="Confirmer").first).to_be_visible(
        timeout=journey.TIMEOUT
    )
    # Not answered yet: no « Désistement enregistré » next to the buttons (issue 13).
    offer = applicant.locator(".rt-Card").filter(has_text=FORMATION)
    expect(offer.get_by_text("Désistement enregistré")).to_have_count(0)
    applicant.get_by_role("button", name="Confirmer").first.click()
    confirm = applicant.get_by_role("alertdialog")
    confirm.get_by_role("button", name="Confirmer").click()
    expect(applicant.get_by_text("Votre inscription est confirmée.")).to_be_visible(
        timeout=journey.TIMEOUT
    )
    expect(applicant.get_by_text("Inscription confirmée").first).to_be_visible()
    smtp.wait_for(APPLICANT, "Inscription confirmée")
    shot(applicant, "6-inscription-confirmee")

    # B: the board moved the card to "Décision validée" by itself as well.
    journey.open_page(staff, base_url + "/gestion")
    expect(staff.locator(f"#colonne-validee #carte-{app_id}")).to_be_visible(
        timeout=journey.TIMEOUT
    )
