"""web/i18n.t(): every locale's text compiled into one Var the browser picks from."""

from __future__ import annotations

from reflex_base.vars.base import Var

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
