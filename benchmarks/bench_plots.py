"""How long the plots take to build and draw, and the remat calculator at N = 10,000.

Run: .venv/bin/python benchmarks/bench_plots.py [--sweep]

Prints figures; asserts nothing. Goal: remat for N = 10,000 well under 100 ms.
``--sweep`` also times the width sweep's plots (a full run, up to about a minute,
unless its cache already holds the default settings).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.cli import remat as remat_cli  # noqa: E402
from tutor.homework import remat  # noqa: E402
from tutor.plots import registry as plots  # noqa: E402


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    """Median wall time in ms over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def bench_remat() -> None:
    n, k = 10_000, 100
    print(f"remat, N = {n:,}, K = {k} (median of 7 runs)")
    ms, sched = timed(lambda: remat.schedule(n, k), 7)
    print(f"  schedule()                     {ms:8.2f} ms   fwd = {sched.fwd:,}")
    ms, _ = timed(lambda: remat_cli.format_schedule(sched), 7)
    print(f"  format_schedule (summary)      {ms:8.2f} ms")
    ms, _ = timed(lambda: remat_cli.format_schedule(sched, full=True), 7)
    print(f"  format_schedule (--full)       {ms:8.2f} ms")
    ms, _ = timed(lambda: json.dumps(sched.to_json()), 7)
    print(f"  to_json + dumps                {ms:8.2f} ms")
    ms, _ = timed(lambda: remat.sweep_every(n), 7)
    print(f"  sweep_every (K = 1..N, 400 pts) {ms:7.2f} ms")
    for argv in (
        ["remat", "-n", str(n), "-k", str(k)],
        ["remat", "-n", str(n), "-k", str(k), "--json"],
    ):
        cmd = [sys.executable, "-m", "tutor", *argv]
        ms, _ = timed(
            lambda cmd=cmd: subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True), 3
        )
        print(f"  `hw3-tutor {' '.join(argv)}` end to end (with interpreter start) {ms:.0f} ms")


def bench_plots(include_sweep: bool) -> None:
    print("\nplots at default parameters: build (median of 3) and draw at 80×24 / 200×60")
    print(f"  {'plot':<16} {'build ms':>10} {'draw 80×24':>11} {'draw 200×60':>12}")
    for spec in plots.PLOTS:
        if spec.slow and not include_sweep:
            print(f"  {spec.name:<16} {'(skipped; --sweep times it)':>35}")
            continue
        reason = spec.unavailable_reason()
        if reason:
            print(f"  {spec.name:<16} unavailable: {reason}")
            continue
        params = spec.resolve()
        build_ms, data = timed(
            lambda spec=spec, params=params: spec.build(params), 1 if spec.slow else 3
        )
        small, _ = timed(lambda spec=spec, data=data: plots.draw_text(spec, data, 80, 24), 3)
        large, _ = timed(lambda spec=spec, data=data: plots.draw_text(spec, data, 200, 60), 3)
        print(f"  {spec.name:<16} {build_ms:10.1f} {small:11.1f} {large:12.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="also time the width-sweep plots")
    args = parser.parse_args()
    bench_remat()
    bench_plots(args.sweep)


if __name__ == "__main__":
    main()
