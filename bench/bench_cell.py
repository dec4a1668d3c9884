"""Speed of the cell-level models (GLUT4, NEFA) and the links: medians and ratios vs naive baselines.

Run: .venv/bin/python bench/bench_cell.py   (prints; asserts nothing)
"""
import statistics
import time

import numpy as np

from metabolism import glut4, lipolysis, links
from metabolism.models import sedaghat2002 as sd
from _timing import median_ms



def naive_glut4_step(d=1.0, t_end=120.0, dt=0.01):
    """Baseline: forward Euler at 0.01 min in plain Python."""
    p = sd.PRESETS["sedaghat2002"]
    s, i = 4.0, 96.0
    k = p.k13 + p.gain * d
    for _ in range(int(t_end / dt)):
        f = k * i - p.km13 * s
        s, i = s + dt * f, i + dt * (p.k14 - p.km14 * i - f)
    return s, i


def naive_nefa(t, ins, ib, dt=0.01):
    """Baseline: forward Euler at 0.01 min in plain Python, delay by np.interp."""
    p = lipolysis.PARAMS["healthy"]
    R, n = p.R0, p.NEFA0
    out = []
    tt = t[0]
    for _ in range(int((t[-1] - t[0]) / dt)):
        u = p.R0 * float(np.interp(tt - p.tau, t, ins)) / ib
        R, n = R + dt * p.kc * (u - R), n + dt * (p.SNEFA * p.phi / (p.phi + R) - p.KNEFA * n)
        tt += dt
        out.append(n)
    return out


def main():
    ins_grid = np.linspace(0, 2000, 1000)
    rows = []
    a = median_ms(lambda: glut4.steady_state(insulin_pmolL=ins_grid))
    b = median_ms(lambda: [glut4.steady_state(insulin_pmolL=float(x)) for x in ins_grid], repeat=5)
    rows.append(("glut4.steady_state, 1000 insulin values (array vs scalar loop)", a, b))
    a = median_ms(lambda: glut4.simulate(effect=1.0, t_end=120.0))
    b = median_ms(naive_glut4_step, repeat=5)
    rows.append(("glut4.simulate 120-min step (LSODA vs Euler 0.01 min)", a, b))
    t = np.arange(0.0, 421.0)
    ins = 25.49 * (1 + 12 * (t / 60) * np.exp(1 - t / 60))
    a = median_ms(lambda: lipolysis.simulate(t, I=ins, Ib=25.49))
    b = median_ms(lambda: naive_nefa(t, ins, 25.49), repeat=3)
    rows.append(("lipolysis.simulate 420 min, 1-min grid (RK4 vs Euler 0.01 min)", a, b))
    bmi = np.linspace(18, 45, 200)
    a = median_ms(lambda: (links.adiponectin_output(bmi=bmi), links.female_androgens(np.linspace(0.3, 3, 200)),
                           links.microvascular_response(np.linspace(0, 2000, 200))))
    rows.append(("links: three 200-point curves", a, float("nan")))
    print(f"{'case':72s} {'median ms':>10s} {'baseline ms':>12s} {'speed-up':>9s}")
    for name, m, base in rows:
        print(f"{name:72s} {m:10.3f} {base:12.3f} {base / m:9.1f}")


if __name__ == "__main__":
    main()
