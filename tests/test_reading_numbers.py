"""Numbers and counts as students write them: "2 x 10" for a product, a unit split in two
("50 nano seconds"), and a bound said after the value ("50 ns max", "50 ns at most")."""

from __future__ import annotations

import pytest
import shipped_content
from reading_helpers import judged

BOXES = shipped_content.handout().boxes


@pytest.mark.parametrize("answer", ["2 x 10", "2x10", "2 X 10", "4 x 5 fwd", "2x2x5", "2 x 2 x 5"])
def test_an_x_between_numbers_is_a_product(answer):
    v = judged("5a.fwd", answer)
    assert (v.verdict, v.note) == ("correct", "correct")


@pytest.mark.parametrize("answer", ["0x14", "x20", "20x"])
def test_other_xs_are_not_products(answer):
    assert judged("5a.fwd", answer).verdict == "invalid"


@pytest.mark.parametrize(
    ("answer", "reading"),
    [
        ("50 nano seconds", "50 nanoseconds"),
        ("50 nano sec", "50 nanosec"),
        ("0.05 micro seconds", "0.05 microseconds"),
    ],
)
def test_a_unit_split_in_two_is_one_unit(answer, reading):
    v = judged("5c.loaddisk", answer)
    assert (v.verdict, v.interpreted) == ("correct", reading)


@pytest.mark.parametrize(
    ("answer", "verdict", "reading"),
    [
        ("50 ns max", "correct", "≤ 50 ns"),
        ("50 ns maximum", "correct", "≤ 50 ns"),
        ("50 ns at most", "correct", "≤ 50 ns"),
        ("50 at most ns", "correct", "≤ 50 ns"),
        ("50 ns at least", "incorrect", "≥ 50 ns"),  # the bound points the wrong way
    ],
)
def test_a_bound_said_after_the_value(answer, verdict, reading):
    v = judged("5c.loaddisk", answer)
    assert (v.verdict, v.interpreted) == (verdict, reading)


@pytest.mark.parametrize("answer", ["50 ns at", "50 most"])
def test_half_a_bound_phrase_is_refused(answer):
    assert judged("5c.loaddisk", answer).verdict == "invalid"


@pytest.mark.parametrize(
    "answer",
    ["0 < t ≤ 50", "0 <= t <= 50 ns", "50 >= t > 0", "0 ns < loaddisk <= 50 ns"]
    + ["between 0 and 50 ns", "between 0 ns and 50 ns", "from 0 to 50 ns"],
)
def test_a_range_from_zero_is_its_upper_bound(answer):
    v = judged("5c.loaddisk", answer)
    assert (v.verdict, v.interpreted) == ("correct", "≤ 50 ns")


@pytest.mark.parametrize("answer", ["10 < t <= 50", "between 10 and 50 ns", "0 ≤ t ≥ 50"])
def test_another_range_is_refused(answer):
    assert judged("5c.loaddisk", answer).verdict == "invalid"


def test_the_names_the_spectral_paper_uses_for_widths_are_read():
    v = judged("3c.rms_factor", "sqrt(d_in/d_out)")
    assert (v.verdict, v.interpreted) == ("correct", "√(n_in/n_out)")


@pytest.mark.parametrize(
    ("answer", "verdict", "reading"),
    [
        ("faster than 50 ns", "correct", "≤ 50 ns"),
        ("it must be faster than 50 ns", "correct", "≤ 50 ns"),
        ("quicker than 50ns", "correct", "≤ 50 ns"),
        ("no longer than 50 ns", "correct", "≤ 50 ns"),
        ("slower than 50 ns", "incorrect", "≥ 50 ns"),
        ("no faster than 50 ns", "incorrect", "≥ 50 ns"),
    ],
)
def test_a_time_bound_said_as_a_speed(answer, verdict, reading):
    # faster is less time: "faster than 50 ns" is at most 50 ns (it was refused as a comparison)
    v = judged("5c.loaddisk", answer)
    assert (v.verdict, v.interpreted) == (verdict, reading)


@pytest.mark.parametrize("answer", ["twenty (20)", "twenty (20) fwd", "Twenty ( 20 )"])
def test_a_number_in_words_then_in_digits_is_one_number(answer):
    assert judged("5a.fwd", answer).interpreted == "20 fwd"


@pytest.mark.parametrize(
    ("answer", "verdict"), [("2(2)", "incorrect"), ("2 (3)", "invalid"), ("twenty (21)", "invalid")]
)
def test_other_numbers_in_brackets_are_read_as_before(answer, verdict):
    assert judged("5a.fwd", answer).verdict == verdict


@pytest.mark.parametrize("answer", ["(|log(0)|)^2", "log(0)^2", "ln(d1 - d1)"])
def test_a_logarithm_of_zero_is_refused_not_a_checker_failure(answer):
    # (|log 0|)² made the checker fail (invalid:error); log(0)² was judged as a value
    v = judged("1a.constant", answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:syntax")
    assert "logarithm" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "what"),
    [
        ("4a.g", "sqrt(-1)*f(x)", "square root"),
        ("4a.g", "f(x) sqrt(-sigma^2)", "square root"),
        ("4a.g", "(-1)^(1/2) f(x)", "power"),
        ("4a.g", "log(-1) f(x)", "logarithm"),
        ("1a.constant", "1/sqrt(-d1)", "square root"),
    ],
)
def test_an_imaginary_value_is_refused_at_once_like_a_division_by_zero(box, answer, what):
    # √(−1)·f(x) was compared with the key symbolically, a second or more, and timed out when
    # it was a fresh checker's first answer: the same answer, another verdict a moment later
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:syntax")
    assert what in v.feedback and "not a real number" in v.feedback


