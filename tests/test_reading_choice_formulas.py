"""A choice whose text is a formula is that choice when typed as the formula in any usual
spelling (ASCII, LaTeX, the layer's index left off, the relations in another order), and
never when a relation is changed, left out or added: the student sees the same verdict as for
the letter, or is asked for the letter."""

from __future__ import annotations

import pytest
from reading_helpers import judged

from tutor.checking.choice_formulas import formula_key

BOX = "3c.rms_condition"  # (b): ‖W_ℓ‖_{RMS→RMS} = Θ(1) and ‖ΔW_ℓ‖_{RMS→RMS} = Θ(1)


@pytest.mark.parametrize(
    "answer",
    [
        "||W||_{RMS->RMS} = Theta(1), ||dW||_{RMS->RMS} = Theta(1)",
        "‖W_l‖_{RMS→RMS} = Θ(1) and ‖ΔW_l‖_{RMS→RMS} = Θ(1)",
        r"\|W_\ell\|_{RMS\to RMS} = \Theta(1), \|\Delta W_\ell\|_{RMS\to RMS} = \Theta(1)",
        r"$\|W_\ell\|_{\mathrm{RMS}\to\mathrm{RMS}} = \Theta(1)$ and "
        r"$\|\Delta W_\ell\|_{\mathrm{RMS}\to\mathrm{RMS}} = \Theta(1)$",
        "‖ΔW‖_{RMS→RMS} = Θ(1) and ‖W‖_{RMS→RMS} = Θ(1)",  # the other order
        "||W_l||_{RMS->RMS} = ||dW_l||_{RMS->RMS} = Theta(1)",  # a chain
        "||W||_{RMS to RMS} = theta(1); ||delta W||_{RMS to RMS} = theta(1)",
        "b: ||W||_{RMS->RMS} = Theta(1), ||dW||_{RMS->RMS} = Theta(1)",
    ],
)
def test_the_keyed_formula_in_another_spelling_is_correct(answer):
    v = judged(BOX, answer)
    assert v.verdict == "correct", (v.verdict, v.feedback)


def test_another_choices_formula_gets_that_choices_feedback():
    v = judged(
        BOX,
        "||W||_{RMS->RMS} = Theta(sqrt(n_l/n_{l-1})), ||dW||_{RMS->RMS} = Theta(sqrt(n_l/n_{l-1}))",
    )
    assert v.verdict == "incorrect" and v.note == "mistake:kept-ratio", (v.verdict, v.note)


@pytest.mark.parametrize(
    "answer",
    [
        "||W||_{RMS->RMS} = O(1), ||dW||_{RMS->RMS} = O(1)",  # another relation
        "||W||_{RMS->RMS} = Theta(1)",  # half of it
        "||W||_{RMS->RMS} = Theta(1), ||W||_{RMS->RMS} = Theta(1)",  # the update left out
        "||W||_{RMS->RMS} = Theta(1), ||dW||_{RMS->RMS} = Theta(1), ||W||_* = Theta(1)",
        "||W||_{RMS->RMS} <= Theta(1), ||dW||_{RMS->RMS} = Theta(1)",
        "||W||_{RMS->RMS} = Theta(1), ||dW||_{RMS->RMS} = Theta(1) (not b)",
    ],
)
def test_a_formula_that_is_no_choice_is_never_correct(answer):
    v = judged(BOX, answer)
    assert v.verdict == "invalid", (v.verdict, v.feedback)


def test_a_letter_with_another_choices_formula_is_refused_as_a_disagreement():
    v = judged(BOX, "a: ||W||_{RMS->RMS} = Theta(1), ||dW||_{RMS->RMS} = Theta(1)")
    assert v.verdict == "invalid" and "disagree" in v.feedback, v.feedback


def test_prose_and_unknown_commands_are_not_formulas():
    assert formula_key("the best learning rate moves with width") is None
    assert formula_key(r"\frobnicate{W} = \Theta(1)") is None
    assert formula_key("= Theta(1)") is None  # a relation with a side missing
    assert formula_key("x" * 500 + " = 1") is None


@pytest.mark.parametrize(
    "answer",
    [
        "B, since ‖W‖_* = Θ(1)",
        "(B) — because ‖W_ℓ‖_* = Θ(1) and ‖ΔW_ℓ‖_* = Θ(1)",
        "b: the spectral norms are Θ(1)",
        "b, since ||dW||_* = Theta(1)",
        "c: ‖W‖_{RMS→RMS} = Θ(1)",
    ],
)
def test_a_remark_stating_another_choices_relation_is_refused(answer):
    v = judged(BOX, answer)  # (the remark is (a)'s or (b)'s relation, not the chosen one's)
    assert v.verdict == "invalid" and "do not agree with that choice" in v.feedback, v


@pytest.mark.parametrize(
    "answer",
    [
        "b, since ||W||_{RMS->RMS} = Theta(1)",
        "b: the RMS-to-RMS norms are Θ(1)",
        "b (every layer maps order-one RMS inputs to order-one RMS outputs)",
    ],
)
def test_a_remark_stating_the_chosen_relation_is_left_out(answer):
    assert judged(BOX, answer).verdict == "correct"


def test_a_blank_norm_subscript_is_the_star_markdown_ate():
    assert formula_key("‖W‖_ = Θ(1)") == formula_key("‖W‖_* = Θ(1)")
