"""How long does the μP width sweep take, and does it show the effect?

Runs the default ``SweepSettings`` cold (into a fresh temporary cache) and again from the
cache, and prints the wall and CPU times, when each partial result (the curves a plot shows
while the rest trains) was ready, the best learning rate per width under SP and μP,
and whether the three claims hold (SP optimum moves, μP optimum stays within one grid step,
wider is at least as good under μP) plus the coordinate-check ratios. Goal: cold run within
60 s on 2 cores (aim 20–30 s).

    .venv/bin/python benchmarks/bench_widthsweep.py [--threads N] [--seeds 0 1 2 ...]

``--threads`` sets the BLAS thread count (OPENBLAS_NUM_THREADS and friends) before numpy is
imported; ``--seeds`` repeats the cold run for other seeds to check the effect is robust.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.cli.options import whole_number  # noqa: E402


def claims(result) -> list[tuple[str, bool]]:
    from tutor.homework.widthsweep.experiment import PARAMETRIZATIONS  # noqa: F401  (numpy-free import)

    s = result.settings
    step = s.log2_lrs[1] - s.log2_lrs[0] if len(s.log2_lrs) > 1 else 1.0
    sp, mup = result.best_lrs("sp"), result.best_lrs("mup")
    best = result.best_losses("mup")
    c = result.coord
    hidden = next(i for i, name in enumerate(c.layers) if "hidden" in name)
    sp_h, mup_h = c.series("sp", hidden), c.series("mup", hidden)
    return [
        (f"SP optimum moves with width (by {result.optimum_shift('sp'):g} ≥ 2 steps)",
         list(sp) == sorted(sp, reverse=True) and sp[0] - sp[-1] >= 2 * step),
        (f"μP optimum stays within one grid step (moves {result.optimum_shift('mup'):g})",
         max(mup) - min(mup) <= step),
        ("μP: wider is at least as good at the optimum",
         all(b <= a for a, b in zip(best, best[1:], strict=False))),
        (f"coord check: SP hidden Δ grows {sp_h[-1] / sp_h[0]:.1f}× (> 4×)",
         sp_h[-1] > 4 * sp_h[0]),
        (f"coord check: μP hidden Δ max/min {max(mup_h) / min(mup_h):.2f} (< 2)",
         max(mup_h) < 2 * min(mup_h)),
    ]  # fmt: skip


PARTIALS: list[tuple[float, tuple[int, ...]]] = []  # (seconds, widths done) of the last run


def timed_run(settings, cache: Path, use_cache: bool = True):
    from tutor.homework.widthsweep.run import run_sweep

    wall, cpu = time.perf_counter(), time.process_time()
    PARTIALS.clear()
    result = run_sweep(
        settings,
        cache_dir=cache,
        use_cache=use_cache,
        partial=lambda r: PARTIALS.append((time.perf_counter() - wall, r.settings.widths)),
    )
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--threads",
        type=whole_number(1, 1024),
        default=None,
        help="BLAS threads (default: numpy's)",
    )
    parser.add_argument(
        "--seeds",
        type=whole_number(0, 2**32 - 1),
        nargs="*",
        default=[],
        help="extra seeds to check",
    )
    args = parser.parse_args()
    if args.threads is not None:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(args.threads)

    from tutor.homework.widthsweep.drawing import format_summary
    from tutor.homework.widthsweep.experiment import SweepSettings

    settings = SweepSettings()
    print(f"BLAS threads: {args.threads or 'numpy default'}; cpus: {os.cpu_count()}")
    print(f"settings key {settings.key()}: widths {settings.widths}, "
          f"{len(settings.log2_lrs)} learning rates, {settings.steps} steps")  # fmt: skip
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        result, wall, cpu = timed_run(settings, cache)
        print(f"cold:   {wall:6.2f} s wall, {cpu:6.2f} s CPU (goal: within 60 s on 2 cores)")
        for seconds, widths in PARTIALS:  # what the plot shows while the rest trains
            print(f"        curves drawn after {seconds:5.2f} s: the coordinate check and widths "
                  f"{', '.join(map(str, widths))}")  # fmt: skip
        cached, wall2, _ = timed_run(settings, cache)
        print(f"cached: {wall2 * 1000:6.1f} ms (from_cache={cached.from_cache})")
        ok &= cached.from_cache and wall < 60
        print(format_summary(result))
        for text, good in claims(result):
            print(f"  [{'ok' if good else 'FAIL'}] {text}")
            ok &= good
        for seed in args.seeds:
            other, wall, cpu = timed_run(replace(settings, seed=seed), cache, use_cache=False)
            sp = " ".join(f"{v:g}" for v in other.best_lrs("sp"))
            mup = " ".join(f"{v:g}" for v in other.best_lrs("mup"))
            failed = [text for text, good in claims(other) if not good]
            ok &= not failed
            print(f"seed {seed}: {wall:5.1f} s; best log2 lr SP [{sp}] μP [{mup}]; "
                  + ("all claims hold" if not failed else "FAILED: " + "; ".join(failed)))  # fmt: skip
            if not all(math.isfinite(v) for v in other.best_lrs("mup")):
                ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
