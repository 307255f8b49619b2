"""Wrong verdicts found by the eighth trial of pasted and hostile answers (trial 8e), by class:
each case was judged wrongly before its fix."""

from __future__ import annotations

import pytest
from checker_boxes import B4A, B4B, B4C, B4D

from tutor.checking.judge import check

# 1. an integrand alone where the box asks for the expectation: never correct (partial when
#    its expectation would be right, note "integrand"), and the feedback says what is missing
#    without saying over what
BARE = [
    (B4B, "f(mu + sigma z)"),
    (B4B, "F(mu) = f(mu + sigma z)"),
    (B4B, "$f(\\mu + \\sigma z)$"),
    (B4B, "f(μ+σz), z ~ N(0, I)"),
    (B4C, "∇f(μ + x0)"),
    (B4C, "grad f(mu + x0)"),
    (B4D, "f(x) grad_theta log p_theta(x)"),
    (B4D, "f(x)∇_θ log p_θ(x)"),
]


@pytest.mark.parametrize(("box", "answer"), BARE)
def test_an_integrand_alone_is_not_the_expectation(box, answer):
    v = check(box, answer)
    assert (v.verdict, v.note) == ("partial", "integrand"), v
    assert "expectation is missing" in v.feedback
    assert "N(0" not in v.feedback and "p_θ" not in v.feedback and "p_μ" not in v.feedback


def test_a_wrong_integrand_alone_keeps_its_verdict_and_says_what_is_missing():
    v = check(B4B, "f(mu + z)")
    assert v.verdict == "incorrect", v
    assert "expectation is missing" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        (B4B, "E_{z~N(0,I)}[f(mu + sigma z)]"),
        (B4B, "E_z[f(μ+σz)]"),
        (B4C, "E_{z~N(0,I)}[∇f(μ+σz)]"),
        (B4C, "E_{x0~p_{mu=0}}[grad f(mu+x0)]"),
        (B4D, "E_{x~p_theta}[f(x) grad_theta log p_theta(x)]"),
        # the box that asks for the integrand: bare or inside its expectation
        (B4A, "f(x)(x - mu)/sigma^2"),
        (B4A, "E_{x~p_mu}[f(x)(x - mu)/sigma^2]"),
    ],
)
def test_the_expectation_itself_and_4a_integrand_stay_correct(box, answer):
    assert check(box, answer).verdict == "correct"


def test_a_chain_of_the_expectation_and_its_integrand_is_two_values():
    assert check(B4B, "E_z[f(mu + sigma z)] = f(mu + sigma z)").verdict == "invalid"


# 2. an expectation off by a tiny amount: the rule that tells the expression boxes' 10⁻³⁰ apart
#    (a difference that survives at 30 digits), with exact stand-ins for f and p_θ
TINY = [
    (B4A, "f(x)(x-mu)/sigma^2 + 1e-30"),
    (B4A, "f(x)(x-mu)/sigma^2 + 1e-30*x"),
    (B4A, "f(x)(x-mu)/sigma^(2+1e-15)"),
    (B4D, "E_{x~p_theta}[f(x) grad_theta log p_theta(x) + 1e-30]"),
    (B4B, "E_{z~N(0,I)}[f(mu + sigma z + 1e-10)]"),
]


@pytest.mark.parametrize(("box", "answer"), TINY)
def test_a_tiny_offset_is_not_the_key(box, answer):
    assert check(box, answer).verdict == "incorrect"


def test_a_tiny_offset_is_said_to_be_nearly_the_answer():
    assert "Nearly the expected answer" in check(B4A, "f(x)(x-mu)/sigma^2 + 1e-30").feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        (B4A, "(f(x) - 3)(x - mu)/sigma^2"),
        (B4A, "(f(x) - 3 - 1e-30)(x - mu)/sigma^2"),  # a baseline of 3 + 10⁻³⁰ is one
        (B4D, "E_{x~p_theta}[(f(x) - 3) grad_theta log p_theta(x)]"),
        (B4D, "E_{x~p_theta}[(f(x) - 1/2) grad_theta log p_theta(x)]"),
    ],
)
def test_baselines_stay_correct(box, answer):
    assert check(box, answer).verdict == "correct"


# 4. a count said as approximate ("~20", as "at least 20" is a bound): partial, never correct
@pytest.mark.parametrize("answer", ["~20", "≈ 20", "about 20", "fwd: ~20", r"\sim 20"])
def test_an_approximate_count_is_partial(answer):
    from reading_helpers import judged

    v = judged("5a.fwd", answer)
    assert (v.verdict, v.note) == ("partial", "approximate"), v
    assert "exact count" in v.feedback


@pytest.mark.parametrize("answer", ["20", "20 fwd operations", "twenty"])
def test_the_exact_count_stays_correct(answer):
    from reading_helpers import judged

    assert judged("5a.fwd", answer).verdict == "correct"


# 5. zero in an order box whose key is Θ(1): the feedback never names the key
@pytest.mark.parametrize("answer", ["0", "Θ(0)"])
def test_zero_in_an_order_box_does_not_name_the_key(answer):
    from reading_helpers import judged

    v = judged("3c.rms_desideratum", answer)
    assert v.verdict == "incorrect" and "Θ(1)" not in v.feedback and "zero" in v.feedback.lower()
