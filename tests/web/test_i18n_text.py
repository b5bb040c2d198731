"""web/i18n.t(): every locale's text compiled into one Var the browser picks from."""

from __future__ import annotations

from reflex_base.vars.base import Var

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.web.i18n import lang_attribute, t
from ecandidat_app.web.state.auth import AuthState


def test_a_text_with_the_same_words_everywhere_stays_a_str() -> None:
    assert t("Une phrase que le catalogue ne connaît pas.") == (
        "Une phrase que le catalogue ne connaît pas."
    )
    assert t("Administration") == "Administration"


def test_a_translated_text_carries_both_languages_and_reads_lang() -> None:
    text = t("Se connecter")
    assert isinstance(text, Var)
    code = str(text)
    assert '"Sign in"' in code and '"Se connecter"' in code and "lang" in code


def test_a_field_may_be_a_var_or_a_value() -> None:
    code = str(t("Mon compte : {name}", name=AuthState.user_name))
    assert '"My account: "' in code and '"Mon compte : "' in code and "user_name" in code
    code = str(t("Mon compte : {name}", name="Zoé"))
    assert "My account: Zo" in code and "Mon compte : Zo" in code


def test_the_lang_attribute_reads_french_until_known() -> None:
    assert '"fr"' in str(lang_attribute())


def test_a_handler_speaks_the_language_of_its_browser() -> None:
    from ecandidat_app.web.pages.login import LoginState
    from tests.web.harness import page_state, run_event

    state = page_state(LoginState, "/connexion")
    run_event(state, "submit", {})
    assert state.error == "Saisissez votre identifiant et votre mot de passe."
    state.lang = "en"
    run_event(state, "submit", {})
    assert state.error == "Enter your login and your password."
    run_event(state, "switch_language", "fr")
    assert state.lang == "fr"
    run_event(state, "switch_language", "klingon")
    assert state.lang == "fr"


def test_a_refused_or_failed_event_is_told_in_its_browsers_language() -> None:
    """The two toasts that come from outside the handler's own code: a refused argument,
    and an exception (logged, then turned into a message by backend_exception_handler)."""
    from ecandidat_app.web.pages.my_applications import MyApplicationsState
    from ecandidat_app.web.state.checked_handlers import backend_exception_handler, speaking
    from tests.web.harness import page_state

    state = page_state(MyApplicationsState, "/mes-candidatures")
    withdraw = type(state).event_handlers["withdraw"].fn
    assert "Cette action n'est pas valable" in repr(withdraw(state, "9" * 100))
    state.lang = "en"
    assert "This action is not valid" in repr(withdraw(state, "9" * 100))

    try:
        with speaking(state):
            raise RuntimeError("boom")
    except RuntimeError as exc:
        failure = exc
    assert "An unexpected error occurred" in repr(backend_exception_handler(failure))
    assert "Une erreur inattendue" in repr(backend_exception_handler(RuntimeError("boom")))


def test_the_switch_reads_again_a_page_that_only_reads() -> None:
    """On the catalogue the switch returns the page's load (titles and dates come back in
    the new language); on the profile, whose form a reload would empty, its relabel."""
    from ecandidat_app.web.pages.catalogue import CatalogueState
    from ecandidat_app.web.pages.profile import ProfileState
    from tests.web.harness import page_state, run_event

    catalogue = page_state(CatalogueState, "/formations")
    events = run_event(catalogue, "switch_language", "en")
    assert catalogue.lang == "en"
    assert any(getattr(e, "fn", None) is CatalogueState.load.fn for e in events), events
    profile = page_state(ProfileState, "/mon-dossier")
    events = run_event(profile, "switch_language", "en")
    assert [getattr(e, "fn", None) for e in events] == [ProfileState.relabel.fn]
