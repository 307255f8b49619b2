"""Problem 4 as the reparameterization literature writes it: ε for the standard normal noise,
(∇f)(…) for a gradient evaluated at a point, E_{p(z)}[…] for an expectation over z."""

from __future__ import annotations

import pytest
from reading_helpers import BOXES, judged

from tutor.checking.readas import read
from tutor.inputlang.reader import box_names


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4b.F", "\\mathbb{E}[f(\\mu+\\sigma\\epsilon)]"),
        ("4b.F", "E[f(μ+σε)]"),
        ("4b.F", "E[f(mu + sigma*eps)]"),
        ("4b.F", "E_{\\epsilon\\sim\\mathcal{N}(0,I)}[f(\\mu+\\sigma\\odot\\epsilon)]"),
        (
            "4e.special",
            "g(\\epsilon) = \\mu + \\sigma \\odot \\epsilon, \\epsilon \\sim \\mathcal{N}(0,I)",
        ),
        (
            "4e.special",
            "g(\\epsilon,\\mu)=\\mu+\\sigma\\cdot\\epsilon,\\ p(\\epsilon)=\\mathcal{N}(0,I)",
        ),
        ("4c.gradF", "\\mathbb{E}_z\\left[(\\nabla f)(\\mu + \\sigma z)\\right]"),
        ("4c.gradF", "E_z[(∇_x f)(μ+σz)]"),
        ("4c.gradF", "E_z[(∇_{x} f)(μ+σz)]"),
        ("4c.gradF", "E_{p(z)}[∇f(μ+σz)]"),
        ("4b.F", "\\mathbb{E}_{p(z)}[f(\\mu+\\sigma z)]"),
    ],
)
def test_the_literatures_notation_reads(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_epsilon_is_said_to_be_read_as_z():
    parsed = read(box_names(BOXES["4b.F"]), "E[f(μ+σε)]")
    assert any("ε as z" in r for r in parsed.remarks), parsed.remarks


def test_a_mistake_in_epsilon_is_the_same_mistake():
    assert judged("4b.F", "E[f(μ+ε)]").note == judged("4b.F", "E[f(μ+z)]").note


def test_a_bracketed_gradient_of_an_unknown_function_is_still_refused():
    v = judged("4c.gradF", "E_z[(grad g)(mu+sigma z)]")
    assert v.note == "invalid:unknown-name"


def test_the_gradient_over_p_mu_has_the_right_value_but_not_the_form_asked():
    v = judged("4c.gradF", "E_{x∼N(μ,σ²I)}[∇f(x)]")
    assert (v.verdict, v.note) == ("partial", "mistake:not-reparameterized")
    # it points back to the rewriting of (b) without writing the form asked for
    assert "does not move" in v.feedback and "(b)" in v.feedback
    assert "μ + σz" not in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4b.F", "E[f(μ + σZ)], Z ~ N(0, I)"),  # the variable stated after it, not the box's z
        ("4b.F", "E[f(μ + σu)], u ~ N(0, 1)"),
        ("4b.F", "E f(μ+σz)"),  # no brackets, right before the function
        ("4b.F", "E{f(μ+σz)}"),
        ("4c.gradF", "E ∇f(μ+σz)"),
    ],
)
def test_an_expectation_written_by_hand(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_a_variable_stated_after_is_judged_over_its_own_distribution():
    # u ~ N(0, 4): μ + σu has the wrong spread; judged as such, not over the box's z
    v = judged("4b.F", "E[f(μ + σu)], u ~ N(0, 4)")
    assert v.verdict == "incorrect"


def test_an_unknown_variable_that_is_not_stated_is_still_refused():
    assert judged("4b.F", "E[f(μ + σu)]").note == "invalid:unknown-name"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4e.special", "g(z, μ) = μ + σz, z is a standard Gaussian"),
        ("4e.special", "g(ε, μ) = μ + σε, ε standard normal"),
        ("4e.special", "g(z,μ)=μ+σz where z ~ standard normal"),
        ("4e.special", "g(z, μ) = μ + σz, p(z) = standard normal"),
        ("4e.special", "g(z,μ)=μ+σ·z (z standard normal)"),
        ("4e.special", "g(z,μ)=μ+σ·z (z ~ N(0, I))"),
        ("4b.F", "E_{z standard normal}[f(μ+σz)]"),
        ("4c.gradF", "E_{z ~ standard normal}[∇f(μ+σz)]"),
        ("4d.gradF", "E_{x~p_θ}[f(x) · ∂/∂θ log p_θ(x)]"),
        ("4d.gradF", "E_{x~p_θ}[f(x) \\frac{\\partial}{\\partial \\theta} \\log p_\\theta(x)]"),
        ("4d.gradF", "E_{x~p_θ}[f(x) \\partial_\\theta \\log p_\\theta(x)]"),
        ("4d.gradF", "E_{x~p_θ}[f(x) ∂_θ log p_θ(x)]"),
        ("4d.gradF", "E_{x~p_θ}[f(x) d/dθ log p_θ(x)]"),
        ("4d.gradF", "E_{x~p_theta}[f(x) d/dtheta log p_theta(x)]"),
        ("4d.gradF", "E_{x~p_θ}[f(x) \\frac{d}{d\\theta} \\log p_\\theta(x)]"),
        ("4d.gradF", "E_{x~p_θ}[f(x) \\frac{\\mathrm{d}}{\\mathrm{d}\\theta} \\log p_\\theta(x)]"),
        ("4a.g", "f(x) d/dμ log p_μ(x) = f(x)(x-μ)/σ²"),
    ],
)
def test_the_standard_normal_in_words_and_partial_derivatives(box, answer):
    v = judged(box, answer)
    assert v.verdict == "correct", v.feedback


