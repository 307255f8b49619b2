"""Trial 9p's classes 3, 4 and 5: forms whose characters a reader can misread.

- Python's ``**a/b`` (``d1**-1/2`` is (d1**-1)/2 in Python, but may be meant as the root): two
  values, so refused with both bracketings; ``^-1/2`` stays the power and says so.
- A float's exponent signed with a Unicode minus or a dash (``5e−8 s``): the exponent, as
  ``5e-8`` is, never 5·e − 8.
- PDF text that lost its scripts (``Θ(𝑑1 2)``, ``1/d₁½``, a labelled fraction on two lines) and
  MathML's invisible operators: refused where the reading is a guess, never a product with a
  named mistake the student did not make.
"""

from __future__ import annotations

import pytest
from reading_helpers import judged

# -- class 3: Python's ** before a fraction


@pytest.mark.parametrize(
    ("box", "answer", "python"),
    [
        ("1a.constant", "d1**-1/2", "(d1**-1)/2"),
        ("1a.constant", "d1 ** -1/2", "(d1**-1)/2"),
        ("1a.constant", "(4*d1)**-1/2", "((4*d1)**-1)/2"),
        ("1c.spectral", "(d1*d2)**1/2", "((d1*d2)**1)/2"),
        ("1c.spectral", "d1**1/2 * d2**1/2", "(d1**1)/2"),
        ("1a.value", "d1**1/2 * d1**1/2", "(d1**1)/2"),
    ],
)
def test_python_power_before_a_fraction_is_refused_with_both_readings(box, answer, python):
    v = judged(box, answer)
    assert v.verdict == "invalid", v
    assert python in v.feedback and "Add brackets" in v.feedback
    assert v.column == answer.index("**")  # the caret is under the '**'


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("d1**(-1/2)", "correct"),  # the power, bracketed
        ("d1**-0.5", "correct"),
        ("d1**(-1)/2", "incorrect"),  # Python's reading, bracketed: 1/(2·d1)
        ("d1 ** -1 / 2", "incorrect"),  # spaced as Python reads it: one meaning
    ],
)
def test_python_power_with_one_meaning_is_read_so(answer, verdict):
    assert judged("1a.constant", answer).verdict == verdict


def test_caret_fraction_power_is_read_as_the_root_and_says_so_when_right():
    v = judged("1a.constant", "d1^-1/2")
    assert v.verdict == "correct"
    assert v.interpreted == "d₁^(−1/2)"
    assert "I read ^−1/2 as the power −1/2" in v.feedback


# -- class 4: e-notation with a Unicode minus


@pytest.mark.parametrize(
    "answer",
    ["5e−8 s", "5E−8 s", "5e–8 s", "5.0e−8 s", "5e−5 ms", "5e‐8 s", "5e-8 s"],
)
def test_e_notation_with_a_unicode_minus_is_a_float(answer):
    v = judged("5c.loaddisk", answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v


def test_e_notation_times_one_is_one():
    v = judged("1a.constant", "1/sqrt(d1) * 1e−0")
    assert (v.verdict, v.note) == ("correct", "correct"), v


def test_euler_e_minus_a_number_with_spaces_is_still_e():
    assert "e" in judged("1a.constant", "1/sqrt(d1) * e − 0").interpreted


# -- class 5: PDF text that lost its scripts


@pytest.mark.parametrize(
    ("answer", "suggests"),
    [
        ("Θ(𝑑1 2)", "d1^2"),
        ("Θ( 𝑑 1 2 )", "d1^2"),
        ("Θ(d 1 2)", "d1^2"),
        ("Θ(𝑑 2 1 )", "d1^2"),  # d₁² typeset as d²₁: both readings named
        ("Θ(d_1 2)", "d1^2"),
        ("Θ(d1 2)", "d1^2"),
    ],
)
def test_a_digit_alone_after_a_name_is_a_lost_script_not_a_product(answer, suggests):
    v = judged("1b.scaling", answer)
    assert v.verdict == "invalid", v
    assert suggests in v.feedback and "lost its place" in v.feedback
    digit = answer.rstrip(" )")[-1]
    assert f"column {answer.rindex(digit) + 1}" in v.feedback
    assert v.column == answer.rindex(digit)


def test_sigma_then_a_digit_is_a_lost_superscript():
    v = judged("4a.g", "f(x)(x-μ)/σ 2")
    assert v.verdict == "invalid" and "sigma^2" in v.feedback, v


@pytest.mark.parametrize("answer", ["2 d1", "2d1", "d1 * 2", "Θ(d1^2)", "Θ(d1 d2)"])
def test_a_number_before_a_name_or_with_an_operator_is_still_read(answer):
    assert judged("1a.value", answer).verdict != "invalid"


@pytest.mark.parametrize("answer", ["1/d₁½", "1/𝑑1½"])
def test_a_vulgar_fraction_glued_after_a_name_is_a_lost_superscript(answer):
    v = judged("1a.constant", answer)
    assert v.verdict == "invalid", v
    assert "^(1/2)" in v.feedback and f"column {answer.index('½') + 1}" in v.feedback


def test_a_vulgar_fraction_as_an_exponent_is_still_read():
    assert judged("1a.constant", "d1^-½").verdict == "correct"


@pytest.mark.parametrize("answer", ["𝑐 = 1\n√𝑑1", "c = 1\n√d1", "c = 1\nsqrt(d1)", "c = 1\nd1"])
def test_a_labelled_fraction_stacked_on_two_lines_is_refused_like_the_unlabelled(answer):
    v = judged("1a.constant", answer)
    unlabelled = judged("1a.constant", answer.split("= ", 1)[1])
    assert unlabelled.verdict == v.verdict == "invalid", (v, unlabelled)
    assert "two answers, on two lines" in v.feedback
    assert v.column == answer.index("\n") + 1


def test_working_then_the_answer_on_its_own_line_is_still_read():
    v = judged("1a.constant", "c^2 d1 = 1\n1/sqrt(d1)")
    assert (v.verdict, v.note) == ("correct", "correct"), v


@pytest.mark.parametrize(
    ("char", "named"),
    [("\u2064", "plus sign"), ("\u2061", "function application")],
)
def test_invisible_plus_and_function_application_are_refused_where_they_stand(char, named):
    answer = f"𝑑₁{char}𝑑₂"
    v = judged("1a.value", answer)
    assert v.verdict == "invalid", v
    assert named in v.feedback and f"U+{ord(char):04X}, column 3" in v.feedback
    assert v.column == 2


def test_invisible_separator_is_a_comma():
    v = judged("1a.value", "𝑑₁\u2063𝑑₂")
    assert v.verdict == "invalid" and "two answers" in v.feedback, v


def test_invisible_times_is_a_product():
    v = judged("1a.value", "𝑑₁\u2062𝑑₂")
    assert v.interpreted == "d₁·d₂"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "1/sqrt\u2061(d1)"),
        ("4a.g", "f\u2061(x)⋅(x−μ)/σ²"),
        ("4b.F", "𝔼\u2061[f(μ+σz)]"),
    ],
)
def test_function_application_before_a_bracket_is_the_call(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v


def test_function_application_after_what_is_no_function_is_refused():
    v = judged("1a.value", "𝑑₁\u2061(𝑑₂)")  # was d₁·d₂, "forgot to divide by d2"
    assert v.verdict == "invalid" and "U+2061, column 3" in v.feedback, v
    assert v.column == 2
