"""The shipped content: every box's reference, accepted readings and mistakes get their verdict,
and every question test passes."""

from __future__ import annotations

import pytest
import shipped_content

from tutor.checking.judge import check, prepare

CONTENT = shipped_content.handout()
GRADED = {bid: b for bid, b in CONTENT.boxes.items()}
ISSUE_BOXES = [
    "1a.value", "1a.constant", "1b.value", "1b.constant", "3b.sp", "4a.g", "4b.F",
    "4c.gradF", "4d.gradF", "4e.special", "5a.fwd", "5b.loadmem", "5c.loaddisk",
]  # fmt: skip


def test_the_issue_boxes_exist():
    missing = [b for b in ISSUE_BOXES if b not in CONTENT.boxes]
    assert not missing


@pytest.mark.parametrize("box_id", sorted(GRADED))
def test_every_reading_in_the_content_can_be_read(box_id):
    box = GRADED[box_id]
    if box.kind in ("choice", "proof"):
        return  # read by letter or key, not as math
    if box.kind == "derivation":
        from tutor.checking.derivation.prepared import prepare as prepare_derivation

        assert prepare_derivation(box).errors == []
        return
    assert prepare(box).errors == []


@pytest.mark.parametrize("box_id", sorted(GRADED))
def test_reference_readings_and_mistakes(box_id):
    box = GRADED[box_id]
    v = check(box, box.answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback
    for r in box.accept:
        v = check(box, r.answer)
        # a reading equal to the reference may be reported as plain correct
        assert v.verdict == r.verdict and v.note in (f"accept:{r.note}", "correct"), r.answer
    for r in box.mistakes:
        v = check(box, r.answer)
        assert (v.verdict, v.note) == (r.verdict, f"mistake:{r.note}"), r.answer
        assert v.feedback.startswith(r.feedback.strip()[:40])


TESTS = [
    pytest.param(bid, t, id=f"{bid}:{t.input}")
    for bid, b in sorted(GRADED.items())
    for t in b.tests
]


@pytest.mark.parametrize("box_id, test", TESTS)
def test_question_tests(box_id, test):
    v = check(GRADED[box_id], test.input)
    assert v.verdict == test.verdict, (v.note, v.feedback)
    if test.note:
        assert v.note == test.note, v.feedback


def test_a_choice_pasted_cut_short_is_read_as_the_choice_it_starts():
    """A student copies the start of a choice's sentence instead of its letter: that line
    picks the one choice it starts; too short a start, or one shared by two choices, does not."""
    box = CONTENT.boxes["1c.why"]
    right = next(c for c in box.choices if c.key == box.answer)
    words = right.text.split()
    assert check(box, " ".join(words[:4])).verdict == "correct"
    assert check(box, " ".join(words[:-1])).verdict == "correct"
    assert check(box, " ".join(words[:2])).verdict == "invalid"  # too little to tell
    wrong = next(c for c in box.choices if c.key != box.answer)
    assert check(box, " ".join(wrong.text.split()[:5])).verdict in ("incorrect", "partial")


def test_a_formula_in_a_choice_box_is_not_taken_for_two_letters():
    """d1 and d2 are names, not the choices (d) and (d): the student is asked for a letter,
    not told to give only one."""
    v = check(CONTENT.boxes["1a.scaling"], "Theta(d1 d2^0)")
    assert v.verdict == "invalid"
    assert "one choice only" not in v.feedback and "by its letter" in v.feedback
