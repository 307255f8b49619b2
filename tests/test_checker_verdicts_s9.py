"""Wrong verdicts found by the ninth session's reading trial, by class: each case was judged
wrongly before its fix."""

from __future__ import annotations

import pytest
from class_helpers import CONTENT
from reading_helpers import judged

from tutor.checking.judge import check
from tutor.variants.engine import instantiate


def _loaddisk(**params: int):
    return instantiate(CONTENT, "5c", params=params).boxes["5c.loaddisk"]


# 2. an approximation mark in a number box. The handout's break-even is exactly 50 ns (a whole
#    number: matched only exactly, 50.2 is not 50), so "~50 ns" says only that the value is near
#    50: partial (note "approximate", as a count's "~20"), never the same as an exact "50 ns"
APPROXIMATE_50 = [
    "~50 ns",
    "≈ 50 ns",
    "about 50 ns",
    "approximately 50ns",
    "roughly 50 ns",
    "t ≈ 50 ns",
    "loaddisk ≈ 50 ns",
    "t: ~50 ns",
    "t := ≈ 50 ns",
    "50 ns (approximately)",
    "**~50 ns**",
    "`≈ 50 ns`",
    "about 50 ns or less",
    "I think it's about 50 ns",
]


@pytest.mark.parametrize("answer", APPROXIMATE_50)
def test_a_whole_limit_said_as_approximate_is_partial(answer):
    v = judged("5c.loaddisk", answer)
    assert (v.verdict, v.note) == ("partial", "approximate"), v
    assert "approximate" in v.feedback and "whole number" in v.feedback


@pytest.mark.parametrize(
    "answer", ["50 ns", "50", "**50 ns**", "50 ns or less", "t <= 50 ns", "(20*20+10*10)/10 ns"]
)
def test_the_exact_limit_stays_correct(answer):
    assert judged("5c.loaddisk", answer).verdict == "correct"


@pytest.mark.parametrize("answer", ["~40 ns", "about 500 ns", "≈ 25 ns"])
def test_a_wrong_time_said_as_approximate_stays_wrong(answer):
    assert judged("5c.loaddisk", answer).verdict == "incorrect"


def test_the_other_reading_said_as_approximate_keeps_its_verdict():
    # 54.44… ns (the input kept in memory) is not whole: "~54" is its rounding, as "54" is
    v = judged("5c.loaddisk", "~54 ns")
    assert (v.verdict, v.note) == ("correct", "accept:input-in-memory"), v


def test_a_whole_variant_limit_said_as_approximate_is_partial():
    box = _loaddisk(layers=20, every=8, t_fwd=10, t_mem=10)  # 41 ns
    assert box.answer == "41"
    assert check(box, "41 ns").verdict == "correct"
    for answer in ("~41 ns", "about 41 ns", "t ≈ 41 ns"):
        v = check(box, answer)
        assert (v.verdict, v.note) == ("partial", "approximate"), (answer, v)


def test_a_limit_that_is_not_whole_is_read_to_the_precision_given_with_or_without_the_mark():
    box = _loaddisk(layers=17, every=7, t_fwd=15, t_mem=10)  # 845/17 = 49.705… ns
    for answer in ("~50 ns", "about 50 ns", "50 ns"):  # too coarse: past the limit
        v = check(box, answer)
        assert (v.verdict, v.note) == ("partial", "coarse"), (answer, v)
        assert "3 significant digits" in v.feedback
    for answer in ("~49 ns", "49 ns"):  # too coarse: short of it
        assert check(box, answer).note == "short", answer
    for answer in ("~49.7 ns", "≈ 49.71 ns", "49.7 ns", "about 49.706 ns"):  # the digits
        assert check(box, answer).verdict == "correct", answer


def test_the_handout_value_said_as_approximate_in_a_variant_is_told_as_the_handout_value():
    from tutor.variants.handoutkey import tell_handout_value

    box = _loaddisk(layers=18, every=5, t_fwd=25, t_mem=5)  # 305/6 ns
    handout = CONTENT.boxes["5c.loaddisk"]
    v = tell_handout_value(check(box, "~50 ns"), "~50 ns", box, handout, "these", check)
    assert v.verdict == "partial" and "handout's value" in v.feedback, v


