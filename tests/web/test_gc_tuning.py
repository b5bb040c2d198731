"""The server process's collector is tuned at startup (web/gc_tuning.py): what startup
built is frozen, young collections are rarer, and garbage cycles are still collected."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from ecandidat_app.web import gc_tuning


@pytest.fixture
def restored_collector() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


@pytest.mark.usefixtures("restored_collector")
async def test_startup_freezes_the_heap_and_raises_the_threshold() -> None:
    async with gc_tuning.tuned_collector():
        assert gc.get_threshold() == gc_tuning.THRESHOLDS
        assert gc.get_freeze_count() > 10_000  # the modules, the app: not walked again


@pytest.mark.usefixtures("restored_collector")
def test_cycles_made_after_startup_are_still_collected() -> None:
    gc_tuning.tune()

    class Node:
        other: object = None

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    gone = weakref.ref(a)
    del a, b
    gc.collect()
    assert gone() is None
