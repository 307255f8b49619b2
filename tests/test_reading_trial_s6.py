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
