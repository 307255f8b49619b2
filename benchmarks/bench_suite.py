"""How long does the whole test suite take, as CI runs it (``pytest -n 2``)?

Runs the suite ``--runs`` times in fresh processes and prints, for each run and as medians: the
wall time (process start to exit, which pytest's own "in N s" leaves out), the CPU time of
pytest and the processes it waited for (the tutors the tmux tests start are not among them),
and the machine's load before the run. Goal: under 60 s wall on 2 cores.

    .venv/bin/python benchmarks/bench_suite.py [--runs N] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.cli.options import whole_number  # noqa: E402

GOAL = 60.0


def one_run(workers: int) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", str(workers), "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.strip().splitlines()
    summary = lines[-1] if lines else "(no output)"
    if done.returncode != 0:
        summary = f"FAILED ({done.returncode}): {summary}"
    return wall, cpu, re.sub(r"=+", "", summary).strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=whole_number(1, 100), default=3)
    parser.add_argument("--workers", type=whole_number(1, 256), default=2)
    args = parser.parse_args()
    walls, cpus = [], []
    for i in range(args.runs):
        load = os.getloadavg()[0]
        wall, cpu, summary = one_run(args.workers)
        walls.append(wall)
        cpus.append(cpu)
        print(
            f"run {i + 1}: {wall:5.1f} s wall, {cpu:5.1f} s CPU, load {load:.1f} before: {summary}"
        )
    wall = statistics.median(walls)
    verdict = "met" if wall < GOAL else "not met"
    print(
        f"median of {args.runs}: {wall:.1f} s wall ({min(walls):.1f}-{max(walls):.1f}), "
        f"{statistics.median(cpus):.1f} s CPU, with -n {args.workers} on {os.cpu_count()} cores; "
        f"goal under {GOAL:.0f} s: {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
