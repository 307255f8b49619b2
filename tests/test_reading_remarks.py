"""What a student writes around an answer, or how a paste frames it, read as the student means
it, class by class (each section names its class): the verdict, the feedback, and the "read as"
line, on the shipped content (the handout's numbers), the way a student meets it; the preview
shows the same reading (``judged``)."""

from __future__ import annotations

import pytest
from reading_helpers import BOXES, judged

from tutor.checking.judge import check

# -- displayed mathematics pasted on lines of its own is one answer
ONE_OVER_ROOT = "c = \\frac{1}{\\sqrt{d_1}}"


@pytest.mark.parametrize(
    "answer",
    [
        f"$$\n{ONE_OVER_ROOT}\n$$",  # was "I read two answers, on two lines"
        f"\\[\n{ONE_OVER_ROOT}\n\\]",
        f"\\(\n{ONE_OVER_ROOT}\n\\)",
        f"$${ONE_OVER_ROOT}\n$$",
        f"\\begin{{equation}}\n{ONE_OVER_ROOT}\n\\end{{equation}}",
        f"\\begin{{equation*}}{ONE_OVER_ROOT} \\label{{eq:c}}\\end{{equation*}}",
        "\\begin{align*}\nc &= \\frac{1}{\\sqrt{d_1}} \\\\\n\\end{align*}",
        f"\\begin{{align}}\n{ONE_OVER_ROOT} \\nonumber\n\\end{{align}}",
        f"The constant is\n$$\n{ONE_OVER_ROOT}\n$$\nThis is LeCun's rule.",
        f"The constant is:\n\\[\n{ONE_OVER_ROOT}.\n\\]",  # was "a value in more than one sentence"
    ],
)
def test_a_display_on_lines_of_its_own_is_one_answer(answer):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.interpreted) == ("correct", "1/√d₁"), v.feedback


def test_a_display_of_the_whole_value_in_1b():
    v = judged("1b.value", "$$\nE[RMS^2] = d_1 + (2/pi) d_1 (d_1 - 1)\n$$")
    assert (v.verdict, v.interpreted) == ("correct", "d₁ + 2/π·d₁·(d₁ − 1)")


@pytest.mark.parametrize(
    "answer",
    [
        f"$$\n{ONE_OVER_ROOT}\n$$\n$$\nc = \\frac{{1}}{{d_1}}\n$$",
        f"\\[\n{ONE_OVER_ROOT}\n\\]\n\\[\nc = \\frac{{1}}{{d_1}}\n\\]",
    ],
)
def test_two_displays_are_still_two_answers(answer):
    v = judged("1a.constant", answer)
    assert v.verdict == "invalid" and "two answers, on two lines" in v.feedback


# -- a trailing bracket naming (another spelling of) a width the value uses is a gloss
@pytest.mark.parametrize(
    ("box", "answer", "verdict", "reading"),
    [
        ("1a.value", "d1 (fan-in)", "correct", "d₁"),  # was d₁·d₁, "terms line up"
        ("1a.value", "d1 (n_in)", "correct", "d₁"),
        ("1a.value", "d1(fan-in)", "correct", "d₁"),
        ("1a.value", "d1 [fan_in]", "correct", "d₁"),
        ("1a.value", "d1 (fan_in d1)", "correct", "d₁"),
        ("1a.constant", "1/sqrt(d1) (fan-in)", "correct", "1/√d₁"),  # was 1/√d₁·d₁
        ("1a.constant", "c = 1/sqrt(d1) (fan-in)", "correct", "1/√d₁"),
        ("1b.constant", "sqrt(pi/2)/d1 (fan-in)", "correct", "√(π/2)/d₁"),
        ("1b.scaling", "Θ(d1^2) (fan_in)", "correct", "Θ(d₁²)"),  # was Θ(d₁²)·d₁, too fast
        ("1b.value", "d1 + (2/pi) d1 (d1 - 1) (fan-in)", "correct", "d₁ + 2/π·d₁·(d₁ − 1)"),
        ("1c.rmsnorm", "d1 (fan-in)", "correct", "d₁"),
        ("3c.rms_factor", "sqrt(n_in/n_out) (fan-in)", "correct", "√(n_in/n_out)"),
        # after an order, even the same name is a gloss: nothing multiplies an order
        ("3b.sp", "Θ(1/fan_in) (fan_in)", "incorrect", "Θ(1/fan_in)"),  # was Θ(1), correct
        ("3b.sp", "Θ(1/fan_in) (fan-in)", "incorrect", "Θ(1/fan_in)"),
        ("3b.sp", "Θ(1) (constant)", "correct", "Θ(1)"),  # was refused, "whole answer"
        ("3b.sp", "1 (constant)", "correct", "1"),
        ("1a.constant", "1/sqrt(d1) (constant)", "correct", "1/√d₁"),
    ],
)
def test_a_bracket_naming_a_width_the_value_uses_is_a_gloss(box, answer, verdict, reading):
    v = judged(box, answer)
    assert (v.verdict, v.interpreted) == (verdict, reading), v.feedback
    assert "the same quantity in this question" not in v.feedback  # no factor was read


