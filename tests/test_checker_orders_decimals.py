"""Orders compared symbolically, one-sided bounds where Θ is asked, and decimal approximations
only of the key's own form (audit p123, sections 3, 4, 5 and 8a)."""

from __future__ import annotations

import pytest
import shipped_content
import sympy as sp

from tutor.checking.decimals import decimal_form, literals
from tutor.checking.judge import check
from tutor.checking.orders import bound_holds, same_order, symbolic_same_order
from tutor.checking.sampling import Domain

BOXES = shipped_content.handout().boxes
DECIMAL = "That is a decimal approximation of the exact answer."


def judged(box: str, answer: str):
    return check(BOXES[box], answer)


# -- 3. slow growth or decay is not Θ(1), and nothing is "equivalent" to what it is not -------


@pytest.mark.parametrize(
    "answer",
    ["Θ(n^0.001)", "Θ(n^-0.001)", "Θ(n^(1/1000))", "Θ(log(n))", "Θ(1 + log(n)/1000)", "Θ(n^-1e-9)"],
)
def test_a_slow_growth_is_not_theta_one(answer):
    v = judged("3c.rms_desideratum", answer)
    assert v.verdict == "incorrect", v.feedback
    assert "Equivalent" not in v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "fan_in^(1/1000)",
        "1+log(fan_in)/1000",
        "fan_in^-1e-9",
        "fan_in^0.01",
        "log(log(fan_in))",
        "1/fan_in^0.0001",
        "2^(log(fan_in)/1000)",
    ],
)
def test_a_slowly_changing_rate_is_not_a_constant_one(answer):
    v = judged("3b.sp", answer)
    assert v.verdict == "incorrect", (v.note, v.feedback)
    assert DECIMAL not in v.feedback


@pytest.mark.parametrize("answer", ["Θ(1)", "Theta(n^0)", "Θ(2 + 1/n)", "Θ(n/(n+1))"])
def test_order_one_is_still_order_one(answer):
    v = judged("3c.rms_desideratum", answer)
    assert v.verdict == "correct", v.feedback


def test_same_order_by_limits():
    d1, d2 = sp.symbols("d1 d2", positive=True, integer=True)
    doms = {d1: Domain(1, 4096, integer=True), d2: Domain(1, 4096, integer=True)}
    assert same_order(d1 ** sp.Rational(1, 1000), sp.Integer(1), d1, doms) is False
    assert same_order(1 + sp.log(d1) / 1000, sp.Integer(1), d1, doms) is False
    assert same_order(d1 + sp.sqrt(d1), 3 * d1, d1, doms) is True
    assert same_order(d1 * d2, d1, d1, doms) is False  # the constant depends on d2
    assert same_order(d1**2 + d2, d1**2, d1, doms) is False
    slow = (d1 * d2) ** sp.Rational(50001, 100000)
    assert symbolic_same_order(slow, sp.sqrt(d1 * d2), None, doms) is False
    assert not same_order((d1 * d2) ** sp.Rational(50001, 100000), sp.sqrt(d1 * d2), None, doms)
    assert same_order(2 * sp.sqrt(d1 * d2), sp.sqrt(d1) * sp.sqrt(d2), None, doms)


# -- 4. O and Ω where Θ is asked: at most partial when true and tight, incorrect otherwise -----


