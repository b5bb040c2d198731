"""The cyclic garbage collector of a server process, tuned once at startup.

Under the 500-applicant load `perf` put 7.5 % of the server's CPU in the collector
(`gc_collect_main`, `visit_decref`, `visit_reachable`): Python's default thresholds
(700, 10, 10) run a collection every 700 net allocations of container objects, and the
older generations hold everything imported at startup (Reflex's compiled pages,
SQLAlchemy's mappers and caches), which each full collection walks again.
`gc.freeze()` after startup moves those objects out of the collector's sight for good
(they live as long as the process), and a larger first threshold makes the young
collections rarer; garbage cycles are still collected, a little later.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator

# Young collections every 20,000 net allocations instead of 700; the older generations'
# ratios as Python's defaults, so a full collection comes as rarely relative to them.
THRESHOLDS = (20_000, 10, 10)


def tune() -> None:
    gc.collect()  # what startup left behind is not frozen forever
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


@contextlib.asynccontextmanager
async def tuned_collector() -> AsyncIterator[None]:
    """A lifespan task: runs in every worker process once its app is built."""
    tune()
    yield