def test_a_gloss_on_a_wrong_value_says_it_was_left_out_and_judges_the_value():
    v = judged("1a.value", "2 d1 (fan-in)")  # was 2·d₁·d₁: "the terms line up" (false)
    assert (v.verdict, v.note, v.interpreted) == ("partial", "order:partial", "2·d₁")
    assert "line up" not in v.feedback
    assert "I read '(fan-in)' as naming d₁ again, not as a factor." in v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "reading"),
    [
        ("1a.value", "2 (d1)", "2·d₁"),  # the value does not use d1: a factor
        ("1a.value", "d1 (d1 + 1)", "d₁·(d₁ + 1)"),  # not only names: a factor
        ("1a.value", "d1 (d2)", "d₁·d₂"),  # another width
        ("1a.value", "d1 (fan-out)", "d₁·d₂"),  # another width, by its other name
        ("1a.value", "d1 (d1)", "d₁·d₁"),  # the same name again, as typed
        ("1a.value", "d1^(fan-in)", "d₁^d₁"),  # a power, not a bracket after a value
    ],
)
def test_a_bracket_that_is_a_factor_stays_a_product(box, answer, reading):
    v = judged(box, answer)
    assert v.verdict != "correct" and v.interpreted == reading


# -- the handout's other names of one width are that width
def test_two_other_names_of_one_width_are_that_width():
    # n_{ℓ−1} and fan_in are both the handout's names of n_in: "two different widths" was false
    v = judged("3c.rms_factor", "sqrt(n_{l-1}/n_l) = sqrt(fan_in/fan_out)")
    assert (v.verdict, v.interpreted) == ("correct", "√(n_in/n_out) = √(n_in/n_out)")
    v = judged("3c.rms_factor", "sqrt(n_{l-1}/n_l) (n_in)")  # a gloss by the box's own name
    assert (v.verdict, v.interpreted) == ("correct", "√(n_in/n_out)")
    v = judged("3c.rms_factor", "sqrt(n_{l-1}/n_l) = sqrt(fan_out/fan_in)")
    assert v.verdict == "invalid" and "not equal" in v.feedback  # a real difference


def test_two_widths_read_as_an_order_boxs_one_width_are_still_refused():
    v = judged("3c.rms_desideratum", "Θ(√(n_ℓ/n_{ℓ−1}))")
    assert v.verdict == "invalid" and "two different widths" in v.feedback


