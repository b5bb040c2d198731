"""The password rule, as one pure function the signup page runs on every keystroke and the
services run again on submit.

Accepted: 10 characters or more, with at least 3 of the 4 kinds (lower case, upper case,
digits, symbols); or 16 characters or more of any kind (a passphrase). Very common
passwords are refused whatever their length.
"""

from __future__ import annotations

import re

from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.text import fold

MIN_LENGTH = 10
PASSPHRASE_LENGTH = 16
MAX_LENGTH = 128  # hashing cost is bounded; nobody types more

LABELS = ("Très faible", "Faible", "Correct", "Bon", "Excellent")

# Folded, letters only: "Azerty123!" and "AZERTY" both reduce to "azerty".
_COMMON = {
    "motdepasse",
    "password",
    "azerty",
    "azertyuiop",
    "qwerty",
    "qwertyuiop",
    "soleil",
    "bonjour",
    "doudou",
    "chouchou",
    "loulou",
    "marseille",
    "ecandidat",
    "candidat",
    "universite",
    "admin",
    "welcome",
    "iloveyou",
    "abcdef",
    "abcdefghij",
}

HINT_LENGTH = f"Utilisez au moins {MIN_LENGTH} caractères."
HINT_KINDS = (
    "Mélangez au moins 3 types de caractères : minuscules, majuscules, chiffres, symboles "
    f"(ou choisissez une phrase de {PASSPHRASE_LENGTH} caractères au moins)."
)
HINT_COMMON = "Évitez les mots de passe courants (motdepasse, azerty, 123456…)."
HINT_PERSONAL = "N'utilisez pas votre nom, votre prénom ni votre adresse e-mail."
HINT_LONGER = "Pour plus de sécurité, allongez-le encore."
HINT_TOO_LONG = f"Le mot de passe ne doit pas dépasser {MAX_LENGTH} caractères."


def _kinds(pw: str) -> int:
    return sum(
        [
            any(c.islower() for c in pw),
            any(c.isupper() for c in pw),
            any(c.isdigit() for c in pw),
            any(not c.isalnum() for c in pw),
        ]
    )


def _is_common(pw: str) -> bool:
    letters = re.sub(r"[^a-z]", "", fold(pw))
    if not letters:  # only digits and symbols: 1234567890, 0000000000…
        return len(set(pw)) <= 4 or pw.isdigit()
    return letters in _COMMON or len(set(pw)) <= 3


def _contains_personal(pw: str, personal: list[str]) -> bool:
    folded = fold(pw)
    for item in personal:
        for part in re.split(r"[^a-z0-9]+", fold(item)):
            if len(part) >= 4 and part in folded:
                return True
    return False


def password_strength(pw: str, personal: list[str] | None = None) -> tuple[int, str, list[str]]:
    """(score 0-4, French label, hints still to follow). Score >= 2 means accepted."""
    if not pw:
        return 0, LABELS[0], [HINT_LENGTH, HINT_KINDS]
    if len(pw) > MAX_LENGTH:
        return 1, LABELS[1], [HINT_TOO_LONG]
    hints: list[str] = []
    kinds = _kinds(pw)
    length = len(pw)
    if length < MIN_LENGTH:
        hints.append(HINT_LENGTH)
    if kinds < 3 and length < PASSPHRASE_LENGTH:
        hints.append(HINT_KINDS)
    if _is_common(pw):
        hints.append(HINT_COMMON)
    if personal and _contains_personal(pw, personal):
        hints.append(HINT_PERSONAL)
    if hints:
        score = 0 if length < 8 or HINT_COMMON in hints else 1
        return score, LABELS[score], hints
    if (length >= 16 and kinds >= 4) or length >= 24:
        return 4, LABELS[4], []
    if (length >= 13 and kinds >= 3) or length >= 20:
        return 3, LABELS[3], [HINT_LONGER]
    return 2, LABELS[2], [HINT_LONGER]


def check_password(
    pw: str, *, personal: list[str] | None = None, field: str = "mot_de_passe"
) -> None:
    """Raise a French error naming the first unmet rule; pass silently when accepted."""
    score, _label, hints = password_strength(pw, personal)
    if score < 2:
        if not pw:
            raise DomainError("Choisissez un mot de passe.", field=field)
        raise DomainError(f"Mot de passe trop faible. {hints[0]}", field=field)
