"""Find the http(s) links in a plain-text body (for HTML mail and the demo mailbox page)."""

from __future__ import annotations

import re

# A link ends before trailing punctuation ("ouvrez https://x/y." keeps the dot outside).
_LINK = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)»]")


def split_links(text: str) -> list[tuple[str, bool]]:
    """[(piece, is_link)]: the text cut around its links, so a page can make them
    clickable without rendering any HTML taken from a message."""
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in _LINK.finditer(text):
        if match.start() > last:
            parts.append((text[last : match.start()], False))
        parts.append((match.group(0), True))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], False))
    return parts
