"""Practice variants: how long a variant takes to make, to check, and to validate.

    .venv/bin/python benchmarks/bench_variants.py [--seeds 20] [--validate 50]

1. ``instantiate``: a part's variant from a seed (sampling, derived values, every text filled),
   cold (first time) and cached; and the handout of the whole content.
2. ``grade --batch`` with a ``"seed"`` on every line: every question test of seeds 1..S of every
   parameterized part. Prints the checker's own per-answer ``ms`` (the same figure as
   bench_grade.py: warm = each answer graded once before timing; first pass = each variant's box
   prepared once), against the goals p50 <= 5 ms, p99 <= 50 ms.
3. ``grade BOX ANSWER --seed S`` as a whole process, against the same without a seed.
4. ``validate --variants N`` (default 50): its wall time.
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


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def bench_instantiate(seeds: int) -> None:
    from tutor.content.loader import load_content
    from tutor.paths import packaged_content_dir
    from tutor.variants import engine
    from tutor.variants.scopes import parameterized_parts

    raw = load_content(packaged_content_dir())
    t0 = time.perf_counter()
    engine.handout(raw)
    handout_ms = (time.perf_counter() - t0) * 1000
    cold, warm = [], []
    for part in parameterized_parts(raw):
        for seed in range(1, seeds + 1):
            t0 = time.perf_counter()
            engine.instantiate(raw, part, seed=seed)
            cold.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            engine.instantiate(raw, part, seed=seed)
            warm.append((time.perf_counter() - t0) * 1000)
    print(f"handout of the whole content: {handout_ms:.1f} ms")
    print(
        f"instantiate, {len(cold)} variants: first time p50 {pct(cold, 0.5):.2f} ms "
        f"p99 {pct(cold, 0.99):.2f} ms; cached p50 {pct(warm, 0.5):.3f} ms"
    )


def bench_grade_seed(seeds: int) -> None:
    from tutor.content.loader import load_content
    from tutor.paths import packaged_content_dir
    from tutor.variants import engine
    from tutor.variants.scopes import parameterized_parts

    raw = load_content(packaged_content_dir())
    lines = []
    for part in parameterized_parts(raw):
        for seed in range(1, seeds + 1):
            v = engine.instantiate(raw, part, seed=seed)
            for box_id, box in v.boxes.items():
                for t in box.tests:
                    if t.input.strip():
                        lines.append(
                            {"box": box_id, "answer": t.input, "seed": seed, "want": t.verdict}
                        )
    # each variant's answers twice in a row: the first pass prepares its boxes, the second is warm
    text = "".join(
        json.dumps({"id": i, **{k: v for k, v in x.items() if k != "want"}}) + "\n"
        for i, x in enumerate(lines)
    )
    p = subprocess.run(
        [sys.executable, "-m", "tutor", "grade", "--batch", "-"],
        input=text + text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    first, second = rows[: len(lines)], rows[len(lines) :]
    right = sum(r.get("verdict") == x["want"] for r, x in zip(first, lines, strict=True))
    cold = [r["ms"] for r in first]
    warm = [r["ms"] for r in second]
    print(
        f"grade --batch with seeds, {len(lines)} question tests of {seeds} variants of each "
        f"parameterized part ({right / len(lines):.1%} as expected):"
    )
    print(
        f"  warm:       p50 {pct(warm, 0.5):7.2f} ms   p99 {pct(warm, 0.99):7.2f} ms   (goal 5 / 50)"
    )
    print(f"  first pass: p50 {pct(cold, 0.5):7.2f} ms   p99 {pct(cold, 0.99):7.2f} ms")


def bench_process(runs: int = 5) -> None:
    def wall(*args: str) -> float:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "tutor", "grade", *args],
                capture_output=True,
                check=True,
                cwd=ROOT,
            )
            times.append(time.perf_counter() - t0)
        return statistics.median(times) * 1000

    plain = wall("5a.fwd", "20")
    seeded = wall("5a.fwd", "20", "--seed", "7")
    print(
        f"hw3-tutor grade as a process (median of {runs}): {plain:.0f} ms; with --seed 7: {seeded:.0f} ms"
    )


def bench_validate(n: int) -> None:
    t0 = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-m", "tutor", "validate", "--variants", str(n), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - t0
    data = json.loads(p.stdout)
    v = data["variants"]
    print(
        f"validate --variants {n}: {seconds:.1f} s in all, {v['seconds']:.1f} s for the variants "
        f"({v['checks_passed'] + v['tests_passed']} checks, {len(v['failures'])} failures, "
        f"parts {', '.join(v['parts'])})"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--seeds", type=whole_number(1, 100_000), default=20, help="variants per part to grade"
    )
    ap.add_argument(
        "--validate", type=whole_number(1, 10_000), default=50, help="N for validate --variants N"
    )
    args = ap.parse_args()
    bench_instantiate(args.seeds)
    bench_grade_seed(args.seeds)
    bench_process()
    bench_validate(args.validate)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
