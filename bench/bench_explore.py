"""Explorer latency: slider change -> new image, versus a naive interactive_output redraw.

Targets (DESIGN.md §8, explorer brief): kernel mode <= 30 ms median per slider change for a
meal-scale view; frames mode <= 40 ms per precomputed frame on average. Prints medians and ratios;
asserts nothing (wall-clock numbers belong here, not in tests).

The model: ``metabolism.meal.simulate`` if it exists, else a cheap synthetic two-state
glucose/insulin model integrated with fixed-step RK4 at 1 min over 420 min (meal-scale cost).

Run: .venv/bin/python bench/bench_explore.py
"""
from __future__ import annotations

import contextlib
import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from metabolism import plotting  # noqa: E402
from metabolism.explore import View, explorer  # noqa: E402

T_END = 420.0
GRID = {"glut4": [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0],
        "hepatic_output": list(np.round(np.linspace(0.5, 2.0, 15), 4))}


def synthetic_meal(glut4: float, hepatic_output: float):
    """Toy meal response (NOT a model of the book): glucose G (mg/dL), insulin I (pmol/L)."""
    def ra(t):  # meal appearance, mg/dL/min
        return 3.0 * (t / 40.0) * np.exp(1.0 - t / 40.0)

    def rhs(t, g, i):
        dg = ra(t) + 0.012 * 90 * hepatic_output - 0.012 * g - 0.00025 * glut4 * i * g / 90
        di = 0.4 * max(g - 80.0, 0.0) + 1.0 - 0.03 * i
        return dg, di

    t = np.arange(0.0, T_END + 1.0, 1.0)
    G, I = np.empty_like(t), np.empty_like(t)
    g, i = 90.0 * hepatic_output, 40.0
    for k, tk in enumerate(t):
        G[k], I[k] = g, i
        a1, b1 = rhs(tk, g, i)
        a2, b2 = rhs(tk + 0.5, g + 0.5 * a1, i + 0.5 * b1)
        a3, b3 = rhs(tk + 0.5, g + 0.5 * a2, i + 0.5 * b2)
        a4, b4 = rhs(tk + 1.0, g + a3, i + b3)
        g += (a1 + 2 * a2 + 2 * a3 + a4) / 6
        i += (b1 + 2 * b2 + 2 * b3 + b4) / 6
    return t, G, I


def model():
    try:
        from metabolism import meal  # noqa: F401
    except ImportError:
        return "synthetic RK4 toy (metabolism.meal not present)", synthetic_meal

    def run(glut4, hepatic_output):
        r = meal.simulate(knobs={"glut4": glut4, "hepatic_output": hepatic_output}, t_end=T_END)
        return r.t, r.G, r.I
    return "metabolism.meal.simulate", run


NAME, SIMULATE = model()


def draw_axes(fig):
    """Two stacked panels (glucose, insulin) with bands and the faint reference: shared by both paths."""
    ax_g = fig.add_subplot(2, 1, 1)
    ax_i = fig.add_subplot(2, 1, 2, sharex=ax_g)
    ax_g.set_xlim(0, T_END)
    ax_g.set_ylim(50, 350)
    ax_i.set_ylim(0, 800)
    plotting.glucose_bands(ax_g, test="ogtt2h", labels=False)
    t, G, I = SIMULATE(1.0, 1.0)
    plotting.reference_line(ax_g, t, G)
    plotting.reference_line(ax_i, t, I)
    ax_g.set_ylabel(plotting.axis_label("Glucose", "mg/dL"))
    ax_i.set_ylabel(plotting.axis_label("Insulin", "pmol/L"))
    ax_i.set_xlabel(plotting.axis_label("Time after the meal", "min"))
    return ax_g, ax_i


class MealView(View):
    """The fast path: figure built once, only the two current curves blitted."""

    margins = {"hspace": 0.15, "bottom": 0.14, "top": 0.97}

    def setup(self, fig):
        ax_g, ax_i = draw_axes(fig)
        (self.line_g,) = ax_g.plot([], [], label="you")
        (self.line_i,) = ax_i.plot([], [])
        self.animate(self.line_g, self.line_i)

    def update(self, glut4, hepatic_output):
        t, self.G, self.I = SIMULATE(glut4, hepatic_output)
        self.line_g.set_data(t, self.G)
        self.line_i.set_data(t, self.I)


