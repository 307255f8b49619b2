"""A number box's answer typed as an interval: the bound it states, judged as a bound."""

from __future__ import annotations

import pytest
from reading_helpers import judged

from tutor.inputlang.intervals import as_bound
from tutor.inputlang.values import ParseError


@pytest.mark.parametrize(
    "answer",
    [
        "t ∈ (0, 50]",
        "(0, 50]",
        "[0,50]",
        "t \\in [0, 50]",
        "loaddisk ∈ [0, 50] ns",
        "t in [0,50]",
        "loaddisk must be in [0, 50] ns",
        "(-inf, 50]",
        "(−∞, 50]",
        "t ∈ (-\\infty, 50]",
        "$t \\in [0, 50]$",
    ],
)
def test_an_interval_from_zero_or_below_is_its_upper_bound(answer):
    v = judged("5c.loaddisk", answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback
    assert "≤ 50" in v.interpreted


@pytest.mark.parametrize(("interval", "bound"), [("[0, 50)", "< 50"), ("(0, 50)", "t < 50")])
def test_an_open_end_reads_as_the_strict_bound_does(interval, bound):
    assert judged("5c.loaddisk", interval).with_ms(0) == judged("5c.loaddisk", bound).with_ms(0)


def test_an_interval_to_infinity_is_a_lower_bound_and_is_wrong_here():
    v = judged("5c.loaddisk", "[50, ∞)")
    assert v.verdict == "incorrect"
    assert "wrong way" in v.feedback


def test_a_wrong_end_gets_the_feedback_of_that_bound():
    v = judged("5c.loaddisk", "t ∈ (0, 40]")
    assert v.verdict == "incorrect"
    assert v.note == "mistake:drops-loadmem"


@pytest.mark.parametrize("answer", ["[10, 50]", "t ∈ (10, 50]", "(-inf, inf)"])
def test_an_interval_with_two_ends_is_refused_like_a_range(answer):
    v = judged("5c.loaddisk", answer)
    assert v.verdict == "invalid"
    assert "range with two ends" in v.feedback
    assert v.feedback == judged("5c.loaddisk", "10 < t < 50").feedback


def test_the_rewrite_keeps_every_column():
    for text in ["t ∈ (0, 50] ns", "[50, inf)", "x (0,5) y"]:
        assert len(as_bound(text)) == len(text)
    with pytest.raises(ParseError) as err:
        as_bound("so t ∈ [10, 50]")
    assert err.value.column == 7  # the opening bracket


def test_other_boxes_do_not_read_intervals():
    assert judged("5a.fwd", "[0, 20]").verdict == "invalid"
