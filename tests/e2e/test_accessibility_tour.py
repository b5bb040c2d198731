"""Accessibility over every state: for each audience (visitor, applicant, gestionnaire,
commission member, administrator) at desktop (1280x900) and phone (390x844) width, one
browser context walks the route table's pages and the states they open (dialogs, errors
shown, a dossier, the decision form) and runs axe at each: zero serious or critical
violations. At each stop it also asks for no page error (a failed hydration re-renders
the page and wipes what was typed) and, on a phone, no horizontal scrolling.

The applicant signs up with a 60-character e-mail address (the longest word a page shows);
the other audiences use the demo accounts and the demo's dossiers. Each walk writes what it
found per stop to test-artifacts/accessibilite/ (counts for the lead's note).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from ecandidat_app.web.routes import ROUTES
from tests.e2e import journey
from tests.e2e.a11y import serious_violations
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.smtp_capture import SmtpCapture

DEMO_PASSWORD = "Demo-ecandidat-2027"
SCREENS = {"bureau": {"width": 1280, "height": 900}, "telephone": {"width": 390, "height": 844}}
FORMATION = "Master Informatique parcours Méthodes formelles"
UPLOADED = ["ID", "CV", "LM", "RN"]
NOT_CONCERNED = ["Notification de bourse", "Certification en langue française"]
MAX_DIALOGS_PER_PAGE = 4
OUT = ARTIFACTS / "accessibilite"


def long_email(tag: str) -> str:
    """A real-looking 60-character address, with no hyphen where a line could break: the
    longest unbreakable word a page has to fit."""
    domain = "@etudiant.example.org"
    local = f"{tag}.mariecharlotte.delacroixmontbrisondelatourdupin"
    assert len(tag) < 20 and "-" not in tag
    return local[: 60 - len(domain)] + domain


def static_paths(audience: str) -> list[str]:
    return [r.path for r in ROUTES if r.audience == audience and "[" not in r.path]


@dataclass
class Tour:
    """One browser context's walk; `check` is one stop."""

    page: Page
    base_url: str
    screen: str
    stops: list[dict] = field(default_factory=list)
    _errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("pageerror", lambda exc: self._errors.append(str(exc)[:300]))

    def check(self, state: str) -> None:
        page = self.page
        stop: dict = {"etat": state, "adresse": page.url.removeprefix(self.base_url)}
        # The pointer stays where the last click was; after a step change a link can sit
        # under it mid-hover. Judge the page at rest (hover colours are not what is read).
        page.mouse.move(0, 0)
        # Judge colours once finite animations end: a toast fading in is read mid-fade
        # otherwise (text at a third of its opacity), which no one ever sees at rest.
        page.evaluate(SETTLE_ANIMATIONS)
        stop["axe"] = serious_violations(page)
        if self.screen == "telephone":
            stop["debord_px"] = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
        stop["erreurs"], self._errors[:] = list(self._errors), []
        self.stops.append(stop)

    def visit(self, path: str, state: str | None = None) -> None:
        """Open a page, check it, then every dialog it offers."""
        journey.open_page(self.page, self.base_url + path)
        self.check(state or path)
        self.page_dialogs(state or path)

    def dialog(self, opener: Locator, state: str, *, close: bool = True) -> Locator:
        """Open a dialog, check it, close it with Escape (as a keyboard user would)."""
        opener.click()
        dialog = self.page.locator("[role=dialog], [role=alertdialog]").last
        expect(dialog).to_be_visible(timeout=journey.TIMEOUT)
        # Colours are measured once the opening animation is over, not mid-fade.
        dialog.evaluate("el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished))")
        self.check(state)
        if close:
            self.page.keyboard.press("Escape")
            expect(dialog).to_be_hidden(timeout=journey.TIMEOUT)
        return dialog

    def page_dialogs(self, where: str) -> None:
        """Every distinct dialog the page offers through a dialog trigger."""
        seen: set[str] = set()
        triggers = self.page.locator('[aria-haspopup="dialog"]:visible:enabled')
        for i in range(triggers.count()):
            trigger = triggers.nth(i)
            name = (trigger.get_attribute("aria-label") or trigger.inner_text()).strip()
            if name in seen or len(seen) >= MAX_DIALOGS_PER_PAGE:
                continue
            seen.add(name)
            self.dialog(trigger, f"{where} : dialogue « {name} »")

    def problems(self) -> list[dict]:
        return [s for s in self.stops if s["axe"] or s["erreurs"] or s.get("debord_px", 0) > 0]


