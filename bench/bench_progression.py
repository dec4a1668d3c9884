"""Speed of the long-term and minimal models (medians; ratios against a naive baseline).

Run: .venv/bin/python bench/bench_progression.py [--reps N] [--no-baseline]

- Ha 2016, 5-year scenarios through the public facade (LSODA via odeint, rtol 1e-8, hmax 1 d,
  plain-float RHS; DESIGN.md §9 target ≤ 15 ms median), against a naive ``solve_ivp`` RK45 run
  of the same segments at the same tolerances (run once: it is slow because insulin clears at
  k = 700/d, which makes the system stiff for an explicit method).
- Topp 2000, 2000 days; Bergman FSIGT fit. Printed, never asserted.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from scipy.integrate import solve_ivp

from metabolism import minimal, progression
from metabolism.models import ha2016
from _timing import median_ms



def ha_rk45(scenario):
    """Naive baseline: solve_ivp RK45 per segment, same rtol/atol, same daily output grid."""
    p = ha2016.params()
    y = ha2016.initial_state()
    for s in ha2016.segments(p, scenario, 1800.0):
        if s.sigma_reset is not None:
            y = y.copy()
            y[4] = s.sigma_reset
        sol = solve_ivp(ha2016.rhs, (s.t0, s.t1), y, method="RK45", rtol=1e-8, atol=1e-8,
                        args=(p, s.R0, s.r_si, s.si_target),
                        t_eval=np.arange(s.t0, s.t1 + 0.5, 1.0))
        y = sol.y[:, -1]
    return y, sol.nfev


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=21)
    ap.add_argument("--no-baseline", action="store_true", help="skip the slow RK45 run")
    args = ap.parse_args()

    progression.ha2016("early")   # warm-up (imports, caches)
    print(f"Ha 2016, 1800 d, median of {args.reps} runs (target ≤ 15 ms):")
    med = {}
    for sc in ("none", "early", "late", "prevention", "bariatric"):
        med[sc] = median_ms(lambda: progression.ha2016(sc), args.reps)
        print(f"  {sc:<11s} {med[sc]:7.2f} ms")
    med_k = median_ms(lambda: progression.ha2016("early", knobs={"glut4": 0.6,
                                                                  "hepatic_output": 1.3}),
                      args.reps)
    print(f"  early+knobs {med_k:7.2f} ms")

    if not args.no_baseline:
        t0 = time.perf_counter()
        y, nfev = ha_rk45("early")
        t_rk = 1e3 * (time.perf_counter() - t0)
        ref = progression.ha2016("early")
        dG = abs(y[0] - ref.G[-1])
        print(f"  naive solve_ivp RK45 'early' (1 run): {t_rk:9.1f} ms, last segment nfev "
              f"{nfev}, |ΔG(1800)| vs LSODA {dG:.2e} mg/dL")
        print(f"  ratio RK45 / LSODA ('early'): {t_rk / med['early']:.0f}×")

    print(f"Topp 2000, 2000 d (median of {args.reps}): "
          f"{median_ms(lambda: progression.topp2000(t_end=2000), args.reps):.2f} ms")
    print(f"Topp 2000 fixed points: "
          f"{median_ms(lambda: progression.topp_fixed_points(), args.reps) * 1e3:.1f} µs")
    d = minimal.FSIGT_DATA
    print(f"Bergman IVGTT 180 min: {median_ms(lambda: minimal.simulate(), args.reps):.2f} ms; "
          f"FSIGT fit: {median_ms(lambda: minimal.fit_fsigt(d['t'], d['G'], d['I']), 5):.1f} ms "
          "(median of 5)")


if __name__ == "__main__":
    main()
