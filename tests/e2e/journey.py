"""Steps of the applicant's guide, shared by the browser tests (one place, not copies)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from ecandidat_app.core.i18n import translate
from tests.e2e.smtp_capture import SmtpCapture

PASSWORD = "Candidature-2027-solide"
TIMEOUT = 15_000


def words(text: str, lang: str) -> str:
    """A label of the interface as a browser in `lang` shows it (French: itself)."""
    return translate(text, lang)


def field(page: Page, label: str) -> Locator:
    """The input labelled `label` (required fields show " *" after the label)."""
    return page.get_by_label(re.compile("^" + re.escape(label) + r"( \*)?$"))


def open_page(page: Page, url: str) -> None:
    """Go to `url` and wait until the app is connected and the page's on_load has run."""
    page.goto(url)
    expect(page.locator("#app-pret")).to_have_attribute("data-pret", "oui", timeout=TIMEOUT)


def make_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def sign_up(
    page: Page, base_url: str, *, last: str, first: str, email: str, lang: str = "fr"
) -> None:
    open_page(page, base_url + "/inscription")
    field(page, words("Nom", lang)).fill(last)
    field(page, words("Prénom", lang)).fill(first)
    field(page, words("Adresse e-mail", lang)).fill(email)
    field(page, words("Confirmation de l'adresse e-mail", lang)).fill(email)
    page.get_by_role("button", name=words("Suivant", lang)).click()
    field(page, words("Mot de passe", lang)).fill(PASSWORD)
    field(page, words("Confirmation du mot de passe", lang)).fill(PASSWORD)
    page.get_by_role("button", name=words("Enregistrer", lang)).click()
    expect(page.locator("#inscription-envoyee")).to_be_visible(timeout=TIMEOUT)


def activate_from_mail(
    page: Page,
    smtp: SmtpCapture,
    email: str,
    *,
    subject: str = "Activez votre compte",
    done: str = "activé",
) -> None:
    """`subject` "" takes the first mail to `email`, whatever its language."""
    mail = smtp.wait_for(email, subject)
    link = next(u for u in mail.links() if "/valider" in u)
    open_page(page, link)
    expect(page.get_by_text(re.compile(done, re.I)).first).to_be_visible(timeout=TIMEOUT)


def log_in(
    page: Page, base_url: str, identifier: str, password: str = PASSWORD, *, lang: str = "fr"
) -> None:
    open_page(page, base_url + "/connexion")
    field(page, words("Adresse e-mail ou numéro de dossier", lang)).fill(identifier)
    field(page, words("Mot de passe", lang)).fill(password)
    page.get_by_role("button", name=words("Se connecter", lang)).click()


def new_applicant(
    page: Page, base_url: str, smtp: SmtpCapture, *, last: str, first: str, email: str
) -> None:
    """An applicant of their own, signed in with a complete profile: browser tests that
    apply or upload never share the demo applicant (its common pieces and dossiers would
    carry over from one test to the next)."""
    sign_up(page, base_url, last=last, first=first, email=email)
    activate_from_mail(page, smtp, email)
    log_in(page, base_url, email)
    expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=TIMEOUT)
    complete_profile(page, base_url)


# What the demo's Licence Informatique (L001) asks of its applicants (demo/questions.py).
L001_MOTIVATION = "Pourquoi choisissez-vous cette formation ?"
L001_TRACK = "Parcours souhaité"


def answer_l001_questions(page: Page, motivation: str = "Je veux en faire mon métier.") -> None:
    """Answer the demo L001's required questions on the application page and save."""
    page.get_by_role("group", name=L001_TRACK).get_by_role("radio", name="Data science").click()
    page.get_by_role("group", name=re.compile("déjà programmé")).get_by_role(
        "radio", name="Oui"
    ).click()
    field(page, L001_MOTIVATION).fill(motivation)
    page.get_by_role("button", name="Enregistrer mes réponses").click()
    expect(page.get_by_text("Vos réponses ont été enregistrées.")).to_be_visible(timeout=TIMEOUT)