SETTLE_ANIMATIONS = """() => Promise.race([
    Promise.all(document.getAnimations()
        .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
        .map(a => a.finished.catch(() => null))),
    new Promise(done => setTimeout(done, 3000)),
])"""


def shot(page: Page, name: str) -> None:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"tour-{name}.png"), full_page=True)


# ------------------------------------------------------------------------ the walks


def visitor(t: Tour, _smtp: SmtpCapture) -> None:
    page = t.page
    for path in static_paths("public"):
        t.visit(path)
    t.visit("/formations", "catalogue")
    page.locator("main button[aria-expanded]").first.click()
    expect(page.get_by_role("region", name="Détails de la formation")).to_be_visible()
    t.check("catalogue : détails d'une formation ouverts")
    page.locator("#filtre").fill("zzzz introuvable")
    expect(page.get_by_text("Aucune formation ne correspond")).to_be_visible()
    t.check("catalogue : aucun résultat")

    journey.open_page(page, t.base_url + "/connexion")
    journey.field(page, "Adresse e-mail ou numéro de dossier").fill("personne@example.org")
    journey.field(page, "Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator(".rt-CalloutRoot[role=alert]")).to_be_visible(timeout=journey.TIMEOUT)
    t.check("connexion : erreur affichée")

    journey.open_page(page, t.base_url + "/inscription")
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_text("Corrigez les champs signalés")).to_be_visible()
    t.check("inscription : erreurs affichées")
    for label, value in [("Nom", "Martin"), ("Prénom", "Noé")]:
        journey.field(page, label).fill(value)
    email = long_email(f"visiteur{t.screen[:3]}")
    journey.field(page, "Adresse e-mail").fill(email)
    journey.field(page, "Confirmation de l'adresse e-mail").fill(email)
    page.get_by_role("button", name="Suivant").click()
    journey.field(page, "Mot de passe").fill("motdepasse")
    expect(page.locator("#robustesse li").first).to_be_visible()
    t.check("inscription : mot de passe et conseils")

    journey.open_page(page, t.base_url + "/mot-de-passe-oublie")
    page.get_by_role("button", name="Envoyer le lien").click()
    expect(page.locator("#email-erreur")).not_to_be_empty()
    t.check("mot de passe oublié : erreur affichée")


def applicant(t: Tour, smtp: SmtpCapture, tmp: Path) -> None:
    page = t.page
    email = long_email(f"inscrite{t.screen[:3]}")  # no word of the password
    journey.sign_up(page, t.base_url, last="Delacroix", first="Marie-Charlotte", email=email)
    t.check("inscription : compte créé (adresse de 60 caractères)")
    shot(page, f"{t.screen}-compte-cree")
    journey.activate_from_mail(page, smtp, email)
    t.check("compte activé")
    journey.log_in(page, t.base_url, email)
    expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=journey.TIMEOUT)
    t.check("mes candidatures (aucune)")
    for path in static_paths("applicant"):
        t.visit(path, f"{path} (dossier incomplet)")
    journey.open_page(page, t.base_url + "/mon-dossier")
    page.get_by_role("button", name="Enregistrer l'état civil").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible(timeout=journey.TIMEOUT)
    t.check("mon dossier : erreurs affichées")
    t.dialog(
        page.get_by_role("button", name="Ajouter un cursus"), "mon dossier : ajout d'un cursus"
    )
    t.visit("/formations", "catalogue (connecté)")
    page.get_by_role("button", name="Candidater").last.click()
    expect(page.get_by_role("alert").filter(has_text="dossier personnel")).to_be_visible(
        timeout=journey.TIMEOUT
    )
    t.check("catalogue : candidature refusée (dossier incomplet)")
    t.visit("/mon-compte")

    journey.complete_profile(page, t.base_url)
    t.check("mon dossier complet")
    journey.apply_from_catalogue(page, t.base_url, "methode", FORMATION)
    t.check("candidature : pièces à déposer")
    t.page_dialogs("candidature")
    application_url = page.url
    t.visit("/mes-candidatures", "mes candidatures (une en attente)")
    journey.open_page(page, application_url)
    t.dialog(page.locator("#ajouter-CV"), "candidature : dialogue d'envoi d'un fichier")
    pdf = journey.make_pdf(tmp / "piece.pdf")
    for code in UPLOADED:
        journey.upload(page, code, pdf)
    expect(page.get_by_text("piece.pdf")).to_have_count(len(UPLOADED), timeout=journey.TIMEOUT)
    t.check("candidature : pièces déposées")
    card = page.locator("div.rt-Card").filter(has_text=NOT_CONCERNED[0]).last
    t.dialog(
        card.get_by_role("button", name="Je ne suis pas concerné"),
        "candidature : déclaration « pas concerné »",
    )
    for label in NOT_CONCERNED:
        journey.declare_not_concerned(page, label)
    transmit = page.get_by_role("button", name="Transmettre ma candidature")
    expect(transmit).to_be_enabled(timeout=journey.TIMEOUT)
    t.check("candidature : prête à transmettre (bouton vert)")
    shot(page, f"{t.screen}-bouton-vert")
    t.dialog(transmit, "candidature : confirmation de la transmission", close=False)
    page.get_by_role("alertdialog").get_by_role("button", name="Je transmets").click()
    expect(page.get_by_text("Réceptionné").first).to_be_visible(timeout=journey.TIMEOUT)
    t.check("candidature : transmise")
    t.visit("/mes-candidatures", "mes candidatures (une transmise)")
    t.visit("/formations", "catalogue (connecté)")
    shot(page, f"{t.screen}-catalogue")