@pytest.mark.parametrize(
    "answer", ["fwd ≈ 20", "fwd = ~20", "20 (approximately)", "about twenty", "**~20**"]
)
def test_a_count_said_as_approximate_anywhere_is_partial(answer):
    v = judged("5a.fwd", answer)
    assert (v.verdict, v.note) == ("partial", "approximate"), v
    assert "exact count" in v.feedback


# 1. Markdown bold around a Python-style power: the '**' of the power is not a bold mark
#    (the marks read all together: bold around "d1**-0.5", never bold "d1" then "-0.5")
BOLD_POWER = [
    "**d1**-0.5**",
    "**c = d1**-0.5**",
    "c = **d1**-0.5**",
    "**c** = **d1**-0.5**",
    "**d1 ** -0.5**",
    "**d1**(-1/2)**",
    "**(d1)**-.5**",
    "**d1**−0.5**",
    "**1/d1**0.5**",
    "The answer is **d1**-0.5**.",
    "__d1**-0.5__",
    "*d1**-0.5*",
    "c = _d1**-0.5_",
]


def test_a_bolded_power_of_minus_one_half_unbracketed_is_ambiguous_as_without_bold():
    """``d_1**-1/2`` is (d_1**-1)/2 in Python: bold or not, both readings are shown."""
    for answer in ("**d_1**-1/2**", "d_1**-1/2"):
        v = check(CONTENT.boxes["1a.constant"], answer)
        assert v.verdict == "invalid" and "Add brackets" in v.feedback


@pytest.mark.parametrize("answer", BOLD_POWER)
def test_a_bolded_power_reads_as_the_power(answer):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v
    assert "d₁^(" in v.interpreted or "d₁^0.5" in v.interpreted, v.interpreted


