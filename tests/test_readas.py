"""One "read as": the preview of an answer is the checker's reading of it, for every box kind.

The preview (``read_as``) and the verdict's ``interpreted`` come from the same reader and the
same printing, so what a student sees before pressing Enter is what the verdict says it read.
"""

from __future__ import annotations

import pytest
from checker_boxes import B1A_CONSTANT, B1B_VALUE, B3B, B4A, B4B, B4C, B4D, B4E, B5A, B5C

from tutor.checking.judge import check
from tutor.checking.readas import read_as
from tutor.content.model import BoxSpec, Choice

B1A_VALUE = BoxSpec(
    id="1a.value", kind="expression", prompt="", answer="d1", symbols=B1A_CONSTANT.symbols,
    width="d1",
)  # fmt: skip
CHOICE = BoxSpec(
    id="t.choice",
    kind="choice",
    prompt="Which rule?",
    answer="c",
    choices=(
        Choice("a", "a constant learning rate"),
        Choice("b", "a learning rate that grows with the width"),
        Choice("c", "a learning rate that shrinks like one over the fan-in"),
    ),
)

READINGS = [
    # expression: as typed, never simplified
    (B1A_VALUE, "d1*d2/d2^2", "d₁·d₂/d₂²"),
    (B1A_VALUE, "2d1", "2·d₁"),
    (B1B_VALUE, "(2/π)d1(d1−1) + d1", "2/π·d₁·(d₁ − 1) + d₁"),
    (B1B_VALUE, "d1 + 2/pi*d1^2, independent of d2", "d₁ + 2/π·d₁², independent of d₂"),
    (B1A_VALUE, "c = 1/2 d1", "1/2·d₁"),
    # order
    (B3B, "Theta(1)", "Θ(1)"),
    (B3B, "~ 1/fan_in", "Θ(1/fan_in)"),
    (B3B, "O(1/sqrt(fan_in))", "O(1/√fan_in)"),
    # number with a bound and a unit
    (B5C, "at most 50 ns", "≤ 50 ns"),
    (B5C, "<= 0.05us", "≤ 0.05 μs"),
    (B5C, "50", "50 ns"),
    (B5C, "490/9 ns", "490/9 ns"),
    (B5C, "at least 40 ns", "≥ 40 ns"),
    # count: the box's own noun, however it was typed
    (B5A, "twenty", "20 fwd"),
    (B5A, "20 forward ops", "20 fwd"),
    (B5A, "45", "45 fwd"),
    # choice: by its letter, with filler, or by its text
    (CHOICE, "c", "(c) a learning rate that shrinks like one over the fan-in"),
    (CHOICE, "c)", "(c) a learning rate that shrinks like one over the fan-in"),
    (CHOICE, "(b)", "(b) a learning rate that grows with the width"),
    (CHOICE, "answer: c", "(c) a learning rate that shrinks like one over the fan-in"),
    (CHOICE, "I think a", "(a) a constant learning rate"),
    (
        CHOICE,
        "a learning rate that shrinks like one over the fan-in",
        "(c) a learning rate that shrinks like one over the fan-in",
    ),
    # expectation
    (B4B, "E_{z~N(0,I)}[f(mu+sigma z)]", "𝔼_{z ∼ N(0, I)}[f(μ + σ·z)]"),
    (B4B, "f(mu + sigma z)", "f(μ + σ·z)"),
    (B4A, "f(x) Σ⁻¹ (x − μ)", "f(x)·Σ⁻¹·(x − μ)"),
    (B4C, "E_{x0~p_{mu=0}}[grad f(mu + x0)]", "𝔼_{x₀ ∼ p_{μ=0}}[∇f(μ + x₀)]"),
    (B4D, "f(x) ∇_θ log p(x)", "f(x)·∇_θ log(p_θ(x))"),
    # reparameterization: g and the law of z
    (B4E, "g(z, mu) = mu + sigma z, z ~ N(0, I)", "μ + σ·z, z ∼ N(0, I)"),
]


@pytest.mark.parametrize(("box", "answer", "reading"), READINGS)
def test_the_preview_is_the_checkers_reading(box, answer, reading):
    preview = read_as(box, answer)
    verdict = check(box, answer)
    assert (preview.ok, preview.text, preview.column) == (True, reading, None)
    assert verdict.interpreted == reading, verdict
    assert verdict.verdict != "invalid", verdict


def test_choices_the_checker_marks_correct_read_in_the_preview():
    for answer in ("c", "c)", "answer: c", "(c).", CHOICE.choices[2].text):
        assert check(CHOICE, answer).verdict == "correct"
        assert read_as(CHOICE, answer).ok, answer


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        (B1A_VALUE, "d1 + q"),
        (B1A_VALUE, "1/sqrt(d1"),
        (B1A_VALUE, "d1 +* 2"),
        (B1A_VALUE, "x" * 600),
        (B5C, "50 parsecs"),
        (B5A, ""),
        (CHOICE, "z"),
        (CHOICE, "a or b"),
        (CHOICE, "(c) a constant learning rate"),
        (B4E, "mu + sigma z"),  # g without p(z): the box asks for the pair
    ],
)
def test_what_the_preview_cannot_read_the_checker_cannot_either_and_both_say_why(box, answer):
    preview = read_as(box, answer)
    verdict = check(box, answer)
    assert not preview.ok and verdict.verdict == "invalid"
    if answer:
        assert preview.text == verdict.feedback and preview.column == verdict.column
    else:
        assert preview.text == ""  # nothing typed yet: nothing to say


def test_a_box_whose_definitions_are_broken_says_so_before_and_after():
    from dataclasses import replace

    broken = replace(B4A, definitions=(("Sigma", "sigma^^2"),))
    preview = read_as(broken, "f(x)")
    verdict = check(broken, "f(x)")
    assert not preview.ok and "definitions" in preview.text
    assert verdict.note == "invalid:content" and verdict.feedback == preview.text


@pytest.mark.parametrize(("box", "answer", "reading"), READINGS)
def test_checking_what_the_preview_shows_gives_the_same_verdict(box, answer, reading):
    typed, shown = check(box, answer), check(box, reading)
    assert (shown.verdict, shown.note, shown.interpreted) == (
        typed.verdict,
        typed.note,
        typed.interpreted,
    )


def test_the_preview_carries_the_remarks_the_feedback_would():
    # "1/2 d1" is (1/2)·d1, said before the answer is sent, as a wrong answer's feedback says it
    preview = read_as(READINGS[4][0], "c = 1/2 d1")
    verdict = check(READINGS[4][0], "c = 1/2 d1")
    assert preview.remarks and all(r in verdict.feedback for r in preview.remarks)


@pytest.mark.parametrize("answer", [",", "+ i.e.,"])
def test_nothing_to_read_is_not_shown_as_an_empty_reading(answer):
    # the preview said "read as: " (nothing) where the verdict refuses the answer
    from checker_boxes import B5A

    assert not read_as(B5A, answer).ok
    assert check(B5A, answer).verdict == "invalid"
