"""Speed of the Dalla Man meal model (DESIGN §9): medians and ratios vs a naive baseline.

Targets (bench only, never asserted in tests): one 420-min meal ≤ 2 ms median; population of
1,000 subjects ≤ 120 ms, 10,000 ≤ 0.8 s. Baseline: ``solve_ivp`` (RK45, max_step 1 min, 1-min output)
with a numpy right-hand side, written plainly, as a first implementation would be.

Run: ``.venv/bin/python bench/bench_meal.py``
"""
from __future__ import annotations

import statistics
import time

import numpy as np
from scipy.integrate import solve_ivp

from metabolism import meal
from metabolism.models import dallaman2007 as dm
from _timing import median_ms



def naive_meal(subject="normal", grams=78.0, BW=78.0, t_end=420.0):
    """Naive baseline: solve_ivp with a numpy RHS (array ops on tiny arrays, np.tanh, np.maximum)."""
    p, b = dm.params(subject), dm.basal(subject)
    D = grams * 1000.0
    a, c = 5 / (2 * D * (1 - p.b)), 5 / (2 * D * p.d)

    def f(t, x):
        Gp, Gt, Il, Ip, Q1, Q2, Qg, I1, Id, X, Ipo, Y = x
        EGP = np.maximum(b.kp1 - p.kp2 * Gp - p.kp3 * Id - p.kp4 * Ipo, 0.0)
        Qs = Q1 + Q2
        ke = p.kmin + (p.kmax - p.kmin) / 2 * (np.tanh(a * (Qs - p.b * D)) - np.tanh(c * (Qs - p.d * D)) + 2)
        Ra = p.f * p.kabs * Qg / BW
        E = p.ke1 * np.maximum(Gp - p.ke2, 0.0)
        Uid = (b.Vm0 + p.Vmx * X) * Gt / (p.Km0 + Gt)
        dGp = EGP + Ra - p.Fcns - E - p.k1 * Gp + p.k2 * Gt
        S = p.gamma * Ipo
        HE = np.maximum(b.m6 - p.m5 * S, 0.0)
        m3 = HE * p.m1 / (1 - HE)
        I = Ip / p.VI
        return np.array([dGp, -Uid + p.k1 * Gp - p.k2 * Gt, -(p.m1 + m3) * Il + p.m2 * Ip + S,
                         -(p.m2 + p.m4) * Ip + p.m1 * Il, -p.kgri * Q1, -ke * Q2 + p.kgri * Q1,
                         -p.kabs * Qg + ke * Q2, -p.ki * (I1 - I), -p.ki * (Id - I1),
                         -p.p2U * X + p.p2U * (I - b.Ib),
                         -p.gamma * Ipo + Y + np.maximum(p.K * dGp / p.VG, 0.0) + b.Sb,
                         -p.alpha * (Y - np.maximum(p.beta * (Gp / p.VG - b.Gb), -b.Sb))])

    x0 = b.state0
    x0[4] += D
    return solve_ivp(f, (0, t_end), x0, t_eval=np.arange(0, t_end + 1), max_step=1.0, rtol=1e-6, atol=1e-9)


def main():
    rng = np.random.default_rng(0)
    rows = []
    meal.simulate()                                    # warm caches (gut plan, fasting root at knobs 1)
    naive = median_ms(naive_meal, 5)
    rows.append(("naive solve_ivp + numpy RHS, one 420-min meal", naive, None))
    one = median_ms(lambda: meal.simulate(), 200)
    rows.append(("meal.simulate() default (cached gut plan + root)", one, 2.0))
    knob = median_ms(lambda: meal.simulate(knobs={"glut4": float(rng.uniform(0.2, 2.0)),
                                                  "hepatic_output": float(rng.uniform(0.5, 2.0))}), 100)
    rows.append(("meal.simulate() new knob values (root not cached)", knob, 2.0))

    def new_meal():
        dm._plan.cache_clear()
        meal.simulate(meals=[(0, float(rng.uniform(20, 120)))])
    rows.append(("meal.simulate() new meal size (gut plan recomputed)", median_ms(new_meal, 50), None))
    ref = median_ms(lambda: meal.simulate(method="reference"), 3)
    rows.append(("meal.simulate(method='reference') LSODA rtol 1e-10", ref, None))
    rows.append(("meal.clamp()", median_ms(lambda: meal.clamp(knobs={"glut4": float(rng.uniform(0.2, 2))}), 200),
                 None))
    pops = {}
    for n, target in ((1000, 120.0), (10000, 800.0)):
        g = rng.uniform(0.2, 2.0, n)
        h = rng.uniform(0.5, 2.0, n)
        pops[n] = median_ms(lambda: meal.simulate_population(knobs={"glut4": g, "hepatic_output": h}),
                            9 if n == 1000 else 7)
        rows.append((f"meal.simulate_population N={n}", pops[n], target, naive * n))
    print(f"{'case':58s} {'median ms':>10s} {'target':>8s} {'vs naive':>9s}")
    for name, ms, target, *base in rows:
        tgt = f"{target:g}" if target else "-"
        ratio = (base[0] if base else naive) / ms
        print(f"{name:58s} {ms:10.3f} {tgt:>8s} {ratio:8.1f}x")
    print("(vs naive: for populations, against N naive solves; the machine is shared, so medians vary)")
    for n in pops:
        print(f"population N={n}: {1e3 * pops[n] / n:.1f} µs per subject = {naive * n / pops[n]:.0f}x naive "
              f"(N naive solves, extrapolated), {one * n / pops[n]:.1f}x N calls of meal.simulate()")


if __name__ == "__main__":
    main()