def test_the_rewrites_keep_every_column():
    from tutor.inputlang.mathwords import in_notation

    for text in ["z is standard normal", "∂/∂θ log p", "a (z ~ N(0, I))", "\\partial_{\\mu} f"]:
        assert len(in_notation(text)) == len(text)


@pytest.mark.parametrize(
    "answer",
    ["E_{z~N(0,I)}[f(μ+σ|z|)]", "E_{z~N(0,I)}[f(μ+σ |z|)]", "E_{z~N(0,I)}[f(μ+σ\\lvert z\\rvert)]"],
)
def test_an_absolute_value_inside_f_is_read_not_taken_for_a_conditioning_bar(answer):
    # it was refused ("I didn't expect ')'"): f's bar was read as p(x | θ)'s
    v = judged("4b.F", answer)
    assert v.verdict == "incorrect" and "|z|" in v.interpreted


def test_a_densitys_bar_still_separates_its_parameter():
    v = judged("4d.gradF", "E_{x~p(x|θ)}[f(x) ∇_θ log p(x|θ)]")
    assert (v.verdict, v.note) == ("correct", "correct")


def test_d_over_d_is_a_derivative_only_before_a_parameter():
    from tutor.inputlang.mathwords import in_notation

    for text in ["d1/d2", "d/d1", "d/dx f", "2d/dmu", "d/dmusic"]:
        assert in_notation(text) == text
    assert in_notation("d/dμ f").startswith("∇_μ")


def test_a_partial_derivative_with_a_longer_name_keeps_the_columns():
    from tutor.inputlang.mathwords import in_notation

    for text in ["∂/∂mu f", "∂/∂θquadratic", "\\partial_{\\theta}", "d/dmu f", "\\frac{d}{d\\mu}"]:
        assert len(in_notation(text)) == len(text)


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4e.special", "g(z,μ) = μ+σz, z ~ p(z) = N(0,I)"),
        ("4e.special", "g(z,μ) = μ+σz, z ~ N(0,I) = p(z)"),
        ("4b.F", "E_{z}[f(μ+σz)], z ~ p(z) = N(0, I)"),
    ],
)
def test_p_of_z_naming_zs_distribution_in_a_clause(box, answer):
    # "z ~ p(z) = N(0, I)" was refused: p(z) read as p_μ(z), "not the same" as N(0, I)
    assert judged(box, answer).verdict == "correct"