@pytest.mark.parametrize(
    ("box", "answer", "side"),
    [
        ("3c.rms_desideratum", "O(1)", "above"),
        ("3c.rms_desideratum", "Ω(1)", "below"),
        ("3c.rms_desideratum", "doesn't grow", "above"),
        ("1b.scaling", "O(d1^2)", "above"),
        ("1b.scaling", "Omega(d1^2)", "below"),
        ("1b.scaling", "O(3 d1^2 + d1)", "above"),
    ],
)
def test_a_tight_one_sided_bound_is_partial(box, answer, side):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("partial", "bound"), v.feedback
    assert f"bounds the growth from {side}" in v.feedback and "both sides" in v.feedback
    assert "Equivalent" not in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [("3b.sp", "O(1)"), ("3b.sp", "Ω(1)"), ("1b.value", "O(d1^2)"), ("1c.spectral", "O(√(d1 d2))")],
)
def test_a_tight_bound_in_an_expression_box_is_never_more_than_partial(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("partial", "order:partial"), v.feedback
    assert "both sides" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1b.scaling", "Ω(d1)"),
        ("1b.scaling", "O(d1^3)"),
        ("3c.rms_desideratum", "O(n)"),
        ("3c.rms_desideratum", "Ω(1/n)"),
        ("3c.rms_desideratum", "O(n^0.001)"),
        ("3b.sp", "O(fan_in)"),
    ],
)
def test_a_true_bound_that_is_not_tight_is_incorrect_and_said_so(box, answer):
    v = judged(box, answer)
    assert v.verdict == "incorrect", v.feedback
    assert v.feedback.startswith("That bound holds, but it is not tight")
    assert "initialization scaling" not in v.feedback  # not the Θ(d1) mistake's diagnosis


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1b.scaling", "O(d1)"),
        ("1b.scaling", "Ω(d1^3)"),
        ("3c.rms_desideratum", "O(1/n)"),
        ("3c.rms_desideratum", "O(0)"),
        ("3c.rms_factor", "O(1)"),
        ("1c.spectral", "Ω(d1 d2)"),
    ],
)
def test_a_false_bound_is_incorrect(box, answer):
    v = judged(box, answer)
    assert v.verdict == "incorrect", v.feedback
    assert "does not hold here" in v.feedback


def test_bound_holds_by_limits():
    n = sp.Symbol("n", positive=True, integer=True)
    doms = {n: Domain(1, 4096, integer=True)}
    one = sp.Integer(1)
    assert bound_holds("O", one, one, n, doms) is True
    assert bound_holds("O", n, one, n, doms) is True
    assert bound_holds("O", 1 / n, one, n, doms) is False
    assert bound_holds("Ω", 1 / n, one, n, doms) is True
    assert bound_holds("Ω", n ** sp.Rational(1, 1000), one, n, doms) is False
    assert bound_holds("Ω", sp.Integer(0), one, n, doms) is True


# -- 5. a decimal approximation is the key's form with its constants as decimals -------------


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "d1*d2^0.0001"),
        ("1a.value", "d1^1.001"),
        ("1a.value", "d1^0.999"),
        ("1a.value", "1.01 d1"),
        ("1a.value", "0.99 d1"),
        ("1a.value", "1.0001 d1"),
        ("3b.sp", "1/fan_in^0.0001"),
        ("3c.rms_factor", "(n_in/n_out)^0.5001"),
        ("3c.rms_factor", "(n_in/n_out)^0.4999"),
        ("1c.spectral", "(d1 d2)^0.50001"),
        ("1b.value", "d1 + (2/pi) d1 (d1-1) + 0.0001"),
        ("1b.value", "d1 + (2/pi) d1 (d1-1) - 0.0001"),
        ("1b.constant", "1.2534/d1"),  # not √(π/2) = 1.25331… rounded or cut
        ("1b.constant", "1.3/d1"),
        ("1b.value", "d1 + 0.63663 d1 (d1-1)"),  # 0.636619…: neither rounded nor cut
    ],
)
def test_close_but_another_form_is_not_a_decimal_approximation(box, answer):
    v = judged(box, answer)
    assert v.note != "decimal" and DECIMAL not in v.feedback, (v.verdict, v.note, v.feedback)
    assert v.verdict != "correct"


def test_rounding_up_or_down_is_judged_alike():
    up, down = judged("1a.value", "1.01 d1"), judged("1a.value", "0.99 d1")
    assert (up.verdict, up.note, up.feedback) == (down.verdict, down.note, down.feedback)


