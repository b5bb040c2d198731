"""Accessibility check with axe-core (carried by axe-playwright-python)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_axe = Axe()
BLOCKING = frozenset({"serious", "critical"})
# axe reads colours as painted: in the middle of a toast's fade-in or a button's colour
# transition it measured blends (4.34:1, 4.4:1) that no one reads. Finite animations and
# transitions are let finish first (2 s at most); a spinner's endless one is not waited for.
_SETTLED = """
() => Promise.race([
  Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
    .map(a => a.finished.catch(() => null))),
  new Promise(resolve => setTimeout(resolve, 2000)),
])
"""


def _why(node: dict) -> str:
    checks = node.get("any") or node.get("all") or node.get("none") or [{}]
    return str(checks[0].get("message", ""))[:200]


def serious_violations(page: Page) -> list[tuple[str, str, str, list, str]]:
    """(rule, impact, help, first targets, why the first fails) of each serious or
    critical violation, once the page's animations have settled."""
    page.evaluate(_SETTLED)
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
