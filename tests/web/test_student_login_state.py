"""/connexion-etudiant's state against a real database and a real slapd."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core import accounts
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.integrations import directory
from ecandidat_app.core.models import OutboxMessage
from ecandidat_app.web.pages.student_login import StudentLoginState
from tests import factories
from tests.ldap_server import STUDENT, free_port, point_settings_at
from tests.web.harness import page_state, run_event, sign_in_through_the_browser

pytest_plugins = ("tests.ldap_fixtures",)

EMAIL = "celine.perso@example.org"


# ldap_settings: requested for its effect (the app's settings point at the test directory);
# a fixture cannot take @pytest.mark.usefixtures.
@pytest.fixture
def camp(session: Session, ldap_settings):  # type: ignore[no-untyped-def]  # noqa: ARG001
    c = factories.campaign(session, today=system_clock.today())
    session.commit()
    return c


def _submit(st: Any, password: str = STUDENT["password"], email: str = "") -> Any:
    form = {"identifiant_ent": STUDENT["login"], "mot_de_passe_ent": password, "email": email}
    return run_event(st, "submit", form)


@pytest.mark.usefixtures("camp")
def test_first_sign_in_then_confirmed_sign_in(session: Session) -> None:
    st = page_state(StudentLoginState, "/connexion-etudiant")
    run_event(st, "start")
    assert st.directory_enabled and st.ready
    assert _submit(st, email=EMAIL) is None
    assert "e-mail de confirmation a été envoyé à " + EMAIL in st.info
    assert st.error == "" and st.full_navigation == "" and not st.logged_in
    assert STUDENT["password"] not in repr(st.dict())  # the password is never in the state

    mail = session.exec(select(OutboxMessage).where(OutboxMessage.to_addr == EMAIL)).one()
    token = re.search(r"\?token=([A-Za-z0-9_-]+)", mail.body_text).group(1)  # type: ignore[union-attr]
    accounts.validate_account(session, token)
    session.commit()

    st = page_state(StudentLoginState, "/connexion-etudiant")
    assert _submit(st) is None and st.logged_in
    token = sign_in_through_the_browser(st)
    assert sessions.resolve_session(session, token).ent_login == "cmartin"  # type: ignore[union-attr]


@pytest.mark.usefixtures("session", "camp")
def test_messages_next_to_the_form(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    st = page_state(StudentLoginState, "/connexion-etudiant")
    _submit(st, password="faux")
    assert st.error == "Identifiant ENT ou mot de passe incorrect."
    _submit(st)
    assert st.error == "" and "première connexion" in st.email_error.lower()
    point_settings_at(monkeypatch, {"ECANDIDAT_LDAP_URL": f"ldap://127.0.0.1:{free_port()}"})
    _submit(st, email=EMAIL)
    assert st.error == directory.MSG_UNAVAILABLE


@pytest.mark.usefixtures("session", "camp")
def test_directory_turned_off(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    point_settings_at(monkeypatch, {"ECANDIDAT_LDAP_ENABLED": "false"})
    st = page_state(StudentLoginState, "/connexion-etudiant")
    run_event(st, "start")
    assert st.directory_enabled is False
    _submit(st, email=EMAIL)
    assert st.error == directory.MSG_DISABLED


@pytest.mark.usefixtures("session", "camp")
def test_ent_page_shows_the_throttle_wait_above_the_form() -> None:
    """Same rule and message as /connexion; the ENT password right from another address
    passes while this one waits."""
    st = page_state(StudentLoginState, "/connexion-etudiant", ip="203.0.113.20")
    for _ in range(5):
        _submit(st, password="faux")
    assert st.error == "Identifiant ENT ou mot de passe incorrect."
    _submit(st, email=EMAIL)
    assert st.error == "Trop de tentatives de connexion. Réessayez dans 30 secondes."
    assert st.login_error == st.password_error == st.email_error == st.info == ""
    elsewhere = page_state(StudentLoginState, "/connexion-etudiant", ip="198.51.100.20")
    _submit(elsewhere, email=EMAIL)
    assert elsewhere.error == "" and "e-mail de confirmation" in elsewhere.info


@pytest.mark.usefixtures("session")
def test_with_the_ent_the_page_offers_its_button_and_shows_its_refusals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point_settings_at(
        monkeypatch,
        {
            "ECANDIDAT_LDAP_ENABLED": "false",
            "ECANDIDAT_CAS_ENABLED": "true",
            "ECANDIDAT_CAS_URL": "https://cas.univ-test.fr/cas/",
        },
    )
    st = page_state(StudentLoginState, "/connexion-etudiant?erreur=service")
    run_event(st, "start")
    assert st.ent_enabled and not st.directory_enabled
    assert st.error.startswith("Ce ticket de l'ENT a été délivré pour un autre service")
    # An unknown code shows nothing (no text of the address ever reaches the page).
    st = page_state(StudentLoginState, "/connexion-etudiant?erreur=%3Cb%3Epi%C3%A8ge%3C%2Fb%3E")
    run_event(st, "start")
    assert st.error == ""
