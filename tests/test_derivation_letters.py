"""The question's letters in a derivation (5c.derive's t_fwd, t_mem, N, L…): a step between two
lines that use them must hold as a formula in them, not only at this question's values; a step
that puts the values in, or says a line of numbers again in letters, is checked at the values."""

from __future__ import annotations

import pytest
import shipped_content
from reading_helpers import judged

from tutor.checking.judge import check
from tutor.variants.engine import instantiate


def _variant(seed: int):
    return instantiate(shipped_content.handout().templates, "5c", seed=seed)


@pytest.mark.parametrize(
    "answer",
    [
        "20 t_fwd + 10 t_mem = 10 t\nt = 5 t_mem\nt = 50",
        "20 t_fwd + 10 t_mem = 10 t\nt = 3 t_fwd - t_mem\nt = 50",
        "20 t_fwd + 10 t_mem = 10 t\nt = t_fwd*t_mem/4\nt = 50",
        "L t = 20 t_fwd + L t_mem\nt = 5 t_mem\nt = 50",
        "20 t_fwd + 10 t_mem = 10 t\nt = 2.5 t_fwd\nt = 50",
        # a letter put in, then a wrong formula in the one left
        "20 t_fwd + 10 t_mem = 10 t\n400 + 10 t_mem = 10 t\nt = 5 t_mem\nt = 50",
    ],
)
def test_a_wrong_formula_that_gives_the_right_number_is_a_failing_step(answer):
    v = judged("5c.derive", answer)
    assert (v.verdict, v.note) == ("partial", "step:2" if "400" not in answer else "step:3")
    assert "not as formulas in" in v.feedback
    assert "Lines: 1 ✓" in v.feedback and "✗" in v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "20 t_fwd + 10 t_mem = 10 t\nt = 2 t_fwd + t_mem\nt = 50",
        "20 t_fwd + 10 t_mem = 10 t\n10 t = 20 t_fwd + 10 t_mem\nt = 2*t_fwd + t_mem\nt = 50",
        # another spelling of the same quantity (t_f for t_fwd, t_m for t_mem)
        "20 t_fwd + 10 t_mem = 10 t\nt = 2 t_f + t_m\nt = 50",
        # the values put in: checked at the values
        "20 t_fwd + 10 t_mem = 10 t\n20*20 + 10 t_mem = 10 t\n500 = 10 t\nt = 50",
        "20 t_fwd + 10 t_mem = 10 t\n400 + 10 t_mem = 10 t\nt = 40 + t_mem\nt = 50",
        "20 t_fwd + 10 t_mem = 10 t\n400 + 100 = 10 t\nt = 50",
        # a line of numbers said again in letters: "the same number", at the values
        "20*20 + 10*10 = 10*t\nt = 5 t_mem\nt = 50",
        # L fixed at its value in a step that drops it
        "L t = 20 t_fwd + L t_mem\nt = 2 t_fwd + t_mem\nt = 50",
    ],
)
def test_right_formulas_and_substitutions_of_the_values_follow(answer):
    v = judged("5c.derive", answer)
    assert v.verdict == "correct", v.feedback


def test_a_variant_checks_formulas_with_its_own_values():
    variant = _variant(3)  # layers 16, every 7, t_fwd 10, t_mem 20: 43 fwd, 16 loadmem
    box = variant.boxes["5c.derive"]
    right = [
        "43 t_fwd + 16 t_mem = 16 t\nt = 43 t_fwd/16 + t_mem\nt = 46.875",
        "43 t_fwd + N t_mem = N t\nt = 43 t_fwd/N + t_mem\nt = 46.875",
        "43 t_fwd + 16 t_mem = 16 t\n430 + 16 t_mem = 16 t\nt = 46.875",
    ]
    for answer in right:
        v = check(box, answer)
        assert v.verdict == "correct", (answer, v.feedback)
    wrong = [
        "43 t_fwd + 16 t_mem = 16 t\nt = 4.6875 t_fwd\nt = 46.875",
        "43 t_fwd + 16 t_mem = 16 t\nt = 2.34375 t_mem\nt = 46.875",
        "43 t_fwd + N t_mem = N t\nt = 2.34375 t_mem\nt = 46.875",
    ]
    for answer in wrong:
        v = check(box, answer)
        assert (v.verdict, v.note) == ("partial", "step:2"), (answer, v.feedback)
        # the variant's values are said, not the handout's
        assert "t_fwd = 10" in v.feedback or "t_mem = 20" in v.feedback, v.feedback


