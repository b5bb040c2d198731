"""A 10 MB upload: through the app's upload handler when the application page has one
(HTTP /_upload, server RSS before/after), and always through the private file store the
handler uses (streamed, hashed, fsynced), with this process's peak memory growth."""

from __future__ import annotations

import io
import resource
import time
import tracemalloc

from loadtest.journeys import tiny_pdf

SIZE = 10 * 1024 * 1024


def store_throughput() -> dict:
    from ecandidat_app.core import storage
    from ecandidat_app.core.files import check_file

    data = tiny_pdf(SIZE - 1024)
    tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    saved = storage.save_stream(io.BytesIO(data), check=check_file, max_bytes=SIZE)
    seconds = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    storage.delete_file(saved.key)
    return {
        "bytes": len(data),
        "seconds": round(seconds, 3),
        "mb_per_s": round(len(data) / seconds / 1e6, 1),
        "python_peak_alloc_mb": round(peak / 1e6, 2),
        "max_rss_growth_mb": round(
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1
        ),
    }