# -- a decimal after an exact value restates it
@pytest.mark.parametrize(
    ("answer", "reading"),
    [
        ("±sqrt(pi/2)/d1 ≈ ±1.25/d1", "±√(π/2)/d₁ ≈ ±1.25/d₁"),  # was partial, "− sign not right"
        ("sqrt(pi/2)/d1 ≈ 1.25/d1", "√(π/2)/d₁ ≈ 1.25/d₁"),
        ("c = √(π/2)/d₁ \\approx 1.25/d₁", "√(π/2)/d₁ ≈ 1.25/d₁"),
        ("sqrt(pi/2)/d1 = 1.2533/d1", "√(π/2)/d₁ = 1.2533/d₁"),  # '=' as typed, both places
    ],
)
def test_a_decimal_after_an_exact_value_does_not_demote_it(answer, reading):
    v = judged("1b.constant", answer)
    assert (v.verdict, v.interpreted) == ("correct", reading), v.feedback
    assert "sign is not right" not in v.feedback and "exactly" not in v.feedback


def test_a_decimal_with_both_signs_says_so_of_both():
    v = judged("1b.constant", "±1.25/d1")
    assert (v.verdict, v.note) == ("partial", "decimal")
    assert "not right either" not in v.feedback  # the − sign is as good as the + sign
    assert "(The same holds for the − sign of ±.)" in v.feedback


# -- "(or …)" after a value: its negative is both signs, another value is refused as one
@pytest.mark.parametrize(
    "answer",
    [
        "1/sqrt(d1) (or -1/sqrt(d1))",  # was "The words after the value compare it"
        "c = 1/sqrt(d1) (or c = -1/sqrt(d1))",
        "-1/sqrt(d1) [or 1/sqrt(d1)]",
    ],
)
def test_a_value_or_its_negative_in_brackets_is_both_signs(answer):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.interpreted) == ("correct", "±(1/√d₁)"), v.feedback
    assert "compare" not in v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "says"),
    [
        ("1a.constant", "1/sqrt(d1) (or 1/d1)", "The words in brackets ('or …', column 13)"),
        ("5a.fwd", "20 (or 30)", "give another value"),
        ("5c.loaddisk", "50 ns (or more)", "compare"),  # a bound, still refused as one
    ],
)
def test_another_value_offered_in_brackets_is_refused_saying_so(box, answer, says):
    v = judged(box, answer)
    assert v.verdict == "invalid"
    assert says in v.feedback, v.feedback


# -- a sentence's words that restate the value: a label then "is", a ratio said in words
@pytest.mark.parametrize(
    ("box", "answer", "verdict", "reading"),
    [
        ("1a.value", "E[RMS^2] is d1", "correct", "d₁"),  # was "more than one value"
        ("1a.value", "The expected squared RMS norm is d1.", "correct", "d₁"),  # was too
        ("1a.value", "The expected value E[RMS²(y)] is exactly d1.", "correct", "d₁"),
        ("1a.value", "E[RMS^2] grows like d1", "partial", "Θ(d₁)"),  # an order, as E[RMS²] ∝ d1
        ("1b.scaling", "E[RMS^2] is proportional to d1^2", "correct", "Θ(d₁²)"),
        ("1a.value", "The answer is d1 squared.", "incorrect", "d₁²"),  # a power after a value
        ("3c.rms_factor", "sqrt(n_in/n_out) (fan-in over fan-out)", "correct", "√(n_in/n_out)"),
    ],
)
def test_words_that_restate_the_value_are_left_out(box, answer, verdict, reading):
    v = judged(box, answer)
    assert (v.verdict, v.interpreted) == (verdict, reading), v.feedback
    assert "compare" not in v.feedback and "more than one value" not in v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "says"),
    [
        ("5c.loaddisk", "50 ns (over 40 ns)", "compare"),  # "over" a value: a comparison
        ("1a.value", "E[RMS^2] is not d1", "says what the value is not ('not', column 13)"),
        ("1a.value", "d2 is d1", "more than one value"),  # two values, neither a label
    ],
)
def test_words_that_change_the_value_are_refused_saying_why(box, answer, says):
    v = judged(box, answer)
    assert v.verdict == "invalid"
    assert says in v.feedback, v.feedback


def test_a_label_then_is_reads_as_the_label_then_equals():
    # a variance said with "is" is judged as the variance, as "Var(W_ij) = 1/d1" is
    said, typed = (
        check(BOXES["1a.constant"], "Var(W_ij) is 1/d1"),
        check(BOXES["1a.constant"], "Var(W_ij) = 1/d1"),
    )
    assert (said.verdict, said.note, said.interpreted) == (
        typed.verdict,
        typed.note,
        typed.interpreted,
    )
    assert said.verdict == "invalid" and "give the multiplier c" in said.feedback


