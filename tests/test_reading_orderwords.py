"""Orders said in words in an order box: a growth without its width, and "independent of the
width"."""

from __future__ import annotations

import pytest
from reading_helpers import judged


@pytest.mark.parametrize(
    "answer",
    [
        "independent of width",
        "independent of the width",
        "width-independent",
        "doesn't depend on width",
        "does not depend on the width",
        "it stays constant as the width grows",
        "constant in n",
        "no dependence on the width",
        "Θ(1) in width",
    ],
)
def test_no_growth_with_the_width_is_order_one(answer):
    v = judged("3c.rms_desideratum", answer)
    assert v.verdict == "correct", v.feedback
    assert v.interpreted == "Θ(1)"


def test_an_upper_bound_with_the_width_named_is_one_sided():
    # Θ(1) is two-sided (neither blow up nor vanish): O(1) is at most partial
    v = judged("3c.rms_desideratum", "O(1) w.r.t. width")
    assert (v.verdict, v.note, v.interpreted) == ("partial", "bound", "O(1)"), v.feedback
    assert "both sides" in v.feedback


def test_no_growth_is_judged_like_theta_one_where_it_is_wrong():
    v = judged("1b.scaling", "independent of width")
    assert (v.verdict, v.feedback) == ("incorrect", judged("1b.scaling", "Θ(1)").feedback)


def test_independent_of_one_of_several_symbols_alone_is_not_order_one():
    # 1b.scaling has d1 and d2: "independent of d2" says nothing about d1
    assert judged("1b.scaling", "independent of d2").verdict == "invalid"


def test_a_growth_alone_in_a_box_with_one_symbol_is_that_symbols_order():
    v = judged("3c.rms_desideratum", "linear")
    assert v.interpreted == "Θ(n)"
    assert v.note == judged("3c.rms_desideratum", "Θ(n)").note


@pytest.mark.parametrize("answer", ["quadratic", "quadratically", "grows quadratically", "linear"])
def test_a_growth_alone_among_several_symbols_asks_in_which_without_saying(answer):
    v = judged("1b.scaling", answer)
    assert v.verdict == "invalid"
    assert "not in which width" in v.feedback
    assert "d1, d2" in v.feedback  # the box's names, both: never which one is right


@pytest.mark.parametrize(
    "answer", ["quadratic in fan-in", "\\text{quadratic in } d_1", "Θ(d1²) in the width"]
)
def test_a_growth_with_its_width_named(answer):
    assert judged("1b.scaling", answer).verdict == "correct"


def test_expression_boxes_keep_the_words_as_words():
    assert judged("1b.value", "quadratic").note == "invalid:unknown-name"


@pytest.mark.parametrize("answer", ["independent of fan_in", "independent of width"])
def test_no_growth_in_an_expression_box_reads_as_constant_does(answer):
    v, constant = judged("3b.sp", answer), judged("3b.sp", "constant")
    assert (v.verdict, v.note, v.interpreted) == (constant.verdict, constant.note, "Θ(1)")


@pytest.mark.parametrize(
    ("answer", "reading"),
    [
        ("doesn't grow or shrink with width", "Θ(1)"),
        ("neither grows nor shrinks", "Θ(1)"),
        ("it should remain constant as the width grows", "Θ(1)"),
        ("stays the same", "Θ(1)"),
        ("doesn't change with width", "Θ(1)"),
        ("doesn't grow", "O(1)"),  # bounded above only: one-sided, so partial
        ("does not increase with width", "O(1)"),
        ("it should stay Θ(1) as width grows", "Θ(1)"),
    ],
)
def test_neither_growing_nor_shrinking_said_in_words_is_order_one(answer, reading):
    v = judged("3c.rms_desideratum", answer)
    # Θ(1) asks for both sides (the desideratum: neither blow up nor vanish); an upper bound
    # alone is at most partial, as "0" (which it allows) is not Θ(1)
    want = "correct" if reading == "Θ(1)" else "partial"
    assert (v.verdict, v.interpreted) == (want, reading), v.feedback


