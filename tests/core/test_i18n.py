"""core/i18n and core/i18n_format: French source, English catalogue, dates in both."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from ecandidat_app.core import accounts, french
from ecandidat_app.core.accounts import change_language
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import (
    N_,
    _,
    current_locale,
    language_name,
    negotiate,
    ngettext,
    translate,
    translate_plural,
    use_locale,
)
from ecandidat_app.core.i18n_format import format_date, format_datetime, format_number
from ecandidat_app.core.models import Account, AuditEvent
from tests import factories as f


def test_french_is_the_source_and_english_comes_from_the_catalogue() -> None:
    assert translate("Se connecter", "fr") == "Se connecter"
    assert translate("Se connecter", "en") == "Sign in"
    assert _("Se connecter") == "Se connecter"  # French by default
    with use_locale("en"):
        assert _("Se connecter") == "Sign in"
        assert _("Mon compte : {name}").format(name="Zoé") == "My account: Zoé"


def test_a_string_without_translation_falls_back_to_french() -> None:
    with use_locale("en"):
        assert _("Une phrase que le catalogue ne connaît pas.") == (
            "Une phrase que le catalogue ne connaît pas."
        )
    assert translate("", "en") == ""


def test_an_unknown_locale_reads_as_french() -> None:
    with use_locale("de"):
        assert current_locale() == "fr"
        assert _("Se connecter") == "Se connecter"
    assert translate("Se connecter", "xx") == "Se connecter"


def test_plural_forms() -> None:
    singular, plural = "{n} pièce manquante", "{n} pièces manquantes"
    assert ngettext(singular, plural, 1).format(n=1) == "1 pièce manquante"
    assert ngettext(singular, plural, 3).format(n=3) == "3 pièces manquantes"
    # Without an English entry the French forms are kept, with the English plural rule.
    assert translate_plural(singular, plural, 0, "en") == plural
    assert translate_plural(singular, plural, 1, "en") == singular


def test_the_marker_returns_the_msgid_translated_later() -> None:
    LABEL = N_("Se connecter")
    assert LABEL == "Se connecter"
    with use_locale("en"):
        assert _(LABEL) == "Sign in"


async def test_use_locale_is_isolated_between_asyncio_tasks() -> None:
    seen: dict[str, list[str]] = {}

    async def speak(lang: str) -> None:
        with use_locale(lang):
            seen[lang] = [_("Se connecter")]
            await asyncio.sleep(0.01)  # the other task runs meanwhile
            seen[lang].append(_("Se connecter"))

    await asyncio.gather(speak("en"), speak("fr"))
    assert seen == {"en": ["Sign in", "Sign in"], "fr": ["Se connecter", "Se connecter"]}
    assert current_locale() == "fr"


def test_use_locale_is_restored_after_an_error() -> None:
    with pytest.raises(RuntimeError), use_locale("en"):
        raise RuntimeError
    assert current_locale() == "fr"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-GB,en;q=0.9", "en"),
        ("en-US", "en"),
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("de-DE,en;q=0.5", "en"),
        ("de-DE", "fr"),
        ("en;q=0.2,fr;q=0.9", "fr"),
        ("", "fr"),
        (None, "fr"),
        ("n'importe quoi;q=x", "fr"),
    ],
)
def test_negotiate_accept_language(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected


def test_language_names_in_their_own_language() -> None:
    assert (language_name("fr"), language_name("en")) == ("Français", "English")


def test_dates_in_both_locales() -> None:
    first = date(2027, 3, 1)
    assert format_date(first, "fr") == "1er mars 2027" == french.french_date(first)
    assert format_date(first, "en") == "1 March 2027"
    assert format_date(date(2027, 3, 12), "fr") == "12 mars 2027"
    assert format_date(None, "en") == ""
    with use_locale("en"):
        assert format_date(first) == "1 March 2027"


def test_datetimes_in_paris_time_in_both_locales() -> None:
    moment = datetime(2027, 3, 23, 9, 5, tzinfo=UTC)  # 10:05 in Paris (winter time)
    assert format_datetime(moment, "fr") == "23 mars 2027 à 10 h 05"
    assert format_datetime(moment, "en") == "23 March 2027 at 10:05"
    assert format_datetime(None, "en") == ""


def test_numbers_in_both_locales() -> None:
    assert format_number(1234.5, "fr") == "1\u202f234,5"
    assert format_number(1234.5, "en") == "1,234.5"


def test_an_account_changes_its_language_audited(session, clock) -> None:
    account = f.applicant(session, f.campaign(session, today=clock.today()))
    assert account.language == "fr"
    assert change_language(session, account.id, "en") is True
    assert change_language(session, account.id, "en") is False
    assert account.language == "en"
    audits = session.exec(select(AuditEvent).where(AuditEvent.action == "language_changed"))
    assert [a.detail for a in audits] == ["en"]
    with pytest.raises(DomainError):
        change_language(session, account.id, "de")


def test_an_account_signed_up_in_english_speaks_english(session, clock) -> None:
    f.campaign(session, today=clock.today(), code="2027")
    session.commit()
    with use_locale("en"):
        sent_to = accounts.signup(
            session,
            last_name="Martin",
            first_name="Léa",
            email="lea.martin@example.org",
            email_confirm="lea.martin@example.org",
            password="Cerisier-en-fleur-42",
            clock=clock,
        )
    account = session.exec(select(Account).where(Account.email == sent_to)).one()
    assert account.language == "en"
