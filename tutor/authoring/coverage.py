"""The question-test coverage rules (issue 3): how many tests each box has, of which kinds, and
the same for proof and derivation boxes; and choices whose lengths give the answer away."""

from __future__ import annotations

from tutor.authoring.readings import without_spaces
from tutor.content.model import BoxSpec, Content

# Coverage rules for the shipped content (issue 3).
MIN_TESTS_PER_BOX = 8
MIN_MISTAKE_TESTS_PER_BOX = 3
MIN_UNUSUAL_CORRECT_TESTS_PER_BOX = 2
MIN_TESTS_TOTAL = 150


def unusual_correct_tests(box: BoxSpec) -> int:
    """Question tests that must be correct although written unlike the reference answer."""
    return sum(
        1
        for t in box.tests
        if t.verdict == "correct"
        and (t.note is None or t.note == "correct" or t.note.startswith("accept:"))
        and without_spaces(t.input) != without_spaces(box.answer)
    )


def coverage_shortfalls(content: Content) -> list[str]:
    """Where the content misses the question-test coverage rules (empty when met)."""
    return [message for _, message in coverage_items(content)]


def coverage_items(content: Content) -> list[tuple[str | None, str]]:
    """(box id, or None for the whole content; what is missing) for every coverage shortfall."""
    out: list[tuple[str | None, str]] = []
    total = 0
    for part in content.parts():
        for box_id in part.boxes:
            box = content.boxes[box_id]
            total += len(box.tests)
            if box.kind in ("proof", "derivation"):
                out += [(box_id, message) for message in reasoning_shortfalls(box)]
                continue
            mistakes = sum(1 for t in box.tests if (t.note or "").startswith("mistake:"))
            unusual = unusual_correct_tests(box)
            if len(box.tests) < MIN_TESTS_PER_BOX:
                out.append(
                    (
                        box_id,
                        f"box {box_id}: {len(box.tests)} question tests; "
                        f"write at least {MIN_TESTS_PER_BOX}",
                    )
                )
            if mistakes < MIN_MISTAKE_TESTS_PER_BOX:
                out.append(
                    (
                        box_id,
                        f"box {box_id}: {mistakes} tests of known mistakes "
                        f'(note = "mistake:..."); write at least {MIN_MISTAKE_TESTS_PER_BOX}',
                    )
                )
            if unusual < MIN_UNUSUAL_CORRECT_TESTS_PER_BOX:
                out.append(
                    (
                        box_id,
                        f"box {box_id}: {unusual} correct tests written unlike the reference "
                        f"answer; write at least {MIN_UNUSUAL_CORRECT_TESTS_PER_BOX}",
                    )
                )
    if total < MIN_TESTS_TOTAL:
        out.append(
            (
                None,
                f"{total} question tests in all; the tutor's content needs at least "
                f"{MIN_TESTS_TOTAL}",
            )
        )
    return out


CHOICE_LENGTH_RATIO = 1.2
"""The right option of a choice box is "clearly the longest" beyond this many times the
longest other option."""


def choice_length_warnings(content: Content) -> list[str]:
    """Choice boxes whose right option stands out as the longest (empty when none).

    An item-writing rule for multiple choice: keep the options alike in length and detail,
    or a student can pick the right one by its length alone.
    """
    out = []
    for part in content.parts():
        for box_id in part.boxes:
            box = content.boxes[box_id]
            if box.kind != "choice" or len(box.choices) < 2:
                continue
            right = box.answer.strip().strip("()").lower()
            lengths = {c.key.lower(): len(c.text.strip()) for c in box.choices}
            others = [n for key, n in lengths.items() if key != right]
            if right not in lengths or not others:
                continue
            if lengths[right] > CHOICE_LENGTH_RATIO * max(others):
                out.append(
                    f"box {box_id}: the right choice ({right}) is clearly the longest "
                    f"({lengths[right]} characters; the others at most {max(others)}), so it "
                    "can be guessed by its length; make the options alike in length and detail"
                )
    return out


MIN_DISTRACTORS = 2
MIN_WRONG_ORDER_TESTS = 1  # misplaced:<key>: a block before one it uses
MIN_DISTRACTOR_TESTS = 2
MIN_BROKEN_LINE_TESTS = 1  # step:<k>: a line that does not follow
MIN_REASONING_WRONG_TESTS = 3  # wrong orders, distractors, broken lines, wrong starts, ...


def reasoning_shortfalls(box: BoxSpec) -> list[str]:
    """The question-test coverage rules for a proof or derivation box."""
    out = []
    notes = [t.note or "" for t in box.tests]
    wrong = sum(1 for t in box.tests if t.verdict in ("partial", "incorrect"))
    unusual = unusual_correct_tests(box)
    if len(box.tests) < MIN_TESTS_PER_BOX:
        out.append(
            f"box {box.id}: {len(box.tests)} question tests; write at least {MIN_TESTS_PER_BOX}"
        )
    if unusual < MIN_UNUSUAL_CORRECT_TESTS_PER_BOX:
        what = "orders" if box.kind == "proof" else "derivations"
        out.append(
            f"box {box.id}: {unusual} other correct {what} tested; write at least "
            f"{MIN_UNUSUAL_CORRECT_TESTS_PER_BOX}"
        )
    if wrong < MIN_REASONING_WRONG_TESTS:
        out.append(
            f"box {box.id}: {wrong} tests of wrong answers; write at least "
            f"{MIN_REASONING_WRONG_TESTS}"
        )
    if not any(n.startswith("invalid:") for n in notes):
        out.append(f"box {box.id}: no test of an unreadable answer; write one")
    if box.kind == "proof":
        if len(box.distractors) < MIN_DISTRACTORS:
            out.append(
                f"box {box.id}: {len(box.distractors)} distractors; write at least "
                f"{MIN_DISTRACTORS}, from the mistakes students make"
            )
        orders = sum(1 for n in notes if n.startswith("misplaced:"))
        if orders < MIN_WRONG_ORDER_TESTS:
            out.append(
                f'box {box.id}: no test of a wrong order (note = "misplaced:..."); write one'
            )
        tried = {n.split(":", 1)[1] for n in notes if n.startswith("distractor:")}
        if len(tried) < min(MIN_DISTRACTOR_TESTS, len(box.distractors)):
            out.append(
                f"box {box.id}: {len(tried)} distractors tested; test at least "
                f"{min(MIN_DISTRACTOR_TESTS, len(box.distractors))}"
            )
    else:
        broken = sum(1 for n in notes if n.startswith("step:"))
        if broken < MIN_BROKEN_LINE_TESTS:
            out.append(f'box {box.id}: no test of a broken line (note = "step:<line>"); write one')
    return out
