"""Letters and dossier files in a real browser, on the demo data: the gestionnaire validates
a favourable decision entered by the commission, downloads the admission letter and the
whole dossier as one PDF from the dossier page, then a ZIP of three dossiers from the
board's list; the applicant downloads the letter from « Mes candidatures ». Every file is
opened (pypdf, zipfile): page counts and texts are checked against the database."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Download, Page, expect
from pypdf import PdfReader
from sqlalchemy import create_engine
from sqlmodel import Session, col, select

from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    Decision,
    DocumentFile,
    Formation,
    StoredFile,
)
from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations

DEMO_PASSWORD = "Demo-ecandidat-2027"
GESTIONNAIRE = "gestionnaire@demo.ecandidat.fr"


@pytest.fixture
def db(app_env: dict[str, str]) -> Iterator[Session]:
    """The app's own database (the demo's SQLite file), read by the test (which asks
    for the running app first: `staff_page`)."""
    url = app_env.get("ECANDIDAT_DATABASE_URL") or (
        f"sqlite:///{Path(app_env['ECANDIDAT_DATA_DIR']) / 'ecandidat.db'}"
    )
    engine = create_engine(url)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _pending_favourable(s: Session) -> tuple[int, Account, str]:
    """A dossier whose favourable decision waits for validation, its applicant, formation."""
    row = s.exec(
        select(Application, Account, Formation)
        .join(Decision, col(Decision.application_id) == Application.id)
        .join(Account, col(Account.id) == Application.account_id)
        .join(Formation, col(Formation.id) == Application.formation_id)
        .where(col(Decision.code) == "FA", col(Decision.validated_at).is_(None))
        .where(col(Decision.superseded).is_(False))
    ).first()
    assert row is not None, "the demo has favourable decisions waiting for validation"
    app, person, formation = row
    return app.id or 0, person, formation.label


def _validated_pieces_pages(s: Session, application_id: int, files_dir: Path) -> int:
    """What the dossier PDF must hold after its front: each validated piece's pages."""
    total = 0
    for stored in s.exec(
        select(StoredFile)
        .join(DocumentFile, col(DocumentFile.stored_file_id) == StoredFile.id)
        .join(
            ApplicationDocument, col(ApplicationDocument.id) == DocumentFile.application_document_id
        )
        .where(col(ApplicationDocument.application_id) == application_id)
        .where(col(ApplicationDocument.status) == "VA")
    ).all():
        path = files_dir / stored.storage_key[:2] / stored.storage_key
        total += len(PdfReader(str(path)).pages) if stored.content_type.endswith("pdf") else 1
    return total


def _front_pages(reader: PdfReader) -> int:
    """Cover pages + the contents page (the one that starts with « Sommaire »)."""
    for index, page in enumerate(reader.pages):
        if "Sommaire" in (page.extract_text() or ""):
            return index + 1
    raise AssertionError("no table of contents")


def _download(page: Page, click) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download(timeout=journey.TIMEOUT * 4) as info:
        click()
    download: Download = info.value
    failure = download.failure()
    if failure is not None:
        # What the server answers to the same request, for the failure message.
        again = page.request.get(download.url)
        raise AssertionError(
            f"{download.url}: {failure}; again: {again.status} {again.text()[:200]}"
        )
    return Path(download.path()).read_bytes()


def admission_letter_from_my_applications(page: Page, base_url: str, formation: str) -> bytes:
    """The applicant's side: « Mes candidatures » shows the letter on the formation's card
    (axe-checked), and the link downloads it."""
    journey.open_page(page, base_url + "/mes-candidatures")
    card = page.locator(".rt-Card").filter(has_text=formation)
    link = card.get_by_role("link", name=re.compile("Télécharger la lettre d'admission"))
    expect(link).to_be_visible(timeout=journey.TIMEOUT)
    assert_no_serious_violations(page)
    return _download(page, link.click)


def _signed_in(page: Page) -> None:
    """The sign-in went through (the session cookie is set once the page has left it)."""
    expect(page).not_to_have_url(re.compile("/connexion"), timeout=journey.TIMEOUT)


def _text(data: bytes) -> str:
    return " ".join(
        "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).split()
    )


@pytest.fixture
def staff_page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    journey.log_in(page, base_url, GESTIONNAIRE, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile("/gestion/?$"), timeout=journey.TIMEOUT)
    yield page
    context.close()


