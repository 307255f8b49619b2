"""The adversarial audit: what students really type into every graded box (right answers in
unusual forms, plausible wrong answers, half-finished input, words), judged against the
shipped content as a fair grader would; and no feedback short of correct shows the reference."""

from __future__ import annotations

import pytest
import shipped_content
from checker_audit_cases import CASES

from tutor.checking.judge import check
from tutor.inputlang.pretty import pretty
from tutor.inputlang.reader import box_names, parse_answer

CONTENT = shipped_content.handout()  # the handout: variant 0
GRADED = CONTENT.boxes
# feedback that names the exact constant on purpose: the domain notes ask the tutor to say what
# the exact constant is when a student gives the 1/d1 scaling (any other Θ(1/d1) answer is
# told only that the scaling is right)
SHOWS_REFERENCE = {("1b.constant", "accept:scaling-only")}

CASE_LIST = [(box, *case) for box, cases in CASES.items() for case in cases]


def test_every_graded_box_is_audited_with_enough_inputs():
    assert set(CASES) == set(GRADED)
    for box, cases in CASES.items():
        assert len({c[0] for c in cases}) >= 15, box  # (a selection is also a question test)


@pytest.mark.parametrize(("box", "answer", "verdict", "note"), CASE_LIST)
def test_audit_case(box, answer, verdict, note):
    v = check(GRADED[box], answer)
    assert v.verdict == verdict, (v.note, v.feedback)
    if note is not None:
        assert v.note == note, v.feedback
    if v.verdict == "invalid":
        # a reading is shown only where something was judged: a square (c²) or a formula
        assert (
            v.feedback and v.interpreted == "" or v.note in ("invalid:kind", "invalid:formula")
        ), v
    else:
        assert v.interpreted, v


def _reference_forms(box) -> list[str]:
    if box.kind == "choice":
        return []
    if box.kind == "proof":  # never the full order, in any of its correct forms
        from tutor.checking.proof.graph import correct_orders
        from tutor.checking.proof.order import format_order

        orders = correct_orders(box)
        return [format_order(o) for o in orders] + [" ".join(o) for o in orders]
    if box.kind == "derivation":  # never the reference working
        return [box.answer.strip(), box.answer.strip().splitlines()[-1]]
    ref = parse_answer(box.answer, box_names(box)).value
    forms = [box.answer]
    if ref is not None:
        forms.append(pretty(ref))
    return [f for f in forms if len(f) > 2]  # "1", "d1": too short to tell from other text


@pytest.mark.parametrize(("box", "answer", "verdict", "note"), CASE_LIST)
def test_feedback_short_of_correct_never_shows_the_reference(box, answer, verdict, note):
    spec = GRADED[box]
    v = check(spec, answer)
    if v.verdict == "correct" or (box, v.note) in SHOWS_REFERENCE:
        return
    for form in _reference_forms(spec):
        if form in answer:
            continue  # the student's own text, quoted back (a derivation's unreadable line)
        assert form not in v.feedback, (form, v.feedback)