def test_two_different_distributions_for_z_are_still_refused():
    v = judged("4e.special", "g(z,μ) = μ+σz, z ~ N(0,I) = N(0,2I)")
    assert v.verdict == "invalid" and "not the same" in v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "f(x) ∇_μ log N(x; μ, σ²I)",
        "f(x) \\nabla_\\mu \\log \\mathcal{N}(x; \\mu, \\sigma^2 I)",
        "f(x) ∇_μ log N(x | μ, σ²)",
    ],
)
def test_the_gaussian_density_written_as_n_of_x_is_this_parts_density(answer):
    """N(x; μ, σ²I) in an expression is the density at x: with 4a's mean and covariance it is
    p_μ(x), so the score left unworked gets that mistake's feedback (it was refused as a
    distribution inside an expression)."""
    v = judged("4a.g", answer)
    assert (v.verdict, v.note) == ("partial", "mistake:score-not-worked-out"), v.feedback
    assert "N(x; μ, σ²" in v.interpreted


def test_a_gaussian_density_with_another_covariance_is_refused_naming_the_parts_density():
    v = judged("4a.g", "f(x) ∇_μ log N(x; μ, σ)")
    assert v.verdict == "invalid"
    assert "p_μ(x)" in v.feedback


def test_a_distributions_own_point_is_still_left_out_after_a_tilde():
    assert judged("4b.F", "E_{z~N(z; 0, I)}[f(μ+σz)]").verdict == "correct"


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("E_z[∇_x f(x) at x = μ+σz]", "correct"),
        ("E_z[∇f(x) evaluated at x = μ+σz]", "correct"),
        ("E_z[∇_x f(x) at x = μ+z]", "incorrect"),
    ],
)
def test_a_gradient_taken_at_a_point_said_in_words_is_the_evaluation_bar(answer, verdict):
    v = judged("4c.gradF", answer)
    assert v.verdict == verdict, v.feedback
    assert "|_{x = μ + " in v.interpreted


@pytest.mark.parametrize(
    ("box", "answer", "verdict"),
    [
        ("4c.gradF", "E[∇f(x)], x = μ+σz", "correct"),
        ("4c.gradF", "E_z[∇f(x)] where x = μ + σz", "correct"),
        ("4c.gradF", "E[∇f(x)], x = μ+z", "incorrect"),
        ("4b.F", "E[f(x)] where x = μ + σz, z ~ N(0, I)", "correct"),
        ("4b.F", "E[f(y)], y = μ + σz", "correct"),  # a name the box does not know
    ],
)
def test_a_name_defined_after_the_expectation_is_put_in(box, answer, verdict):
    v = judged(box, answer)
    assert v.verdict == verdict, v.feedback
    assert " = μ + " in v.interpreted  # the definition is part of the reading


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("E_x[∇f(x)], x = μ+σz", "The expectation is over x"),
        ("E[∇f(x)], y = 3", "two answers"),  # y is not used: a second answer
    ],
)
def test_a_definition_that_would_change_the_expectation_or_is_unused_is_refused(answer, said):
    v = judged("4c.gradF", answer)
    assert v.verdict == "invalid"
    assert said in v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "g(z, mu) = z, z ~ N(mu, sigma^2 I)",
        "g(z, θ) = z, z ~ p_θ",
        "g(z, mu) = z - mu, z ~ N(2 mu, sigma^2 I)",
        "g(z,μ) = μ + z, p(z) = p_μ",
    ],
)
def test_a_pair_whose_p_of_z_moves_with_mu_is_wrong(answer):
    """g(z) = z with z ~ N(μ, σ²I) has the law of p_μ, but p(z) depends on μ: the point of
    the reparameterization is lost (it was marked correct, "∇_μ g = I")."""
    v = judged("4e.special", answer)
    assert v.verdict == "incorrect"
    assert "must not depend on μ" in v.feedback


def test_p_of_z_named_by_the_family_is_read():
    v = judged("4e.special", "g(z,μ) = μ + z, p(z) = p_{μ=0}")
    assert v.verdict == "correct", v.feedback


