"""Translation of what users read. French is the source language: a message id is the
French text itself, and French returns it unchanged. English comes from the catalogue
`ecandidat_app/locale/en/LC_MESSAGES/messages.po`, read once at runtime with Babel (no
compiled .mo, no build step).

The current locale is a ContextVar (default French): the web layer sets it for the length
of each event with `use_locale`, so a core rule's `_()` speaks the asking user's language
without the core knowing who asks. Placeholders are `str.format` named fields, filled
after translation: `_("La formation {code} est fermée.").format(code=code)`."""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel import Locale, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = ("fr", "en")
SOURCE = "fr"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("ecandidat_locale", default=SOURCE)


def normalise(lang: str | None) -> str:
    """A supported locale code, French for anything else (a cookie is user input)."""
    return lang if lang in LOCALES else SOURCE


def current_locale() -> str:
    return _current.get()


@contextmanager
def use_locale(lang: str | None) -> Iterator[str]:
    """Everything translated inside speaks `lang` (one task/context only)."""
    token = _current.set(normalise(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang` as a gettext object: Babel reads the .po and writes it as a
    .mo in memory, which gettext reads back (its plural rule included). Fuzzy entries are
    left out, as msgfmt does."""
    if lang == SOURCE or not catalogue_path(lang).exists():
        return gettext.NullTranslations()
    with catalogue_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translate(msgid: str, lang: str) -> str:
    """`msgid` in `lang`; the French text where the catalogue has no translation."""
    return translations(normalise(lang)).gettext(msgid) if msgid else msgid


def translate_plural(singular: str, plural: str, n: int, lang: str) -> str:
    return translations(normalise(lang)).ngettext(singular, plural, n)


def _(msgid: str) -> str:
    """`msgid` (French) in the current locale."""
    return translate(msgid, _current.get())


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` in the current locale: `ngettext("{n} pièce", "{n} pièces", n)
    .format(n=n)`."""
    return translate_plural(singular, plural, n, _current.get())


def N_(msgid: str) -> str:
    """Marks a constant for extraction; translate it where it is shown, with `_`."""
    return msgid


def negotiate(accept_language: str | None) -> str:
    """The locale an `Accept-Language` header prefers among ours (French if none fits)."""
    wanted = []
    for part in (accept_language or "").split(","):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            wanted.append((quality, tag.strip().replace("_", "-")))
    wanted.sort(key=lambda item: -item[0])  # stable: equal weights keep the header's order
    found = negotiate_locale([tag for _q, tag in wanted], list(LOCALES), sep="-")
    return normalise(found)


def language_name(lang: str) -> str:
    """A locale's name in its own language, capitalised: "Français", "English"."""
    return (Locale.parse(lang).get_display_name(lang) or lang).capitalize()
