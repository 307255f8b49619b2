"""Per-answer check latency of ``hw3-tutor grade --batch`` against a naive baseline.

The answers are the plain-text question tests of the shipped content for the expression/order
boxes of problems 1 and 3 (what the baseline can parse at all: ASCII, no LaTeX, no backticks),
each with its expected verdict. The same comparison over all their question tests (unicode, LaTeX
and the words students add, which the baseline rejects at once) is printed after it.
The baseline is ``simplify(parse_expr(answer) - parse_expr(reference)) == 0`` (correct, else
incorrect; a parse failure counts as invalid). Accuracy: the share of answers whose verdict
(correct/partial/incorrect/invalid) matches the content's expectation.

    .venv/bin/python benchmarks/bench_grade.py [--repeat N]

Prints p50/p99 of the checker's own per-answer ``ms`` (warm: each answer is graded once before
timing) and of the baseline, and both accuracies. Then the checker alone on every question test
of every graded box (problem 4's expectations too), and on the unmatched wrong answers among
them (note ``incorrect``: the ones that get diagnostic feedback).
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


def plain(text: str) -> bool:
    """Plain text, as the baseline's parse_expr would get it: ASCII, no LaTeX, no backticks."""
    return text.isascii() and "\\" not in text and "`" not in text


def cases(plain_only: bool = True) -> list[tuple[str, str, str, str]]:
    from tutor.paths import packaged_content_dir
    from tutor.variants.engine import load as load_content  # the handout: variant 0

    content = load_content(packaged_content_dir())
    out = []
    for box_id, box in sorted(content.boxes.items()):
        if box.kind not in ("expression", "order") or box.functions:
            continue
        for t in box.tests:
            if t.input.strip() and (plain(t.input) or not plain_only):
                out.append((box_id, t.input, t.verdict, box.answer))
    return out


def all_cases() -> list[tuple[str, str, str, str]]:
    """Every question test of every non-choice box, with its expected note ('' if none)."""
    from tutor.paths import packaged_content_dir
    from tutor.variants.engine import load as load_content  # the handout: variant 0

    content = load_content(packaged_content_dir())
    return [
        (box_id, t.input, t.verdict, t.note or "")
        for box_id, box in sorted(content.boxes.items())
        if box.kind != "choice"
        for t in box.tests
        if t.input.strip()
    ]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


def run_checker(
    items: list[tuple[str, str, str, str]], repeat: int, quiet: bool = False
) -> tuple[list[float], float]:
    lines = [json.dumps({"id": i, "box": b, "answer": a}) for i, (b, a, _, _) in enumerate(items)]
    text = "\n".join(lines * (repeat + 1)) + "\n"  # the first copy warms the caches
    p = subprocess.run(
        [sys.executable, "-m", "tutor", "grade", "--batch", "-"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    warm = rows[len(items) :]
    ms = [r["ms"] for r in warm]
    right = sum(
        1
        for r, (_, _, want, _) in zip(rows[: len(items)], items, strict=True)
        if r.get("verdict") == want
    )
    cold = [r["ms"] for r in rows[: len(items)]]
    if quiet:
        return ms, cold, right / len(items)
    print(
        f"checker first pass (includes preparing each box once): p50 {pct(cold, 0.5):.2f} ms   p99 {pct(cold, 0.99):.2f} ms"
    )
    return ms, cold, right / len(items)


def run_baseline(items: list[tuple[str, str, str, str]]) -> tuple[list[float], float]:
    import sympy as sp
    from sympy.parsing.sympy_parser import (
        implicit_multiplication_application,
        parse_expr,
        standard_transformations,
    )

    tr = standard_transformations + (implicit_multiplication_application,)
    ms, right = [], 0
    for _, answer, want, ref in items:
        t0 = time.perf_counter()
        try:
            same = (
                sp.simplify(
                    parse_expr(answer, transformations=tr) - parse_expr(ref, transformations=tr)
                )
                == 0
            )
            got = "correct" if same else "incorrect"
        except Exception:  # noqa: BLE001 - the baseline fails in every way sympy can
            got = "invalid"
        ms.append((time.perf_counter() - t0) * 1000)
        right += got == want
    return ms, right / len(items)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--repeat", type=whole_number(1, 1000), default=3, help="timed passes over the answers"
    )
    args = ap.parse_args()
    items = cases()
    ms, _, acc = run_checker(items, args.repeat)
    bms, bacc = run_baseline(items)
    print(f"answers: {len(items)} (plain-text question tests of the expression/order boxes)")
    print(
        f"checker  (grade --batch, warm): p50 {pct(ms, 0.5):7.2f} ms   p99 {pct(ms, 0.99):7.2f} ms   accuracy {acc:.1%}"
    )
    print(
        f"baseline (simplify(parse_expr)): p50 {pct(bms, 0.5):7.2f} ms   p99 {pct(bms, 0.99):7.2f} ms   accuracy {bacc:.1%}"
    )
    print(f"median speed-up: {statistics.median(bms) / max(statistics.median(ms), 1e-9):.1f}x")
    every_expr = cases(plain_only=False)
    ms, _, acc = run_checker(every_expr, args.repeat, quiet=True)
    bms, bacc = run_baseline(every_expr)
    print(
        f"all {len(every_expr)} of their question tests: checker p50 {pct(ms, 0.5):.2f} ms "
        f"(accuracy {acc:.1%}), baseline p50 {pct(bms, 0.5):.2f} ms (accuracy {bacc:.1%}), "
        f"speed-up {statistics.median(bms) / max(statistics.median(ms), 1e-9):.1f}x"
    )
    every = all_cases()
    ms, cold, acc = run_checker(every, args.repeat, quiet=True)
    print(f"checker, all {len(every)} question tests of every kind (accuracy {acc:.1%}):")
    print(f"  warm:       p50 {pct(ms, 0.5):7.2f} ms   p99 {pct(ms, 0.99):7.2f} ms")
    print(f"  first pass: p50 {pct(cold, 0.5):7.2f} ms   p99 {pct(cold, 0.99):7.2f} ms")
    wrong = [c for c in every if c[3] == "incorrect"]
    ms, cold, _ = run_checker(wrong, args.repeat, quiet=True)
    print(f"checker, {len(wrong)} unmatched wrong answers (the diagnosed ones):")
    print(f"  warm:       p50 {pct(ms, 0.5):7.2f} ms   p99 {pct(ms, 0.99):7.2f} ms")
    print(
        f"  first pass: p50 {pct(cold, 0.5):7.2f} ms   p99 {pct(cold, 0.99):7.2f} ms (box prep included)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
