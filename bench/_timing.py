"""Shared timing helper of the bench scripts: medians, never asserted (machines here are shared)."""
import statistics
import time


def median_ms(fn, repeat=15, warmup=True):
    """Median wall time of ``fn()`` over ``repeat`` calls, in milliseconds (one untimed warm-up call)."""
    if warmup:
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)