@pytest.mark.parametrize("answer", ["Θ(√(n_ℓ/n_{ℓ−1}))", "Θ(n_ℓ/n_{ℓ-1})", "Θ(n_in/n_out)"])
def test_two_widths_are_not_merged_into_the_one_width_of_an_order_box(answer):
    """n_ℓ and n_{ℓ−1} both read as n made their ratio Θ(1): marked right."""
    v = judged("3c.rms_desideratum", answer)
    assert v.verdict == "invalid"
    assert "two different widths" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "said"),
    [
        ("4a.g", "E_{x~N(0, sigma^2 I)}[f(x)(x-mu)/sigma^2]", "centred at μ, and moves with it"),
        ("4b.F", "E_{x~N(1, I)}[f(mu + sigma (x - 1))]", "this part's is centred at 0"),
    ],
)
def test_a_wrong_centre_is_said_as_the_part_asks_it(box, answer, said):
    """Both were told the part wants a distribution "that does not move with the parameter":
    false for 4a (p_μ moves) and beside the point for N(1, I), which does not move either."""
    v = judged(box, answer)
    assert v.verdict == "incorrect"
    assert said in v.feedback and "does not move" not in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4b.F", "We substitute x = μ + σz. So F(μ) = E_{z~N(0,I)}[f(μ+σz)]."),
        ("4b.F", "E_{z~N(0,I)}[f(μ+σz)] because x = μ + σz"),
        ("4c.gradF", "E_{z~N(0,I)}[∇f(μ+σz)] since x = μ + σz"),
    ],
)
def test_a_reason_or_a_conclusion_around_the_answer_names_the_right_part(box, answer):
    """The substitution x = μ + σz was judged as the answer ("μ + σ·z"): after 'So' the
    function the part asks for, F(μ) = …, was taken for a check; before 'because' the
    expectation was taken for a label."""
    v = judged(box, answer)
    assert v.verdict == "correct", v.feedback


@pytest.mark.parametrize("answer", ["(f(x) - 3)((x-μ)^2-σ^2)/σ^3", "(f(x) − f(μ))((x−μ)² − σ²)/σ³"])
def test_a_constant_baseline_is_right_in_the_scale_family_too(answer):
    """In 4a's scale variant the score is ((x−μ)² − σ²)/σ³: a baseline times it has mean 0,
    and was marked wrong (only the mean family's score, a multiple of z, was known)."""
    import shipped_content

    from tutor.checking.judge import check
    from tutor.variants.engine import instantiate

    variant = instantiate(shipped_content.handout().templates, "4a", seed=1)
    assert variant.values["family"] == "scale"
    assert check(variant.boxes["4a.g"], answer).verdict == "correct"
    assert check(variant.boxes["4a.g"], "(f(x) - 3 x)((x-μ)^2-σ^2)/σ^3").verdict != "correct"


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("f(x) ∇_σ log p_σ(x) = f(x)((x-μ)²-σ²)/σ³", "correct"),
        ("∇_σ log p_σ(x)·f(x) = f(x)((x−μ)² − σ²)/σ³", "correct"),
        ("f(x) ∇_σ log p_σ(x) = f(x)(x-μ)/σ²", "incorrect"),  # the mean's score, worked out
        ("f(x) ∇_λ log p_λ(x) = f(x)((x-μ)²-σ²)/σ³", "invalid"),  # no λ in this part
    ],
)
def test_a_chain_through_the_score_in_the_scale_family(answer, verdict):
    """A chain writing the score out in 4a's scale variant was refused as two different values:
    the density's stand-in put the parameter into the mean only, so ∇_σ log p_σ read as 0."""
    import shipped_content

    from tutor.checking.judge import check
    from tutor.variants.engine import instantiate

    variant = instantiate(shipped_content.handout().templates, "4a", seed=1)
    assert variant.values["family"] == "scale"
    assert check(variant.boxes["4a.g"], answer).verdict == verdict


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4b.F", "E_{z~N(0,I)}[f(mu + sigma z)] where z ~ N(0, sigma^2 I)"),
        ("4c.gradF", "E_{z~N(0,I)}[∇f(μ+σz)] where z ~ N(0, σ^2 I)"),
        ("4d.gradF", "E_{x~p_θ}[f(x)∇_θ log p_θ(x)] where x ~ N(0, I)"),
    ],
)
def test_two_laws_for_the_variable_of_an_expectation_are_refused(box, answer):
    """The clause after the expectation contradicted its subscript and was ignored: marked right."""
    v = judged(box, answer)
    assert v.verdict == "invalid"
    assert "give its distribution once" in v.feedback


