"""A synthetic class of session logs, written through the real ``SessionLog`` API.

About 30 students, each in their own subdirectory (``DIR/student07/*.jsonl``),
work through the homework over one to four sessions: they open parts in order,
type answers drawn from the content's own question tests (the reference, other
correct forms, known mistakes, unmatched wrong answers, unreadable input) and
get real verdicts from ``tutor.checker.check``; they reveal hints when stuck, now
and then the solution, self-assess explanations and fill in reflections. Some
sessions are killed mid-way (no ``session_end``, a torn last line), one student
restarts with ``--fresh``, and one file is corrupt. Times come from a simulated
clock, so durations are realistic (seconds to minutes between events, idle
breaks). Each student has an ability and each box a difficulty, so the class
struggles where the content is hard.

    .venv/bin/python benchmarks/synthetic_class.py DIR [--students 30] [--seed 182]

then ``hw3-tutor review DIR``, ``hw3-tutor export --log-dir DIR/student03``.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.cli.options import whole_number  # noqa: E402
from tutor.content.model import BoxSpec, Content  # noqa: E402
from tutor.paths import packaged_content_dir  # noqa: E402
from tutor.sessions.log import Clock, SessionLog  # noqa: E402
from tutor.variants.engine import load as load_content  # noqa: E402

# Unmatched wrong answers students type, in several spellings of the same answer
# (the review should group the spellings together).
SPELLINGS = {
    "1a.constant": ["1/d1", "1 / d1", "1/d₁", "d1^-1"],
    "1b.constant": ["1/d1^2", "1/(d1^2)", "1/d₁²", "d1**-2"],
    "4a.g": ["f(x)*(x-mu)", "f(x) (x - mu)", "(x-mu)*f(x)"],
    "5b.loadmem": ["8", "8 loadmem", "8."],
}


class SimClock(Clock):
    """A clock the generator moves forward by hand."""

    def __init__(self, start: datetime):
        self.start = start
        self.seconds = 0.0

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)

    def wait(self, seconds: float) -> None:
        self.seconds += max(0.0, seconds)


@dataclass
class BoxPool:
    """A box's answers by what they are, from its question tests."""

    correct: list[str]
    mistakes: list[str]
    wrong: list[str]
    invalid: list[str]


def pools(content: Content) -> dict[str, BoxPool]:
    out = {}
    for box_id, box in content.boxes.items():
        correct = [box.answer] + [t.input for t in box.tests if t.verdict == "correct"]
        mistakes = [r.answer for r in box.mistakes]
        wrong = [t.input for t in box.tests if t.note == "incorrect"] + SPELLINGS.get(box_id, [])
        invalid = [t.input for t in box.tests if t.verdict == "invalid" and t.input.strip()]
        # proof and derivation boxes: wrong orders, distractors, broken lines from their tests
        tested_wrong = [t.input for t in box.tests if t.verdict in ("partial", "incorrect")]
        wrong = wrong or mistakes or tested_wrong
        out[box_id] = BoxPool(correct, mistakes, wrong, invalid or ["(("])
    return out


class Grader:
    """The real checker, with a cache (the class types the same answers often)."""

    def __init__(self) -> None:
        from tutor.checking.judge import check

        self._check = check
        self._cache: dict[tuple[str, str], object] = {}

    def __call__(self, box: BoxSpec, answer: str):
        key = (box.id, answer)
        if key not in self._cache:
            self._cache[key] = self._check(box, answer)
        return self._cache[key]


def work_box(log, clock, rng, box, pool, skill, difficulty, grade) -> bool:
    """One student at one box: attempts, hints; True when solved."""
    hints = 0
    for attempt in range(rng.randint(3, 6)):
        clock.wait(rng.lognormvariate(4.0, 0.8))  # thinking: ~1 minute, long tail
        p_right = skill * (1 - difficulty) + 0.18 * hints + 0.08 * attempt
        roll = rng.random()
        if roll < p_right:
            raw = rng.choice(pool.correct)
        elif roll < p_right + 0.05:
            raw = rng.choice(pool.invalid)
        elif rng.random() < 0.6 and pool.mistakes:
            raw = rng.choice(pool.mistakes)
        else:
            raw = rng.choice(pool.wrong)
        v = grade(box, raw)
        log.attempt(box.id, raw, v.verdict, v.note, v.ms, v.feedback, v.interpreted)
        if v.verdict == "correct":
            return True
        if hints < len(box.hints) and rng.random() < 0.55:
            clock.wait(rng.uniform(5, 40))
            hints += 1
            log.hint(box.id, hints)
    return False


