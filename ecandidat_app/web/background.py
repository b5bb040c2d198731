"""Long-running tasks started with the backend (lifespan): the mail worker and friends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def background_tasks() -> list[Callable[..., Any]]:
    return []
