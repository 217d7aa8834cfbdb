"""The timing loop the indicator benchmarks share."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def timed[T](label: str, call: Callable[[], T], *, width: int, runs: int = 3) -> T:
    """Print the median, min and max of ``runs`` calls after a warming one, and their queries.

    The first call warms the plan cache and the buffers; the query count is the last run's.
    """
    return timed_median(label, call, width=width, runs=runs)[0]


def timed_median[T](
    label: str, call: Callable[[], T], *, width: int, runs: int = 3
) -> tuple[T, float]:
    """``timed``, returning the median in seconds with the result (for ratios)."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = call()
        times.append(time.perf_counter() - started)
    print(
        f"  {label:<{width}} median {statistics.median(times) * 1000:8.1f} ms  "
        f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}; {len(queries)} queries)"
    )
    return result, statistics.median(times)
