"""The administration's rules speak the asking user's language: a refusal names its field
in English under an English locale, and stays word for word French otherwise."""

from __future__ import annotations

import pytest

from ecandidat_app.core.admin.inputs import clean_code, clean_date, clean_int
from ecandidat_app.core.admin.mail_templates import preview_mail
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, use_locale


def _refusal(action) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        action()
    return caught.value


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "The code: letters, digits, hyphens and full stops only."),
        ("fr", "Le code : lettres, chiffres, tirets et points seulement."),
    ],
)
def test_a_bad_code_is_refused_in_the_users_language(lang: str, expected: str) -> None:
    with use_locale(lang):
        refusal = _refusal(lambda: clean_code("AB CD", N_("Le code")))
    assert (refusal.message, refusal.field) == (expected, "code")


def test_numbers_and_dates_name_their_field_in_english() -> None:
    with use_locale("en"):
        number = _refusal(lambda: clean_int("x", N_("La capacité d'accueil"), field="capacity"))
        bounds = _refusal(
            lambda: clean_int("9", N_("Le délai de confirmation"), field="days", maximum=5)
        )
        missing = _refusal(lambda: clean_date("", N_("La date du jury"), field="jury_on"))
        wrong = _refusal(lambda: clean_date("31/02/2027", N_("La date du jury"), field="jury_on"))
    assert number.message == "The number of places must be a whole number."
    assert bounds.message == "The confirmation period must be between 0 and 5."
    assert missing.message == "The committee meeting date is required."
    assert wrong.message == "The committee meeting date is not a valid date (dd/mm/yyyy)."


def test_a_template_with_an_unknown_variable_is_refused_in_english() -> None:
    with use_locale("en"):
        refusal = _refusal(
            lambda: preview_mail("account_created", "Hello {{ nobody }}", "Body", "en")
        )
    assert refusal.field == "subject"
    assert refusal.message.startswith(
        "Subject: unknown variable for this e-mail: nobody. Possible variables: {{ "
    )