# -- a choice's letter inside a phrase or LaTeX
@pytest.mark.parametrize(
    ("box", "answer", "key"),
    [
        ("1c.why", "$b$", "b"),  # these were refused: "Pick one of the choices by its letter"
        ("1c.why", "\\text{b}", "b"),
        ("1c.why", "\\textbf{(b)}", "b"),
        ("1c.why", "$\\boxed{\\text{b}}$", "b"),
        ("2.sp_optimum", "I pick b", "b"),
        ("2.sp_optimum", "Definitely b", "b"),
        ("2.sp_optimum", "the correct one is b", "b"),
        ("2.sp_optimum", "Definitely b!", "b"),
        ("2.sp_optimum", "b is my final answer", "b"),
        ("2.sp_optimum", "I think c", "c"),
        ("2.sp_optimum", "my answer is b", "b"),
        ("3a.axes", "I'd go with c", "c"),  # was "Give one choice only": the d of I'd
        ("3a.axes", "I'd say c", "c"),
        ("3a.axes", "I'd go with c, not d", "c"),
        ("3a.axes", "I pick c (the loss one)", "c"),
        ("3a.axes", "It is a", "a"),
    ],
)
def test_a_choice_letter_in_a_phrase_or_latex_is_that_choice(box, answer, key):
    v = judged(box, answer)
    assert v.verdict != "invalid", v.feedback
    assert v.interpreted.startswith(f"({key}) "), v.interpreted


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ("I pick c or d", "Give one choice only"),
        ("Either a or c", "Give one choice only"),
        ("Definitely c. Actually d.", "Give one choice only"),
        ("I would not pick c", "Pick one of the choices"),
        ("I wouldn't pick c", "Pick one of the choices"),
        ("It is a training loss plot", "Pick one of the choices"),  # "a" is an article here
        ("is c", "Pick one of the choices"),  # a piece of "the answer is c", no phrase
    ],
)
def test_a_phrase_with_two_letters_or_a_negation_is_not_a_choice(answer, says):
    v = judged("3a.axes", answer)
    assert v.verdict == "invalid"
    assert says in v.feedback, v.feedback


