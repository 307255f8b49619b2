"""The question-test coverage rules (issue 3; content/README.md, section 6): which tests each
box needs, by its kind, and the total; and choices whose lengths give the answer away.

Every box needs at least ``MIN_TESTS_PER_BOX`` tests, among them its reference answer as
written, ``MIN_UNUSUAL_CORRECT_TESTS_PER_BOX`` correct answers written another way and an
invalid input. A box that takes a value (expression, number, count, order, expectation, reparam)
also needs tests of ``MIN_MISTAKES_TESTED`` of its known mistakes and of an unmatched wrong
answer; a choice box tests its known mistakes (all of them when it has fewer wrong choices than
that) and has no unmatched wrong answer (every wrong choice is a known mistake); proof and
derivation boxes have rules of their own (``reasoning_shortfalls``)."""

from __future__ import annotations

from tutor.authoring.readings import without_spaces
from tutor.content.model import BoxSpec, Content

# Coverage rules for the shipped content (issue 3).
MIN_TESTS_PER_BOX = 8
MIN_MISTAKES_TESTED = 3  # different known mistakes (their mistake:<note>)
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


def reference_tested(box: BoxSpec) -> bool:
    """Is the reference answer, as written (spaces aside), a question test that must be correct?"""
    return any(
        t.verdict == "correct" and without_spaces(t.input) == without_spaces(box.answer)
        for t in box.tests
    )


def mistakes_tested(box: BoxSpec) -> int:
    """How many different known mistakes the question tests expect (``mistake:<note>``)."""
    return len({t.note for t in box.tests if (t.note or "").startswith("mistake:")})


def coverage_shortfalls(content: Content) -> list[str]:
    """Where the content misses the question-test coverage rules (empty when met), each
    naming its box ("box 5a.fwd: ...")."""
    return [f"box {box_id}: {m}" if box_id else m for box_id, m in coverage_items(content)]


def coverage_items(content: Content) -> list[tuple[str | None, str]]:
    """(box id, or None for the whole content; what is missing) for every coverage shortfall."""
    out: list[tuple[str | None, str]] = []
    total = 0
    for part in content.parts():
        for box_id in part.boxes:
            box = content.boxes[box_id]
            total += len(box.tests)
            out += [(box_id, message) for message in box_shortfalls(box)]
    if total < MIN_TESTS_TOTAL:
        out.append(
            (
                None,
                f"{total} question tests in all; the tutor's content needs at least "
                f"{MIN_TESTS_TOTAL}",
            )
        )
    return out


def box_shortfalls(box: BoxSpec) -> list[str]:
    """What one box's question tests miss of the rules for its kind (empty when met)."""
    out = _common_shortfalls(box)
    if box.kind in ("proof", "derivation"):
        return out + reasoning_shortfalls(box)
    need = MIN_MISTAKES_TESTED
    if box.kind == "choice" and box.choices:
        need = min(need, len(box.choices) - 1)  # every wrong choice is a known mistake
    tested = mistakes_tested(box)
    if tested < need:
        have = (
            f"; the box has {len(box.mistakes)}: teach it more (section 5)"
            if len(box.mistakes) < need
            else ""
        )
        out.append(
            f"{tested} known mistakes tested (tests with different notes "
            f'"mistake:..."); test at least {need}{have}'
        )
    if box.kind != "choice" and not any(t.note == "incorrect" for t in box.tests):
        out.append(
            'no test of an unmatched wrong answer (verdict = "incorrect", note = "incorrect"); '
            "write one"
        )
    return out


def _common_shortfalls(box: BoxSpec) -> list[str]:
    """The rules every box has: the number of tests, the reference answer, other correct
    answers, an invalid input."""
    out = []
    if len(box.tests) < MIN_TESTS_PER_BOX:
        out.append(f"{len(box.tests)} question tests; write at least {MIN_TESTS_PER_BOX}")
    if not reference_tested(box):
        out.append(
            "no test of the reference answer as written (input = the answer, "
            'verdict = "correct"); write one'
        )
    unusual = unusual_correct_tests(box)
    if unusual < MIN_UNUSUAL_CORRECT_TESTS_PER_BOX:
        what = {"proof": "orders", "derivation": "derivations"}.get(box.kind, "answers")
        out.append(
            f"{unusual} other correct {what} tested (written unlike the reference answer); "
            f"write at least {MIN_UNUSUAL_CORRECT_TESTS_PER_BOX}"
        )
    if not any(t.verdict == "invalid" for t in box.tests):
        out.append('no test of an invalid input (verdict = "invalid"); write one')
    return out


CHOICE_LENGTH_RATIO = 1.2
"""The right option of a choice box is "clearly the longest" beyond this many times the
longest other option."""


def choice_length_warnings(content: Content) -> list[str]:
    """Choice boxes whose right option stands out as the longest (empty when none), each
    naming its box ("box 3b.sp: ...")."""
    return [f"box {box_id}: {message}" for box_id, message in choice_length_items(content)]


def choice_length_items(content: Content) -> list[tuple[str, str]]:
    """(box id, what is wrong) for each choice box whose right option stands out as the longest.

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
                    (
                        box_id,
                        f"the right choice ({right}) is clearly the longest "
                        f"({lengths[right]} characters; the others at most {max(others)}), so it "
                        "can be guessed by its length; make the options alike in length and "
                        "detail",
                    )
                )
    return out


MIN_DISTRACTORS = 2
MIN_WRONG_ORDER_TESTS = 1  # misplaced:<key>: a block before one it uses
MIN_DISTRACTOR_TESTS = 2
MIN_BROKEN_LINE_TESTS = 1  # step:<k>: a line that does not follow
MIN_REASONING_WRONG_TESTS = 3  # wrong orders, distractors, broken lines, wrong starts, ...


def reasoning_shortfalls(box: BoxSpec) -> list[str]:
    """The question-test coverage rules of a proof or derivation box beyond every box's
    (``_common_shortfalls``): wrong answers, and of which kinds."""
    out = []
    notes = [t.note or "" for t in box.tests]
    wrong = sum(1 for t in box.tests if t.verdict in ("partial", "incorrect"))
    if wrong < MIN_REASONING_WRONG_TESTS:
        out.append(f"{wrong} tests of wrong answers; write at least {MIN_REASONING_WRONG_TESTS}")
    if box.kind == "proof":
        if len(box.distractors) < MIN_DISTRACTORS:
            out.append(
                f"{len(box.distractors)} distractors; write at least "
                f"{MIN_DISTRACTORS}, from the mistakes students make"
            )
        orders = sum(1 for n in notes if n.startswith("misplaced:"))
        if orders < MIN_WRONG_ORDER_TESTS:
            out.append('no test of a wrong order (note = "misplaced:..."); write one')
        tried = {n.split(":", 1)[1] for n in notes if n.startswith("distractor:")}
        if len(tried) < min(MIN_DISTRACTOR_TESTS, len(box.distractors)):
            out.append(
                f"{len(tried)} distractors tested; test at least "
                f"{min(MIN_DISTRACTOR_TESTS, len(box.distractors))}"
            )
    else:
        broken = sum(1 for n in notes if n.startswith("step:"))
        if broken < MIN_BROKEN_LINE_TESTS:
            out.append('no test of a broken line (note = "step:<line>"); write one')
    return out
