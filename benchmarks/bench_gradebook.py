"""How fast are ``hw3-tutor gradebook`` and ``review`` over a class, every answer judged again?

Builds a class in a temporary directory: 1,000 students with 200 events each (two sessions of
100), every session's header carrying the student's id, answers typed into the real answer
boxes of the packaged content (one attempt in ten at a parameterized part in a practice
variant, seeds 1 to 20, judged by that variant's box): the reference and its other correct
forms, known mistakes, unmatched wrong answers and unreadable input (the content's own question
tests), a share of them respelled (spaces moved, as students type), with hints, solutions, self-assessments and
reflections. The logged verdicts are the checker's. Written line by line with the session-log
encoder (``encode_event``), per-student folders or one hand-in (zip) per student.

Then times each command in a fresh interpreter (imports included), and in-process:
``gradebook`` and ``review --json`` with nothing cached (every distinct answer judged) in one
process, both with nothing cached in two processes (``--jobs 2``, the default: a helper claims
sessions ahead of the main process, reads and judges them and hands them over read), then both with
the judgments the run before cached, and ``gradebook`` once more after the content was edited (a
hint reworded, one box's key respelled: only that box's answers are judged again); with each command's CPU time and peak memory (ru_maxrss).
Each fresh-interpreter figure is the median of ``--runs`` runs (interleaved: others' work on a
shared machine slows them unevenly). Goal: each within 3 s on 2 cores.

    .venv/bin/python benchmarks/bench_gradebook.py [--students N] [--layout folders|handins]
        [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.checking.judge import check  # noqa: E402
from tutor.cli.options import whole_number  # noqa: E402
from tutor.paths import packaged_content_dir  # noqa: E402
from tutor.sessions.fingerprint import checker_id  # noqa: E402
from tutor.sessions.log import encode_event  # noqa: E402
from tutor.variants.engine import instantiate  # noqa: E402
from tutor.variants.engine import load as load_content  # noqa: E402  (the handout variant)
from tutor.variants.scopes import is_parameterized  # noqa: E402

GOAL = 3.0


def respell(raw: str, rng: random.Random) -> str:
    """The same answer typed with spaces moved (a different string, usually the same meaning)."""
    out = []
    for ch in raw:
        if ch == " " and rng.random() < 0.5:
            continue
        out.append(ch)
        if ch in "+-*/=,(" and rng.random() < 0.5:
            out.append(" ")
    return ("" if rng.random() < 0.7 else " ") + "".join(out)


def build_class(root: Path, students: int, events: int, layout: str, seed: int = 182) -> dict:
    rng = random.Random(seed)
    content = load_content(packaged_content_dir())
    boxes = list(content.boxes.values())

    def pool(box):
        right = [box.answer] + [t.input for t in box.tests if t.verdict == "correct"]
        wrong = [r.answer for r in box.mistakes] + [
            t.input for t in box.tests if t.verdict in ("incorrect", "partial")
        ]
        bad = [t.input for t in box.tests if t.verdict == "invalid" and t.input.strip()]
        return (right, wrong or right, bad or ["(("])

    pools = {box.id: pool(box) for box in boxes}
    parts = {p.id: p for p in content.parts()}
    practised = {p for p in parts if is_parameterized(content.templates, p)}
    variants: dict[tuple[str, int], tuple[object, dict, dict]] = {}

    def variant(part_id: str, seed: int):
        """A practice variant of a part: its boxes, their answer pools, its logged fields."""
        if (part_id, seed) not in variants:
            v = instantiate(content, part_id, seed=seed)
            fields = {"seed": seed, "params": v.params_json()}
            variants[part_id, seed] = (v, {b: pool(x) for b, x in v.boxes.items()}, fields)
        return variants[part_id, seed]

    judged: dict[tuple[str, str, int], object] = {}

    def judge(box, raw, seed=0):
        key = (box.id, raw, seed)
        if key not in judged:
            judged[key] = check(box, raw)
        return judged[key]

    base = datetime(2025, 2, 1, tzinfo=timezone.utc)
    per_session = events // 2
    for k in range(students):
        student = f"s{k:04d}"
        files: list[tuple[str, bytes]] = []
        start = base + timedelta(minutes=37 * k)
        solved: set[str] = set()  # the student's boxes with a correct logged verdict so far
        for s in range(2):
            name = start.strftime("%Y%m%dT%H%M%S") + f".000Z-{k:04x}{s:04x}.jsonl"
            elapsed = 0.0
            lines = []
            hints: dict[str, int] = {}
            for seq in range(1, per_session + 1):
                elapsed += rng.expovariate(1 / 25.0) if rng.random() > 0.02 else 1500.0
                stamp = (start + timedelta(seconds=elapsed)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                box = rng.choice(boxes)
                if seq == 1:
                    kind, fields = (
                        "session_start",
                        {
                            "version": "0.1.0",
                            "content_hash": content.content_hash,
                            "checker": checker_id(),
                            "schema": 1,
                            "fresh": False,
                            "pid": 1,
                            "student": student,
                        },
                    )
                elif seq == per_session:
                    kind, fields = "session_end", {}
                else:
                    roll = rng.random()
                    if roll < 0.08:
                        kind, fields = "part_opened", {"part": box.part_id}
                    elif roll < 0.78:
                        # one attempt in ten at a parameterized part is in a practice variant
                        seed = 0
                        answered, pool_of, tag = box, pools[box.id], {}
                        if box.part_id in practised and rng.random() < 0.1:
                            seed = rng.randint(1, 20)
                            var, var_pools, tag = variant(box.part_id, seed)
                            answered, pool_of = var.boxes[box.id], var_pools[box.id]
                        right, wrong, bad = pool_of
                        pick = rng.random()
                        raw = rng.choice(right if pick < 0.45 else wrong if pick < 0.93 else bad)
                        if rng.random() < 0.15:
                            raw = respell(raw, rng)
                        v = judge(answered, raw, seed)
                        if v.verdict == "correct":
                            solved.add(box.id)
                        kind, fields = (
                            "attempt",
                            {
                                "box": box.id,
                                "raw": raw,
                                "verdict": v.verdict,
                                "note": v.note,
                                "ms": v.ms,
                                "feedback": v.feedback,
                                "interpreted": v.interpreted,
                                **tag,
                            },
                        )
                    elif roll < 0.9:
                        index = min(hints.get(box.id, 0) + 1, max(1, len(box.hints)))
                        hints[box.id] = index
                        kind, fields = "hint", {"box": box.id, "index": index}
                    elif roll < 0.94:
                        # as the tutor logs it: shown by itself (asked false) only once every
                        # box of the part is solved; asked for, before (and at times after)
                        asked = rng.random() < 0.5
                        done = all(b in solved for b in parts[box.part_id].boxes)
                        kind, fields = (
                            "solution",
                            {"part": box.part_id, "asked": asked or not done},
                        )
                    elif roll < 0.97 and parts[box.part_id].explain is not None:
                        n = len(parts[box.part_id].explain.points)
                        kind, fields = (
                            "self_assessment",
                            {
                                "part": box.part_id,
                                "points": [rng.random() < 0.6 for _ in range(n)],
                                "text": "My explanation in a few words.",
                            },
                        )
                    elif roll < 0.98:
                        kind, fields = (
                            "reflection",
                            {"prompt": "6c.hours", "text": str(rng.randint(3, 15))},
                        )
                    else:
                        kind, fields = "plot_viewed", {"plot": "remat-schedule"}
                lines.append(encode_event(seq, stamp, round(elapsed, 3), kind, fields))
            files.append((name, b"".join(lines)))
            start += timedelta(hours=20)
        if layout == "handins":
            manifest = {
                "format": "hw3-tutor-handin",
                "format_version": 1,
                "student": student,
                "content_hash": content.content_hash,
                "sessions": [{"file": f"sessions/{n}"} for n, _ in files],
            }
            with zipfile.ZipFile(
                root / f"hw3-handin-{student}.zip", "w", zipfile.ZIP_DEFLATED
            ) as z:
                z.writestr("manifest.json", json.dumps(manifest))
                for n, data in files:
                    z.writestr(f"sessions/{n}", data)
        else:
            folder = root / student
            folder.mkdir()
            for n, data in files:
                (folder / n).write_bytes(data)
    attempts = len(judged)
    return {"distinct_answers": attempts}


# the edits an instructor makes between two gradebooks: a hint reworded (no answer judged again)
# and a key written another way (that box's answers judged again), as (file, old text, new text)
EDITS = (
    ("p5.toml", 'hints = [\n    "', 'hints = [\n    "Reworded: '),
    ("p1.toml", 'answer = "1/sqrt(', 'answer = "(1)/sqrt('),
)


def edited_content(where: Path) -> Path:
    """A copy of the packaged content with ``EDITS`` made (the first occurrence of each)."""
    shutil.copytree(packaged_content_dir(), where)
    for name, old, new in EDITS:
        text = (where / name).read_text(encoding="utf-8")
        if old not in text:
            raise SystemExit(f"the benchmark's edit of {name} no longer applies: {old!r}")
        (where / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return where


def in_process(argv: list[str]) -> tuple[float, str]:
    from tutor.cli.entry import main

    out = io.StringIO()
    err = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    elapsed = time.perf_counter() - t0
    if code != 0:
        raise SystemExit(f"hw3-tutor {' '.join(argv[:1])} failed ({code}): {err.getvalue()[-500:]}")
    return elapsed, out.getvalue()


CHILD = (
    "import resource, sys, time\n"
    "t0 = time.perf_counter()\n"
    "from tutor.cli.entry import main\n"
    "rc = main(sys.argv[1:])\n"
    "me = resource.getrusage(resource.RUSAGE_SELF)\n"
    "helper = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(f'BENCH {time.perf_counter() - t0:.3f} {me.ru_maxrss} '\n"
    "      f'{me.ru_utime + me.ru_stime:.3f} {helper.ru_utime + helper.ru_stime:.3f}',\n"
    "      file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


def as_command(argv: list[str], env: dict) -> tuple[float, str, int]:
    """(wall seconds including the interpreter's start, CPU seconds, peak RSS in MB)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - t0
    line = next((ln for ln in proc.stderr.splitlines() if ln.startswith("BENCH ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"command failed ({proc.returncode}): {proc.stderr[-500:]}")
    _, _inside, rss_kb, cpu, helper = line.split()
    cpu_text = f"CPU {float(cpu):.2f} s" + (
        f" + {float(helper):.2f} s in the helper" if float(helper) > 0.05 else ""
    )
    return wall, cpu_text, int(rss_kb) // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=whole_number(1, 100_000), default=1000)
    parser.add_argument("--events", type=whole_number(4, 100_000), default=200)
    parser.add_argument("--layout", choices=("folders", "handins"), default="folders")
    parser.add_argument(
        "--runs",
        type=whole_number(1, 100),
        default=3,
        help="fresh-interpreter runs per figure (the median)",
    )
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hw3-bench-gradebook-") as tmp:
        root = Path(tmp) / "class"
        root.mkdir()
        cache = Path(tmp) / "cache"
        os.environ["HW3_TUTOR_CACHE_DIR"] = str(cache)
        env = {**os.environ, "HW3_TUTOR_CACHE_DIR": str(cache)}
        t0 = time.perf_counter()
        info = build_class(root, opts.students, opts.events, opts.layout)
        files = [p for p in root.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        print(
            f"built {opts.students:,} students x {opts.events} events ({opts.layout}: "
            f"{len(files):,} files, {size / 1e6:.1f} MB; {info['distinct_answers']:,} distinct "
            f"answers) in {time.perf_counter() - t0:.1f} s"
        )
        load = os.getloadavg()[0]
        grade = ["gradebook", str(root), "--format", "json"]
        review = ["review", str(root), "--json"]
        results = []

        edited = edited_content(Path(tmp) / "edited")
        runs = [  # (what, argv, with the judgments of the run before cached)
            ("gradebook, nothing cached, one process", [*grade, "--jobs", "1", "--no-cache"], 0),
            ("review --json, nothing cached, one process", [*review, "--jobs", "1"], 0),
            ("gradebook, nothing cached, two processes", grade, 0),
            ("review --json, nothing cached, two processes", review, 0),
            ("gradebook, judgments cached by the run before", grade, 1),
            ("review --json, judgments cached", review, 1),
            (
                "gradebook after a hint and one box's key were edited (the rest cached)",
                [*grade, "--content", str(edited)],
                1,
            ),
        ]
        timed: dict[str, list[tuple[float, str, int]]] = {what: [] for what, _, _ in runs}
        for _ in range(max(1, opts.runs)):
            for what, argv, cached in runs:
                if not cached:
                    shutil.rmtree(cache, ignore_errors=True)
                elif not cache.exists():
                    as_command(grade, env)  # fill the cache
                timed[what].append(as_command(argv, env))
        for what, _, _ in runs:
            done = sorted(timed[what])
            results.append((what, *done[len(done) // 2]))  # the median run (by wall time)
            if len(done) > 1:
                spread = f"{done[0][0]:.2f}-{done[-1][0]:.2f} s over {len(done)} runs"
                results[-1] = (*results[-1][:2], f"{results[-1][2]}; {spread}", results[-1][3])

        seconds, out = in_process(grade)
        book = json.loads(out)
        results.append(("gradebook in-process, judgments cached", seconds, "", None))
        seconds, out = in_process(review)
        summary = json.loads(out)
        results.append(("review --json in-process, judgments cached", seconds, "", None))

        print(
            f"  -> {len(book['students'])} students graded, {len(book['changed_verdicts'])} "
            f"verdicts changed; review: {summary['sessions']} sessions, "
            f"{summary['students']} students, {len(summary['boxes'])} boxes"
        )
        print(
            f"load average before the runs: {load:.1f}, after: {os.getloadavg()[0]:.1f} "
            "(2 cores; others' work slows the wall time)"
        )
        for what, seconds, cpu, rss in results:
            extra = ", ".join(x for x in (cpu, f"peak {rss} MB" if rss is not None else "") if x)
            verdict = "within" if seconds <= GOAL else "OVER"
            print(f"{what}: {seconds:.2f} s ({extra}; {verdict} {GOAL:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
