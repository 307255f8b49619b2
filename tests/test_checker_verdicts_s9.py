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