def staff(who: str) -> Callable[[Tour, SmtpCapture], None]:
    def walk(t: Tour, _smtp: SmtpCapture) -> None:
        page = t.page
        journey.log_in(page, t.base_url, who, DEMO_PASSWORD)
        expect(page).to_have_url(re.compile("/gestion"), timeout=journey.TIMEOUT)
        t.visit("/gestion", "tableau de bord")
        page.get_by_role("button", name="Vue liste").click()
        expect(page.locator("table").first).to_be_visible(timeout=journey.TIMEOUT)
        t.check("tableau de bord : vue liste")
        page.get_by_role("button", name="Vue tableau").click()
        dossier = page.locator('a[href^="/gestion/dossier/"]').first
        expect(dossier).to_be_visible(timeout=journey.TIMEOUT)
        journey.open_page(page, t.base_url + dossier.get_attribute("href"))
        t.check("dossier (avis, pièces, notes, historique)")
        refuse = page.get_by_role("button", name=re.compile("^Refuser")).first
        if refuse.is_visible():
            t.dialog(refuse, "dossier : refus d'une pièce")
        t.page_dialogs("dossier")
        decision = page.locator("#d-code")
        if decision.is_visible():  # a complementary list without its rank: refused, shown
            decision.select_option("LC")
            expect(page.locator("#d-rank")).to_be_visible(timeout=journey.TIMEOUT)
            page.get_by_role("button", name="Saisir l'avis").click()
            expect(page.get_by_text("Indiquez le rang")).to_be_visible(timeout=journey.TIMEOUT)
            t.check("dossier : formulaire d'avis, erreur affichée")
        for path in static_paths("staff") + ["/mon-compte"]:
            t.visit(path)

    return walk


def administrator(t: Tour, _smtp: SmtpCapture) -> None:
    page = t.page
    journey.log_in(page, t.base_url, "admin@demo.ecandidat.fr", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile("/gestion"), timeout=journey.TIMEOUT)
    for path in static_paths("admin"):
        t.visit(path)
        add = page.get_by_role("button", name=re.compile("^Ajouter : "))
        if add.count():  # the creation form, sent empty: its errors
            add.first.click()
            page.get_by_role("button", name="Enregistrer").first.click()
            expect(
                page.locator("[aria-invalid=true], [role=alert]:not(:empty)").first
            ).to_be_visible(timeout=journey.TIMEOUT)
            t.check(f"{path} : formulaire de création, erreurs affichées")
    t.visit("/gestion", "tableau de bord (administrateur)")


WALKS: dict[str, Callable[..., None]] = {
    "visiteur": visitor,
    "candidat": applicant,
    "gestionnaire": staff("gestionnaire@demo.ecandidat.fr"),
    "commission": staff("commission@demo.ecandidat.fr"),
    "administrateur": administrator,
}


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("audience", list(WALKS))
def test_every_state_is_accessible(
    audience: str,
    screen: str,
    browser: Browser,
    base_url: str,
    smtp: SmtpCapture,
    tmp_path: Path,
) -> None:
    context = browser.new_context(viewport=SCREENS[screen], locale="fr-FR")
    tour = Tour(context.new_page(), base_url, screen)
    try:
        walk = WALKS[audience]
        if audience == "candidat":
            walk(tour, smtp, tmp_path)
        else:
            walk(tour, smtp)
    finally:
        context.close()
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{audience}-{screen}.json").write_text(
            json.dumps(tour.stops, ensure_ascii=False, indent=1)
        )
    assert len(tour.stops) >= 5
    assert tour.problems() == []