def test_the_same_law_said_twice_is_still_read():
    assert judged("4b.F", "E_{z~N(0,I)}[f(mu + sigma z)] where z ~ N(0, I)").verdict == "correct"


def test_the_pair_on_two_lines_with_p_of_z_is_one_answer():
    """'g(z, μ) = μ + σz' and 'p(z) = N(0, I)' on two lines were 'two answers'."""
    v = judged("4e.special", "g(z, μ) = μ + σz\np(z) = N(0, I)")
    assert v.verdict == "correct", v.feedback


@pytest.mark.parametrize("answer", ["(f(x) + 2)(1/λ - x)", "f(x)(1/λ − x) + (x − 1/λ)"])
def test_a_constant_baseline_is_right_for_the_exponentials_rate_too(answer):
    """The rate variant's density is abstract (x ~ p_λ): the score is read off the key,
    f(x)·(1/λ − x); a constant times it was marked wrong."""
    import shipped_content

    from tutor.checking.judge import check
    from tutor.variants.engine import instantiate

    variant = instantiate(shipped_content.handout().templates, "4a", seed=4)
    assert variant.values["family"] == "rate"
    assert check(variant.boxes["4a.g"], answer).verdict == "correct"
    assert check(variant.boxes["4a.g"], "(f(x) + 2x)(1/λ - x)").verdict != "correct"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4e.special", "g(z,μ) = μ + σz, z ~ N(0, -I)"),
        ("4b.F", "E_{z~N(0,-σ^2 I)}[f(μ+z)]"),
    ],
)
def test_a_negative_covariance_is_refused_not_judged(box, answer):
    # it was judged "nearly the expected answer … a term to remove"
    v = judged(box, answer)
    assert v.verdict == "invalid" and "covariance" in v.feedback and "negative" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4a.g", "Using the log-derivative trick, g(x)=f(x)(x−μ)/σ²."),
        ("4d.gradF", "By the log-derivative trick, ∇_θ F(θ) = E_{x∼p_θ}[f(x)∇_θ log p_θ(x)]."),
        ("4a.g", "This is the score-function estimator: f(x)(x−μ)/σ²"),
        ("4b.F", "E_{z~N(0,I)}[f(μ+σz)], using x = μ + σz"),
        ("4e.special", "g(z, μ) = μ + σ z, with z drawn from a standard normal"),
        ("4e.special", "g(z, μ) = μ + σ z, z sampled from a standard Gaussian"),
        ("4e.special", "g(z, μ) = μ + σ z where z follows a standard normal"),
    ],
)
def test_prose_around_the_answer_in_the_words_students_use(box, answer):
    # a hyphenated word (log-derivative) was read as log minus a name, "using …" as a second
    # value, and "z drawn from a standard normal" as a variable named zdrawnfroma
    v = judged(box, answer)
    assert v.verdict == "correct", v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4b.F", "E_{z~N(0,I)}[f(mu + sigma z) + 5 z]"),
        ("4b.F", "E_{z~N(0,I)}[f(mu + sigma z) - z/sigma]"),
        ("4c.gradF", "E_{z~N(0,I)}[grad f(mu + sigma z) + z/sigma]"),
    ],
)
def test_a_zero_mean_term_outside_a_score_estimator_is_not_called_a_baseline(box, answer):
    # F itself and the pathwise gradient have no score for a baseline to multiply: the extra
    # term changes only the noise, and the feedback says so instead of "a baseline"
    v = judged(box, answer)
    assert v.verdict == "correct" and "baseline" not in v.feedback and "score" not in v.feedback
    assert "expectation zero" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4a.g", "f(x)*(x-mu)/sigma^2 + 3*(x-mu)/sigma^2"),
        ("4a.g", "(f(x) - 2)(x - mu)/sigma^2"),
        ("4d.gradF", "E_{x~p_θ}[(f(x)-2) ∇_θ log p_θ(x)]"),
    ],
)
def test_a_baseline_in_a_score_function_estimator_is_still_called_one(box, answer):
    v = judged(box, answer)
    assert v.verdict == "correct" and "baseline" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        # the identity matrix outside N(0, I): Σ⁻¹ = (σ²I)⁻¹, and ∂(μ + σz)/∂μ = I
        ("4a.g", "f(x) (σ²I)^{-1}(x−μ)"),
        ("4a.g", "f(x) σ^{-2} I (x-μ)"),
        ("4a.g", "f(x) (sigma^2 I)^(-1) (x - mu)"),
        ("4a.g", "I f(x) (x−μ)/σ²"),
        ("4c.gradF", "E_{z~N(0,I)}[I ∇f(μ+σz)]"),
        ("4c.gradF", "E_{z~N(0,I)}[I_k grad f(mu + sigma z)]"),
        # an operator's name in a font in a font
        ("4b.F", "\\mathop{\\mathbb{E}}_{z\\sim\\mathcal{N}(0,I)} f(\\mu+\\sigma z)"),
        ("4b.F", "\\mathop{\\mathrm{E}}\\limits_{z\\sim\\mathcal{N}(0,I)} [f(\\mu+\\sigma z)]"),
        ("4b.F", "\\operatorname{\\mathbb{E}}_{z\\sim\\mathcal{N}(0,I)}[f(\\mu+\\sigma z)]"),
        # a remark in brackets restating the law the clause before it gives
        ("4e.special", "g(z, mu) = sigma z + mu, z ~ N(0, I) (standard normal)"),
        ("4e.special", "g(z, mu) = mu + sigma z, z ~ N(0, I) (i.e. a standard Gaussian)"),
        ("4e.special", "g(z, μ) = μ + σz, z ∼ N(0, I) (unit normal)"),
        # log glued to the box's function
        ("4d.gradF", "E_{x~p_θ}[f(x)∇_θ logp_θ(x)]"),
        ("4d.gradF", "E_{x~p_theta}[f(x) grad_theta logp_theta(x)]"),
        # df/dx(a) and ∂f/∂x(a): the gradient of f at a
        ("4c.gradF", "E_{z~N(0,I)}[df/dx(μ+σz)]"),
        ("4c.gradF", "E_{z~N(0,I)}[\\frac{df}{dx}(\\mu+\\sigma z)]"),
        ("4c.gradF", "E_{z~N(0,I)}[\\frac{\\partial f}{\\partial x}(\\mu+\\sigma z)]"),
        ("4c.gradF", "E_{z~N(0,I)}[∂f/∂x(μ+σz)]"),
    ],
)
def test_common_ways_of_writing_a_correct_answer_read(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_log_glued_to_the_density_is_the_same_mistake_and_said():
    v = judged("4a.g", "f(x)∇_μ logp_μ(x)")
    assert v.note == "mistake:score-not-worked-out"
    assert "I read logp as log p" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"), [("1a.value", "I d1"), ("5a.fwd", "20 I"), ("1b.constant", "I/d1")]
)
def test_the_identity_is_not_read_outside_problem_4(box, answer):
    assert judged(box, answer).verdict == "invalid"


def test_a_wrong_answer_with_the_identity_is_still_wrong():
    v = judged("4a.g", "f(x) (σI)^{-1}(x−μ)")
    assert v.verdict == "incorrect"


@pytest.mark.parametrize(
    "answer",
    [
        "g(z, mu) = mu + sigma z, z ~ N(0, I), mu ~ N(0,1)",
        "g(z, μ) = μ + σz, μ ~ N(0, 1), z ~ N(0, I)",
    ],
)
def test_a_law_for_the_parameter_is_refused_saying_it_is_no_noise(answer):
    v = judged("4e.special", answer)
    assert v.verdict == "invalid" and "not a random variable" in v.feedback, v.feedback


def test_a_second_law_offered_after_or_is_another_answer_not_a_variable_named_orz():
    # "…, or z ~ N(0, σ²I)" was read as a law of a variable "or·z", with a message about g
    v = judged("4e.special", "g(z, μ) = μ + σz, z ∼ N(0, I), or z ~ N(0, sigma^2 I)")
    assert v.verdict == "invalid" and "noise variable" not in v.feedback, v.feedback