# -- words after a comma that hold no value are not a second answer: the student is told that
# words are not judged, and how to keep an explanation (never judged right with a hedge in it)
@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("3b.sp", "constant, it does not scale with width"),  # was "I read two answers"
        ("3b.sp", "constant (1), it does not scale with width"),
    ],
)
def test_words_after_the_answer_are_named_as_words(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid"
    assert "two answers" not in v.feedback and "words" in v.feedback and "because" in v.feedback


def test_an_explanation_after_because_is_left_out_and_a_second_value_is_still_two_answers():
    assert judged("3b.sp", "constant, because it does not scale with width").verdict == "correct"
    assert "two answers" in judged("1b.value", "1/d1, d1").feedback


# -- an order said in several sentences: the same order twice is that order; an order beside a
# sentence about growth the reader cannot read is refused (never judged right on half of it)
@pytest.mark.parametrize(
    "answer",
    [
        "Constant. It does not scale with width.",
        "constant. It does not scale with width",
        "It is constant. It does not scale with width.",
        "Θ(1). This is the SP rule for the hidden layers.",
    ],
)
def test_an_order_and_sentences_that_agree_or_only_remark(answer):
    v = judged("3b.sp", answer)
    assert (v.verdict, v.interpreted) == ("correct", "Θ(1)"), v.feedback


@pytest.mark.parametrize(
    "answer",
    ["constant. It grows like width", "Θ(1). It grows like the width.", "Constant. Or linear."],
)
def test_an_order_beside_a_sentence_about_growth_it_cannot_read_is_refused(answer):
    v = judged("3b.sp", answer)
    assert v.verdict == "invalid", v.feedback


@pytest.mark.parametrize("answer", ["Constant", "Constant.", "CONSTANT", "constant"])
def test_constant_in_any_case_is_theta_one(answer):
    assert judged("3c.rms_desideratum", answer).verdict == "correct"


# -- a line ending in a verb that states a value goes on with the next line, as it does before a
# display: "The expected squared RMS is⏎d1." was "two answers, on two lines"
@pytest.mark.parametrize(
    ("box", "answer", "reading"),
    [
        ("1a.value", "The expected squared RMS is\nd1.", "d₁"),
        ("5a.fwd", "So we need\n20 fwd", "20 fwd"),
        ("1a.constant", "The constant is\nc = 1/sqrt(d1)", "1/√d₁"),
    ],
)
def test_a_lead_in_line_that_states_the_value_goes_on_with_the_next(box, answer, reading):
    v = judged(box, answer)
    assert (v.verdict, v.interpreted) == ("correct", reading), v.feedback


def test_two_values_on_two_lines_are_still_two_answers():
    assert "two answers, on two lines" in judged("1a.value", "d1\nd2").feedback


def test_or_after_a_comma_offers_another_answer():
    v = judged("3b.sp", "constant, or maybe linear")
    assert v.verdict == "invalid" and "another answer" in v.feedback, v.feedback


# -- words after a value that change it or take it back are not a remark to leave out
@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "d1 (times d2)"),
        ("1a.value", "d1, squared"),
        ("1a.value", "d1 (squared)"),
        ("1a.value", "d1, inverted"),
        ("1a.value", "d1 (wrong)"),
        ("1a.value", "d1 (NOT d1)"),
        ("1a.value", "d1, not d1"),
        ("1a.value", "d1 (false)"),
        ("1a.value", "d1 (per output; divide by d2 again for the RMS)"),
        ("1b.constant", "sqrt(pi/2)/d1 (squared)"),
        ("1b.constant", "sqrt(pi/2)/d1 (inverted)"),
        ("1a.constant", "1/sqrt(d1), squared"),
        ("1c.rmsnorm", "d1 (times d2)"),
    ],
)
def test_words_after_a_right_value_that_change_it_are_never_left_out(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid", (answer, v.verdict, v.feedback)
    assert "type just the answer" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "d1 (the fan-in)"),
        ("1a.value", "d1 (per output)"),
        ("1a.value", "d1, not d1 d2"),
        ("1a.value", "d1, not d2"),
        ("1a.constant", "c = 1/sqrt(d1) (LeCun initialization)"),
        ("1a.constant", "1/sqrt(d1) (taking the positive root)"),
        ("1b.constant", "sqrt(pi/2)/d1, from the folded normal mean"),
    ],
)
def test_a_remark_that_names_or_contrasts_is_still_left_out(box, answer):
    assert judged(box, answer).verdict == "correct", answer


# -- a bracketed remark offering another value, unsure of the answer, is a second answer
@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5a.fwd", "20 (could be 45)"),
        ("5a.fwd", "20 (I'm not sure, could be 40)"),
        ("5a.fwd", "20 (unless it is 45)"),
        ("5a.fwd", "20 (not sure if 45)"),
        ("5a.fwd", "20 (my friend says 45)"),
        ("5c.loaddisk", "50 ns (I'm not sure, could be 40 ns)"),
        ("3b.sp", "1 (maybe fan_in)"),
        ("3b.sp", "1 (could be 1/fan_in)"),
        ("3c.rms_factor", "sqrt(n_in/n_out) (maybe sqrt(n_out/n_in))"),
    ],
)
def test_an_unsure_second_value_in_brackets_is_refused(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid", (answer, v.feedback)


@pytest.mark.parametrize(
    ("box", "answer"),
    [("5a.fwd", "20 (I think)"), ("5a.fwd", "20 (could be rounded)"), ("3b.sp", "1 (constant)")],
)
def test_an_unsure_remark_without_a_value_is_still_left_out(box, answer):
    assert judged(box, answer).verdict == "correct", answer
