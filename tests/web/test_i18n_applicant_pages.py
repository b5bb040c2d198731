"""The applicant's pages answer in the browser's language: a handler's message, the
catalogue's badges and dates, the countdown of "Mes candidatures"."""

from __future__ import annotations

from datetime import date

from ecandidat_app.core.applications.catalogue import availability
from ecandidat_app.core.applications.overview import _countdown
from ecandidat_app.core.i18n import use_locale


def test_sign_up_refuses_in_the_language_of_its_browser() -> None:
    from ecandidat_app.web.pages.signup import SignupState
    from tests.web.harness import page_state, run_event

    state = page_state(SignupState, "/inscription")
    run_event(state, "next_step", {})
    assert state.message == "Corrigez les champs signalés avant de continuer."
    state.lang = "en"
    run_event(state, "next_step", {})
    assert state.message == "Correct the highlighted fields before continuing."


def test_the_catalogue_badges_and_dates_follow_the_locale() -> None:
    today = date(2027, 3, 1)
    assert availability(date(2027, 3, 10), date(2027, 4, 1), today).badge_text == (
        "Ouvre le 10 mars 2027"
    )
    with use_locale("en"):
        upcoming = availability(date(2027, 3, 10), date(2027, 4, 1), today)
        assert upcoming.badge_text == "Opens on 10 March 2027"
        assert upcoming.reason == "Applications open on 10 March 2027."
        assert availability(date(2027, 2, 1), date(2027, 3, 4), today).badge_text == (
            "Closes in 3 days"
        )
        assert availability(date(2027, 2, 1), date(2027, 3, 2), today).badge_text == (
            "Closes tomorrow"
        )


def test_the_countdown_follows_the_locale() -> None:
    assert [_countdown(n) for n in (-1, 0, 1, 3)] == [
        "Date limite dépassée",
        "Dernier jour",
        "Il reste 1 jour",
        "Il reste 3 jours",
    ]
    with use_locale("en"):
        assert [_countdown(n) for n in (-1, 0, 1, 3)] == [
            "Deadline passed",
            "Last day",
            "1 day left",
            "3 days left",
        ]
