"""How long loading and validating the shipped content takes.

Prints figures; run with ``.venv/bin/python benchmarks/bench_content.py``.
The tutor loads the content at start-up, so loading should stay well under
100 ms. Three figures: ``load_content`` (parse with tomllib, check the schema,
placeholders and control characters), the same through the tutor's cache of
parsed files (``tutor.ui.contentcache``, warm: what a second start does), and
``engine.load`` as the tutor calls it (cache warm, then the handout's
parameterized parts rendered, with the variant engine's memory emptied before
each run as in a fresh process). ``hw3-tutor validate`` runs every question
test (in-process checker here, so the figure excludes the worker's start-up).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from tutor.content.loader import load_content
from tutor.paths import packaged_content_dir
from tutor.ui.contentcache import cached_toml_parser
from tutor.variants import derive, engine

RUNS = 30


def _median_ms(run) -> tuple[float, float]:
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    directory = packaged_content_dir()
    content = load_content(directory)
    with tempfile.TemporaryDirectory() as cache:
        parse = cached_toml_parser(Path(cache))
        load_content(directory, parse=parse)  # fills the cache

        def tutor_start() -> None:
            engine._cache.clear()  # as in a fresh process: nothing instantiated yet
            derive._computed.clear()
            engine.load(directory, parse=parse)

        figures = {
            "load_content (tomllib)": _median_ms(lambda: load_content(directory)),
            "load_content (parsed-file cache warm)": _median_ms(
                lambda: load_content(directory, parse=parse)
            ),
            "engine.load, the tutor's start (cache warm, handout rendered)": _median_ms(
                tutor_start
            ),
        }
    for what, (median, worst) in figures.items():
        print(f"{what}: median {median:.1f} ms, max {worst:.1f} ms")
    print(f"({len(content.problems)} problems, {len(content.boxes)} boxes, {RUNS} runs each)")
    from tutor.authoring.validate import validate_content
    from tutor.checking.judge import check

    t0 = time.perf_counter()
    check(next(iter(content.boxes.values())), "1")  # imports sympy
    warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = validate_content(engine.handout(content), check)
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
