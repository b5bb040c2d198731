"""The account pages' states against a real database: the sign-up wizard checks as the user
types, keeps passwords out of the client vars and creates one account on a double click;
login, activation link, reset link and "Mon compte" show the core's answers."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core.accounts import MSG_BAD_CREDENTIALS, sessions
from ecandidat_app.core.accounts.passwords import ACCEPTED, HINT_PERSONAL
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.models import Account, OutboxMessage, Role
from ecandidat_app.web.pages.login import LoginState
from ecandidat_app.web.pages.my_account import MyAccountState
from ecandidat_app.web.pages.password_reset import ResetState
from ecandidat_app.web.pages.signup import SignupState
from ecandidat_app.web.pages.validate import LinkState
from tests import factories as f
from tests.web.harness import follow_navigation, page_state, run_event, sign_in_through_the_browser

PW = "Cerisier-en-fleur-42"
EMAIL = "lea.martin@example.org"


def _state(cls: type, url: str = "/", *, token: str = "", ip: str = "192.0.2.7") -> Any:
    return page_state(cls, url, token=token, ip=ip)


def _token_in(s: Session, event: str) -> str:
    s.expire_all()
    mail = s.exec(
        select(OutboxMessage).where(OutboxMessage.event == event).order_by(OutboxMessage.id.desc())  # type: ignore[union-attr]
    ).first()
    assert mail is not None
    return re.search(r"\?token=([A-Za-z0-9_-]+)", mail.body_text).group(1)  # type: ignore[union-attr]


@pytest.fixture
def camp(session: Session):
    c = f.campaign(session, today=system_clock.today())
    session.commit()
    return c


def _fill_identity(st: SignupState, confirm: str = EMAIL) -> None:
    for name, value in (("nom", "Martin"), ("prenom", "Léa"), ("email", EMAIL)):
        run_event(st, "set_value", name, value)
    run_event(st, "set_value", "email_confirmation", confirm)


@pytest.mark.usefixtures("camp")
def test_signup_wizard_live_checks_and_single_account(session: Session) -> None:
    st = _state(SignupState, "/inscription")
    run_event(st, "start")
    run_event(st, "set_value", "email", EMAIL)
    run_event(st, "set_value", "email_confirmation", "lea.")  # a prefix: no error yet
    assert st.errors["email_confirmation"] == ""
    run_event(st, "set_value", "email_confirmation", "lea.x")  # can no longer match: said at once
    assert "identiques" in st.errors["email_confirmation"]
    run_event(st, "next_step", {})
    assert st.step == 1 and st.errors["nom"] and st.message  # nothing typed is lost
    assert st.values["email"] == EMAIL
    _fill_identity(st)
    assert st.errors["email_confirmation"] == ""
    run_event(st, "next_step", {})
    assert st.step == 2

    run_event(st, "set_password", "abc")
    assert st.pw_score < 2 and st.pw_hints
    run_event(st, "set_password", PW)
    assert st.pw_score >= 2
    run_event(st, "set_password_confirm", "Cerisier-X")
    assert "identiques" in st.errors["mot_de_passe_confirmation"]
    run_event(st, "set_password_confirm", PW)
    assert st.errors["mot_de_passe_confirmation"] == ""
    # Passwords never sit in a var the browser receives.
    assert PW not in repr(st.dict())

    form = {"mot_de_passe": PW, "mot_de_passe_confirmation": PW}
    run_event(st, "submit", form)
    assert st.step == 3 and st.sent_to == EMAIL
    run_event(st, "submit", form)  # the double click
    assert st.step == 3
    accounts = session.exec(select(Account)).all()
    assert len(accounts) == 1 and accounts[0].email == EMAIL


def _signed_up(email: str) -> tuple[dict[str, Any], Any]:
    """Run the whole wizard for `email`; return what the browser gets (every client var of
    the page, the address replaced by a placeholder) and the page state."""
    st = _state(SignupState, "/inscription")
    run_event(st, "start")
    for name, value in (("nom", "Martin"), ("prenom", "Léa"), ("email", email)):
        run_event(st, "set_value", name, value)
    run_event(st, "set_value", "email_confirmation", email)
    run_event(st, "next_step", {})
    run_event(st, "set_password", PW)
    run_event(st, "set_password_confirm", PW)
    run_event(st, "submit", {"mot_de_passe": PW, "mot_de_passe_confirmation": PW})
    client = {
        name: getattr(st, name)
        for name in SignupState.base_vars
        if not name.startswith("_") and name != "router"
    }
    seen = json.dumps(client, default=lambda v: v.__wrapped__, sort_keys=True)
    return json.loads(seen.replace(email, "ADRESSE")), st


@pytest.mark.parametrize("activated", [True, False])
def test_signup_with_a_registered_address_looks_like_a_new_one(
    session: Session, camp, activated: bool
) -> None:
    """The page after « Enregistrer » is the same for a new address and for one that has an
    account (activated or not): same step, message and vars; only the owner is told, by
    mail (or gets a fresh activation link)."""
    owner = f.applicant(session, camp, email=EMAIL, validated=activated)
    session.commit()
    new_view, new_state = _signed_up("zoe.dupont@example.org")
    known_view, known_state = _signed_up(EMAIL)
    assert known_view == new_view
    assert known_state.step == 3 and known_state.sent_to == EMAIL
    assert known_state.message == "" and not any(known_state.errors.values())

    session.expire_all()
    mails = session.exec(select(OutboxMessage).where(OutboxMessage.to_addr == EMAIL)).all()
    assert [m.event for m in mails] == ["account_exists" if activated else "account_created"]
    assert mails[0].account_id == owner.id
    if activated:
        assert "/mot-de-passe-oublie" in mails[0].body_text and owner.file_number in (
            mails[0].body_text
        )
    assert len(session.exec(select(Account).where(Account.email == EMAIL)).all()) == 1


@pytest.mark.usefixtures("camp")
def test_signup_page_refuses_a_password_made_of_the_name(session: Session) -> None:
    st = _state(SignupState, "/inscription")
    run_event(st, "start")
    _fill_identity(st)
    run_event(st, "next_step", {})
    run_event(st, "set_password", "Martin-Lea-2027!")  # zxcvbn alone would rate it 4/4
    assert st.pw_score < ACCEPTED and st.pw_hints[0] == HINT_PERSONAL
    assert st.pw_label in ("Très faible", "Faible", "Insuffisant")
    form = {"mot_de_passe": "Martin-Lea-2027!", "mot_de_passe_confirmation": "Martin-Lea-2027!"}
    run_event(st, "submit", form)
    assert (
        st.step == 2 and st.errors["mot_de_passe"] == f"Mot de passe trop faible. {HINT_PERSONAL}"
    )
    assert session.exec(select(Account)).all() == []
    run_event(st, "set_password", PW)  # the live meter follows the typing
    assert st.pw_score >= ACCEPTED and st.errors["mot_de_passe"] == ""


def test_login_refuses_a_wrong_password_then_signs_in_once_activated_by_its_link(
    session: Session, camp
) -> None:
    unvalidated = f.applicant(session, camp, email=EMAIL, validated=False)
    session.commit()
    st = _state(LoginState, "/connexion")
    run_event(st, "start")
    run_event(st, "submit", {"identifiant": EMAIL, "mot_de_passe": "Mauvais-2027!"})
    assert st.error == MSG_BAD_CREDENTIALS and st.can_resend
    assert st.identifier == EMAIL  # kept for the next try
    wrong = (st.error, st.can_resend)
    # The right password of an account not yet activated: the very same answer.
    run_event(st, "submit", {"identifiant": EMAIL, "mot_de_passe": f.PASSWORD})
    assert (st.error, st.can_resend) == wrong
    run_event(st, "resend")
    assert "lien d'activation" in st.info and not st.can_resend

    link = _state(LinkState, f"/valider?token={_token_in(session, 'account_created')}")
    run_event(link, "activate")
    assert link.ok and "activé" in link.message
    run_event(link, "activate")
    assert not link.ok and "déjà été utilisé" in link.message

    run_event(st, "submit", {"identifiant": unvalidated.file_number, "mot_de_passe": f.PASSWORD})
    assert st.error == "" and st.user_role == Role.APPLICANT.value
    # No token in any var: the page navigates to the route that sets the HttpOnly cookie.
    assert st.session_token == "" and "suite=%2Fmes-candidatures" in st.full_navigation
    token = sign_in_through_the_browser(st)
    assert sessions.resolve_session(session, token).id == unvalidated.id
    assert token not in repr(st.dict())


def _login_answers(identifier: str, password: str, n: int, ip: str) -> list[tuple[Any, ...]]:
    """What the login page shows after each of `n` submits (a new page state each time,
    as a guesser reloading the page would)."""
    answers = []
    for _ in range(n):
        st = _state(LoginState, "/connexion", ip=ip)
        run_event(st, "start")
        run_event(st, "submit", {"identifiant": identifier, "mot_de_passe": password})
        # The last item: whether the page was sent to the route that opens a session.
        answers.append((st.error, st.info, st.can_resend, st.full_navigation))
    return answers


def test_six_wrong_passwords_answer_alike_for_known_and_unknown(session: Session, camp) -> None:
    """No oracle in the failures: a real account and an unknown address get the same six
    answers (five "incorrect", then the wait), and no lock of the account."""
    f.applicant(session, camp, email=EMAIL)
    session.commit()
    known = _login_answers(EMAIL, "Mauvais-2027!", 6, ip="203.0.113.10")
    unknown = _login_answers("personne@example.org", "Mauvais-2027!", 6, ip="203.0.113.11")
    assert known == unknown
    assert [a[0] for a in known] == [MSG_BAD_CREDENTIALS] * 5 + [
        "Trop de tentatives de connexion. Réessayez dans 30 secondes."
    ]
    assert "bloqué" not in repr(known)


def test_owner_signs_in_from_elsewhere_while_the_guesser_waits(session: Session, camp) -> None:
    f.applicant(session, camp, email=EMAIL)
    session.commit()
    guesses = _login_answers(EMAIL, "Mauvais-2027!", 7, ip="203.0.113.66")
    assert "Réessayez dans" in guesses[-1][0]
    st = _state(LoginState, "/connexion", ip="192.0.2.44")
    run_event(st, "submit", {"identifiant": EMAIL, "mot_de_passe": f.PASSWORD})
    assert st.error == "" and "suite=%2Fmes-candidatures" in st.full_navigation
    token = sign_in_through_the_browser(st)
    assert sessions.resolve_session(session, token).email == EMAIL  # type: ignore[union-attr]
    # The guesser's address still waits, even with the right password.
    held = _login_answers(EMAIL, f.PASSWORD, 1, ip="203.0.113.66")
    assert "Réessayez dans" in held[0][0] and not held[0][3]


@pytest.mark.usefixtures("camp")
def test_staff_login_goes_to_the_board(session: Session) -> None:
    f.staff(session, role=Role.GESTIONNAIRE, email="gestion@univ.fr")
    session.commit()
    st = _state(LoginState, "/connexion")
    run_event(st, "submit", {"identifiant": "gestion@univ.fr", "mot_de_passe": f.PASSWORD})
    assert "suite=%2Fgestion" in st.full_navigation and st.is_staff


def test_reset_link_refuses_a_forgery_and_a_short_password_and_works_once(
    session: Session, camp
) -> None:
    f.applicant(session, camp, email=EMAIL)
    session.commit()
    bad = _state(ResetState, "/reinitialiser?token=forged")
    run_event(bad, "start")
    assert not bad.link_ok and "n'est pas valide" in bad.link_error

    from ecandidat_app.core import accounts
    from ecandidat_app.core.db import session_scope

    with session_scope() as s:
        accounts.forgot_password(s, EMAIL)
    st = _state(ResetState, f"/reinitialiser?token={_token_in(session, 'password_reset')}")
    run_event(st, "start")
    assert st.link_ok
    run_event(st, "submit", {"mot_de_passe": "court", "mot_de_passe_confirmation": "court"})
    assert st.errors["mot_de_passe"] and not st.done
    new = "Nouveau-Depart-2027"
    run_event(st, "submit", {"mot_de_passe": new, "mot_de_passe_confirmation": new})
    assert st.done
    again = _state(ResetState, st.router.url)
    run_event(again, "start")
    assert "déjà été utilisé" in again.link_error


def test_my_account_changes_email_and_password_and_signs_out_elsewhere(
    session: Session, camp
) -> None:
    me = f.applicant(session, camp, email=EMAIL)
    here = sessions.open_session(session, me.id)
    elsewhere = sessions.open_session(session, me.id)
    session.commit()

    assert "/connexion" in str(run_event(_state(MyAccountState, "/mon-compte"), "load"))
    st = _state(MyAccountState, "/mon-compte", token=here)
    assert run_event(st, "load") is None
    assert st.info["email"] == EMAIL and st.info["file_number"] == me.file_number

    run_event(
        st, "change_email", {"nouvel_email": "nouvelle@example.org", "mot_de_passe_email": "x"}
    )
    assert st.errors["mot_de_passe_email"] and st.email_kind == "error"
    run_event(
        st,
        "change_email",
        {"nouvel_email": "nouvelle@example.org", "mot_de_passe_email": f.PASSWORD},
    )
    assert st.email_kind == "success" and st.info["pending_email"] == "nouvelle@example.org"

    new = "Nouveau-Depart-2027"
    run_event(
        st,
        "change_password",
        {"mot_de_passe_actuel": f.PASSWORD, "mot_de_passe": new, "mot_de_passe_confirmation": new},
    )
    assert st.password_kind == "success" and "1 autre" in st.password_message
    assert sessions.resolve_session(session, here) is not None
    assert sessions.resolve_session(session, elsewhere) is None

    run_event(st, "logout_everywhere")
    assert not st.logged_in and sessions.resolve_session(session, here) is None
    nav = follow_navigation(st)
    assert (nav.status, nav.location, nav.expires_cookie) == (303, "/connexion", True)


def test_page_load_checks_once_and_forgets_after_its_event(session: Session, camp) -> None:
    """page_load checks the session, the load it wraps reuses that answer (one session
    query for the whole page opening), and the next event asks the database again: a
    session revoked in between is seen at once."""
    from sqlalchemy import event

    from ecandidat_app.core.db import get_engine
    from ecandidat_app.web.pages.my_applications import MyApplicationsState

    me = f.applicant(session, camp, email=EMAIL)
    token = sessions.open_session(session, me.id)
    session.commit()
    st = _state(MyApplicationsState, "/mes-candidatures", token=token)
    session_queries: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "FROM loginsession" in statement:
            session_queries.append(statement)

    event.listen(get_engine(), "before_cursor_execute", count)
    try:
        assert run_event(st, "load") is None and st.user_role == Role.APPLICANT.value
        assert len(session_queries) == 1
        sessions.revoke_session(session, token)
        session.commit()
        before = len(session_queries)
        assert st.current_account() is None
        assert len(session_queries) == before + 1
        assert "/connexion" in str(run_event(st, "load"))
    finally:
        event.remove(get_engine(), "before_cursor_execute", count)
