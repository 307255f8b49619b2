"""How fast is ``hw3-tutor review --json`` over a class?

Builds a synthetic class in a temporary directory: 1,000 sessions of 200
events each (250 students in per-student subdirectories, 4 sessions each),
written line by line in the session-log format (``encode_event``, the writer's
own encoder, without the per-event fsync that makes real logging durable), then
times ``review --json`` over the directory. Goal: within 3 s.

    .venv/bin/python benchmarks/bench_review.py [--sessions N] [--events M] [--repeat R]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.cli.options import whole_number  # noqa: E402
from tutor.sessions.log import encode_event  # noqa: E402

BOXES = [f"{p}.{name}" for p in ("1a", "1b", "2a", "3b", "4a", "4c", "5a", "5b") for name in "xyz"]
NOTES = [
    ("correct", "correct"),
    ("incorrect", "incorrect"),
    ("incorrect", "mistake:sp-scaling"),
    ("incorrect", "mistake:only-input-stored"),
    ("partial", "order:partial"),
    ("partial", "decimal"),
    ("invalid", "invalid:syntax"),
]
WRONG = ["d^2", "1/d", "sqrt(d)", "45", "n^2 / 2", "2*n", "log(d)", "0"]


def build_class(root: Path, sessions: int, events: int, seed: int = 182) -> None:
    rng = random.Random(seed)
    base = datetime(2025, 2, 1, tzinfo=timezone.utc)
    students = max(1, sessions // 4)
    for k in range(sessions):
        student = root / f"student{k % students:04d}"
        student.mkdir(exist_ok=True)
        start = base + timedelta(hours=k)
        name = start.strftime("%Y%m%dT%H%M%S") + f".000Z-{k:08x}.jsonl"
        elapsed = 0.0
        lines = []
        part = "1a"
        for seq in range(1, events + 1):
            elapsed += rng.expovariate(1 / 20.0) if rng.random() > 0.02 else 1200.0
            stamp = (start + timedelta(seconds=elapsed)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            if seq == 1:
                kind, fields = (
                    "session_start",
                    {"version": "0.1.0", "content_hash": "abc", "schema": 1, "fresh": False},
                )
            elif seq == events:
                kind, fields = "session_end", {}
            else:
                roll = rng.random()
                box = rng.choice(BOXES)
                if roll < 0.1:
                    part = box.split(".")[0]
                    kind, fields = "part_opened", {"part": part}
                elif roll < 0.8:
                    verdict, note = rng.choice(NOTES)
                    raw = "d" if verdict == "correct" else rng.choice(WRONG)
                    kind, fields = (
                        "attempt",
                        {
                            "box": box,
                            "raw": raw,
                            "verdict": verdict,
                            "note": note,
                            "ms": round(rng.uniform(1, 40), 3),
                            "feedback": "Some feedback text for the student.",
                            "interpreted": raw,
                        },
                    )
                elif roll < 0.9:
                    kind, fields = "hint", {"box": box, "index": rng.randint(1, 3)}
                elif roll < 0.95:
                    kind, fields = "solution", {"part": part}
                else:
                    kind, fields = "plot_viewed", {"plot": "width-sweep"}
            lines.append(encode_event(seq, stamp, round(elapsed, 3), kind, fields))
        (student / name).write_bytes(b"".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=whole_number(1, 1_000_000), default=1000)
    parser.add_argument("--events", type=whole_number(2, 1_000_000), default=200)
    parser.add_argument("--repeat", type=whole_number(1, 1000), default=3)
    opts = parser.parse_args()

    from tutor.cli import review

    with tempfile.TemporaryDirectory(prefix="hw3-bench-review-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        build_class(root, opts.sessions, opts.events)
        built = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in root.rglob("*.jsonl"))
        print(
            f"built {opts.sessions} sessions x {opts.events} events "
            f"({size / 1e6:.1f} MB) in {built:.2f} s"
        )

        times = []
        out = ""
        for _ in range(opts.repeat):
            parser_r = argparse.ArgumentParser()
            review.add_arguments(parser_r)
            args = parser_r.parse_args([str(root), "--json"])
            buf = io.StringIO()
            t0 = time.perf_counter()
            with contextlib.redirect_stdout(buf):
                review.main(args)
            times.append(time.perf_counter() - t0)
            out = buf.getvalue()
        summary = json.loads(out)
        events = opts.sessions * opts.events
        best = min(times)
        print(
            f"review --json in-process: best {best:.2f} s, "
            f"runs {', '.join(f'{t:.2f}' for t in times)} s "
            f"({events / best / 1e3:.0f}k events/s)"
        )
        print(
            f"  -> sessions={summary['sessions']} students={summary['students']} "
            f"boxes={len(summary['boxes'])}"
        )

        # The whole command as a user runs it: a fresh interpreter, imports included.
        code = (
            "import sys, argparse; from tutor.cli import review; p = argparse.ArgumentParser(); "
            "review.add_arguments(p); sys.exit(review.main(p.parse_args(sys.argv[1:])))"
        )
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", code, str(root), "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        cold = time.perf_counter() - t0
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}: {proc.stderr[-300:]}"
        print(f"review --json in a fresh process: {cold:.2f} s ({status})")
        # What durability costs the tutor: one logged event (write + fsync).
        from tutor.sessions.log import SessionLog

        log = SessionLog.start(root / "write-cost", "bench")
        t0 = time.perf_counter()
        for i in range(200):
            log.attempt("5a.fwd", f"{i} fwd ops", "incorrect", "incorrect", 1.0, "feedback", "")
        per_event = (time.perf_counter() - t0) / 200
        log.end()
        print(f"logging one event (write + fsync): {per_event * 1e3:.2f} ms")
        goal = 3.0
        verdict = "within" if max(best, cold) <= goal else "OVER"
        print(f"goal {goal:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
