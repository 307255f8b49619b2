"""Statements of one growth bounded from both sides are its Θ: "O(d1²) and Ω(d1²)" says
Θ(d1²), and so does a Θ beside an O of the same growth; two bounds from one side stay a bound,
and bounds of different growths are two answers."""

from __future__ import annotations

import pytest
from reading_helpers import judged


@pytest.mark.parametrize(
    "answer",
    [
        "O(d1^2) and Ω(d1^2)",
        "Ω(d1^2) and O(d1^2)",
        "Θ(d1^2), O(d1^2)",
        r"\Omega(d_1^2) \text{ and } O(d_1^2)",
    ],
)
def test_bounds_from_both_sides_are_the_theta(answer):
    v = judged("1b.scaling", answer)
    assert (v.verdict, v.interpreted) == ("correct", "Θ(d₁²)"), (v.verdict, v.interpreted)


def test_bounds_from_one_side_stay_a_bound():
    v = judged("1b.scaling", "O(d1^2) and O(d1^2)")
    assert (v.verdict, v.note) == ("partial", "bound")


def test_a_wrong_growth_bounded_from_both_sides_is_that_wrong_theta():
    v = judged("1b.scaling", "O(d1^3) and Ω(d1^3)")
    assert v.verdict == "incorrect" and v.interpreted == "Θ(d₁³)"


def test_bounds_of_two_growths_are_two_answers():
    assert judged("1b.scaling", "O(d1^2) and Ω(d1)").verdict == "invalid"
