"""Accessibility check with axe-core (carried by axe-playwright-python)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_axe = Axe()
BLOCKING = frozenset({"serious", "critical"})


def _why(node: dict) -> str:
    checks = node.get("any") or node.get("all") or node.get("none") or [{}]
    return str(checks[0].get("message", ""))[:200]


def serious_violations(page: Page) -> list[tuple[str, str, str, list, str]]:
    """(rule, impact, help, first targets, why the first fails) of each serious or
    critical violation."""
    results = _axe.run(page)
    return [
        (
            v["id"],
            v["impact"],
            v["help"],
            [n["target"] for n in v["nodes"]][:3],
            _why(v["nodes"][0]) if v["nodes"] else "",
        )
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def assert_no_serious_violations(page: Page) -> None:
    bad = serious_violations(page)
    assert not bad, bad
