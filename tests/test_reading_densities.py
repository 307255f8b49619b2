"""The part's own density in an answer (p_μ(x), ∇_μ p_μ(x), ∇_x log p_μ(x), log p_μ(x)): it is
written out before an integrand is diagnosed (p_μ involves σ), ∇_x p_μ = −∇_μ p_μ for a family
whose parameter is its mean, and the feedback names the slip, never what the key contains."""

from __future__ import annotations

import pytest
from reading_helpers import judged


@pytest.mark.parametrize(
    "answer",
    [
        "-f(x) ∇_x log p_μ(x)",
        "-f(x) grad_x log p_mu(x)",
        "E_{x~p_mu}[-f(x) ∇_x log p_μ(x)]",
        "f(x) ∇_μ p_μ(x)/p_μ(x)",
        "-f(x) ∇_x p_μ(x) / p_μ(x)",
    ],
)
def test_the_score_written_with_the_density_is_the_score_not_worked_out(answer):
    v = judged("4a.g", answer)
    assert (v.verdict, v.note) == ("partial", "mistake:score-not-worked-out"), v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "f(x) ∇_x log p_μ(x)",
        "E_{x~p_mu}[f(x) grad_x log p_mu(x)]",
        "f(x) ∇_x p_μ(x) / p_μ(x)",
    ],
)
def test_the_gradient_in_x_is_the_sign_flip_and_not_a_missing_sigma(answer):
    v = judged("4a.g", answer)
    assert v.verdict == "incorrect"
    assert "sign is off" in v.feedback, v.feedback
    assert "σ" not in v.feedback and "depends on" not in v.feedback, v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "f(x) ∇_μ p_μ(x)",
        "E_{x~p_mu}[f(x) ∇_μ p_μ(x)]",
        "f(x) p_mu(x) (x - mu)/sigma^2",
        "f(x) ∇_x p_μ(x)",
    ],
)
def test_the_density_counted_twice_is_said(answer):
    v = judged("4a.g", answer)
    assert v.verdict == "incorrect"
    assert "counts it twice" in v.feedback and "σ" not in v.feedback, v.feedback


@pytest.mark.parametrize(
    "answer", ["f(x) log p_mu(x)", "E_{x~p_μ}[f(x) log p_μ(x)]", "f(x) log(p_mu(x))"]
)
def test_log_density_without_a_gradient_is_said(answer):
    v = judged("4a.g", answer)
    assert v.verdict == "incorrect"
    assert "gradient is missing" in v.feedback and "σ" not in v.feedback, v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "said"),
    [
        ("4c.gradF", "E_{z~N(0,I)}[f(mu+sigma z) z]", "has f where"),
        ("4c.gradF", "E_{z~N(0,I)}[f(mu+sigma z) z/sigma^2]", "has f where"),
        ("4c.gradF", "E_{z~N(0,I)}[2 f(mu+sigma z) z/sigma]", "has f where"),
        ("4a.g", "∇f(x)(x-mu)/sigma^2", "differentiates f where"),
    ],
)
def test_a_function_differentiated_or_not_is_said_of_the_answer(box, answer, said):
    v = judged(box, answer)
    assert v.verdict == "incorrect"
    assert said in v.feedback, v.feedback
    assert "∇f" not in v.feedback and "depends on ∇" not in v.feedback, v.feedback
