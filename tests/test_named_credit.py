"""What a verdict names and what it gives credit for must hold for the answer and the variant
it is given in (the judging audit):

- a derivation's last line is judged by its value box as the variant has it (the entries
  whose `when` does not hold there are left out of it too);
- a named mistake is named only where the answer really is that mistake: He initialization in
  1a's variants only for the weights He gives (variance 2/fan_in), never for √2 times the key
  with inputs of another variance;
- a wrong first line of a derivation earns credit only with a right last line;
- a mistake is named by its order only when the answer has what makes it that mistake: a
  Θ(1) is not "the d2 slip" because 2·d2 is constant in d1;
- any constant is what 3b's "∝ a constant" asks for, as Θ(1) is;
- a more specific answer never gets less credit than its order: a constant times the key in
  a box without a width is judged as Θ(key) is (partial), and ``validate`` reports an exact
  box where Θ(key) would get more;
- no text shows a number as about itself ("2 ≈ 2").
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

import pytest
import shipped_content
from checker_boxes import B1A_CONSTANT, r

from tutor.authoring.markup import render_issue
from tutor.authoring.readings import order_credit_problem
from tutor.checking.judge import check
from tutor.checking.orders import same_order
from tutor.checking.sampling import Domain
from tutor.content.model import BoxSpec, SymbolSpec
from tutor.inputlang.reader import box_names, parse_answer
from tutor.variants.engine import box_variant, instantiate
from tutor.variants.values import write

RAW = shipped_content.templates()
HANDOUT = shipped_content.handout().boxes

# -- He initialization in 1a's variants ----------------------------------------------------------

VAR_W = ["1", "2", "4", "0.5", "0.25"]
VAR_X = ["1", "2", "3", "0.5"]
# right scaling, other constants: √2 times the key in some variant, He in another, the handout's
# key (the variances left out), the key itself in some
RIGHT_SCALING = [
    "1/sqrt(d1)",
    "2/sqrt(d1)",
    "sqrt(2)/sqrt(d1)",
    "1/sqrt(2 d1)",
    "1/sqrt(3 d1)",
    "2/sqrt(3 d1)",
    "sqrt(2/d1)",
    "sqrt(8/d1)",
    "sqrt(2/(3 d1))",
]


def c_squared(box: BoxSpec, text: str, d1: int = 7) -> float:
    ctx = box_names(box)
    return float(parse_answer(text, ctx).value.subs({ctx.symbols["d1"]: d1})) ** 2


@pytest.mark.parametrize("var_w", VAR_W)
@pytest.mark.parametrize("var_x", VAR_X)
def test_he_initialization_is_named_only_for_the_weights_he_gives(var_w, var_x):
    v = instantiate(RAW, "1a", params={"var_w": var_w, "var_x": var_x})
    box = v.boxes["1a.constant"]
    w, x = Fraction(var_w), Fraction(var_x)
    answers = [*RIGHT_SCALING, f"sqrt(2/({var_w}*{var_x}*d1))", f"sqrt(2/({var_w}*d1))"]
    for text in answers:
        got = check(box, text)
        c2 = c_squared(box, text)
        is_he = math.isclose(c2 * float(w) * 7, 2)  # He: Var(c·W_ij) = 2/fan_in
        named = "He initialization" in got.feedback
        # named exactly where it is He and He is not the answer (with var_x = 1/2 it is)
        assert named == (is_he and got.verdict != "correct"), (text, got)
        if named:
            assert (got.verdict, got.note) == ("partial", "mistake:he-init")
            # and what it says He gives is what it gives: E[RMS²] = c²·var_w·var_x·d1
            claimed = c2 * float(w * x) * 7
            assert f"E[RMS²] = {write(2 * x)} here" in got.feedback, got.feedback
            assert math.isclose(claimed, float(2 * x))
        elif got.verdict != "correct":
            assert "He " not in got.feedback, (text, got)


@pytest.mark.parametrize(
    "seed, answer",
    [(1, "1/sqrt(d1)"), (4, "2/sqrt(d1)"), (7, "1/sqrt(3 d1)"), (2, "sqrt(8/d1)")],
)
def test_the_right_scaling_with_another_constant_is_not_called_he(seed, answer):
    got = check(box_variant(RAW, "1a.constant", seed=seed), answer)
    assert (got.verdict, got.note) == ("partial", "order:partial"), got
    assert "He" not in got.feedback and "Right scaling" in got.feedback


def test_he_is_the_key_where_the_inputs_have_variance_one_half():
    # seed 2: var_w = 1/2, var_x = 1/2; He's 2/√d1 is the constant asked for
    box = box_variant(RAW, "1a.constant", seed=2)
    got = check(box, "2/sqrt(d1)")
    assert got.verdict == "correct" and "He" not in got.feedback
    # the correct answer's feedback names LeCun's rule only as what it is here
    assert "divided by the inputs' variance 0.5" in got.feedback


def test_he_is_still_named_in_the_handout():
    got = check(HANDOUT["1a.constant"], "sqrt(2/d1)")
    assert (got.verdict, got.note) == ("partial", "mistake:he-init")
    assert "He initialization" in got.feedback and "E[RMS²] = 2 here" in got.feedback


@pytest.mark.parametrize("part", ["1a", "1b"])
def test_a_derivation_is_judged_by_its_value_box_as_the_variant_has_it(part):
    # the entries whose when does not hold in a variant are left out of the value box, and so
    # of the box that judges a derivation's last line (1b: ±s inputs have no squared reading)
    for seed in range(0, 12):
        derive = box_variant(RAW, f"{part}.derive", seed=seed)
        value = box_variant(RAW, f"{part}.constant", seed=seed)
        assert derive.target_box is not None
        assert derive.target_box.mistakes == value.mistakes, seed
        assert derive.target_box.accept == value.accept, seed


@pytest.mark.parametrize("seed", [1, 3, 4, 5])
def test_a_wrong_first_line_is_incorrect_whatever_its_last_line_matches(seed):
    # the same working in every variant where 1/√d1 is not the key: a wrong start
    got = check(box_variant(RAW, "1a.derive", seed=seed), "c^2 d1 = 1\nc = 1/sqrt(d1)")
    assert (got.verdict, got.note) == ("incorrect", "start"), got
    assert "He" not in got.feedback


def test_a_wrong_start_ending_on_a_partial_mistake_names_it_but_gives_no_credit():
    got = check(HANDOUT["1a.derive"], "c^2 d1 = 2\nc = sqrt(2/d1)")
    assert (got.verdict, got.note) == ("incorrect", "final:mistake:he-init"), got
    assert "not the starting equation" in got.feedback and "He initialization" in got.feedback
    # a partial accepted reading likewise: 1/d1 is 1b's scaling, from a wrong start
    got = check(HANDOUT["1b.derive"], "c^2 d1^2 = 1\nc = 1/d1")
    assert (got.verdict, got.note) == ("incorrect", "final:accept:scaling-only"), got
    # with its right start, the same last line keeps its partial credit
    got = check(HANDOUT["1a.derive"], "c^2 d1 = 1\nc^2 = 2/d1\nc = sqrt(2/d1)")
    assert got.verdict == "incorrect" and got.note == "step:2"


# -- orders: a mistake named by order only when the answer has what makes it that mistake -------

D = {"d1": Domain(1, 4096, integer=True), "d2": Domain(1, 4096, integer=True)}


@pytest.mark.parametrize("answer", ["Θ(1)", "O(1)", "const"])
def test_a_constant_order_is_not_the_slip_of_writing_d2(answer):
    got = check(HANDOUT["1a.value"], answer)
    assert got.verdict == "incorrect"
    assert "d2" not in got.feedback and "d₂" not in got.feedback, got.feedback


def test_an_order_that_has_the_slip_still_hears_it():
    got = check(HANDOUT["1a.value"], "Θ(d2)")
    assert got.verdict == "incorrect"
    assert (
        "not the d2 outputs" in got.feedback
        and "(Your order matches this mistake.)" in got.feedback
    )


def test_another_width_growing_in_one_side_alone_is_another_order():
    import sympy as sp

    d1, d2 = sp.symbols("d1 d2", positive=True, integer=True)
    domains = {d1: D["d1"], d2: D["d2"]}
    assert not same_order(sp.Integer(1), 2 * d2, d1, domains)  # Θ(1) is not Θ(d2) in d1
    assert same_order(3 * d2, 2 * d2, d1, domains)
    assert same_order(sp.Integer(1), sp.Integer(5), d1, domains)


def test_an_order_box_does_not_read_theta_one_as_a_mistake_in_d2():
    box = BoxSpec(
        id="t.order", kind="order", prompt="", answer="Theta(d1^2)", symbols=B1A_CONSTANT.symbols,
        width="d1", mistakes=(r("Theta(d2)", "fan-out", feedback="That counts the d2 outputs."),),
    )  # fmt: skip
    assert check(box, "Theta(d2)").note == "mistake:fan-out"
    got = check(box, "Theta(1)")
    assert got.note == "incorrect" and "d2 outputs" not in got.feedback


def test_a_symbol_that_is_not_a_width_must_be_there_too():
    # σ is constant in d1 and not a width: Θ(1) and σ are of one order in d1, but the slip
    # "the single term's σ" is a claim about σ, which Θ(1) does not make
    symbols = (*B1A_CONSTANT.symbols, SymbolSpec("sigma", (0.1, 3)))
    box = BoxSpec(
        id="t.sigma", kind="expression", prompt="", answer="sigma*d1", symbols=symbols,
        width="d1", mistakes=(r("sigma", "one-term", feedback="σ is the size of one term."),),
    )  # fmt: skip
    assert "one term" not in check(box, "Theta(1)").feedback
    assert "one term" in check(box, "Theta(sigma)").feedback


# -- credit: a more specific answer never gets less than its order ------------------------------


@pytest.mark.parametrize(
    "box_id, exact, order",
    [
        ("1c.spectral", "2 sqrt(d1 d2)", "Θ(sqrt(d1 d2))"),
        ("1c.rmsnorm", "2 d1", "Θ(d1)"),
        ("3c.rms_factor", "2 sqrt(n_in/n_out)", "Θ(sqrt(n_in/n_out))"),
    ],
)
def test_a_constant_times_the_key_gets_what_its_order_gets_without_a_width(box_id, exact, order):
    box = HANDOUT[box_id]
    assert box.width is None
    got, theta = check(box, exact), check(box, order)
    assert (got.verdict, got.note) == (theta.verdict, theta.note) == ("partial", "order:partial")
    assert "constant factor" in got.feedback  # and it says what is off


def test_without_a_width_other_answers_are_not_the_right_order():
    box = HANDOUT["1c.spectral"]
    for answer in ("-sqrt(d1 d2)", "sqrt(d1 + d2)", "sqrt(d1) d2", "1"):
        assert check(box, answer).verdict == "incorrect", answer


@pytest.mark.parametrize("answer", ["3", "2", "1e-3", "0.5", "constant", "Θ(1)", "3 fan_in/fan_in"])
def test_any_constant_is_the_sp_learning_rate_scaling(answer):
    got = check(HANDOUT["3b.sp"], answer)
    assert (got.verdict, got.note) == ("correct", "order:correct"), got
    assert "typical setting" not in got.feedback


def test_another_constant_keeps_the_partial_credit_where_the_value_is_asked():
    box = replace(HANDOUT["3b.sp"], order="partial", order_feedback="", tests=())
    got = check(box, "3")
    assert (got.verdict, got.note) == ("partial", "order:partial")
    assert check(box, "1").verdict == "correct"
    assert check(box, "1/fan_in").verdict == "incorrect"


def test_no_shipped_exact_box_gives_an_order_more_credit_than_the_expression():
    for box_id, box in HANDOUT.items():
        assert order_credit_problem(box, check) is None, box_id


def test_validate_reports_an_order_worth_more_than_the_right_order_expression():
    # no width and a number for a key: Θ(3/2) is "the right order", 21/10 is just wrong
    box = BoxSpec(
        id="t.n", kind="expression", prompt="", answer="3/2", symbols=B1A_CONSTANT.symbols
    )
    found = order_credit_problem(box, check)
    assert found is not None and found.code == "order-credit"
    assert "partial (order:partial)" in found.expected and "incorrect" in found.got
    assert 'order = "incorrect"' in found.fix
    assert order_credit_problem(replace(box, order="incorrect"), check) is None


# -- no number shown as about itself ------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 3, 5, 7])
def test_an_exact_value_is_not_given_an_approximation_of_itself(seed):
    got = check(box_variant(RAW, "1b.constant", seed=seed), "1/d1")
    assert got.note == "accept:scaling-only"
    assert "≈" not in got.feedback, got.feedback


def test_the_handout_keeps_the_approximation_of_an_irrational_value():
    got = check(HANDOUT["1b.constant"], "1/d1")
    assert "E[RMS(y′/d1)] = √(2/π) ≈ 0.80." in got.feedback


@pytest.mark.parametrize(
    "text, bad",
    [
        ("E = 2 ≈ 2. The exact constant", True),
        ("it is 0.5 ≈ 0.50 here", True),
        ("E = √(2/π) ≈ 0.80.", False),
        ("490/9 ≈ 54.4 ns", False),
        ("2 ≈ 2.5", False),
        ("12 ≈ 2", False),
    ],
)
def test_validate_finds_a_number_shown_as_about_itself(text, bad):
    issue = render_issue(text)
    assert (issue is not None and "about itself" in issue.message) == bad, issue
