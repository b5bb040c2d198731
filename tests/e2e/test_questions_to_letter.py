"""Issue 16's chain for one applicant, in a real browser: a new applicant applies to a demo
formation that asks questions (L001), uploads the pieces, answers the questions and
transmits; the demo gestionnaire validates the pieces, declares the dossier complete,
enters and validates a favourable decision, then downloads the whole dossier as one PDF
(its cover holds the applicant's name and answers, its page count is the front plus the
four pieces) and a ZIP of this dossier and two others from the board's list; the
applicant downloads the admission letter from « Mes candidatures »
(one page, the name and the decision). Axe on the application page with the answers and
on « Mes candidatures » with the letter."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.smtp_capture import SmtpCapture
from tests.e2e.test_letters import (
    _download,
    _front_pages,
    _text,
    admission_letter_from_my_applications,
)
from tests.e2e.test_questions import ANSWER, FORMATION, MOTIVATION, TRACK, _answer_questions
from tests.e2e.test_staff_review import (
    DEMO_PASSWORD,
    GESTIONNAIRE,
    UPLOADED,
    _staff_message,
    _transmit,
    validate_pieces_and_complete,
)

EMAIL = "lettre.questions@example.org"
LAST, FIRST = "Carvalho", "Julie"
NAME = f"{FIRST} {LAST}"
ADMISSION = "Décision : avis favorable (admission)"


def _apply_answer_transmit(page: Page, base_url: str, smtp: SmtpCapture, pdf: Path) -> str:
    """The applicant's side up to the transmission; returns the application's id."""
    journey.sign_up(page, base_url, last=LAST, first=FIRST, email=EMAIL)
    journey.activate_from_mail(page, smtp, EMAIL)
    journey.log_in(page, base_url, EMAIL)
    expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=journey.TIMEOUT)
    journey.complete_profile(page, base_url)
    journey.apply_from_catalogue(page, base_url, "programmation", FORMATION)
    match = re.search(r"/candidature/(\d+)", page.url)
    assert match is not None
    for code in UPLOADED:
        journey.upload(page, code, pdf)
    expect(page.get_by_text(pdf.name)).to_have_count(len(UPLOADED), timeout=journey.TIMEOUT)
    journey.declare_not_concerned(page, "Notification de bourse")
    _answer_questions(page)
    _transmit(page)
    answers = page.locator("section[aria-labelledby=questions-titre]")
    expect(answers.get_by_text(ANSWER)).to_be_visible(timeout=journey.TIMEOUT)
    assert_no_serious_violations(page)
    return match.group(1)


def _decide(staff: Page, base_url: str, app_id: str) -> None:
    """The gestionnaire validates the pieces, completes the dossier, decides, validates."""
    journey.log_in(staff, base_url, GESTIONNAIRE, DEMO_PASSWORD)
    expect(staff).to_have_url(re.compile("/gestion/?$"), timeout=journey.TIMEOUT)
    journey.open_page(staff, f"{base_url}/gestion/dossier/{app_id}")
    expect(staff.get_by_role("heading", name=re.compile(NAME))).to_be_visible(
        timeout=journey.TIMEOUT
    )
    validate_pieces_and_complete(staff)
    journey.field(staff, "Type d'avis").select_option("FA")
    staff.get_by_role("button", name="Saisir l'avis").click()
    _staff_message(staff, "Avis saisi")
    staff.get_by_role("button", name="Valider l'avis").click()
    _staff_message(staff, "Avis validé")
    expect(
        staff.get_by_role("link", name=re.compile("Télécharger la lettre d'admission"))
    ).to_be_visible(timeout=journey.TIMEOUT)


def _check_dossier_pdf(data: bytes) -> None:
    """Front (cover + contents) then the four one-page pieces; the cover holds the
    applicant, the formation, the decision and the answers."""
    reader = PdfReader(io.BytesIO(data))
    front = _front_pages(reader)
    assert len(reader.pages) == front + len(UPLOADED), (len(reader.pages), front)
    cover = " ".join(" ".join((p.extract_text() or "") for p in reader.pages[:front]).split())
    for text in (NAME, FORMATION, "Favorable (validé)", MOTIVATION, ANSWER, TRACK, "Data science"):
        assert text in cover, (text, cover)


def _zip_with_two_others(staff: Page, base_url: str, dossier: bytes) -> None:
    """From the board's list: this dossier and two others in one ZIP of three PDFs, this
    dossier's entry being the same file as the one downloaded from its page."""
    journey.open_page(staff, base_url + "/gestion")
    staff.get_by_role("button", name="Vue liste").click()
    ours = staff.get_by_role("checkbox", name=re.compile(f"^Sélectionner .*{LAST}"))
    others = staff.get_by_role("checkbox", name=re.compile(f"^Sélectionner (?!.*{LAST})"))
    for box in (ours, others.nth(0), others.nth(1)):
        box.click()  # a controlled checkbox: checked once the server has answered
        expect(box).to_be_checked(timeout=journey.TIMEOUT)
    expect(staff.get_by_text("3 dossier(s) sélectionné(s)")).to_be_visible(timeout=journey.TIMEOUT)
    archive = zipfile.ZipFile(
        io.BytesIO(
            _download(
                staff, staff.get_by_role("button", name="Télécharger les dossiers (ZIP)").click
            )
        )
    )
    entries = {name: archive.read(name) for name in archive.namelist()}
    assert len(entries) == 3 and all(name.endswith(".pdf") for name in entries), entries.keys()
    mine = [data for data in entries.values() if NAME in (_text(data))]
    assert len(mine) == 1 and len(PdfReader(io.BytesIO(mine[0])).pages) == len(
        PdfReader(io.BytesIO(dossier)).pages
    )
    for data in entries.values():
        assert "Sommaire" in _text(data)


def test_answers_transmission_decision_dossier_pdf_and_letter(
    page: Page, browser: Browser, base_url: str, smtp: SmtpCapture, shot, tmp_path: Path
) -> None:
    pdf = journey.make_pdf(tmp_path / "piece.pdf")
    app_id = _apply_answer_transmit(page, base_url, smtp, pdf)
    shot(page, "1-reponses-transmises")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    try:
        staff = context.new_page()
        _decide(staff, base_url, app_id)
        shot(staff, "2-avis-valide")
        dossier = _download(
            staff, staff.get_by_role("link", name="Télécharger le dossier complet (PDF)").click
        )
        _check_dossier_pdf(dossier)
        _zip_with_two_others(staff, base_url, dossier)
    finally:
        context.close()

    smtp.wait_for(EMAIL, "Avis favorable")
    letter = admission_letter_from_my_applications(page, base_url, FORMATION)
    shot(page, "3-mes-candidatures-lettre")
    assert len(PdfReader(io.BytesIO(letter)).pages) == 1
    text = _text(letter)
    assert NAME in text and ADMISSION in text and FORMATION in text, text