@pytest.mark.parametrize("seed", [1, 2, 4, 6, 7])
def test_the_general_break_even_follows_in_every_variant_and_a_scaled_one_does_not(seed):
    variant = _variant(seed)
    box = variant.boxes["5c.derive"]
    fwd, loadmem, layers = (variant.values[k] for k in ("fwd", "loadmem", "layers"))
    start = f"{fwd} t_fwd + {loadmem} t_mem = {layers} t"
    good = (
        f"{start}\nt = ({fwd} t_fwd + {loadmem} t_mem)/{layers}\nt = {variant.values['breakeven']}"
    )
    assert check(box, good).verdict == "correct", check(box, good).feedback
    # the same number as a multiple of t_mem alone
    bad = f"{start}\nt = ({fwd} t_fwd + {loadmem} t_mem)/({layers} t_mem) * t_mem * t_mem / t_mem"
    bad += f"\nt = {variant.values['breakeven']}"
    assert check(box, bad).verdict == "correct"  # the same formula, written oddly
    wrong = f"{start}\nt = t_mem * ({fwd}*{variant.values['t_fwd']} + {loadmem}*{variant.values['t_mem']})"
    wrong += f"/({layers}*{variant.values['t_mem']})\nt = {variant.values['breakeven']}"
    v = check(box, wrong)
    assert (v.verdict, v.note) == ("partial", "step:2"), v.feedback


@pytest.mark.parametrize(
    ("seed", "answer"),
    [
        (0, "20*20 + 10*10 = 10*t\n500 = 10*t\nt = 50 ns"),
        (0, "20*20 + 10*10 = 10*t\nt = 0.05 μs"),
        (1, "33*25 + 18*5 = 18*t\n915 = 18 t\nt = 50.83 ns"),
        (1, "33*25 + 18*5 = 18*t\nt = 0.05083 us"),
        (3, "43 t_fwd + 16 t_mem = 16 t\nt = 43 t_fwd/16 + t_mem\nt = 46.875 ns"),
    ],
)
def test_the_value_boxs_unit_on_a_line_is_read_in_every_variant(seed, answer):
    v = check(_variant(seed).boxes["5c.derive"], answer)
    assert v.verdict == "correct", v.feedback


def test_a_time_in_another_unit_is_converted_not_taken_as_the_number():
    v = check(_variant(3).boxes["5c.derive"], "43*10 + 16*20 = 16*t\nt = 46.875 ms")
    assert v.verdict == "incorrect" and "46875000" in v.interpreted


@pytest.mark.parametrize(
    ("seed", "answer", "verdict"),
    [
        (0, "20*20 + 10*10 = 10*t\nt ≤ 50", "correct"),
        (1, "33*25 + 18*5 = 18*t\nt ≤ 50.83", "correct"),
        (3, "43*10 + 16*20 = 16*t\n750 = 16 t\nt ≤ 46.875 ns", "correct"),
        (3, "43*10 + 16*20 = 16*t\nt ≤ 50", "incorrect"),
        # a wrong formula stated as the limit is still a wrong step
        (0, "20 t_fwd + 10 t_mem = 10 t\nt ≤ 5 t_mem", "incorrect"),
    ],
)
def test_a_limit_as_the_last_line_in_every_variant(seed, answer, verdict):
    v = check(_variant(seed).boxes["5c.derive"], answer)
    assert v.verdict == verdict, v.feedback


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        # a coefficient read as rounded: right as a formula to its precision
        ("33 t_fwd + 18 t_mem = 18 t\nt = 1.83 t_fwd + t_mem\nt = 50.83", "correct"),
        ("33 t_fwd + 18 t_mem = 18 t\nt = 1.833 t_fwd + t_mem\nt = 50.83", "correct"),
        # the same number at these values only, read as rounded: a wrong formula
        ("33 t_fwd + 18 t_mem = 18 t\nt = 2.03 t_fwd\nt = 50.83", "partial"),
        ("33 t_fwd + 18 t_mem = 18 t\nt = 10.17 t_mem\nt = 50.83", "partial"),
    ],
)
def test_a_formula_with_a_rounded_coefficient_is_checked_as_a_formula_too(answer, verdict):
    v = check(_variant(1).boxes["5c.derive"], answer)  # t_fwd 25, t_mem 5: 305/6
    assert v.verdict == verdict, v.feedback
    if verdict == "partial":
        assert v.note == "step:2" and "not as formulas in" in v.feedback
