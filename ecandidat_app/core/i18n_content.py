"""What administrators entered, in the reader's language: the English version of a
formation title, a piece label or a question when the current locale is English and one
was entered, the French one otherwise. One rule for every place an applicant reads them.

Staff pages never call this: they show the data as entered (French)."""

from __future__ import annotations

from collections.abc import Sequence

from ecandidat_app.core.i18n import current_locale

ENGLISH = "en"


def _wants_english() -> bool:
    return current_locale() == ENGLISH


def localized(fr: str, en: str | None) -> str:
    """`en` for an English reader when it is not blank, else `fr`."""
    if _wants_english() and en and en.strip():
        return en.strip()
    return fr


def lines_of(text: str | None) -> list[str]:
    """The non-blank lines of a one-per-line list (question choices), stripped."""
    return [line for line in (raw.strip() for raw in (text or "").splitlines()) if line]


def localized_lines(fr: Sequence[str], en: str | None) -> list[str]:
    """Labels to show for the French items `fr` (the values stored), by position: the
    English lines for an English reader when there is one per French item, else `fr`."""
    english = lines_of(en)
    if _wants_english() and len(english) == len(fr):
        return english
    return list(fr)