@pytest.mark.parametrize(
    ("box", "answer", "note"),
    [
        ("1b.constant", "1.2533/d1", "decimal"),
        ("1b.constant", "1.25/d1", "decimal"),
        ("1b.value", "d1 + 0.63661 d1 (d1-1)", "decimal"),  # 2/π cut short, as a readout
        ("1b.value", "d1 + 0.6366*d1*(d1-1)", "decimal"),
        ("1b.value", "d1 + 0.6366 d1^2 - 0.6366 d1", "decimal"),
        ("1b.value", "0.3634 d1 + 0.6366 d1^2", "decimal"),
        ("1b.value", "0.64 d1^2", "mistake:leading-term-only"),
    ],
)
def test_the_key_with_its_constants_as_decimals_is_a_decimal_approximation(box, answer, note):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("partial", note), v.feedback
    if note == "decimal":
        assert DECIMAL in v.feedback


def _num(text: str):
    from tutor.inputlang.tree import Num

    return Num(text, col=0, end=len(text))


def test_decimal_literals_and_their_places():
    got = dict(literals(_num("0.6366")))
    assert got == {sp.Rational(3183, 5000): 4}
    assert dict(literals(_num("1e-9"))) == {sp.Rational(1, 10**9): 9}
    assert literals(_num("21")) == []


def test_decimal_form_needs_the_constants_within_their_precision():
    d = sp.Symbol("d", positive=True)
    doms = {d: Domain(1, 4096)}
    exact = sp.sqrt(sp.pi / 2) / d
    assert decimal_form(_num("1.2533"), sp.Rational(12533, 10000) / d, exact, doms)
    assert not decimal_form(_num("1.2534"), sp.Rational(12534, 10000) / d, exact, doms)
    assert not decimal_form(_num("1.001"), d ** sp.Rational(1001, 1000), d, doms)


# -- 8a. a wrong order in a box without a width names the box's symbols ------------------------


@pytest.mark.parametrize(
    ("box", "answer", "names"),
    [
        ("1c.spectral", "Θ(d1^2)", ("d₁", "d₂")),
        ("3c.rms_factor", "Θ(n_in)", ("n_in", "n_out")),
        ("3c.rms_factor", "Θ(n_out^2)", ("n_in", "n_out")),
    ],
)
def test_a_wrong_order_without_a_width_names_the_symbols(box, answer, names):
    v = judged(box, answer)
    assert v.verdict == "incorrect"
    assert "in ." not in v.feedback and "growth in  " not in v.feedback
    assert all(n in v.feedback for n in names), v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "d1^1.001"),
        ("1a.value", "d1^0.999"),
        ("1b.scaling", "Θ(d1^1.999)"),
        ("1b.scaling", "Θ(d1^2 log(d1)^0.0001)"),
    ],
)
def test_a_nearly_right_exponent_is_not_called_right_growth(box, answer):
    v = judged(box, answer)
    assert v.verdict == "incorrect"
    assert "Right growth" not in v.feedback and "leading constant" not in v.feedback
    assert v.feedback.startswith("Not the right growth in d₁, though close to it"), v.feedback


def test_the_decimal_message_names_only_what_the_exact_answer_holds():
    from tutor.variants.engine import instantiate

    raw = shipped_content.templates()
    box = instantiate(raw, "1b", seed=7).boxes["1b.constant"]  # the uniform law: (2/3)/d1
    v = check(box, "0.6667/d1")
    assert v.note == "decimal" and "π" not in v.feedback and "fractions" in v.feedback
    v = check(shipped_content.handout().boxes["1b.constant"], "1.2533/d1")  # √(π/2)/d1
    assert "π, square roots and fractions" in v.feedback


@pytest.mark.parametrize("answer", ["pi", "log(2)", "ln 2", "sqrt(2)", "exp(1)"])
def test_any_positive_constant_in_a_proportional_box_is_a_constant(answer):
    # 3b.sp asks what the SP rate is proportional to: any positive number is Θ(1), whether
    # typed as a digit, π or a built-in function of a number (log 2 was "off by a constant")
    v = check(shipped_content.handout().boxes["3b.sp"], answer)
    assert (v.verdict, v.note) == ("correct", "order:correct"), v.feedback
