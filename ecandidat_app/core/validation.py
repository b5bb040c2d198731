"""Input checks shared by every form: e-mail addresses, names, bounded texts.

Each returns the cleaned value or raises `DomainError` with a message in the current locale and the
field it belongs to, so the page can show it next to that field.
"""

from __future__ import annotations

import re
import unicodedata

from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _

EMAIL_MAX = 254
NAME_MAX = 80

# Pragmatic, not RFC 5322: one @, no spaces, a dotted domain with a 2+ letter TLD.
_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@"
    r"(?:[A-Za-z0-9\u00a0-\uffff](?:[A-Za-z0-9\u00a0-\uffff-]{0,61}[A-Za-z0-9\u00a0-\uffff])?\.)+"
    r"[A-Za-z\u00a0-\uffff]{2,63}$"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def validate_email(value: str | None, *, field: str = "email") -> str:
    """A normalised address (trimmed, lower-case) or a French error."""
    email = unicodedata.normalize("NFC", (value or "").strip()).lower()
    if not email:
        raise DomainError(_("Saisissez votre adresse e-mail."), field=field)
    if len(email) > EMAIL_MAX:
        raise DomainError(
            _("L'adresse e-mail ne doit pas dépasser {max} caractères.").format(max=EMAIL_MAX),
            field=field,
        )
    local = email.split("@", 1)[0]
    if (
        not _EMAIL_RE.match(email)
        or len(local) > 64
        or local.startswith(".")
        or local.endswith(".")
        or ".." in email
    ):
        raise DomainError(
            _("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr)."),
            field=field,
        )
    return email


def require_length(
    value: str | None,
    label: str,
    max_len: int,
    min_len: int = 0,
    *,
    field: str | None = None,
) -> str:
    """The trimmed text, checked for length; `label` names the field in the message."""
    text = unicodedata.normalize("NFC", (value or "").strip())
    if _CONTROL.search(text):
        raise DomainError(
            _("{label} contient des caractères non autorisés.").format(label=_(label)), field=field
        )
    if min_len > 0 and len(text) < min_len:
        if min_len == 1:
            raise DomainError(_("{label} est obligatoire.").format(label=_(label)), field=field)
        raise DomainError(
            _("{label} doit contenir au moins {min} caractères.").format(
                label=_(label), min=min_len
            ),
            field=field,
        )
    if len(text) > max_len:
        raise DomainError(
            _("{label} ne doit pas dépasser {max} caractères.").format(label=_(label), max=max_len),
            field=field,
        )
    return text


def validate_person_name(value: str | None, label: str, *, field: str | None = None) -> str:
    """A last or first name: required, bounded, and made of letters (with - ' . and spaces)."""
    text = re.sub(r"\s+", " ", require_length(value, label, NAME_MAX, 1, field=field))
    if not any(ch.isalpha() for ch in text) or any(
        not (ch.isalpha() or ch in " -'’.") for ch in text
    ):
        raise DomainError(
            _(
                "{label} ne peut contenir que des lettres, des espaces, des tirets et des "
                "apostrophes."
            ).format(label=_(label)),
            field=field,
        )
    return text
