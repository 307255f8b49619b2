"""Check latency of proof and derivation boxes, and the proof distance on large graphs.

    .venv/bin/python benchmarks/bench_reasoning.py [--repeat N]

1. Every question test of the shipped proof and derivation boxes through
   ``hw3-tutor grade --batch`` (the worker with its one-second budget): p50/p99 of the checker's
   own ``ms``, first pass (box preparation included) and warm, and the share of tests whose
   verdict and note come out as written.
2. The edit distance to the nearest topological order (``tutor.checking.proof.distance``) on
   graphs of 10 to 40 blocks answered in random orders: the exact polynomial computation
   (Dilworth via bipartite matching), timed, next to how many topological orders a brute-force
   search would have to try.
"""

from __future__ import annotations

import argparse
import json
import math
import random
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


def reasoning_cases() -> list[tuple[str, str, str, str, str]]:
    from tutor.paths import packaged_content_dir
    from tutor.variants.engine import load  # the handout's variant: its tests filled in

    content = load(packaged_content_dir())
    return [
        (box.kind, box_id, t.input, t.verdict, t.note or "")
        for box_id, box in sorted(content.boxes.items())
        if box.kind in ("proof", "derivation")
        for t in box.tests
    ]


def grade(items, repeat: int) -> tuple[list[dict], list[dict]]:
    lines = [
        json.dumps({"id": i, "box": b, "answer": a}) for i, (_, b, a, _, _) in enumerate(items)
    ]
    p = subprocess.run(
        [sys.executable, "-m", "tutor", "grade", "--batch", "-"],
        input="\n".join(lines * (repeat + 1)) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    return rows[: len(items)], rows[len(items) :]


def topological_orders(n: int, depends: dict[str, tuple[str, ...]]) -> float:
    """How many topological orders the graph has (counted by dynamic programming over
    subsets for small n; estimated as n!/2^edges beyond that)."""
    if n > 18:
        edges = sum(len(v) for v in depends.values())
        return math.factorial(n) / 2 ** min(edges, 60)
    keys = list(depends)
    index = {k: i for i, k in enumerate(keys)}
    need = [sum(1 << index[d] for d in depends[k]) for k in keys]
    ways = [0] * (1 << n)
    ways[0] = 1
    for mask in range(1 << n):
        if ways[mask]:
            for i in range(n):
                if not mask >> i & 1 and need[i] & mask == need[i]:
                    ways[mask | 1 << i] += ways[mask]
    return float(ways[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=whole_number(1, 1000), default=3)
    args = ap.parse_args()
    items = reasoning_cases()
    cold, warm = grade(items, args.repeat)
    for kind in ("proof", "derivation"):
        idx = [i for i, it in enumerate(items) if it[0] == kind]
        c = [cold[i]["ms"] for i in idx]
        w = [r["ms"] for j, r in enumerate(warm) if j % len(items) in idx]
        ok = sum(
            1
            for i in idx
            if cold[i]["verdict"] == items[i][3]
            and (not items[i][4] or cold[i]["note"] == items[i][4])
        )
        print(
            f"{kind:<10} {len(idx):3} tests  first pass p50 {pct(c, 0.5):7.2f} ms  p99 {pct(c, 0.99):7.2f} ms"
            f"   warm p50 {pct(w, 0.5):7.2f} ms  p99 {pct(w, 0.99):7.2f} ms   as written {ok}/{len(idx)}"
        )

    from tutor.checking.proof.distance import distance
    from tutor.checking.proof.graph import graph
    from tutor.content.model import BoxSpec, ProofBlock

    rng = random.Random(1)
    for n in (10, 20, 30, 40):
        keys = [f"k{i}" for i in range(n)]
        depends = {
            k: tuple(rng.sample(keys[:i], min(i, rng.randint(0, 2)))) for i, k in enumerate(keys)
        }
        box = BoxSpec(
            id=f"9z.p{n}",
            kind="proof",
            prompt="p",
            answer=" ".join(keys),
            blocks=tuple(ProofBlock(k, k, d) for k, d in depends.items()),
        )
        g = graph(box)
        orders = [rng.sample(keys, n) for _ in range(200)]
        t0 = time.perf_counter()
        edits = [distance(o, g).edits for o in orders]
        ms = (time.perf_counter() - t0) * 1000 / len(orders)
        print(
            f"proof of {n:2} blocks: exact distance in {ms:6.3f} ms per answer "
            f"(mean {sum(edits) / len(edits):.1f} edits); brute force would try "
            f"~{topological_orders(n, depends):.2e} topological orders"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
