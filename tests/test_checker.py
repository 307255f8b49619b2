"""The checker on boxes built from the domain notes (independent of the shipped content)."""

from __future__ import annotations

import pytest
from checker_boxes import (
    B1A_CONSTANT,
    B1B_CONSTANT,
    B1B_VALUE,
    B3B,
    B4A,
    B4B,
    B4C,
    B4D,
    B4E,
    B5A,
    B5C,
)

from tutor.checking.judge import Verdict, check

CASES = [
    # problem 1
    (B1A_CONSTANT, "1/sqrt(d1)", "correct", "correct"),
    (B1A_CONSTANT, "d1^(-1/2)", "correct", "correct"),
    (B1A_CONSTANT, "-1/√d₁", "correct", "accept:negative-sign"),
    (B1A_CONSTANT, "1/d1", "incorrect", "mistake:variance-not-constant"),
    (B1A_CONSTANT, "sqrt(2)/sqrt(d1)", "partial", "mistake:he-init"),
    (B1A_CONSTANT, "Θ(1/√d1)", "partial", "order:partial"),
    (B1B_VALUE, "2/pi*d1^2 + d1*(1-2/pi)", "correct", "correct"),
    (B1B_VALUE, "(2/π)d1(d1−1) + d1", "correct", "correct"),
    (B1B_VALUE, r"d_1 + \frac{2}{\pi} d_1 (d_1 - 1)", "correct", "correct"),
    (B1B_VALUE, "0.6366 d1^2 + 0.3634 d1", "partial", "decimal"),
    (B1B_VALUE, "Θ(d₁²)", "partial", "order:partial"),
    (B1B_VALUE, "Theta(d1)", "incorrect", "incorrect"),
    (B1B_VALUE, "d1", "incorrect", "mistake:independent-input"),
    (B1B_VALUE, "d1 + 2/pi d1^2", "incorrect", "mistake:cross-terms-d1-squared"),
    (B1B_VALUE, "2 d1^2 / pi", "incorrect", "mistake:leading-term-only"),
    (B1B_VALUE, "d1*d1", "incorrect", "mistake:no-constant"),
    (B1B_VALUE, "sqrt(2/pi) d1", "incorrect", "mistake:rms-not-squared"),
    (B1B_VALUE, "π d1²/2", "incorrect", "mistake:inverted-constant"),
    (B1B_VALUE, "3 d1^2", "partial", "order:partial"),  # right order, wrong constant
    (B1B_CONSTANT, "√(π/2)/d1", "correct", "correct"),
    (B1B_CONSTANT, "sqrt(pi)/(sqrt(2) d1)", "correct", "correct"),
    (B1B_CONSTANT, "1/sqrt(d1 + 2/pi d1 (d1-1))", "correct", "accept:squared-reading"),
    (B1B_CONSTANT, "1/d1", "partial", "mistake:scaling-only"),
    (B1B_CONSTANT, "1.2533/d1", "partial", "decimal"),
    (B1B_CONSTANT, "pi/(2 d1^2)", "incorrect", "mistake:squared-constant"),
    # problem 3: an order box
    (B3B, "1", "correct", "correct"),
    (B3B, "Θ(1)", "correct", "correct"),
    (B3B, "constant", "correct", "correct"),
    (B3B, "Θ(1/fan_in)", "incorrect", "mistake:mup-entry"),
    (B3B, r"\frac{1}{\sqrt{fan_{in}}}", "incorrect", "mistake:sqrt"),
    # problem 4
    (B4A, "f(x)(x-mu)/sigma^2", "correct", "correct"),
    (B4A, r"\frac{f(\mathbf{x})(\mathbf{x}-\mu)}{\sigma^2}", "correct", "correct"),
    (B4A, "g(x) = f(x)·(x − μ)/σ²", "correct", "correct"),
    (B4A, "E_{x~p_mu}[f(x)(x-mu)/sigma^2]", "correct", "correct"),
    (B4A, "f(x)(x-mu)", "incorrect", "mistake:missing-variance"),
    (B4A, "f(x)(x-mu)/sigma", "incorrect", "mistake:divides-by-sigma"),
    (B4A, "f(x)(mu-x)/sigma^2", "incorrect", "mistake:sign-flip"),
    (B4A, "∇f(x)", "partial", "mistake:pathwise"),
    (B4B, "E_{z~N(0,I)}[f(mu+sigma z)]", "correct", "correct"),
    (
        B4B,
        r"\mathbb{E}_{z \sim \mathcal{N}(0, I)}\left[f(\mu + \sigma z)\right]",
        "correct",
        "correct",
    ),
    (B4B, "E_{ε~N(0,σ²I)}[f(μ+ε)]", "correct", "correct"),
    (B4B, "F(mu) = E_{x0 ~ p_{mu=0}}[f(mu + x0)]", "correct", "correct"),
    (B4B, "f(mu + sigma z)", "partial", "integrand"),  # the expectation is missing
    (B4B, "E_z[f(μ+σz)]", "correct", "correct"),
    (B4B, "E_{z~N(0,I)}[f(mu+z)]", "incorrect", "mistake:drops-sigma"),
    (B4B, "E_{x~p_mu}[f(x)]", "incorrect", "mistake:restates-F"),
    (B4B, "E_{x~N(mu, sigma^2 I)}[f(x)]", "incorrect", "mistake:restates-F"),
    (B4C, "E_{x0~p_{mu=0}}[grad f(mu+x0)]", "correct", "correct"),
    (B4C, r"\mathbb{E}_{x_0 \sim p_{\mu=0}}[\nabla_x f(x)\Big|_{x=\mu+x_0}]", "correct", "correct"),
    (B4C, "E_{z~N(0,I)}[∇f(μ+σz)]", "correct", "correct"),
    (B4C, "E_{z~N(0,I)}[∇_μ f(μ+σz)]", "correct", "correct"),
    (B4C, "E_{z~N(0,I)}[σ∇f(μ+σz)]", "incorrect", "mistake:extra-sigma"),
    (B4C, "E_{x0~p_{mu=0}}[f(mu + x0) x0/sigma^2]", "partial", "mistake:score-recentred"),
    (B4D, "E_{x~p_theta}[f(x) grad_theta log p_theta(x)]", "correct", "correct"),
    (B4D, r"\mathbb{E}_{x\sim p_\theta}[f(x)\nabla_\theta \log p_\theta(x)]", "correct", "correct"),
    (B4D, "f(x) ∇_θ p_θ(x) / p_θ(x)", "partial", "integrand"),
    (B4D, "E_{x~p_θ}[f(x) ∇_θ p_θ(x) / p_θ(x)]", "correct", "correct"),
    (B4D, "E[∇_θ log p_θ(x)]", "incorrect", "mistake:score-alone"),
    (B4D, "E_{x~p_θ}[f(x)∇_θ p_θ(x)]", "incorrect", "mistake:no-division"),
    (B4E, "g(z, mu) = mu + sigma z, z ~ N(0, I)", "correct", "correct"),
    (B4E, "g(z, μ) = μ − σz, z ~ N(0, I)", "correct", "correct"),
    (B4E, "g(z,μ)=μ+z, p(z)=N(0,σ²I)", "correct", "accept:variance-in-p"),
    (B4E, "mu + sigma z", "invalid", "invalid:kind"),  # half of the pair: p(z) is asked too
    (B4E, "μ + z, z ∼ N(0, I)", "incorrect", "mistake:unit-sigma"),
    # problem 5
    (B5A, "20", "correct", "correct"),
    (B5A, "20 fwd operations", "correct", "correct"),
    (B5A, "45", "incorrect", "mistake:only-input-stored"),
    (B5A, "21", "incorrect", "incorrect"),
    (B5A, "20 bananas", "invalid", "invalid:unit"),
    # a bound where the exact count is asked says less than the answer
    (B5A, "at least 20", "partial", "bound"),
    (B5A, "≤ 20 fwd", "partial", "bound"),
    (B5A, "at most 45", "incorrect", "mistake:only-input-stored"),
    (B5C, "50 ns", "correct", "correct"),
    (B5C, "50ns", "correct", "correct"),
    (B5C, "50", "correct", "correct"),
    (B5C, "0.05 us", "correct", "correct"),
    (B5C, "0.05 μs", "correct", "correct"),
    (B5C, "0.05 µs", "correct", "correct"),
    (B5C, "5e-8 s", "correct", "correct"),
    (B5C, "5*10^-8 s", "correct", "correct"),
    (B5C, r"5 \times 10^{-8}\,\text{s}", "correct", "correct"),
    (B5C, "<= 50 ns", "correct", "correct"),
    (B5C, "at most 50 ns", "correct", "correct"),
    (B5C, "≤ 50ns", "correct", "correct"),
    (B5C, "t_disk <= 50 ns", "correct", "correct"),
    (B5C, "54.4 ns", "partial", "accept:input-in-memory"),
    (B5C, "500 ns", "incorrect", "mistake:total-not-per-load"),
    (B5C, ">= 50 ns", "incorrect", "incorrect"),
    (B5C, "50 ms", "incorrect", "incorrect"),
    (B5C, "50 kg", "invalid", "invalid:unit"),
    (B5C, "", "invalid", "invalid:empty"),
]


