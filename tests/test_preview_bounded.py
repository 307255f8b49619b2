"""The "read as" preview never blocks the tutor (issue 13).

Each reproduction runs in a process of its own with a time limit: a reading that runs away
fails the test (``TimeoutExpired``) rather than hanging the test run. The limits are generous
(they bound a freeze, they do not time the reader; speed goals live in benchmarks/).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 20.0  # seconds; before the fixes these ran for minutes (or, for the claim, for ever)

CLAIM = "d1 not " + "dand" * 30 + "+"  # 128 characters: the claim pattern backtracked on it
PASTES = [  # 40,000 characters each, built in the child
    '"d1" + "." * 39_998',  # each trailing full stop was blanked in its own pass over the text
    '"d1" + " " * 39_996 + "d2"',  # every run of spaces was a start for the claim pattern
    '"about " * 6_667',
]


def run_bounded(code: str) -> str:
    """Run ``code`` in a fresh interpreter; fail if it takes longer than ``LIMIT``."""
    try:
        p = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=LIMIT,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still reading after {LIMIT:.0f} s: the reader ran away")
    assert p.returncode == 0, p.stderr
    return p.stdout


SETUP = """
    from tutor.content.loader import BoxSpec, Choice, SymbolSpec
    from tutor.checking.judge import check
    from tutor.checking.readas import read_as
    BOX = BoxSpec(id="t.x", kind="expression", prompt="", answer="d1",
        symbols=(SymbolSpec("d1", (1, 100), True), SymbolSpec("d2", (1, 100), True)))
    CHOICE = BoxSpec(id="t.c", kind="choice", prompt="", answer="a",
        choices=(Choice("a", "one"), Choice("b", "two")))
"""


def test_a_claim_that_backtracked_exponentially_reads_at_once():
    assert len(CLAIM) == 128
    out = run_bounded(
        SETUP
        + f"""
    r, v = read_as(BOX, {CLAIM!r}), check(BOX, {CLAIM!r})
    print(r.ok, v.verdict)
    """
    )
    # read at once: "d1" before a contrast ("not" right after a value), the rest not checked
    assert out.split() == ["True", "correct"]


def test_claims_are_still_read():
    out = run_bounded(
        SETUP
        + """
    for a in ("d1, independent of d2", "d1 (not d2)", "d1, not d2 and d1", "d1 and not on d2"):
        print(read_as(BOX, a).text, "|", check(BOX, a).verdict)
    """
    )
    assert out.splitlines() == [
        "d₁, independent of d₂ | correct",
        "d₁, independent of d₂ | correct",
        "d₁, independent of d₂, d₁ | incorrect",
        "d₁, independent of d₂ | correct",
    ]


def test_a_long_paste_is_refused_before_any_work_is_done_on_it():
    out = run_bounded(
        SETUP
        + f"""
    for paste in ({", ".join(PASTES)}):
        for box in (BOX, CHOICE):
            r, v = read_as(box, paste), check(box, paste)
            print(r.ok, "limited to 500" in r.text, v.note)
    """
    )
    assert out.splitlines() == ["False True invalid:too-long"] * (2 * len(PASTES))


def _never_ends() -> None:
    time.sleep(600)


class Runaway:
    """Stands in for any reading that runs away: unpickling it in the worker never ends."""

    def __reduce__(self):
        return (_never_ends, ())


def test_a_preview_that_runs_away_is_abandoned_and_the_next_one_is_read():
    from checker_boxes import B5A

    from tutor.checking.readas import ReadAs
    from tutor.checking.worker import CheckWorker

    with CheckWorker(timeout=1.0) as worker:
        worker.warm_up()
        stuck = worker.read_as(Runaway(), "20")
        assert not stuck.ok and "too long" in stuck.text
        assert worker.restarts == 1
        assert worker.read_as(B5A, "20") == ReadAs(True, "20 fwd")


def test_the_tutor_answers_keys_whatever_is_typed_or_pasted():
    try:
        p = subprocess.run(
            [sys.executable, str(Path(__file__).parent / "freeze_session.py")],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the tutor stopped answering keys")
    assert p.returncode == 0, p.stderr[-3000:]
    assert "responsive" in p.stdout
