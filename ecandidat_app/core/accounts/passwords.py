"""The password rule, as one pure function the pages run on every keystroke (live strength
meter) and the services run again on submit (sign-up, reset link, « Mon compte », staff
accounts).

Strength is zxcvbn's estimate (score 0-4) of how many guesses a password takes, with the
person's own last name, first name and e-mail address, and this site's words, as known
words. Accepted: `MIN_LENGTH` characters or more and a score of `ACCEPTED` or more.

The person's own data counts for nothing: when the password contains their name, first
name or e-mail, what is left once those are taken out must be strong on its own (zxcvbn
alone rates "Martin-Lea-2027!" as very strong: it misses names joined by symbols).

Hints are French: zxcvbn's feedback strings (a fixed set, see `zxcvbn/feedback.py`) are
translated below; one it might add later falls back to a general French hint.
"""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.text import fold

MIN_LENGTH = 10
MAX_LENGTH = 128  # hashing cost is bounded; nobody types more
ACCEPTED = 3  # zxcvbn's "safely unguessable" (10^8 guesses and more)
# zxcvbn refuses longer input (and slows down with length): a longer password is rated on
# its first characters, which can only under-rate it.
_RATED_LENGTH = 72
# Parts of the personal data shorter than this are too common to take out of a password.
_PERSONAL_PART = 3
_HINTS_SHOWN = 3  # the most useful first; the list under the field stays short

LABELS = (N_("Très faible"), N_("Faible"), N_("Insuffisant"), N_("Bon"), N_("Excellent"))

# Words anyone would try first on this site.
SITE_WORDS = ("ecandidat", "candidat", "candidature", "universite", "inscription")

LENGTH_RULE = N_("Utilisez au moins {min} caractères.")
HINT_PERSONAL = N_("N'utilisez pas votre nom, votre prénom ni votre adresse e-mail.")
HINT_SITE = N_("Évitez les mots liés à ce site (ecandidat, candidature, université…).")
HINT_WORDS = N_("Ajoutez un ou deux mots, de préférence peu courants.")
HINT_LONGER = N_("Pour plus de sécurité, allongez-le encore.")
TOO_LONG_RULE = N_("Le mot de passe ne doit pas dépasser {max} caractères.")
# The same two in French, filled in (as they read by default).
HINT_LENGTH = LENGTH_RULE.format(min=MIN_LENGTH)
HINT_TOO_LONG = TOO_LONG_RULE.format(max=MAX_LENGTH)

# zxcvbn's feedback (warnings and suggestions), in French.
FRENCH: dict[str, str] = {
    "Use a few words, avoid common phrases.": (
        N_("Choisissez plusieurs mots, en évitant les expressions courantes.")
    ),
    "No need for symbols, digits, or uppercase letters.": (
        N_("Une suite de mots suffit : symboles, chiffres et majuscules ne sont pas obligatoires.")
    ),
    "Add another word or two. Uncommon words are better.": HINT_WORDS,
    "Straight rows of keys are easy to guess.": (
        N_("Les rangées de touches du clavier (azerty…) sont faciles à deviner.")
    ),
    "Short keyboard patterns are easy to guess.": (
        N_("Les petits motifs de clavier sont faciles à deviner.")
    ),
    "Use a longer keyboard pattern with more turns.": (
        N_("Évitez les motifs de clavier, ou allongez-les nettement.")
    ),
    'Repeats like "aaa" are easy to guess.': (
        N_("Les répétitions comme « aaa » sont faciles à deviner.")
    ),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': (
        N_("Les répétitions comme « abcabcabc » sont à peine plus sûres que « abc ».")
    ),
    "Avoid repeated words and characters.": N_("Évitez de répéter des mots ou des caractères."),
    'Sequences like "abc" or "6543" are easy to guess.': (
        N_("Les suites comme « abc » ou « 6543 » sont faciles à deviner.")
    ),
    "Avoid sequences.": N_("Évitez les suites de lettres ou de chiffres."),
    "Recent years are easy to guess.": N_("Les années récentes sont faciles à deviner."),
    "Avoid recent years.": N_("Évitez les années récentes."),
    "Avoid years that are associated with you.": (
        N_("Évitez les années qui vous concernent (naissance, bac…).")
    ),
    "Dates are often easy to guess.": N_("Les dates sont souvent faciles à deviner."),
    "Avoid dates and years that are associated with you.": (
        N_("Évitez les dates et années qui vous concernent.")
    ),
    "This is a top-10 common password.": N_("C'est l'un des 10 mots de passe les plus utilisés."),
    "This is a top-100 common password.": N_("C'est l'un des 100 mots de passe les plus utilisés."),
    "This is a very common password.": N_("C'est un mot de passe très courant."),
    "This is similar to a commonly used password.": (
        N_("Il ressemble à un mot de passe très courant (motdepasse, azerty, 123456…).")
    ),
    "A word by itself is easy to guess.": N_("Un mot seul est facile à deviner."),
    "Names and surnames by themselves are easy to guess.": (
        N_("Un nom ou un prénom seul est facile à deviner.")
    ),
    "Common names and surnames are easy to guess.": (
        N_("Les noms et prénoms courants sont faciles à deviner.")
    ),
    "Capitalization doesn't help very much.": N_("Une majuscule au début n'aide pas beaucoup."),
    "All-uppercase is almost as easy to guess as all-lowercase.": (
        N_("Tout en majuscules n'est guère plus sûr que tout en minuscules.")
    ),
    "Reversed words aren't much harder to guess.": (
        N_("Un mot écrit à l'envers n'est pas beaucoup plus sûr.")
    ),
    "Predictable substitutions like '@' instead of 'a' don't help very much.": (
        N_("Les substitutions attendues, comme « @ » pour « a », n'aident pas beaucoup.")
    ),
}


