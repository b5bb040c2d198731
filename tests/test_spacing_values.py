"""Spacing props are CSS in Reflex: `gap="3"` or `margin_top="2"` compiled to `gap: 3`,
which browsers drop (a length needs a unit), so every gap and margin of the app was 0 until
1 December 2026. Radix's scale is written `var(--space-3)` (or `spacing="3"` on stacks)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ecandidat_app"
SPACING = re.compile(r"^(gap|row_gap|column_gap|(margin|padding)(_(top|bottom|left|right|x|y))?)$")
BARE_NUMBER = re.compile(r"^-?[0-9.]*[1-9][0-9.]*$")


def bare_spacing(source: str) -> list[tuple[int, str, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg and SPACING.match(node.arg):
            value = node.value
            text = value.value if isinstance(value, ast.Constant) else None
            if isinstance(text, str) and BARE_NUMBER.match(text):
                found.append((value.lineno, node.arg, text))
    return found


def test_the_check_sees_a_bare_number() -> None:
    assert bare_spacing('rx.flex(gap="3", margin_top="0", padding="1rem")') == [(1, "gap", "3")]


def test_no_spacing_prop_is_a_bare_number() -> None:
    problems = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {name}={value!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, name, value in bare_spacing(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "write var(--space-N):\n" + "\n".join(problems)
