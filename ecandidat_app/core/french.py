"""Dates as French pages and e-mails write them, in Paris time: one place for every service."""

from __future__ import annotations

from datetime import date, datetime

from ecandidat_app.core.clock import PARIS, as_utc

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(value: date | None) -> str:
    """ "12 mars 2027"; the first of the month is "1er", as French typography wants."""
    if value is None:
        return ""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def french_datetime(value: datetime | None) -> str:
    """ "23 mars 2027 à 10 h 05", in Paris time (timestamps are stored in UTC)."""
    moment = as_utc(value)
    if moment is None:
        return ""
    local = moment.astimezone(PARIS)
    return f"{french_date(local.date())} à {local.hour} h {local.minute:02d}"


# Head words of centre names that are feminine (the rest read as masculine: "du Département").
FEMININE_HEADS = frozenset(
    {
        "faculté",
        "école",
        "université",
        "unité",
        "composante",
        "maison",
        "direction",
        "antenne",
        "section",
        "division",
        "haute",
        "ufr",
        "fédération",
    }
)
MASCULINE_HEADS = frozenset({"institut", "département", "service", "pôle", "centre", "laboratoire"})
VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
ASPIRATED_H = ("haut", "hall", "hameau")  # "de la Haute école", not "de l'Haute école"


def of_the(name: str) -> str:
    """ "de" + the article a French writer puts before a place name: "de la Faculté de
    Droit", "de l'UFR Sciences", "de l'Institut…", "du Département…", "des Instituts…";
    a name that starts with its own article contracts it ("Le Mans" -> "du Mans")."""
    name = name.strip()
    first, _, rest = name.partition(" ")
    low = first.casefold()
    if low in ("le", "les") and rest:
        return ("du " if low == "le" else "des ") + rest
    if low == "la" and rest:
        return "de la " + rest
    if low.startswith(("l'", "l’")):
        return "de l'" + name[2:]
    if low.endswith("s") and low[:-1] in FEMININE_HEADS | MASCULINE_HEADS:
        return "des " + name
    if low[:1] in VOWELS or (low[:1] == "h" and not low.startswith(ASPIRATED_H)):
        return "de l'" + name
    if low in FEMININE_HEADS:
        return "de la " + name
    return "du " + name