def pick_country(page: Page, label: str, typed: str, name: str) -> None:
    """Type into a country combobox of « Mon dossier », then tap the suggestion."""
    box = page.get_by_role("combobox", name=re.compile("^" + re.escape(label)))
    box.fill(typed)
    page.get_by_role("option", name=name, exact=True).click()
    expect(box).to_have_value(name, timeout=TIMEOUT)


def complete_profile(page: Page, base_url: str, *, lang: str = "fr") -> None:
    def w(text: str) -> str:
        return words(text, lang).removesuffix(" *").removesuffix(".")

    def speciality(n: int) -> Locator:
        return field(page, w("Spécialité de terminale {n} *").format(n=n))

    open_page(page, base_url + "/mon-dossier")
    field(page, w("Civilité *")).select_option("Mme")
    field(page, w("Date de naissance")).fill("2004-02-17")
    field(page, w("Lieu de naissance")).fill("Perpignan")
    pick_country(page, w("Pays de naissance"), "fran", "France")
    pick_country(page, w("Nationalité"), "fran", "France")
    page.get_by_role("button", name=w("Enregistrer l'état civil")).click()
    saved = w("Modifications enregistrées.")
    expect(page.get_by_text(saved).first).to_be_visible(timeout=TIMEOUT)
    field(page, w("Téléphone")).fill("06 11 22 33 44")
    field(page, w("Adresse")).fill("3 place de la Loge")
    field(page, w("Code postal")).fill("66000")
    # A postal code of one commune: the list shows it chosen.
    expect(field(page, w("Commune *"))).to_have_value("Perpignan", timeout=TIMEOUT)
    page.get_by_role("button", name=w("Enregistrer les coordonnées")).click()
    expect(page.get_by_text(saved)).to_have_count(2, timeout=TIMEOUT)
    field(page, w("Année d'obtention")).fill("2022")
    field(page, w("Série ou diplôme équivalent")).select_option("BG")
    speciality(1).select_option("MATHS")
    speciality(2).select_option("NSI")
    page.get_by_role("button", name=w("Enregistrer le baccalauréat")).click()
    expect(page.get_by_text(w("Baccalauréat enregistré.")).first).to_be_visible(timeout=TIMEOUT)


def apply_from_catalogue(
    page: Page, base_url: str, query: str, label: str, *, lang: str = "fr"
) -> None:
    open_page(page, base_url + "/formations")
    page.locator("#filtre").fill(query)
    expect(page).to_have_url(re.compile(r"q=" + query), timeout=TIMEOUT)
    title = page.get_by_role("button", name=label)
    title.click()
    expect(title).to_have_attribute("aria-expanded", "true")
    page.get_by_role("button", name=words("Candidater", lang)).first.click()
    expect(page).to_have_url(re.compile(r"/candidature/\d+"), timeout=TIMEOUT)


def upload(page: Page, code: str, pdf: Path) -> None:
    """(+) on the document, then choose the file in the upload dialog."""
    page.locator(f"#ajouter-{code}").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#upload-piece input[type=file]").set_input_files(str(pdf))
    expect(dialog).to_be_hidden(timeout=TIMEOUT)


def declare_not_concerned(page: Page, document_label: str) -> None:
    card = (
        page.locator("section, article, div")
        .filter(has=page.get_by_text(document_label, exact=True))
        .filter(has=page.get_by_role("button", name="Je ne suis pas concerné"))
        .last
    )
    card.get_by_role("button", name="Je ne suis pas concerné").click()
    dialog = page.get_by_role("alertdialog")
    certify = dialog.get_by_role("checkbox", name="Je certifie sur l'honneur")
    certify.click()
    expect(certify).to_be_checked(timeout=TIMEOUT)
    dialog.get_by_role("button", name="Confirmer").click()
    expect(dialog).to_be_hidden(timeout=TIMEOUT)


def import_student_records(env: dict[str, str], folder: Path, csv: str) -> None:
    """The operator's import command (`ecandidat import-etudiants`) on the app's database."""
    path = folder / "export-scolarite.csv"
    path.write_text(csv, encoding="utf-8")
    ecandidat = str(Path(sys.executable).with_name("ecandidat"))
    done = subprocess.run(
        [ecandidat, "import-etudiants", str(path)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"(créés|mis à jour|inchangés) : 1", done.stdout), done.stdout
