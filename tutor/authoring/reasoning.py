"""The checks of proof and derivation boxes: their question tests' notes, and that every distractor,
wrong order and broken line is judged as the content says."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from tutor.checking.verdict import CheckFn
from tutor.content.model import BoxSpec


def reasoning_note_problem(
    box: BoxSpec, verdict: str, note: str
) -> tuple[str, str] | None | Literal[False]:
    """``test_note_problem`` for proof and derivation boxes: the note must be one the checker
    gives for the kind and name a block, distractor or line the box has; False when the note
    is one of the general ones (correct, mistake:, accept:, invalid:), checked as for any box."""
    from tutor.notes import (
        DERIVATION_FINAL,
        DERIVATION_LINE_NOTES,
        DERIVATION_START,
        PROOF_DISTRACTOR,
        PROOF_MISPLACED,
        PROOF_MISSING,
    )

    head, _, name = note.partition(":")
    if note == "correct" or head in ("mistake", "accept", "invalid"):
        return False
    wrong = ("partial", "incorrect")
    if box.kind == "proof":
        known = (
            f"correct, {PROOF_DISTRACTOR}:<key>, {PROOF_MISPLACED}:<key>, {PROOF_MISSING}, "
            "mistake:<note>, accept:<note>, invalid:<reason>"
        )
        keys = {
            PROOF_DISTRACTOR: [d.key for d in box.distractors],
            PROOF_MISPLACED: [b.key for b in box.blocks],
        }
        if head in keys and name:
            if name not in keys[head]:
                what = "distractor" if head == PROOF_DISTRACTOR else "block"
                return (
                    f"note '{note}', but this box has no {what} with key '{name}'",
                    f"its {what} keys are: " + ", ".join(keys[head]),
                )
        elif note != PROOF_MISSING:
            return f"note '{note}', which a proof box never gives", f"use one of: {known}"
    else:
        known = (
            f"correct, {DERIVATION_START}, step:<line>, one-way:<line>, unchecked:<line>, "
            f"{DERIVATION_FINAL}:<note of the value box>, mistake:<note>, accept:<note>, "
            "invalid:<reason>"
        )
        if head in DERIVATION_LINE_NOTES:
            if not (name.isdigit() and int(name) >= 1):
                return (
                    f"note '{note}', but {head} names the line that does not follow (1, 2, ...)",
                    f'write note = "{head}:<line number>"',
                )
            if head == "one-way" and verdict != "partial":
                return (
                    f"verdict '{verdict}' with note '{note}' (a one-way step with a right last "
                    "line is always partial)",
                    'set verdict = "partial", or fix the note',
                )
        elif head == DERIVATION_FINAL and name:
            if box.target_box is None and name not in ("incorrect", "unsolved"):
                return (
                    f"note '{note}', but this box has no target value box",
                    f'use note = "{DERIVATION_FINAL}:incorrect" or "{DERIVATION_FINAL}:unsolved"',
                )
        elif note != DERIVATION_START:
            return f"note '{note}', which a derivation box never gives", f"use one of: {known}"
    if verdict not in wrong:
        return (
            f"verdict '{verdict}' with note '{note}' (that note always comes with a partial or "
            "incorrect verdict)",
            'set verdict = "partial" or "incorrect", or fix the note',
        )
    return None


def reasoning_checks(box: BoxSpec, check: CheckFn) -> Iterator[tuple[bool, tuple, str, str, str]]:
    """Checks of a proof or derivation box beyond its reference answer and readings:
    (ok, key path under the box, expected, got, fix).

    Proof: every distractor is wrong wherever it is put into the reference order (so none can
    be part of a correct answer), and the reference order names every block once. Derivation:
    the reference derivation and every accepted or mistaken one can be read line by line, and
    the reference has at least two lines.
    """
    if box.kind == "proof":
        from tutor.checking.proof.graph import graph
        from tutor.checking.proof.order import AnswerError, read_order

        keys = [b.key for b in box.blocks]
        try:
            ref = read_order(box.answer, graph(box))
        except AnswerError:
            ref = box.answer.split()  # the reference check reports what cannot be read
        if sorted(ref) != sorted(keys):
            missing = [k for k in keys if k not in ref]
            extra = [k for k in ref if k not in keys]
            got = "it " + "; ".join(
                p
                for p in (
                    f"leaves out {', '.join(missing)}" if missing else "",
                    f"also has {', '.join(extra)}" if extra else "",
                )
                if p
            )
            yield (
                False,
                ("answer",),
                "the reference order to use every block once and no distractor",
                got or "a block twice",
                "write answer = the keys of all the blocks in one correct order",
            )
        for j, d in enumerate(box.distractors):
            worst = None
            for pos in range(len(ref) + 1):
                trial = " ".join([*ref[:pos], d.key, *ref[pos:]])
                v = check(box, trial)
                if v.verdict == "correct":
                    worst = trial
                    break
            yield (
                worst is None,
                ("distractors", j),
                f"distractor '{d.key}' never to be part of a correct answer",
                f"{worst!r} is graded correct",
                "a distractor must make any proof that uses it wrong; check the box's keys",
            )
    elif box.kind == "derivation":
        from tutor.checking.derivation.prepared import prepare as prepare_derivation

        prep = prepare_derivation(box)
        for problem in prep.errors:
            yield (
                False,
                ("answer",),
                "every derivation of the box to be readable line by line",
                problem,
                "write each line in the box's language (its symbols, functions, definitions)",
            )
        lines = [ln for ln in box.answer.splitlines() if ln.strip()]
        if len(lines) < 2:
            yield (
                False,
                ("answer",),
                "a reference derivation of at least two lines",
                f"{len(lines)} line",
                "write the starting line, then each step on a line of its own",
            )
