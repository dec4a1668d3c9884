"""Explorers v2 in a kernel: a control change -> new frame, per book explorer (prints; asserts nothing).

For each explorer of metabolism.book: the median time of one live change (model + redraw + PNG encode,
what LiveExplorer does on every move, with the reference run cached as it is while a reader explores)
split into model (the *_run cache cleared first), redraw (blit) and PNG encode at the live pixel scale; and the frames-mode cost per precomputed frame. Target (DESIGN.md §8):
<= 30 ms median model + redraw for meal-scale views.

Run: .venv/bin/python bench/bench_explorers_v2.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metabolism import explorer as X  # noqa: E402
from metabolism.book import academic, fundamentals, intermediate, landing, medicines, reflection  # noqa: E402

MODULES = (landing, fundamentals, intermediate, medicines, academic, reflection)
#: every explorer of the book: each module's public ``*_explorer`` functions
EXPLORERS = {f"{m.__name__.rsplit('.', 1)[-1]}.{n}": getattr(m, n) for m in MODULES for n in dir(m)
             if n.endswith("_explorer") and not n.startswith("_") and callable(getattr(m, n))}
#: the cached computations (cleared to time the model)
CACHES = [f for m in MODULES for n in dir(m) if n.endswith("_run") and hasattr(f := getattr(m, n), "cache_clear")]


def clear():
    for f in CACHES:
        f.cache_clear()


def main():
    print(f"{'explorer':34s} {'frames':>6s} {'model':>7s} {'redraw':>7s} {'encode':>7s} {'live':>7s} "
          f"{'frame/build':>11s}  (ms, medians)")
    for name, make in EXPLORERS.items():
        ex = make(mode="live")
        core, view = ex._core, ex._core.view
        settings = []
        for c in ex.controls.values():
            for v in c.values:
                settings.append({**core.reference, c.name: v})
        model, redraw, encode, live = [], [], [], []
        for s in settings:
            clear()
            params = dict(s)
            t0 = time.perf_counter()
            view.update(**params)   # model (uncached) + artist data
            t1 = time.perf_counter()
            view._draw()
            t2 = time.perf_counter()
            X.plotting.to_png(view.fig, colors=X.LIVE_COLORS, draw=False, method="fastoctree")
            t3 = time.perf_counter()
            model.append(t1 - t0), redraw.append(t2 - t1), encode.append(t3 - t2)
            clear()
            view.update(**core.reference)   # the reference run stays cached while a reader moves controls
            t4 = time.perf_counter()
            ex.value = s
            live.append(time.perf_counter() - t4)
        clear()
        t5 = time.perf_counter()
        fx = make(mode="frames")
        per_frame = (time.perf_counter() - t5) / fx.frame_count
        med = lambda xs: 1e3 * statistics.median(xs)  # noqa: E731
        print(f"{name:34s} {ex.frame_count:6d} {med(model):7.1f} {med(redraw):7.1f} {med(encode):7.1f} "
              f"{med(live):7.1f} {1e3 * per_frame:11.1f}")


if __name__ == "__main__":
    main()
