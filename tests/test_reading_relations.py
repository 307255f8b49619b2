"""Relations other than '=' in boxes that ask for a value: a bound is refused (never judged as
the value), assignment arrows are '=', a starred label is a label."""

from __future__ import annotations

import pytest
from reading_helpers import judged


@pytest.mark.parametrize(
    ("box", "answer", "said"),
    [
        ("1a.constant", "c < 1/sqrt(d1)", "<"),
        ("1a.constant", "c <= 1/sqrt(d1)", "≤"),
        ("1a.constant", "c > 1/sqrt(d1)", ">"),
        ("1a.constant", "c ≥ 1/√d₁", "≥"),
        ("1a.constant", "< 1/sqrt(d1)", "<"),
        ("1a.constant", "at most 1/sqrt(d1)", "at most"),
        ("1a.constant", "c <-1/sqrt(d1)", "<"),
        ("1b.scaling", "E[RMS²] ≤ Θ(d1²)", "≤"),
        ("4b.F", "F(μ) ≥ E_{z~N(0,I)}[f(μ+σz)]", "≥"),
    ],
)
def test_a_bound_is_refused_where_the_value_is_asked(box, answer, said):
    # it was read as the value itself: "c > 1/√d1" was marked correct
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:kind"), v
    assert f"({said} …)" in v.feedback


def test_a_number_box_still_takes_a_bound():
    assert judged("5c.loaddisk", "t <= 50 ns").verdict == "correct"


@pytest.mark.parametrize(
    "answer",
    [
        "c ← 1/sqrt(d1)",
        "c ⟵ 1/sqrt(d1)",
        "c <- 1/sqrt(d1)",
        "c := 1/sqrt(d1)",
        "c* = 1/sqrt(d1)",
        "1/sqrt(d1) exactly",
        "exactly 1/sqrt(d1)",
    ],
)
def test_assignment_a_starred_label_and_exactly(answer):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.interpreted) == ("correct", "1/√d₁"), v.feedback


def test_a_star_that_multiplies_is_still_a_product():
    assert judged("1a.constant", "2*d1**-0.5/2").verdict == "correct"
