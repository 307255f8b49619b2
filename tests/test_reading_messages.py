"""Messages and readings for what students paste or say: operators in words between values, a
stray bold mark, an em dash or a lookalike letter from another alphabet, '~' in a box with no
distribution, and a width the box does not have."""

from __future__ import annotations

import pytest
from reading_helpers import judged


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1b.constant", "1/d1 times sqrt(pi/2)"),
        ("1b.constant", "sqrt(pi/2) divided by d1"),
        ("1b.constant", "sqrt(pi/2) over d1"),
        ("1b.constant", "1 over d1 times sqrt(pi/2)"),
        ("1b.constant", "sqrt(pi/2) multiplied by 1/d1"),
        ("1b.constant", "sqrt(pi over 2) over d1"),
        ("4a.g", "f(x) times (x-mu) over sigma^2"),
        ("4b.F", "E[f(mu plus sigma z)]"),
        ("4e.special", "g(z, mu) = mu plus sigma times z, z ~ N(0, I)"),
        ("1a.value", "**d1"),
        ("1a.value", "d1**"),
        ("1a.value", "**d1**"),
    ],
)
def test_operators_in_words_and_stray_bold_read(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "shown"),
    [
        ("1a.value", "d1 plus 1", "d₁ + 1"),
        ("1a.value", "d1 minus 1", "d₁ − 1"),
        ("1a.value", "Θ(1)**", "Θ(1)"),
        ("1a.value", "—d1", "−d₁"),
        ("1b.constant", "sqrt(pi/2)/(—d1)", "√(π/2)/(−d₁)"),
    ],
)
def test_what_is_read_is_shown(box, answer, shown):
    v = judged(box, answer)
    assert v.verdict != "invalid" and v.interpreted == shown, (v.interpreted, v.feedback)


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1b.constant", "1 over 2 d1"),  # 1/(2d1) said, (1/2)·d1 would be read: refused
        ("1a.value", "d1 plus or minus 1"),
        ("1a.value", "averaged over d2"),
    ],
)
def test_operator_words_that_would_read_another_value_are_refused(box, answer):
    assert judged(box, answer).verdict == "invalid"


@pytest.mark.parametrize(
    ("answer", "letter"), [("ԁ1", "d"), ("d1 + с", "c"), ("1/ԁ1", "d"), ("Ѕ", "S")]
)
def test_a_lookalike_letter_is_named(answer, letter):
    v = judged("1a.value", answer)
    assert v.verdict == "invalid"
    assert f"looks like the letter {letter}" in v.feedback, v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [("1a.value", "d1 ~ d1"), ("3b.sp", "fan_in ~ 1"), ("1b.constant", "c ~ d1 ~ 1")],
)
def test_a_tilde_in_a_box_with_no_distribution_is_not_a_problem_4_message(box, answer):
    v = judged(box, answer)
    if v.verdict == "invalid":
        assert "N(mean, covariance)" not in v.feedback and "p_θ" not in v.feedback, v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "width"),
    [
        ("3b.sp", "1/fan_out", "fan_in"),
        ("3b.sp", "fan_out", "fan_in"),
        ("3b.sp", "1/width", "fan_in"),
        ("3b.sp", "Θ(1/n)", "fan_in"),
        ("1a.value", "width", "d₁ and d₂"),
        ("1a.value", "n", "d₁ and d₂"),
    ],
)
def test_a_width_the_box_does_not_have_names_the_boxs_width(box, answer, width):
    v = judged(box, answer)
    assert v.verdict == "invalid"
    assert f"width{'s are' if ' and ' in width else ' is'} {width}" in v.feedback, v.feedback


def test_the_handouts_other_name_of_a_width_still_reads():
    assert judged("1a.value", "fan_in").verdict == "invalid"  # alone: "type d1"
    assert "calls d₁" in judged("1c.rmsnorm", "fan_in").feedback