@pytest.mark.parametrize(
    "box, answer, verdict, note", CASES, ids=[f"{c[0].id}:{c[1]}" for c in CASES]
)
def test_verdict_and_note(box, answer, verdict, note):
    v = check(box, answer)
    assert (v.verdict, v.note) == (verdict, note), v.feedback


def test_mistake_feedback_is_the_mistakes_own():
    v = check(B1B_VALUE, "d1")
    assert v.feedback == "feedback for independent-input"


def test_interpreted_is_pretty_unicode():
    v = check(B1B_VALUE, "2/pi*d1^2 + d1*(1-2/pi)")
    assert "π" in v.interpreted and "d₁" in v.interpreted and "\n" not in v.interpreted
    assert check(B4B, "E_{z~N(0,I)}[f(mu+sigma z)]").interpreted.startswith("𝔼_{z ∼ N(0, I)}")


def test_a_count_reads_with_the_boxs_own_noun_however_it_was_typed():
    # so the live preview is consistent and the class review groups these answers together
    readings = {check(B5A, a).interpreted for a in ("21", "21 forward", "twenty-one", "21 fwd ops")}
    assert readings == {"21 fwd"}


def test_unknown_name_is_invalid_and_lists_known_names():
    v = check(B1B_VALUE, "d1 + n")
    assert v.verdict == "invalid" and v.note == "invalid:unknown-name"
    assert "d1" in v.feedback and "d2" in v.feedback and v.column == 5


