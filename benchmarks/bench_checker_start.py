"""How long until a checker process can judge: the first, a second one, and a replacement.

The tutor runs two checker processes (answers and previews), and replaces one that was killed
because an answer ran out of time. Each is forked from a fork server that has imported sympy
and the checker once (``tutor.checking.worker.checker_context``), or, with ``--spawn``, started
as a new interpreter that imports them itself (how it was before; Windows still does).

Prints, over ``--repeat`` fresh runs (each in its own interpreter, so the fork server is new):
the first checker's warm-up (fork server included), a second checker's, and the restart an
answer pays after a timed-out one (``CheckWorker.restart_ms``); medians and worst.

    .venv/bin/python benchmarks/bench_checker_start.py [--repeat N] [--spawn]
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

from tutor.cli.options import whole_number  # noqa: E402


def one_run(spawn: bool) -> dict[str, float]:
    """Run in a fresh interpreter: the three times in ms."""
    import multiprocessing

    from tutor.checking import worker as worker_module
    from tutor.checking.worker import CheckWorker
    from tutor.paths import packaged_content_dir
    from tutor.variants import engine

    if spawn:
        worker_module.checker_context = lambda: multiprocessing.get_context("spawn")
    box = engine.load(packaged_content_dir()).boxes["5a.fwd"]
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    first = CheckWorker()
    first.warm_up()
    out["first"] = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    second = CheckWorker()
    second.warm_up()
    out["second"] = (time.perf_counter() - t0) * 1000
    timed_out = CheckWorker(timeout=0.001)  # every answer runs out of time: killed
    timed_out.warm_up()
    timed_out.check(box, "20")
    timed_out.timeout = 10.0
    verdict = timed_out.check(box, "20")
    assert verdict.verdict == "correct", verdict
    out["restart"] = timed_out.restart_ms
    for w in (first, second, timed_out):
        w.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=whole_number(1, 1000), default=5)
    parser.add_argument("--spawn", action="store_true", help="spawn each process (as before)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.spawn)))
        return
    runs = []
    for _ in range(args.repeat):
        cmd = [sys.executable, __file__, "--child"] + (["--spawn"] if args.spawn else [])
        done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    how = "spawned" if args.spawn else "forked from the fork server"
    print(f"checker processes {how}, {args.repeat} fresh runs (ms):")
    for key, label in (
        ("first", "first checker ready"),
        ("second", "second checker ready"),
        ("restart", "replacement after a timeout"),
    ):
        values = [r[key] for r in runs]
        print(f"  {label:30s} median {statistics.median(values):7.1f}   worst {max(values):7.1f}")


if __name__ == "__main__":
    main()
