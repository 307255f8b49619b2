"""A choice's letter followed by words or a mark that reject it ("(b) is not correct", "(b) ❌",
"(c) does not hold", "(b) is a trap", "— nope", "(NOT)") is refused in every choice box, with
the message a take-back gets ("(b) is wrong"): never "correct", never which choice is right. The
rejections are the ones every box's remark is read with (``tutor.inputlang.takeback``), declared
once. A justification after the right letter that merely holds a "not" still reads, and so do
the letter as chat answers and rich text format it ("1. (c)", "> **(C)**", "<b>(c)</b>")."""

from __future__ import annotations

import pytest
from reading_helpers import judged

from tutor.checking import choice_remarks
from tutor.inputlang import takeback
from tutor.inputlang.takeback import REJECT_MARKS, rejection

DISAGREE = "do not agree with that choice"
ONE_CHOICE = "Give one choice only"

# the keyed letter of boxes of every shape: words, formulas, regimes, a relation in the text
KEYED = {
    "1a.scaling": "c",
    "1c.why": "b",
    "2.sp_optimum": "b",
    "2.mup_optimum": "a",
    "2.coord_check": "d",
    "3a.axes": "c",
    "3c.rms_condition": "b",
    "3c.upper": "a",
    "3c.assumption": "c",
}

# what follows "(x)": each rejects the letter before it
REJECTIONS = [
    "is not correct",
    "isn't right",
    "is NOT correct",
    "is not true",
    "is untrue",
    "is not the answer",
    "is not the one",
    "isn't it",
    "can't be right",
    "cannot be it",
    "doesn't hold",
    "does not hold",
    "fails",
    "won't work",
    "does not work",
    "is ruled out",
    "is out",
    "is a trap",
    "is a red herring",
    "is a distractor",
    "is bogus",
    "seems right but isn't",
    "— no",
    "— no!",
    "no",
    "?? no",
    ": nope",
    "— nope",
    "— rejected",
    "– not this one",
    "(NOT)",
    "❌",
    "✗",
    "(✗)",
    "✘",
    "✖",
    "🚫",
    "×",
    "❌ — tempting, but it ignores the sign",
    "is not correct, because the RMS alone removes d2",
    ", which is not correct",
]


@pytest.mark.parametrize("box", sorted(KEYED))
@pytest.mark.parametrize("remark", REJECTIONS)
def test_the_keyed_letter_followed_by_a_rejection_is_refused(box, remark):
    v = judged(box, f"({KEYED[box]}) {remark}")
    assert v.verdict == "invalid", (box, remark, v)
    assert DISAGREE in v.feedback and "letter" in v.feedback, v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "**(B)** ❌ — tempting, but it ignores the sign",  # a chat line, bold
        "b ❌",
        "b is not correct",
        "> (b) isn't right",
        "1. (b) ✗",
        "<b>(b)</b> ❌",
    ],
)
def test_a_rejection_is_refused_however_the_letter_is_typed(answer):
    v = judged("3c.rms_condition", answer)
    assert v.verdict == "invalid", (answer, v)
    assert DISAGREE in v.feedback, v.feedback


@pytest.mark.parametrize("box", ["1a.scaling", "2.sp_optimum", "3c.rms_condition"])
def test_the_refusal_never_says_which_choice_is_right(box):
    """The same message after the keyed letter and after another one."""
    right = KEYED[box]
    wrong = "a" if right != "a" else "b"
    for remark in (" is not correct", " ❌", " — nope", " does not hold"):
        a, b = judged(box, f"({right}){remark}"), judged(box, f"({wrong}){remark}")
        assert a.verdict == b.verdict == "invalid", remark
        assert a.feedback.replace(f"({right})", "(?)") == b.feedback.replace(f"({wrong})", "(?)")


# -- a right letter with a justification, a contrast or a check mark: still read

KEPT = [
    ("1a.scaling", "(c)"),
    ("1a.scaling", "Option (c) is correct."),
    ("1a.scaling", "**Answer: (C)**"),
    ("1a.scaling", "(c) — this holds because d2 only sets how many squares are averaged"),
    ("1a.scaling", "(c): the loss does not blow up"),  # a "not" of something else
    ("1a.scaling", "(c), not (b)"),
    ("1a.scaling", "(c) (not (a))"),
    ("1a.scaling", "(c) is correct"),
    ("1a.scaling", "(c) ✓"),
    ("1a.scaling", "(c) ✅"),
    ("1a.scaling", "(c), no doubt"),
    ("1a.scaling", "(c) (it does not grow with d2)"),
    ("1a.scaling", "(c), not the one with d2"),
    ("1c.why", "(b), because the sign does not keep g's sizes"),
    ("1c.why", "b since a is not right"),  # another choice rejected: a contrast
    ("1c.why", "b, a ❌"),
    ("2.sp_optimum", "(b) (it does not stay the same)"),
    ("2.mup_wider", "(c) (not worse)"),
    ("2.mup_optimum", "(a) (it doesn't shift with width)"),
    ("3c.assumption", "(c) (the terms do not cancel)"),
    ("3c.why", "(d): nothing blows up or vanishes"),
    ("3c.rms_condition", "(b), not (a)"),
]


@pytest.mark.parametrize(("box", "answer"), KEPT)
def test_a_justification_or_a_contrast_after_the_right_letter_still_reads(box, answer):
    v = judged(box, answer)
    assert v.verdict == "correct", (answer, v)


def test_another_letter_rejected_before_the_right_one_is_still_two_letters():
    """ "(b) is wrong; (c)" names two letters: asked for one, as before."""
    for answer in ("(b) is wrong; (c)", "(b) is not correct; (c)", "(b) ❌, (c) ✅"):
        v = judged("1a.scaling", answer)
        assert v.verdict == "invalid" and ONE_CHOICE in v.feedback, (answer, v)


# -- the letter as chat answers and rich text format it


@pytest.mark.parametrize("box", sorted(KEYED))
@pytest.mark.parametrize(
    "form",
    [
        "1. ({k})",
        "> **({K})**",
        "### Answer\n\n**({K})**",
        "The correct option is **({k})**.",
        "<b>({k})</b>",
        "<strong>{k}</strong>",
        "- ({k})",
        "I pick **({k})**.",
    ],
)
def test_a_letter_in_chat_or_rich_text_formatting_reads(box, form):
    k = KEYED[box]
    answer = form.format(k=k, K=k.upper())
    v = judged(box, answer)
    assert v.verdict == "correct", (answer, v)


@pytest.mark.parametrize("form", ["1. ({k})", "> **({k})**", "<b>({k})</b>"])
def test_a_wrong_letter_in_chat_formatting_is_judged_as_that_letter(form):
    assert judged("1a.scaling", form.format(k="a")).verdict == "incorrect"


# -- the vocabulary, declared once


def test_the_choice_remarks_read_with_the_shared_rejections():
    assert choice_remarks.rejection is takeback.rejection
    assert choice_remarks.TAKE_BACK is takeback.TAKE_BACK


@pytest.mark.parametrize("mark", list(REJECT_MARKS))
def test_every_reject_mark_rejects(mark):
    assert rejection(f" {mark}") == mark


@pytest.mark.parametrize("remark", [" × 2", "× d2", " (no doubt)", " not worse", ", not (b)"])
def test_a_product_sign_or_a_negation_of_something_else_is_no_rejection(remark):
    assert rejection(remark) is None, remark