def test_equal_but_unexpected_form_gets_a_remark():
    v = check(B1B_VALUE, "2/pi*d1^2 + d1*(1-2/pi)")
    assert v.verdict == "correct" and "Equivalent to" in v.feedback


def test_right_order_with_the_wrong_constant_gets_the_order_verdict_in_any_form():
    """Θ(1/d1) is partial in 1b's constant box, so 2/d1 and √2/d1 are too (they were
    incorrect while 1/d1 was partial); the same in the value box, written as Θ(…) or not."""
    for box, answers in (
        (B1B_VALUE, ["3 d1^2", "Θ(3 d1^2)", "d1^2 + 5 d1", "(2/pi) d1^2 + 7"]),
        (B1B_CONSTANT, ["2/d1", "sqrt(2)/d1", "Θ(1/d1)", "1/(d1 + 1)"]),
    ):
        for answer in answers:
            v = check(box, answer)
            assert (v.verdict, v.note) == ("partial", "order:partial"), (answer, v)
    assert check(B1B_VALUE, "3 d1^2").feedback == B1B_VALUE.order_feedback


def test_right_order_means_a_positive_ratio_and_no_symbol_the_key_lacks():
    v = check(B1B_VALUE, "-3 d1^2")  # E[RMS²] cannot be negative
    assert (v.verdict, v.note) == ("incorrect", "incorrect") and "sign" in v.feedback
    v = check(B1B_VALUE, "3 d1^2 + d2")  # the key does not depend on d2
    assert (v.verdict, v.note) == ("incorrect", "incorrect") and "d₂" in v.feedback
    v = check(B1A_CONSTANT, "sqrt(3/(d1 + d2))")  # Glorot-like: same limit, but uses d2
    assert v.verdict == "incorrect", v
    v = check(B1B_VALUE, "d1^3")  # the wrong order
    assert v.verdict == "incorrect" and "faster" in v.feedback