def test_letter_dossier_pdf_and_zip(
    staff_page: Page, browser: Browser, base_url: str, db: Session, app_env: dict[str, str], shot
) -> None:
    files_dir = Path(app_env["ECANDIDAT_DATA_DIR"]) / "files"
    app_id, person, formation = _pending_favourable(db)
    name = f"{person.first_name} {person.last_name}"
    staff = staff_page

    # The gestionnaire validates the decision: the letter appears on the dossier page.
    journey.open_page(staff, f"{base_url}/gestion/dossier/{app_id}")
    staff.get_by_role("button", name="Valider l'avis").click()
    expect(staff.get_by_text("Avis validé").first).to_be_visible(timeout=journey.TIMEOUT)
    letter_link = staff.get_by_role("link", name=re.compile("Télécharger la lettre d'admission"))
    expect(letter_link).to_be_visible(timeout=journey.TIMEOUT)
    shot(staff, "1-dossier-lettre")
    assert_no_serious_violations(staff)
    letter = _download(staff, letter_link.click)
    assert len(PdfReader(io.BytesIO(letter)).pages) == 1
    assert name in _text(letter) and "Décision : avis favorable (admission)" in _text(letter)

    # The whole dossier: front, then every validated piece.
    dossier = _download(
        staff, staff.get_by_role("link", name="Télécharger le dossier complet (PDF)").click
    )
    reader = PdfReader(io.BytesIO(dossier))
    assert len(reader.pages) == _front_pages(reader) + _validated_pieces_pages(
        db, app_id, files_dir
    )
    cover = reader.pages[0].extract_text()
    assert name in cover and formation in cover and "Favorable (validé)" in cover

    # A ZIP of three dossiers selected in the board's list.
    journey.open_page(staff, base_url + "/gestion")
    staff.get_by_role("button", name="Vue liste").click()
    boxes = staff.get_by_role("checkbox", name=re.compile("^Sélectionner "))
    expect(boxes.first).to_be_visible(timeout=journey.TIMEOUT)
    chosen = []
    for index in range(3):
        box = boxes.nth(index)
        chosen.append(box.get_attribute("aria-label").removeprefix("Sélectionner "))  # type: ignore[union-attr]
        box.click()  # a controlled checkbox: checked once the server has answered
        expect(box).to_be_checked(timeout=journey.TIMEOUT)
    expect(staff.get_by_text("3 dossier(s) sélectionné(s)")).to_be_visible(timeout=journey.TIMEOUT)
    assert_no_serious_violations(staff)
    data = _download(
        staff, staff.get_by_role("button", name="Télécharger les dossiers (ZIP)").click
    )
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert len(names) == 3 and all(n.endswith(".pdf") for n in names)
    for entry, shown in zip(names, chosen, strict=True):
        reader = PdfReader(io.BytesIO(archive.read(entry)))
        file_number = entry.split("-")[2]
        app = db.exec(
            select(Application)
            .join(Account, col(Account.id) == Application.account_id)
            .where(col(Account.file_number) == file_number)
        ).first()
        assert app is not None
        assert len(reader.pages) == _front_pages(reader) + _validated_pieces_pages(
            db, app.id or 0, files_dir
        )
        cover = reader.pages[0].extract_text()
        assert all(part in cover for part in shown.split())

    # The applicant downloads the same letter from « Mes candidatures ».
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    applicant = context.new_page()
    journey.log_in(applicant, base_url, person.email, DEMO_PASSWORD)
    _signed_in(applicant)
    assert admission_letter_from_my_applications(applicant, base_url, formation) == letter
    shot(applicant, "2-mes-candidatures-lettre")
    context.close()


def test_admin_edits_a_letter_template(browser: Browser, base_url: str, shot) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    journey.log_in(page, base_url, "admin@demo.ecandidat.fr", DEMO_PASSWORD)
    _signed_in(page)
    journey.open_page(page, base_url + "/admin/modeles-lettres")
    page.get_by_role("button", name="Modifier le modèle Lettre de refus").click()
    expect(page.get_by_label("Objet")).to_have_value(re.compile("Votre candidature"))
    page.get_by_role("button", name="Aperçu").click()
    expect(page.get_by_text("Aperçu avec des valeurs d'exemple")).to_be_visible(
        timeout=journey.TIMEOUT
    )
    expect(page.get_by_text("avis défavorable").first).to_be_visible()
    shot(page, "3-modele-lettre")
    assert_no_serious_violations(page)
    context.close()
