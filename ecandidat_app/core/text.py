"""Text helpers: search folding and safe display names."""

from __future__ import annotations

import re
import unicodedata

# Letters Unicode does not decompose into base letter + accent: "œnologie" is found by
# "oenologie" as French writers type it (ß becomes "ss" through casefold).
LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ẞ": "SS", "ß": "ss"}
)


def fold(value: str) -> str:
    """Lower-case, accent- and ligature-free, single-spaced: "Méthodes" and "methodes" match,
    "Œnologie" and "oenologie" too."""
    decomposed = unicodedata.normalize("NFKD", value.translate(LIGATURES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def like_escape(word: str) -> str:
    """A typed word for `LIKE ... ESCAPE '\\'`: its % and _ are plain characters."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def display_name(value: str, *, limit: int = 120) -> str:
    """A file name fit for display only: no path, no control characters, bounded length."""
    name = value.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = unicodedata.normalize("NFC", name).strip().strip(".") or "fichier"
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        name = (
            (stem[: limit - len(ext) - 2] + "…." + ext) if dot and len(ext) <= 8 else name[:limit]
        )
    return name