def run_session(log, clock, rng, content, box_pools, skill, difficulty, parts, grade, kill_at):
    """Work through ``parts``; stop early (a kill) after ``kill_at`` parts if given."""
    for n, part in enumerate(parts):
        if kill_at is not None and n == kill_at:
            return False
        clock.wait(rng.uniform(2, 20))
        log.part_opened(part.id)
        if part.plot and rng.random() < 0.4:
            clock.wait(rng.uniform(10, 90))
            log.plot_viewed(part.plot)
        solved_all = True
        for box_id in part.boxes:
            box = content.boxes[box_id]
            solved = work_box(
                log, clock, rng, box, box_pools[box_id], skill, difficulty[box_id], grade
            )
            solved_all &= solved
        if part.explain:
            clock.wait(rng.uniform(60, 400))
            points = [rng.random() < skill for _ in part.explain.points]
            log.self_assessment(part.id, points, "My explanation, in my own words.")
        for prompt in part.reflect:
            clock.wait(rng.uniform(30, 200))
            text = f"{rng.randint(4, 14)}" if prompt.prefill == "hours" else "It went fine."
            log.reflection(prompt.id, text)
        if (not solved_all and rng.random() < 0.5) or rng.random() < 0.1:
            clock.wait(rng.uniform(5, 30))
            log.solution(part.id, asked=not solved_all)
        if rng.random() < 0.05:
            clock.wait(rng.uniform(900, 3000))  # a coffee break: idle, not counted
    return True


def tear_last_line(path: Path, rng: random.Random) -> None:
    """What a kill -9 in the middle of a write would leave: part of one more line."""
    with path.open("ab") as f:
        f.write(b'{"seq":999,"t":"2025-02-0')


def build_class(root: Path, students: int = 30, seed: int = 182, ids: bool = True) -> dict:
    """Write the class into ``root``; returns what was written (for tests and the report).
    With ``ids`` every session's header carries its student's id (``student07``)."""
    rng = random.Random(seed)
    content = load_content(packaged_content_dir())
    box_pools = pools(content)
    grade = Grader()
    parts = content.parts()
    difficulty = {box_id: rng.uniform(0.1, 0.7) for box_id in content.boxes}
    # the known hard boxes of this homework (domain notes: the common mistakes)
    for hard in ("1b.constant", "4a.g", "4d.gradF", "5c.loaddisk", "3c.rms_condition"):
        if hard in difficulty:
            difficulty[hard] = 0.85
    base = datetime(2025, 2, 3, 17, 0, tzinfo=timezone.utc)
    stats = {"sessions": 0, "killed": 0, "torn": 0, "fresh": 0, "corrupt": 0}
    for k in range(students):
        student = root / f"student{k:02d}"
        skill = rng.uniform(0.35, 0.9)
        start = base + timedelta(hours=rng.uniform(0, 72))
        done = 0
        sessions = rng.randint(1, 4)
        for s in range(sessions):
            clock = SimClock(start)
            fresh = k == 3 and s == 1  # this student starts over once
            log = SessionLog.start(
                student,
                content.content_hash,
                fresh=fresh,
                clock=clock,
                student=student.name if ids else None,
            )
            stats["fresh"] += fresh
            todo = parts[0 if fresh else done :]
            last = s == sessions - 1
            chunk = len(todo) if last else rng.randint(2, max(2, len(todo) // 2))
            killed = rng.random() < 0.15
            kill_at = rng.randint(1, max(1, chunk - 1)) if killed else None
            finished = run_session(
                log, clock, rng, content, box_pools, skill, difficulty, todo[:chunk], grade, kill_at
            )
            done = (0 if fresh else done) + (chunk if finished else kill_at or 0)
            stats["sessions"] += 1
            if finished:
                log.end()
            else:
                log._close_locked()  # killed: no session_end
                stats["killed"] += 1
                if rng.random() < 0.6 and log.path is not None:
                    tear_last_line(log.path, rng)
                    stats["torn"] += 1
            start = clock.now() + timedelta(hours=rng.uniform(3, 30))
            if done >= len(parts):
                break
    corrupt = root / "student05" / "20250201T000000.000Z-deadbeef.jsonl"
    corrupt.parent.mkdir(parents=True, exist_ok=True)
    corrupt.write_bytes(bytes(rng.randrange(256) for _ in range(300)) + b"\n")
    stats["corrupt"] = 1
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--students", type=whole_number(1, 100_000), default=30)
    parser.add_argument("--seed", type=whole_number(0, 2**32 - 1), default=182)
    parser.add_argument(
        "--no-ids", action="store_true", help="write no student ids (logs from before they existed)"
    )
    args = parser.parse_args(argv)
    if args.directory.exists() and any(args.directory.iterdir()):
        parser.error(f"{args.directory} is not empty")
    args.directory.mkdir(parents=True, exist_ok=True)
    stats = build_class(args.directory, args.students, args.seed, ids=not args.no_ids)
    print(f"wrote {args.directory}: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
