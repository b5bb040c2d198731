"""The core's refusals and labels an applicant reads come out in English under
`use_locale("en")`, and stay French by default: real core calls on a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from ecandidat_app.core import accounts, applications
from ecandidat_app.core.accounts.passwords import MIN_LENGTH, password_strength
from ecandidat_app.core.accounts.throttle import wait_message
from ecandidat_app.core.applications import profile
from ecandidat_app.core.applications.catalogue import availability
from ecandidat_app.core.applications.profile_checks import FieldErrors
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import use_locale
from ecandidat_app.core.i18n_format import format_date
from ecandidat_app.core.reference.countries import country, display_name, find_country
from tests import factories
from tests.core import dossier_world as dw
from tests.core.test_profile import VALID


@pytest.fixture
def w(session: Session, clock: FixedClock) -> dw.World:
    return dw.build(session, clock)


def _refusal(call) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        call()
    return info.value


def test_a_closed_programme_is_refused_in_english(session: Session, w, clock) -> None:
    w.formation.closes_on = clock.today() - timedelta(days=3)
    session.commit()
    apply = lambda: applications.apply(session, w.applicant, w.formation.id, clock=clock)  # noqa: E731
    with use_locale("en"):
        refused = _refusal(apply)
    assert refused.message == (  # the fixed clock's today is 15 March 2027
        "Applications to this programme closed on 12 March 2027 (application deadline)."
    )
    french = _refusal(apply)  # the default locale is still French
    assert french.message.startswith("Les candidatures à cette formation sont closes depuis le")


def test_the_catalogue_badges_and_countdown_count_in_english(clock) -> None:
    today = clock.today()
    with use_locale("en"):
        assert availability(today, today + timedelta(days=3), today).badge_text == (
            "Closes in 3 days"
        )
        closed = availability(today - timedelta(days=9), today - timedelta(days=1), today)
    assert (closed.badge_text, closed.can_apply) == ("Closed", False)
    assert (
        closed.reason == f"Applications closed on {format_date(today - timedelta(days=1), 'en')}."
    )
    assert availability(today, today + timedelta(days=3), today).badge_text == (
        "Ferme dans 3 jours"
    )


def test_missing_pieces_in_the_checklist_and_at_transmission(session: Session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    with use_locale("en"):
        view = applications.checklist(session, w.applicant, app.id, clock=clock)
        refused = _refusal(lambda: applications.transmit(session, w.applicant, app.id, clock=clock))
        [row] = applications.my_applications(session, w.applicant, clock=clock)
    assert view.status_label == "Pending"
    assert view.deadline_label == "Application deadline"
    assert {d.status_label for d in view.documents} == {"Pending"}
    # Piece names are the formation's own content (French here); the sentence is English.
    assert view.missing == ["Curriculum vitae", "Relevés de notes", "Attestation de bourse"]
    assert refused.message == (
        "Your application file is incomplete. Missing or rejected documents: "
        "Curriculum vitae, Relevés de notes, Attestation de bourse."
    )
    assert row.status_label == "Pending"
    assert [step.label for step in row.timeline] == ["Application created"]
    days = (w.formation.closes_on - clock.today()).days
    assert row.countdown == (f"{days} days left" if days > 1 else "1 day left")


def test_a_wrong_ine_key_and_a_missing_name_are_refused_in_english(session: Session, clock) -> None:
    camp = factories.campaign(session, today=clock.today())
    me = factories.applicant(session, camp, with_profile=False)
    with use_locale("en"), pytest.raises(FieldErrors) as info:
        profile.update_civil_status(
            session, me, VALID | {"ine": "1234567890A", "birth_name": ""}, clock=clock
        )
    errors = info.value.errors
    assert info.value.message == "Some fields need correcting."
    assert errors["ine"].startswith(
        "This INE is not valid: its key (the last character) does not match."
    )
    assert errors["birth_name"] == "The surname at birth is required."


def test_a_file_of_another_type_is_refused_in_english(session: Session, w, clock) -> None:
    app = dw.apply(session, w, clock)
    with use_locale("en"):
        refused = _refusal(
            lambda: dw.upload(session, w.applicant, app, w.cv, clock, data=b"hello", name="cv.txt")
        )
    assert refused.message == "Only PDF, JPG and PNG files are accepted."


def test_sign_in_refusals_in_english(session: Session, clock) -> None:
    camp = factories.campaign(session, today=clock.today())
    me = factories.applicant(session, camp)
    session.commit()
    with use_locale("en"):
        refused = _refusal(
            lambda: accounts.login(
                session, identifier=me.email, password="not the password", clock=clock
            )
        )
        missing = _refusal(lambda: applications.apply(session, me, 987654, clock=clock))
    assert refused.message.startswith("Incorrect login or password.")
    assert isinstance(missing, NotFound) and missing.message == "This programme does not exist."


def test_plural_counts_follow_the_english_rules() -> None:
    with use_locale("en"):
        assert wait_message(1) == "Too many sign-in attempts. Try again in 1 second."
        assert wait_message(30) == "Too many sign-in attempts. Try again in 30 seconds."
        assert wait_message(61) == "Too many sign-in attempts. Try again in 2 minutes."
        assert applications.human_size(1) == "1 byte"
        assert applications.human_size(3 * 1024 * 1024 // 2) == "1.5 MB"
    assert wait_message(30) == "Trop de tentatives de connexion. Réessayez dans 30 secondes."
    assert applications.human_size(3 * 1024 * 1024 // 2) == "1,5 Mo"


def test_countries_have_their_english_names() -> None:
    germany = find_country("Germany")
    assert germany is not None and germany.code == "DE" and germany.name == "Allemagne"
    assert display_name(germany, "en") == "Germany"
    korea = country("KR")
    assert korea is not None
    assert display_name(korea, "en") == "South Korea"
    assert display_name(korea, "fr") == "Corée du Sud"
    with use_locale("en"):
        assert display_name(korea) == "South Korea"


def test_password_hints_in_english() -> None:
    with use_locale("en"):
        score, label, hints = password_strength("")
    assert (score, label) == (0, "Very weak")
    assert hints[0] == f"Use at least {MIN_LENGTH} characters."
    assert password_strength("")[2][0] == f"Utilisez au moins {MIN_LENGTH} caractères."