def _personal_words(personal: list[str]) -> list[str]:
    """The person's data as zxcvbn's known words, folded (zxcvbn does not fold accents):
    each value whole, and its parts (the e-mail's local part only: "gmail" is no secret)."""
    words: list[str] = []
    for item in personal:
        value = fold(item or "")
        if "@" in value:
            value = value.split("@", 1)[0]
            words.append(fold(item or ""))
        words.append(value)
        words += re.split(r"[^a-z0-9]+", value)
    return [w for w in dict.fromkeys(words) if len(w) >= _PERSONAL_PART]


def _without_personal(pw: str, words: list[str]) -> str | None:
    """The password (folded) with the person's data taken out; None if it holds none."""
    rest = fold(pw)
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    return None if rest == fold(pw) else rest


def _rate(pw: str, known: list[str]) -> dict:
    return zxcvbn(pw[:_RATED_LENGTH], user_inputs=known)


def _french(feedback: dict) -> list[str]:
    texts = [feedback.get("warning") or "", *feedback.get("suggestions", [])]
    return [FRENCH.get(t, HINT_WORDS) for t in texts if t]


def password_strength(pw: str, personal: list[str] | None = None) -> tuple[int, str, list[str]]:
    """(score 0-4, label, hints still to follow), in the current locale. Accepted when
    score >= ACCEPTED."""
    score, label, hints = _strength(pw, personal)
    limits = {"min": MIN_LENGTH, "max": MAX_LENGTH}
    return score, _(label), [_(hint).format(**limits) for hint in hints]


def _strength(pw: str, personal: list[str] | None) -> tuple[int, str, list[str]]:
    """The same as message ids (French, fields unfilled)."""
    if not pw:
        return 0, LABELS[0], [LENGTH_RULE, FRENCH["Use a few words, avoid common phrases."]]
    if len(pw) > MAX_LENGTH:
        return 1, LABELS[1], [TOO_LONG_RULE]
    words = _personal_words(personal or [])
    result = _rate(pw, [*words, *SITE_WORDS])
    score = int(result["score"])
    hints = _french(result["feedback"])
    known = {
        m.get("matched_word")
        for m in result["sequence"]
        if m.get("dictionary_name") == "user_inputs"
    }
    if known & set(SITE_WORDS):
        hints.insert(0, HINT_SITE)
    rest = _without_personal(pw, words)
    if rest is not None:
        score = min(score, int(_rate(rest, list(SITE_WORDS))["score"]) if rest else 0)
    if (rest is not None or known & set(words)) and score < ACCEPTED:
        hints.insert(0, HINT_PERSONAL)
    if len(pw) < MIN_LENGTH:
        score = min(score, ACCEPTED - 1)
        hints.insert(0, LENGTH_RULE)
    if score < ACCEPTED:
        return score, LABELS[score], list(dict.fromkeys(hints or [HINT_WORDS]))[:_HINTS_SHOWN]
    return score, LABELS[score], [HINT_LONGER] if score < 4 else []


def check_password(
    pw: str, *, personal: list[str] | None = None, field: str = "mot_de_passe"
) -> None:
    """Raise a French error naming the first unmet rule; pass silently when accepted."""
    score, _label, hints = password_strength(pw, personal)
    if score < ACCEPTED:
        if not pw:
            raise DomainError(_("Choisissez un mot de passe."), field=field)
        raise DomainError(_("Mot de passe trop faible. {hint}").format(hint=hints[0]), field=field)