@pytest.mark.parametrize(
    ("answer", "note"),
    [("**c = d1**-1**", "mistake:variance-not-constant"), ("**d1**-0.5**", "correct")],
)
def test_a_bolded_power_is_judged_by_its_own_exponent(answer, note):
    assert judged("1a.constant", answer).note == note


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "**1/sqrt(d1)**"),
        ("1a.constant", "__1/sqrt(d1)__"),
        ("1a.constant", "*1/sqrt(d1)*"),
        ("1a.constant", "_1/sqrt(d1)_"),
        ("1a.constant", "The answer is *1/√d1*"),
        ("1a.constant", "*c* = *1/sqrt(d1)*"),
        ("1a.value", "*d1*"),
        ("1a.value", "__d1__"),
        ("1a.value", "_d1_"),
        ("1a.value", "**d1**"),
        ("1a.value", "**d1"),
        ("1a.value", "d1**"),
        ("5c.loaddisk", "*50* ns"),
        ("5c.loaddisk", "__50__ ns"),
    ],
)
def test_bold_and_italics_around_an_answer_are_left_out(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v


@pytest.mark.parametrize(
    ("answer", "shown"),
    [("2 *d1* 3", "2·d₁·3"), ("d1 *d1* 1", "d₁·d₁·1"), ("d1**2", "d₁²"), ("d_1", "d₁")],
)
def test_a_star_or_underscore_beside_a_value_stays_as_typed(answer, shown):
    assert judged("1a.value", answer).interpreted == shown


@pytest.mark.parametrize(
    "answer",
    [
        "c^2 d1 = 1\n**c = d1**-0.5**",
        "**c^2 d1 = 1**\n*c = d1**-0.5*",
        "*c^2 d1 = 1*\n_c = 1/sqrt(d1)_",
        "**Step 1:** c^2 d1 = 1\n**Step 2:** **c = d1**-0.5**",
        "c^2 d1 = 1\nc = **d1**-0.5**",
    ],
)
def test_a_derivation_line_in_bold_or_italics_reads(answer):
    v = judged("1a.derive", answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v


# 3. a derivation's step said in a sentence without a colon: the lead-in words before its
#    equation and the words after it are left out ("We need c²d1 = 1.", "so we get … here")
SENTENCE_STEPS = [
    ("1a.derive", "We need c^2 d1 = 1.\nso c = 1/sqrt(d1) here."),
    ("1a.derive", "so we get c^2 d1 = 1 here\nthen c = 1/sqrt(d1)."),
    ("1a.derive", "c^2 d1 = 1\nSetting c^2 = 1/d1\nc = 1/sqrt(d1)"),
    ("1a.derive", "c^2 d1 = 1\nRequiring c^2 = 1/d1 here.\nc = 1/sqrt(d1)"),
    ("1a.derive", "c^2 d1 = 1\nwhich gives c^2 = 1/d1\nc = 1/sqrt(d1)"),
    ("1a.derive", "c^2 d1 = 1\nThis gives c^2 = 1/d1.\nc = 1/sqrt(d1)"),
    ("1a.derive", "c^2 d1 = 1\nand so c^2 = 1/d1\nhence c = 1/sqrt(d1) as required."),
    ("1a.derive", "c^2 d1 = 1\nThen c^2 = 1/d1\nThus c = 1/sqrt(d1) in this case."),
    ("5c.derive", "Setting 20*20 + 10*10 = 10 t\nso we get t = 50 here."),
    ("5c.derive", "We need 500 = 10 t.\nHence t = 50 ns as required."),
]


@pytest.mark.parametrize(("box", "answer"), SENTENCE_STEPS)
def test_a_step_said_in_a_sentence_reads_as_its_equation(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v


@pytest.mark.parametrize(
    "answer",
    [
        "c^2 d1 = 2\nso we get c^2 d1 = 1 here\nc = 1/sqrt(d1)",  # a wrong start stays wrong
        "We need c^2 d2 = 1.\nso c = 1/sqrt(d2) here.",  # the wrong dimension, in words
        "c^2 d1 = 1\nwe need c^2 = 2 here\nc = 1/sqrt(d1)",  # a wrong step in a sentence
    ],
)
def test_a_wrong_step_in_a_sentence_stays_wrong(answer):
    assert judged("1a.derive", answer).verdict in ("incorrect", "partial")


@pytest.mark.parametrize(
    "answer",
    [
        "c^2 d1 = 1\nit is not true that c^2 = 1/d1\nc = 1/sqrt(d1)",
        "c^2 d1 = 1\nwe need c^2 ≠ 1/d1\nc = 1/sqrt(d1)",
        "c^2 d1 = 1\nsetting c = 1/sqrt(d1) is wrong\nc = 1/sqrt(d1)",
        "c^2 d1 = 1\nthen c^2 = 1/d1 squared\nc = 1/sqrt(d1)",  # a word that changes the value
    ],
)
def test_a_sentence_that_negates_or_changes_its_step_is_never_its_equation(answer):
    assert judged("1a.derive", answer).verdict == "invalid"


def test_a_sentence_that_says_not_keeps_what_it_says():
    # "we need c² = 2 not 1/d1" says c² = 2 (never c² = 1/d1): a wrong step
    v = judged("1a.derive", "c^2 d1 = 1\nwe need c^2 = 2 not 1/d1\nc = 1/sqrt(d1)")
    assert v.verdict != "correct" and "c² = 2" in v.interpreted, v


# -- a value followed by words that reject it (the choice boxes' vocabulary, one for all) -----
@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "1/sqrt(d1) — nope"),
        ("1a.constant", "1/sqrt(d1) (NOT)"),
        ("1a.constant", "1/sqrt(d1), nope"),
        ("5c.loaddisk", "50 ns — nope"),
    ],
)
def test_a_value_rejected_by_the_words_after_it_is_refused(box, answer):
    v = check(CONTENT.boxes[box], answer)
    assert v.verdict == "invalid" and "take it back" in v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "1/sqrt(d1) (no doubt)",
        "1/sqrt(d1), which does not depend on d2",
        "c = 1/sqrt(d1), not 1/d1",
    ],
)
def test_a_remark_that_negates_something_else_keeps_the_value(answer):
    assert check(CONTENT.boxes["1a.constant"], answer).verdict == "correct"