def test_a_width_alias_alone_says_which_name_to_type():
    v = judged("1c.rmsnorm", "fan_in")
    assert v.verdict == "invalid"
    assert "type d1" in v.feedback and "don't know" not in v.feedback


@pytest.mark.parametrize("answer", ["0", "Θ(0)", "O(0)"])
def test_zero_is_not_order_one(answer):
    """What vanishes is not Θ(1) (it was read as a constant, so as Θ(1), and marked right); the
    feedback says so without naming the key, Θ(1)."""
    v = judged("3c.rms_desideratum", answer)
    assert v.verdict == "incorrect"
    assert "Zero has no order of growth" in v.feedback and "Θ(1)" not in v.feedback
    v = judged("1b.scaling", answer)
    assert v.verdict == "incorrect" and "does not vanish" in v.feedback


def test_a_nonzero_constant_is_still_order_one():
    assert judged("3c.rms_desideratum", "0.5").verdict == "correct"


@pytest.mark.parametrize("answer", ["Θ(d1^2 + d2)", "Θ(d1^2 + d1*d2)", "Θ(d1²+d2²)", "d1^2 + d2"])
def test_an_order_with_another_width_added_is_not_the_order_without_it(answer):
    """Θ(d1² + d2) agrees with Θ(d1²) for a fixed d2, but not as d2 grows too: it was marked
    right, "independent of the fan-out"."""
    v = judged("1b.scaling", answer)
    assert v.verdict == "incorrect"
    assert "d₂" in v.feedback


def test_lower_terms_in_the_same_width_still_do_not_change_the_order():
    assert judged("1b.scaling", "Θ(d1^2 + d1)").verdict == "correct"


@pytest.mark.parametrize(
    "answer",
    [
        "Θ(d1^2) in d1",
        "Θ(d1^2) in d1, independent of d2",
        "Θ(d1²) in d1 and independent of d2",
        "Theta(d_1^2) in d1, independent of d2",
    ],
)
def test_an_order_followed_by_its_own_variable_is_that_order(answer):
    # "… in d1, independent of d2" was "more than one value in that sentence"
    v = judged("1b.scaling", answer)
    assert (v.verdict, v.interpreted.split(",")[0]) == ("correct", "Θ(d₁²)"), v.feedback


def test_an_order_followed_by_another_variable_is_not_read_as_that_order():
    assert judged("1b.scaling", "Θ(d1^2) in d2").verdict != "correct"


@pytest.mark.parametrize(
    "answer",
    [
        "one over root d1",
        "one over the square root of d1",
        "one divided by the square root of d1",
        "the inverse square root of d1",
        "the reciprocal of the square root of d1",
        "1/(square root of d1)",
        "c = 1 over the square root of the fan-in",
    ],
)
def test_a_root_and_its_operands_said_in_words_read_as_math(answer):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.interpreted) == ("correct", "1/√d₁"), v.feedback


def test_words_that_are_not_numbers_beside_an_operator_word_stay_words():
    # "the square root of d1" is √d1 (upside down); "someone" holds "one" but is a word
    assert judged("1a.constant", "the square root of d1").interpreted == "√d₁"
    assert judged("1a.constant", "two over root d1").interpreted == "2/√d₁"
    assert judged("1a.constant", "someone over root d1").verdict == "invalid"


@pytest.mark.parametrize(
    "answer",
    ["sqrt d1 d2", "root d1 d2", "√d1 d2", "√d₁ d₂", "sqrt d_1 d_2", "square root of d1 d2"],
)
def test_a_root_without_brackets_before_a_product_asks_which_is_meant(answer):
    v = judged("1c.spectral", answer)
    assert v.verdict == "invalid", v.feedback
    assert "Without brackets" in v.feedback
    assert "√(d₁·d₂) or √d₁·d₂" in v.feedback  # both readings offered: neither is said right


@pytest.mark.parametrize(
    ("answer", "read"),
    [("sqrt(d1 d2)", "√(d₁·d₂)"), ("√d1d2", "√(d₁·d₂)"), ("sqrt(d1) d2", "√d₁·d₂")],
)
def test_a_root_whose_reach_is_written_is_read_as_written(answer, read):
    assert judged("1c.spectral", answer).interpreted == read