class MealViewFullRedraw(MealView):
    """Same figure built once, but the whole canvas drawn on each render (no blitting)."""

    def animate(self, *artists):
        return artists[0] if artists else None


def readout(glut4, hepatic_output):
    return f"GLUT4 ×{glut4:.2f}, liver ×{hepatic_output:.2f}"


def naive_draw(glut4, hepatic_output):
    """What a first notebook does: new pyplot figure, everything redrawn, inline-style tight PNG."""
    fig = plt.figure(figsize=(6.4, 4.0))
    ax_g, ax_i = draw_axes(fig)
    t, G, I = SIMULATE(glut4, hepatic_output)
    ax_g.plot(t, G)
    ax_i.plot(t, I)
    fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")  # what the inline backend does
    plt.close(fig)


def time_changes(slider, n=40):
    """Median seconds for ``slider.index = k`` (observer runs synchronously) over n changes."""
    times = []
    size = len(slider.options)
    for k in range(n):
        target = (slider.index + 1 + k % 3) % size
        t0 = time.perf_counter()
        slider.index = target
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def median_time(f, n=30):
    times = []
    for k in range(n):
        t0 = time.perf_counter()
        f(k)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    print(f"model: {NAME}")
    g = GRID["glut4"]
    t_model = median_time(lambda k: SIMULATE(g[k % len(g)], 1.0))

    view = MealView()
    t_update_render = median_time(lambda k: (view.update(glut4=g[k % len(g)], hepatic_output=1.0), view.render()))
    t_render = median_time(lambda k: view.render())
    t_render64 = median_time(lambda k: view.render(colors=64))

    live = explorer(MealView(), GRID, mode="live", readout=readout, alt="Glucose and insulin after a meal")
    t_live = time_changes(live.sliders["glut4"])

    full = explorer(MealViewFullRedraw(), GRID, mode="live", readout=readout, alt="Glucose and insulin")
    t_full = time_changes(full.sliders["glut4"])

    sliders = {n: widgets.SelectionSlider(options=v, value=v[4] if n == "glut4" else v[3]) for n, v in GRID.items()}
    with contextlib.redirect_stdout(io.StringIO()):  # the Output widget prints clear-line codes outside a kernel
        widgets.interactive_output(naive_draw, sliders)
        t_naive = time_changes(sliders["glut4"])

    t0 = time.perf_counter()
    frames = explorer(MealView(), GRID, mode="frames", readout=readout, alt="Glucose and insulin after a meal")
    t_frames = (time.perf_counter() - t0) / frames.frame_count
    sizes = [len(f.value) for f in frames.frames.values()]
    assert plt.get_fignums() == []

    ms = 1e3
    print(f"model alone                        median {t_model * ms:6.1f} ms")
    print(f"view.update + render (RGB PNG)     median {t_update_render * ms:6.1f} ms")
    print(f"  render only: RGB {t_render * ms:.1f} ms, 64-colour {t_render64 * ms:.1f} ms")
    print(f"LIVE explorer, slider -> new image median {t_live * ms:6.1f} ms   (target <= 30 ms)")
    print(f"  same view without blitting       median {t_full * ms:6.1f} ms  (ratio {t_full / t_live:.1f}x)")
    print(f"naive interactive_output + plt.figure median {t_naive * ms:6.1f} ms")
    print(f"  ratio naive / live: {t_naive / t_live:.1f}x")
    print(f"FRAMES build: {frames.frame_count} frames, {t_frames * ms:.1f} ms per frame on average "
          f"(target <= 40 ms); PNG {statistics.mean(sizes) / 1024:.1f} KiB mean, {max(sizes) / 1024:.1f} KiB max")
    print(f"  ratio naive redraw / precomputed frame: {t_naive / t_frames:.1f}x")


if __name__ == "__main__":
    main()