def test_a_real_power_of_a_negative_number_is_still_a_value():
    assert judged("4a.g", "(-1)^2 f(x)(x-mu)/sigma^2").verdict == "correct"


@pytest.mark.parametrize("typed", ["20.0000000000000000000001", "19.99999999999999999999"])
def test_a_count_is_whole_exactly_as_typed_not_as_its_float(typed):
    v = judged("5a.fwd", typed)
    assert (v.verdict, v.feedback) == ("incorrect", "A count is a whole number.")


@pytest.mark.parametrize("typed", ["20.0", "2e1", "40/2"])
def test_a_whole_count_written_otherwise_is_still_the_count(typed):
    assert judged("5a.fwd", typed).verdict == "correct"


@pytest.mark.parametrize(("typed", "named"), [("\x00", "U+0000"), ("d1 \x1b[31m", "U+001B")])
def test_a_character_that_does_not_show_is_named_by_its_code_point(typed, named):
    v = judged("1a.constant", typed)
    assert v.verdict == "invalid"
    assert named in v.feedback
    assert all(ch.isprintable() for ch in v.feedback)


@pytest.mark.parametrize(
    ("typed", "reading", "verdict"),
    [
        ("must be less than or equal to 50 ns", "≤ 50 ns", "correct"),
        ("no greater than 50 ns", "≤ 50 ns", "correct"),
        ("t is greater than or equal to 50 ns", "≥ 50 ns", "incorrect"),
        ("50 ns or more", "≥ 50 ns", "incorrect"),  # a bound the wrong way, judged as one
        ("50 ns or longer", "≥ 50 ns", "incorrect"),
        ("50 nanosecs", "50 nanosecs", "correct"),
    ],
)
def test_bounds_and_units_said_in_words(typed, reading, verdict):
    v = judged("5c.loaddisk", typed)
    assert (v.verdict, v.interpreted) == (verdict, reading), v.feedback


def test_or_more_after_a_lower_bound_says_it_points_the_wrong_way():
    assert "wrong way" in judged("5c.loaddisk", "50 ns or more").feedback


@pytest.mark.parametrize(
    "typed",
    ["\\SI{50}{\\nano\\second}", "\\qty{50}{ns}", "\\num{50} ns", "50\\,\\si{\\nano\\second}"],
)
def test_siunitx_quantities_read_as_the_number_and_unit(typed):
    v = judged("5c.loaddisk", typed)
    assert (v.verdict, v.interpreted) == ("correct", "50 ns"), v.feedback


def test_siunitx_in_microseconds_is_converted_like_a_typed_unit():
    assert judged("5c.loaddisk", "\\SI{0.05}{\\micro\\second}").verdict == "correct"


@pytest.mark.parametrize(("typed", "point"), [("50,5 ns", "50.5"), ("45,20", "45.20")])
def test_a_decimal_comma_is_asked_about_not_read_as_two_answers(typed, point):
    v = judged("5c.loaddisk", typed)
    assert v.verdict == "invalid"
    assert f"type a point ({point})" in v.feedback


@pytest.mark.parametrize("typed", ["1,000 ns", "t ∈ (0,50]", "[0,50] ns"])
def test_thousands_marks_and_intervals_are_not_decimal_commas(typed):
    assert "decimal comma" not in judged("5c.loaddisk", typed).feedback


def test_digits_restated_in_words_after_them():
    assert judged("5a.fwd", "20 (twenty)").interpreted == "20 fwd"
    assert judged("5a.fwd", "20 (twenty-one)").verdict == "invalid"  # two different numbers


@pytest.mark.parametrize("answer", ["√2d1", "1/√2d1", "sqrt 2d1"])
def test_a_root_of_a_number_glued_to_a_name_says_it_is_the_numbers_alone(answer):
    # 1/√2d1 was read as 1/(√2·d₁) without a word: a student who meant 1/√(2d₁) saw only
    # "incorrect"; √π/√2d1 (1b's key, typed that way) stays √π/(√2·d₁)
    v = judged("1a.constant", answer)
    assert "the root of 2 alone" in v.feedback and "√(2·d₁)" in v.feedback, v.feedback


def test_the_same_reading_without_a_remark_where_brackets_say_it():
    v = judged("1a.constant", "1/√(2d1)")
    assert "alone" not in v.feedback
    assert judged("1b.constant", "√π/√2d1").verdict == "correct"


@pytest.mark.parametrize("answer", ["50 ns/s", "50 ns per s", "50 ns per second"])
def test_a_time_per_time_is_a_rate_not_the_time(answer):
    v = judged("5c.loaddisk", answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:unit"), v.feedback
    assert "rate" in v.feedback


@pytest.mark.parametrize("answer", ["50 ns/layer", "50 ns per load", "50 ns/op", "50 ns each"])
def test_a_time_per_operation_is_still_the_time(answer):
    assert judged("5c.loaddisk", answer).verdict == "correct"
