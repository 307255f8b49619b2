"""How long loading and validating the shipped content takes.

Prints figures; run with ``.venv/bin/python benchmarks/bench_content.py``.
The tutor loads the content at start-up, so loading should stay well under
100 ms; ``hw3-tutor validate`` runs every question test (in-process checker
here, so the figure excludes the worker's start-up).
"""

from __future__ import annotations

import statistics
import time

from tutor.content.loader import load_content
from tutor.paths import packaged_content_dir


def main() -> None:
    directory = packaged_content_dir()
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        content = load_content(directory)
        times.append((time.perf_counter() - t0) * 1000)
    print(
        f"load_content: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
        f"({len(content.problems)} problems, {len(content.boxes)} boxes)"
    )
    from tutor.authoring.validate import validate_content
    from tutor.checking.judge import check

    t0 = time.perf_counter()
    check(next(iter(content.boxes.values())), "1")  # imports sympy
    warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = validate_content(content, check)
    total = time.perf_counter() - t0
    n = report.tests_passed + report.tests_failed
    print(f"checker warm-up (sympy import): {warm:.2f} s")
    print(
        f"validate: {total:.2f} s for {n} question tests and "
        f"{report.checks_passed + report.checks_failed} other checks "
        f"({1000 * total / max(1, n + report.checks_passed + report.checks_failed):.1f} ms each)"
    )


if __name__ == "__main__":
    main()
