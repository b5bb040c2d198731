"""Toasts asked for by event handlers, shown by a compiled effect (components/effects.py)
instead of the script rx.toast sends, which the browser would have to eval.

`toast.success(message)` (and error, info, warning) returns an event, like rx.toast: a
handler returns it. The notice is tied to the connection that produced it, so the next
page load (new connection, same tab state) does not show it again."""

from __future__ import annotations

import uuid

import reflex as rx
from reflex_base.event import EventSpec

LEVELS = ("success", "error", "info", "warning")


class NoticeState(rx.State):
    _notice: dict[str, str] = {}
    _sid: str = ""

    # Cached: recomputed when the notice or the connection (router) changes, not sent with
    # every event of every page.
    @rx.var
    def notice(self) -> dict[str, str]:
        return self._notice if self._sid == self.router.session.session_id else {}

    @rx.event
    def show(self, level: str, message: str, duration: int = 0) -> None:
        level = level if level in LEVELS else "info"
        self._notice = {
            "id": uuid.uuid4().hex,
            "level": level,
            "message": str(message)[:500],
            "duration": str(int(duration)) if duration else "",
        }
        self._sid = self.router.session.session_id


class _Toast:
    """The same calls as rx.toast, for event handlers."""

    def _send(self, level: str, message: str, duration: int | None) -> EventSpec:
        return NoticeState.show(level, message, duration or 0)

    def success(self, message: str, duration: int | None = None) -> EventSpec:
        return self._send("success", message, duration)

    def error(self, message: str, duration: int | None = None) -> EventSpec:
        return self._send("error", message, duration)

    def info(self, message: str, duration: int | None = None) -> EventSpec:
        return self._send("info", message, duration)

    def warning(self, message: str, duration: int | None = None) -> EventSpec:
        return self._send("warning", message, duration)


toast = _Toast()
