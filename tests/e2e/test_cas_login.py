"""The ENT's single sign-on in a real browser, against the real CAS server the suite starts
(tests/cas_server.py): a former student and a staff member go through the real redirects
(eCandidat -> the ENT's login page -> back with a ticket), the password is typed on the ENT's
page only; the ENT's single logout ends the eCandidat session, and eCandidat's logout ends
the ENT's session too.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.cas_server import CAS_BROWSER_STUDENT as STUDENT
from tests.cas_server import CAS_STAFF, CasTestServer
from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations

TIMEOUT = journey.TIMEOUT
ADMIN = "admin@demo.ecandidat.fr"
MEMBER = "commission@demo.ecandidat.fr"
DEMO_PASSWORD = "Demo-ecandidat-2027"
CSV = (
    "numero_etudiant;ine;bac_annee;bac_serie;bac_mention;bac_etablissement;cursus\n"
    f"{STUDENT['supannEtuId']};2234567890B;2019;Générale;Bien;Lycée Arago;"
    "2019|L1INF|Licence 1 Informatique|Admis#2020|L2INF|Licence 2 Informatique|Admis\n"
)


def _sign_in_on_the_ent(page: Page, cas_ent: CasTestServer, person: dict[str, str]) -> None:
    expect(page).to_have_url(re.compile("^" + re.escape(cas_ent.url + "login")), timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="ENT de démonstration")).to_be_visible()
    page.get_by_label("Identifiant ENT").fill(person["uid"])
    page.get_by_label("Mot de passe ENT").fill(person["password"])
    page.get_by_role("button", name="Se connecter").click()


def _student_button(page: Page, base_url: str) -> None:
    journey.open_page(page, base_url + "/connexion-etudiant")
    page.get_by_role("link", name="Je suis étudiant ou ancien étudiant de l'université").click()


def test_a_former_student_signs_in_through_the_ent_and_out_again(
    page: Page,
    base_url: str,
    cas_ent: CasTestServer,
    app_env: dict[str, str],
    tmp_path: Path,
    shot,  # type: ignore[no-untyped-def]
) -> None:
    journey.import_student_records(app_env, tmp_path, CSV)
    journey.open_page(page, base_url + "/connexion-etudiant")
    assert_no_serious_violations(page)
    page.get_by_role("link", name="Je suis étudiant ou ancien étudiant de l'université").click()
    expect(page.get_by_label("Identifiant ENT")).to_be_visible(timeout=TIMEOUT)
    assert_no_serious_violations(page)  # the ENT's page is ours too (demo)
    shot(page, "ent")
    _sign_in_on_the_ent(page, cas_ent, STUDENT)
    expect(page).to_have_url(re.compile("/mes-candidatures/?$"), timeout=TIMEOUT)
    expect(page.get_by_role("link", name=re.compile("Mon compte : Élise Bernard"))).to_be_visible(
        timeout=TIMEOUT
    )

    journey.open_page(page, base_url + "/mon-dossier")
    bac = page.locator("#baccalaureat")
    expect(
        bac.get_by_text(re.compile("Données importées de votre dossier étudiant"))
    ).to_be_visible(timeout=TIMEOUT)
    expect(bac.get_by_text("Générale")).to_be_visible()
    expect(bac.get_by_role("button", name="Enregistrer le baccalauréat")).to_have_count(0)
    expect(page.get_by_text("Licence 2 Informatique")).to_be_visible()
    assert_no_serious_violations(page)
    shot(page, "mon-dossier")

    # Single logout: leaving the ENT (from any of its applications) ends this session too.
    page.goto(cas_ent.url + "logout")
    expect(page.get_by_role("heading", name="Déconnexion")).to_be_visible(timeout=TIMEOUT)
    page.goto(base_url + "/mes-candidatures")
    expect(page).to_have_url(re.compile("/connexion/?$"), timeout=TIMEOUT)

    # Signing in again asks the ENT's password again (its session ended), then eCandidat's
    # « Se déconnecter » leaves the ENT as well.
    _student_button(page, base_url)
    _sign_in_on_the_ent(page, cas_ent, STUDENT)
    expect(page).to_have_url(re.compile("/mes-candidatures/?$"), timeout=TIMEOUT)
    journey.open_page(page, base_url + "/mes-candidatures")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(re.escape(base_url) + "/?$"), timeout=TIMEOUT)
    _student_button(page, base_url)
    expect(page.get_by_label("Mot de passe ENT")).to_be_visible(timeout=TIMEOUT)


def test_a_staff_member_signs_in_through_the_ent_once_an_admin_linked_the_uid(
    browser: Browser, page: Page, base_url: str, cas_ent: CasTestServer
) -> None:
    def staff_button(target: Page) -> None:
        journey.open_page(target, base_url + "/connexion")
        target.get_by_role(
            "link", name="Personnel de l'université : se connecter avec l'ENT"
        ).click()

    # Not linked yet: the ENT says who it is, eCandidat says no, in French.
    staff_button(page)
    _sign_in_on_the_ent(page, cas_ent, CAS_STAFF)
    expect(page).to_have_url(re.compile(r"/connexion/?\?erreur=pas-personnel$"), timeout=TIMEOUT)
    expect(page.get_by_text(re.compile("Aucun compte du personnel n'est rattaché"))).to_be_visible(
        timeout=TIMEOUT
    )
    assert_no_serious_violations(page)

    # The admin links the commission member's account to the ENT uid.
    admin = browser.new_context().new_page()
    journey.log_in(admin, base_url, ADMIN, DEMO_PASSWORD)
    expect(admin).to_have_url(re.compile("/gestion"), timeout=TIMEOUT)
    journey.open_page(admin, base_url + "/admin/comptes")
    admin.get_by_label("Rechercher", exact=True).fill(MEMBER)
    edit = admin.get_by_role("button", name=re.compile("^Modifier "))
    expect(edit).to_have_count(1, timeout=TIMEOUT)  # the search has run
    edit.click()
    expect(journey.field(admin, "Adresse e-mail")).to_have_value(MEMBER, timeout=TIMEOUT)
    journey.field(admin, "Identifiant ENT").fill(CAS_STAFF["uid"])
    admin.get_by_role("button", name="Enregistrer").click()
    expect(journey.field(admin, "Identifiant ENT")).to_have_count(0, timeout=TIMEOUT)
    admin.context.close()

    # The ENT still knows the person (single sign-on): straight back, now signed in.
    staff_button(page)
    expect(page).to_have_url(re.compile("/gestion"), timeout=TIMEOUT)
    journey.open_page(page, base_url + "/gestion")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