def test_an_exact_value_followed_by_its_decimal_is_the_exact_answer():
    for answer in ("√(π/2)/d1 ≈ 1.25/d1", "sqrt(pi/2)/d1 = 1.2533/d1", "c = √(π/2)/d₁ ≈ 1.25/d₁"):
        v = check(B1B_CONSTANT, answer)
        assert (v.verdict, v.note) == ("correct", "correct"), (answer, v)
        assert "exactly" not in v.feedback
    # the decimal alone is still a decimal approximation, and a wrong exact value stays wrong
    assert check(B1B_CONSTANT, "1.25/d1").note == "decimal"
    assert check(B1B_CONSTANT, "5/(4 d1) ≈ 1.25/d1").note != "correct"


@pytest.mark.parametrize("answer", ["mu + sigma z", "x = mu + sigma z", "g(z, mu) = mu + z"])
def test_reparam_without_pz_asks_for_it_without_saying_it(answer):
    # g alone was judged right with "(I took z ∼ N(0, I) …)": half the pair, and half the key
    # told; g = μ + z is right with z ∼ N(0, σ²I), so it cannot be judged without p(z) either
    v = check(B4E, answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:kind")
    assert "p(z)" in v.feedback and "N(0" not in v.feedback


def test_restating_the_question_is_explained():
    from dataclasses import replace

    box = replace(B4B, mistakes=())
    v = check(box, "E_{x~N(mu, sigma^2 I)}[f(x)]")
    assert v.verdict == "incorrect" and "μ" in v.feedback


def test_verdict_json_has_the_contract_fields():
    data = check(B5A, "20").to_json()
    assert set(data) >= {"verdict", "feedback", "interpreted", "note", "ms", "column"}
    assert isinstance(Verdict(**data), Verdict)


def test_an_unreadable_reading_in_the_content_does_not_break_the_box():
    from dataclasses import replace

    from checker_boxes import r

    box = replace(B5A, mistakes=(r("4 5 6 ???", "broken"),))
    assert check(box, "20").verdict == "correct"


def test_capital_sigma_is_read_where_the_box_defines_it_and_never_taken_for_sigma():
    from dataclasses import replace

    answer = "E_{z~N(0,Σ)}[∇f(μ+z)]"
    v = check(B4C, answer)  # this box does not define Σ
    assert (v.verdict, v.note) == ("invalid", "invalid:unknown-name")
    assert "'Sigma'" in v.feedback and "Did you mean" not in v.feedback
    defined = replace(B4C, definitions=(("Sigma", "sigma^2"),))
    assert check(defined, answer).verdict == "correct"
    # a capital Latin name still gets its suggestion (D1 for d1)
    assert "Did you mean d1?" in check(B1A_CONSTANT, "1/sqrt(D1)").feedback


@pytest.mark.parametrize(
    "answer",
    [
        "1/sqrt(d1) + 10^-100",  # off by a constant far below any float's reach
        "(1/sqrt(d1))^(1 + 10^-20)",  # an exponent off in its 20th digit
        "1/sqrt(d1) + 1/d1^60",  # off by an amount that vanishes fast as d1 grows
    ],
)
def test_an_answer_off_by_a_tiny_exact_amount_is_not_called_equal(answer):
    v = check(B1A_CONSTANT, answer)
    assert v.verdict != "correct", v.feedback
    assert "Equivalent" not in v.feedback


@pytest.mark.parametrize(
    "answer", ["exp(-log(d1)/2)", "sqrt(d1)/d1", "sqrt(d1^3)/d1^2", "exp(log(d1)/2 - log(d1))"]
)
def test_the_exact_recheck_still_finds_true_equalities(answer):
    assert check(B1A_CONSTANT, answer).verdict == "correct"


@pytest.mark.parametrize("answer", ["50 (ns)", "50 [ns]", "50 (nanoseconds)"])
def test_a_unit_in_brackets_reads_as_the_unit(answer):
    v = check(B5C, answer)
    assert v.verdict == "correct", v.feedback


def test_a_wrong_unit_in_brackets_is_still_the_wrong_unit():
    assert check(B5C, "50 (ms)").verdict == "incorrect"


@pytest.mark.parametrize("answer", ["d₁⁻¹ᐟ²", "d1^(-1ᐟ2)", "1⁄√d₁", "1∕sqrt(d1)"])
def test_fraction_slashes_pasted_from_a_pdf_are_judged_as_typed(answer):
    v = check(B1A_CONSTANT, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback
    assert "/" in v.interpreted and "ᐟ" not in v.interpreted


def test_a_fraction_slash_outside_an_exponent_divides():
    v = check(B1A_CONSTANT, "1ᐟd1")  # 1/d1: the variance, not the constant
    assert (v.verdict, v.note) == ("incorrect", "mistake:variance-not-constant")
    assert v.interpreted == "1/d₁"


@pytest.mark.parametrize(
    "answer",
    [
        "1/√d₁ — LeCun",  # a subscripted name in a sentence is one name, not a word and a value
        "1/√d_{1}, LeCun",
        "c = 1/√d1 (LeCun)",  # a labelled value with a remark after it
        "c = 1/sqrt(d1), LeCun's rule",
        "the answer c = 1/√d₁ (LeCun)",
    ],
)
def test_an_answer_in_a_sentence_is_read_with_its_subscripts_and_its_label(answer):
    v = check(B1A_CONSTANT, answer)
    assert v.verdict == "correct", v.feedback


def test_a_labelled_square_in_a_sentence_is_still_the_square():
    assert check(B1A_CONSTANT, "c^2 = 1/d1 (the variance)").verdict != "correct"


@pytest.mark.parametrize(
    "answer",
    [
        "c² = 1/d₁ so c = 1/√d₁",
        "c^2 d1 = 1 => c = 1/sqrt(d1)",
        "E = c^2 d1 = 1, hence c = 1/sqrt(d1)",
        r"c^2 = 1/d_1 \implies c = 1/\sqrt{d_1}",
        "so 1/sqrt(d1)",
    ],
)
def test_working_on_one_line_is_judged_by_its_conclusion(answer):
    v = check(B1A_CONSTANT, answer)
    assert v.verdict == "correct", v.feedback


def test_a_wrong_conclusion_is_wrong_and_says_only_it_was_judged():
    v = check(B1A_CONSTANT, "c² = 1/d₁ so c = d1")
    assert v.verdict == "incorrect"
    assert "the working before it is not checked" in v.feedback


def test_a_conclusion_that_negates_its_value_is_not_taken():
    assert check(B5C, "500 = 10t, so not 50 ns").verdict != "correct"


def test_a_right_conclusion_says_the_working_before_it_was_not_judged():
    v = check(B1A_CONSTANT, "c = 1/d1 so c = 1/sqrt(d1)")  # the working is wrong, the end right
    assert v.verdict == "correct"
    assert "the working before it is not checked" in v.feedback
    assert "not checked" not in check(B1A_CONSTANT, "1/sqrt(d1)").feedback


@pytest.mark.parametrize(
    "answer",
    [
        "c = 1/sqrt(d_1), i.e. Var = 1/d1",
        "1/sqrt(d1) (i.e. LeCun init)",
        "1/√d₁, e.g. 0.5 at d1 = 4",
    ],
)
def test_what_follows_i_e_or_e_g_is_left_out(answer):
    v = check(B1A_CONSTANT, answer)
    assert v.verdict == "correct", v.feedback


def test_a_wrong_answer_before_i_e_is_wrong_and_says_what_was_left_out():
    v = check(B1A_CONSTANT, "d1, i.e. the fan-in")
    assert v.verdict == "incorrect"
    assert "left out what follows it" in v.feedback
