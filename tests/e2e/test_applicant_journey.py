"""The applicant's guide, end to end in a real browser, at a desktop and a phone viewport:
create the account, activate it from the e-mail, log in, complete "Mon dossier", filter the
catalogue, apply, upload a PDF, declare a conditional document "non concerné", watch the
button turn green, transmit, and receive the confirmation e-mail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.smtp_capture import SmtpCapture

FORMATION = "Master Informatique parcours Méthodes formelles"
UPLOADED = ["ID", "CV", "LM", "RN"]  # pièce d'identité, CV, lettre, relevés
NOT_CONCERNED = ["Notification de bourse", "Certification en langue française"]

VIEWPORTS = {"bureau": {"width": 1280, "height": 900}, "telephone": {"width": 375, "height": 812}}


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_applicant_signs_up_applies_uploads_and_transmits_on_every_screen(
    screen: str, page: Page, base_url: str, smtp: SmtpCapture, shot, tmp_path: Path
) -> None:
    page.set_viewport_size(VIEWPORTS[screen])
    email = f"lea.{screen}@example.org"
    pdf = journey.make_pdf(tmp_path / "piece.pdf")

    journey.sign_up(page, base_url, last="Garcia", first="Léa", email=email)
    shot(page, "1-inscription")
    assert_no_serious_violations(page)
    journey.activate_from_mail(page, smtp, email)
    journey.log_in(page, base_url, email)
    expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=journey.TIMEOUT)
    journey.complete_profile(page, base_url)
    shot(page, "2-mon-dossier")

    journey.apply_from_catalogue(page, base_url, "methode", FORMATION)
    transmit = page.get_by_role("button", name="Transmettre ma candidature")
    expect(transmit).to_be_disabled()
    expect(page.locator("#manquant")).to_contain_text("Curriculum vitae")
    assert_no_serious_violations(page)

    for code in UPLOADED:
        journey.upload(page, code, pdf)
    expect(page.get_by_text("piece.pdf")).to_have_count(len(UPLOADED), timeout=journey.TIMEOUT)
    for label in NOT_CONCERNED:
        journey.declare_not_concerned(page, label)
    expect(transmit).to_be_enabled(timeout=journey.TIMEOUT)
    shot(page, "3-pret-a-transmettre")

    transmit.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("aucune modification ne sera possible")
    dialog.get_by_role("button", name="Je transmets").click()
    expect(page.get_by_text("Réceptionné").first).to_be_visible(timeout=journey.TIMEOUT)
    shot(page, "4-transmis")
    mail = smtp.wait_for(email, "Candidature transmise")
    assert FORMATION in mail.text

    journey.open_page(page, base_url + "/mes-candidatures")
    expect(page.get_by_text(FORMATION).first).to_be_visible(timeout=journey.TIMEOUT)
    expect(page.get_by_text("Réceptionné").first).to_be_visible()
    shot(page, "5-mes-candidatures")
    assert_no_serious_violations(page)


def test_catalogue_is_accessible_and_filter_is_shareable(page: Page, base_url: str) -> None:
    journey.open_page(page, base_url + "/formations?q=methode&ouvertes=1")
    expect(page.locator("#filtre")).to_have_value("methode", timeout=journey.TIMEOUT)
    expect(page.get_by_role("button", name=FORMATION)).to_be_visible()
    assert_no_serious_violations(page)
