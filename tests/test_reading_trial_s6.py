"""Student trial s6's reading gaps, each as a class: the noise variable's spellings mixed in one
answer, LaTeX order relations, a value followed by its own order or approximation, "and"
joining an answer with a claim, two agreeing statements, verb lead-ins, pasted wrappers."""

from __future__ import annotations

import pytest
from reading_helpers import judged


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4c.gradF", "E_{ε~N(0,I)}[grad f(mu + sigma eps)]"),
        ("4b.F", "E_{eps~N(0,I)}[f(mu+sigma*epsilon)]"),
        ("4c.gradF", "E_{\\epsilon\\sim N(0,I)}[\\nabla f(\\mu+\\sigma\\,\\mathrm{eps})]"),
        ("4c.gradF", "E_{\\varepsilon\\sim N(0,I)}[\\nabla f(\\mu+\\sigma\\epsilon)]"),
        ("4e.special", "g(eps, μ) = μ + σε, eps ~ N(0, I)"),
        ("4e.special", "g(ε, μ) = μ + σ epsilon, epsilon ~ N(0, I)"),
        ("4b.F", "E_{ζ~N(0,I)}[f(mu+sigma*ζ)]"),
        ("4b.F", "E_{\\zeta\\sim N(0,I)}[f(\\mu+\\sigma\\zeta)]"),
    ],
)
def test_the_noise_variables_spellings_are_one_variable(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_mixed_noise_spellings_still_judge_a_wrong_answer():
    v = judged("4c.gradF", "E_{eps~N(0,I)}[grad f(mu + sigma epsilon) * epsilon]")
    assert v.verdict == "incorrect", v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "d_1 = \\Theta(d_1)"),
        ("1a.value", "E[RMS²(y)] = d1 = Θ(d1)"),
        ("1b.value", "d1 + (2/pi) d1 (d1-1) = Θ(d1^2)"),
        ("1b.value", "d1 + (2/pi) d1 (d1-1) ~ (2/pi) d1^2"),
        ("1b.constant", "sqrt(pi/2)/d1 ~ 1.25/d1"),
        ("1b.constant", "sqrt(pi/2)/d1 (≈ 1.2533/d1)"),
        ("1b.constant", "c = sqrt(pi/2)/d1 (~ 1.25/d1)"),
    ],
)
def test_a_value_then_its_own_order_or_approximation_is_that_value(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "d_1 = \\Theta(d_1^2)"),
        ("1a.value", "E[RMS²(y)] = d1 = Θ(1)"),
        ("1b.value", "d1 + (2/pi) d1 (d1-1) ~ d1^2"),
        ("1b.constant", "sqrt(pi/2)/d1 ~ 1.5/d1"),
        ("1b.constant", "sqrt(pi/2)/d1 (≈ 1.5/d1)"),
    ],
)
def test_an_order_or_approximation_at_odds_with_the_value_is_refused(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid", v.feedback


def test_a_wrong_value_with_its_own_order_is_judged_wrong():
    v = judged("1a.value", "d1^2 = Θ(d1^2)")
    assert v.verdict == "incorrect", v.feedback


def test_plus_minus_one_alone_is_a_number():
    v = judged("4c.gradF", "+-1")
    assert v.verdict in ("incorrect", "invalid"), v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1b.scaling", "quadratic in d1 and independent of d2"),
        ("1b.scaling", "It scales quadratically with d1 and does not depend on d2."),
        ("1b.scaling", "quadratic in d1, and independent of d2"),
        ("1a.value", "E[RMS²(y)] = d1, linear in d1 and independent of d2."),
        ("1a.value", "E[RMS²(y)] = d1, linear in d1, independent of d2."),
    ],
)
def test_and_joins_the_answer_with_an_independence_claim(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


@pytest.mark.parametrize(
    "answer", ["quadratic in d1 and linear in d2", "quadratic in d1, linear in d2"]
)
def test_growths_in_two_widths_are_their_product(answer):
    v = judged("1b.scaling", answer)
    assert (v.verdict, v.note) == ("incorrect", "mistake:d2-factor"), v.feedback


def test_a_growth_after_the_value_at_odds_with_it_is_refused():
    v = judged("1a.value", "E[RMS²(y)] = d1, quadratic in d1 and independent of d2.")
    assert v.verdict == "invalid", v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("3c.rms_desideratum", "RMS(h_ℓ) = Θ(1) and RMS(Δh_ℓ) = Θ(1)"),
        ("3c.rms_desideratum", "Θ(1) and Θ(1)"),
        ("3c.rms_desideratum", "Θ(1); Θ(1)"),
        ("1a.constant", "c^2 = 1/d1, c = 1/sqrt(d1)"),
        ("1a.constant", "c = 1/sqrt(d1), c^2 = 1/d1"),
    ],
)
def test_statements_that_agree_are_one_answer(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("3c.rms_desideratum", "RMS(h_ℓ) = Θ(1) and RMS(Δh_ℓ) = Θ(n)"),
        ("3c.rms_desideratum", "Θ(1) and Θ(n)"),
        ("1a.constant", "c^2 = 1/d1, c = 1/d1"),
    ],
)
def test_statements_that_disagree_stay_refused(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid", v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "\\sim d_1^2",
        "\\propto d_1^2",
        "E[RMS^2(y')] \\in \\Theta(d_1^2)",
        "∈ Θ(d1^2)",
        "E[RMS²(y')] ∈ Θ(d1²)",
        "E[RMS^2(y')] \\propto d_1^2",
    ],
)
def test_latex_order_relations_read_like_their_symbols(answer):
    v = judged("1b.scaling", answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_membership_in_a_wrong_order_is_that_wrong_order():
    v = judged("1b.scaling", "E[RMS^2(y')] \\in \\Theta(d_1)")
    assert v.verdict == "incorrect", v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "Multiply W by 1/sqrt(d1)."),
        ("1a.constant", "We should multiply W by 1/sqrt(d1)."),
        ("1a.constant", "scale W by 1/√d1"),
        ("1a.constant", "scale the weights by 1/sqrt(d1)"),
        ("1a.constant", "d1 to the power -1/2"),
        ("1a.constant", "d1 to the power of -0.5"),
        ("1a.constant", "d1 to the minus one half"),
        ("1a.constant", "d1 raised to -0.5"),
        ("1a.constant", "d1 raised to the power -1/2"),
        ("1b.scaling", "Theta of d1^2"),
        ("1b.scaling", "big theta of d1 squared"),
        ("1b.scaling", "like d1^2"),
        ("1b.scaling", "the square of d1"),
        ("3b.sp", "a constant"),
        ("3b.sp", "it is a constant"),
    ],
)
def test_verbs_and_words_for_powers_and_orders(box, answer):
    v = judged(box, answer)
    assert v.verdict == "correct", v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "d1 to the power -1"),
        ("1a.constant", "Multiply W by 1/d1."),
        ("1b.scaling", "Theta of d1"),
        ("1b.scaling", "the cube of d1"),
    ],
)
def test_words_for_a_wrong_power_are_judged_wrong(box, answer):
    v = judged(box, answer)
    assert v.verdict in ("incorrect", "partial"), v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1b.value", "d1 + (2/π) d1 ∙ (d1 − 1)"),
        ("1b.value", "d₁ + ²⁄π d₁(d₁ − 1)"),
        ("1b.value", "> d1 + (2/pi) d1 (d1-1)"),
        ("1b.value", "* d1 + (2/pi) d1 (d1-1)"),
        ("1b.value", "- E[RMS²] = d1 + (2/pi) d1 (d1-1)"),
        ("1b.scaling", "> Θ(d1^2)"),
    ],
)
def test_pasted_characters_and_wrappers(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


@pytest.mark.parametrize(
    ("box", "answer"), [("1b.value", "- d1 + (2/pi) d1 (d1-1)"), ("1b.value", "- d1 - 1")]
)
def test_a_dash_then_a_space_is_asked_about(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid" and "bullet or a minus" in v.feedback, v.feedback


def test_a_glued_minus_is_a_minus():
    v = judged("1b.value", "-d1 + (2/pi) d1 (d1-1)")
    assert v.verdict != "correct" and v.verdict != "invalid", v.feedback


def test_x_between_widths_is_a_product():
    v = judged("1a.value", "d1 x d2")
    assert (v.verdict, v.note) == ("incorrect", "mistake:forgot-divide-by-d2"), v.feedback


@pytest.mark.parametrize("answer", ["min(d1,d2)", "max(d1, d2)", "sin(d1)"])
def test_a_function_no_box_knows_is_named(answer):
    v = judged("1a.value", answer)
    assert v.verdict == "invalid" and "is not a function this box knows" in v.feedback


def test_the_differentiated_function_is_named():
    from reading_helpers import BOXES

    from tutor.checking.judge import check

    v = check(BOXES["4d.gradF"], "E_{x~p_θ}[f(x)∇_x log p_θ(x)]")
    assert v.verdict == "incorrect", v.feedback
    assert "differentiates  " not in v.feedback and "differentiates p" in v.feedback, v.feedback
