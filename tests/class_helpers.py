"""Hand-made session logs for the gradebook, hand-in and class-review tests, written through
the real ``SessionLog`` with chosen times."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from pathlib import Path

import shipped_content

from tutor.content.boxprint import box_fingerprint
from tutor.sessions.log import Clock, SessionLog

CONTENT = shipped_content.handout()  # the handout variant
START = datetime(2025, 2, 3, 17, 0, tzinfo=timezone.utc)
# Each session made here starts a microsecond after the one before (within its millisecond, so
# its file's name is unchanged): as with real tutors, no two sessions share their start, number
# and process (``SessionHeader.identity``), which the gradebook takes for the same session copied.
_STARTS = itertools.count(1)


class StepClock(Clock):
    """Moves 30 seconds per event, from a chosen start."""

    def __init__(self, start: datetime, step: float = 30.0):
        self.start = start
        self.seconds = 0.0
        self.step = step

    def monotonic(self) -> float:
        self.seconds += self.step
        return self.seconds

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)


def session(
    folder: Path,
    steps: list[tuple],
    *,
    student: str | None = None,
    start: datetime = START,
    content_hash: str | None = None,
    end: bool = True,
    box_keys: bool = True,
) -> Path:
    """One session of ``steps``: ("attempt", box, raw[, verdict, note]) (the verdict defaults to
    the checker's), ("hint", box, k), ("solution", part[, asked]), ("assess", part, points,
    text), ("reflect", prompt, text), ("open", part). Each attempt carries its box's
    fingerprint in today's content, as the tutor writes it (``box_keys=False``: none, as in
    older logs). Returns the file."""
    from tutor.checking.judge import check

    log = SessionLog.start(
        folder,
        CONTENT.content_hash if content_hash is None else content_hash,
        clock=StepClock(start + timedelta(microseconds=next(_STARTS) % 1000)),
        student=student,
    )
    for step in steps:
        kind = step[0]
        if kind == "attempt":
            box, raw = step[1], step[2]
            if len(step) > 3:
                verdict, note = step[3], step[4]
            else:
                v = check(CONTENT.boxes[box], raw)
                verdict, note = v.verdict, v.note
            key = box_fingerprint(CONTENT, box) if box_keys else None
            log.attempt(box, raw, verdict, note, 1.0, box_key=key)
        elif kind == "hint":
            log.hint(step[1], step[2])
        elif kind == "solution":
            log.solution(step[1], step[2] if len(step) > 2 else None)
        elif kind == "assess":
            log.self_assessment(step[1], step[2], step[3])
        elif kind == "reflect":
            log.reflection(step[1], step[2])
        elif kind == "open":
            log.part_opened(step[1])
        else:
            raise ValueError(kind)
    if end:
        log.end()
    else:
        log._close_locked()
    assert log.path is not None
    return log.path


def answers(box: str, verdict: str, note_prefix: str = "") -> list[str]:
    """Inputs of a box's question tests with this verdict (and note prefix)."""
    spec = CONTENT.boxes[box]
    return [
        t.input
        for t in spec.tests
        if t.verdict == verdict and (t.note or "").startswith(note_prefix) and t.input.strip()
    ]


def run_helper(content, files: list[Path], here):
    """A regrade helper process over ``files`` (with ``content``), left to finish, everything it
    judged taken into the regrader ``here``; returns the (stopped) helper."""
    import time

    from tutor.cli.regrading import helper_main
    from tutor.sessions.judgeahead import Helper

    helper = Helper(content, [(str(f), None) for f in files], None, helper_main)
    try:
        deadline = time.monotonic() + 120
        while not helper.done and time.monotonic() < deadline:
            helper.collect(here)
            time.sleep(0.05)
    finally:
        helper.stop()
    return helper
