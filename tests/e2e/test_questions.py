"""Questions per formation in a real browser: an applicant finds the formation's questions
on the dossier, a required one missing keeps « Transmettre ma candidature » grey and is
listed in « Il manque encore », a too long answer is refused next to its field with the
text kept, the answers saved turn the button green, the dossier goes; the next dossier (a
formation asking the same motivation question) starts empty. Staff read the answers on
the dossier; an administrator adds a question from the formation's form. Axe on each."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.smtp_capture import SmtpCapture

DEMO_PASSWORD = "Demo-ecandidat-2027"
FORMATION = "Licence Informatique"
OTHER = "Licence pro Métiers de l'informatique"
MOTIVATION = journey.L001_MOTIVATION
TRACK = journey.L001_TRACK
ANSWER = "Je programme depuis le lycée et je veux en faire mon métier."
UPLOADED = ["ID", "CV", "LM", "RN"]


def _answer_questions(page: Page) -> None:
    transmit = page.get_by_role("button", name="Transmettre ma candidature")
    missing = page.locator("#manquant")
    expect(missing).to_contain_text(f"Réponse à la question « {MOTIVATION} »")
    expect(missing).to_contain_text(f"Réponse à la question « {TRACK} »")
    expect(transmit).to_be_disabled()

    page.get_by_role("group", name=TRACK).get_by_role("radio", name="Data science").click()
    expect(page.get_by_role("radio", name="Data science")).to_be_checked()
    page.get_by_role("group", name=re.compile("déjà programmé")).get_by_role(
        "radio", name="Oui"
    ).click()
    motivation = journey.field(page, MOTIVATION)
    motivation.fill("x" * 1501)
    page.get_by_role("button", name="Enregistrer mes réponses").click()
    expect(page.get_by_text("ne doit pas dépasser 1500 caractères")).to_be_visible(
        timeout=journey.TIMEOUT
    )
    expect(motivation).to_have_attribute("aria-invalid", "true")
    expect(motivation).to_have_value("x" * 1501)  # the draft is kept
    expect(page.get_by_role("radio", name="Data science")).to_be_checked()
    expect(missing).to_contain_text(f"Réponse à la question « {TRACK} »")  # nothing saved
    assert_no_serious_violations(page)

    motivation.fill(ANSWER)
    page.get_by_role("button", name="Enregistrer mes réponses").click()
    expect(page.get_by_text("Vos réponses ont été enregistrées.")).to_be_visible(
        timeout=journey.TIMEOUT
    )
    expect(missing).to_contain_text("Votre dossier est complet")
    expect(transmit).to_be_enabled()


def test_applicant_answers_transmits_and_staff_read_the_answers(
    page: Page, browser: Browser, base_url: str, smtp: SmtpCapture, shot, tmp_path: Path
) -> None:
    email = "questions.formation@example.org"
    pdf = journey.make_pdf(tmp_path / "piece.pdf")
    journey.new_applicant(page, base_url, smtp, last="Questel", first="Inès", email=email)

    journey.apply_from_catalogue(page, base_url, "programmation", FORMATION)
    application_id = re.search(r"/candidature/(\d+)", page.url).group(1)  # type: ignore[union-attr]
    expect(page.get_by_role("heading", name="Questions de la formation")).to_be_visible()
    for code in UPLOADED:
        journey.upload(page, code, pdf)
    journey.declare_not_concerned(page, "Notification de bourse")
    shot(page, "1-questions-manquantes")
    assert_no_serious_violations(page)
    _answer_questions(page)
    shot(page, "2-reponses-enregistrees")

    page.get_by_role("button", name="Transmettre ma candidature").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Je transmets").click()
    expect(page.get_by_text("Réceptionné").first).to_be_visible(timeout=journey.TIMEOUT)
    answers = page.locator("section[aria-labelledby=questions-titre]")
    expect(answers.get_by_text(ANSWER)).to_be_visible()  # read back, no longer a form
    expect(answers.get_by_role("textbox")).to_have_count(0)
    shot(page, "3-transmis")

    # The next dossier asks the same motivation question: nothing of the first shows.
    journey.apply_from_catalogue(page, base_url, "web", OTHER)
    expect(
        page.get_by_role("group", name="Suivrez-vous la formation en alternance ?")
    ).to_be_visible(timeout=journey.TIMEOUT)
    expect(journey.field(page, MOTIVATION)).to_have_value("")
    expect(page.get_by_text(TRACK)).to_have_count(0)
    expect(page.get_by_text(ANSWER)).to_have_count(0)
    assert_no_serious_violations(page)

    staff = browser.new_context()
    try:
        desk = staff.new_page()
        journey.log_in(desk, base_url, "gestionnaire@demo.ecandidat.fr", DEMO_PASSWORD)
        expect(desk).to_have_url(re.compile("/gestion"), timeout=journey.TIMEOUT)
        journey.open_page(desk, f"{base_url}/gestion/dossier/{application_id}")
        section = desk.locator("section").filter(
            has=desk.get_by_role("heading", name="Réponses aux questions de la formation")
        )
        expect(section).to_contain_text(ANSWER, timeout=journey.TIMEOUT)
        expect(section).to_contain_text("Data science")
        expect(section).to_contain_text("Oui")
        shot(desk, "4-dossier-gestionnaire")
        assert_no_serious_violations(desk)
    finally:
        staff.close()


def test_administrator_adds_a_question_to_a_formation(
    browser: Browser, base_url: str, shot
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        journey.log_in(page, base_url, "admin@demo.ecandidat.fr", DEMO_PASSWORD)
        expect(page).to_have_url(re.compile("/gestion"), timeout=journey.TIMEOUT)
        journey.open_page(page, base_url + "/admin/formations")
        page.locator("#recherche-admin").fill("L001")
        # The list also shows last year's L001 (archived campaign DEMO-PREC): this year's row.
        this_year = page.get_by_role("row").filter(has_text="L001").filter(has_not_text="DEMO-PREC")
        this_year.get_by_role("button", name="Modifier L001").click(timeout=journey.TIMEOUT)
        panel = page.locator("section[aria-labelledby=questions-admin]")
        expect(panel).to_contain_text(MOTIVATION, timeout=journey.TIMEOUT)
        panel.get_by_role("button", name="Ajouter une question").click()
        journey.field(page, "Intitulé").fill("Avez-vous un ordinateur personnel ?")
        page.get_by_label("Type de question").select_option("yesno")
        panel.get_by_role("button", name="Enregistrer la question").click()
        expect(panel.get_by_text("Question ajoutée.")).to_be_visible(timeout=journey.TIMEOUT)
        expect(panel).to_contain_text("Avez-vous un ordinateur personnel ?")
        shot(page, "questions-formation")
        assert_no_serious_violations(page)
        panel.get_by_role("button", name="Retirer Avez-vous un ordinateur personnel ?").click()
        expect(panel.get_by_text("Question supprimée.")).to_be_visible(timeout=journey.TIMEOUT)
    finally:
        context.close()
