"""Problem 4's variants: the score-function answer for a Gaussian's mean and scale and an
exponential's rate, and the reparameterization answer for the mean and the scale, each against
Monte Carlo of a test function whose gradient is known in closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shipped_content
import sympy as sp
from sympy.core.function import AppliedUndef

from tutor.authoring.variant_checks import validate_variants
from tutor.checking.judge import check
from tutor.inputlang.reader import box_names, parse_answer
from tutor.inputlang.values import Expectation
from tutor.variants import engine
from tutor.variants.engine import instantiate

RAW = shipped_content.templates()
MU, SIGMA, RATE = 0.7, 1.3, 1.5


def integrand(box, power: int):
    """The box's reference answer as a numpy function, with f(x) = x**power (∇f its derivative)."""
    ctx = box_names(box)
    value = parse_answer(box.answer, ctx).value
    body = value.body if isinstance(value, Expectation) else value

    def concrete(e):
        name, arg = e.func.__name__, e.args[-1]
        if name == "f":
            return arg**power
        if name == "f__d0":
            return power * arg ** (power - 1)
        raise AssertionError(f"unexpected function {name} in {box.answer}")

    body = body.replace(lambda e: isinstance(e, AppliedUndef), concrete)
    names = [s for s in ("x", "z", "mu", "sigma", "lambda") if s in ctx.symbols]
    return sp.lambdify([ctx.symbols[n] for n in names], body, "numpy"), names


def mc_mean(fn, names, draws: dict) -> tuple[float, float]:
    values = np.broadcast_to(fn(*[draws[n] for n in names]), draws["n"].shape).astype(float)
    return values.mean(), values.std(ddof=1) / math.sqrt(values.size)


@pytest.mark.parametrize(
    "family, power, truth",
    [
        ("mean", 3, 3 * MU**2 + 3 * SIGMA**2),  # d/dμ E[x³], x ~ N(μ, σ²)
        ("scale", 3, 6 * MU * SIGMA),  # d/dσ E[x³] = d/dσ (μ³ + 3μσ²)
        ("rate", 2, -4 / RATE**3),  # d/dλ E[x²] = d/dλ (2/λ²), x ~ Exp(λ)
    ],
)
def test_the_score_function_answer_of_each_family_against_monte_carlo(family, power, truth):
    v = (
        instantiate(RAW, "4a")
        if family == "mean"
        else instantiate(RAW, "4a", params={"family": family})
    )
    fn, names = integrand(v.boxes["4a.g"], power)
    rng = np.random.default_rng(4)
    n = 400_000
    if family == "rate":
        x = rng.exponential(1 / RATE, n)
    else:
        x = MU + SIGMA * rng.standard_normal(n)
    mean, stderr = mc_mean(fn, names, {"x": x, "mu": MU, "sigma": SIGMA, "lambda": RATE, "n": x})
    assert abs(mean - truth) <= 5 * stderr, (family, mean, truth, stderr)


@pytest.mark.parametrize(
    "family, truth",
    [("mean", 3 * MU**2 + 3 * SIGMA**2), ("scale", 6 * MU * SIGMA)],
)
def test_the_reparameterization_answer_of_each_family_against_monte_carlo(family, truth):
    v = (
        instantiate(RAW, "4c")
        if family == "mean"
        else instantiate(RAW, "4c", params={"family": family})
    )
    fn, names = integrand(v.boxes["4c.gradF"], 3)
    z = np.random.default_rng(5).standard_normal(400_000)
    mean, stderr = mc_mean(fn, names, {"z": z, "x": z, "mu": MU, "sigma": SIGMA, "n": z})
    assert abs(mean - truth) <= 5 * stderr, (family, mean, truth, stderr)


def test_the_families_change_the_texts_and_the_handout_is_the_mean():
    handout = engine.handout(RAW)
    assert handout.part("4a").title == "The score-function gradient for a Gaussian"
    assert "only the mean μ is the parameter" in handout.part("4a").statement
    assert handout.boxes["4a.g"].answer == "f(x)*(x - mu)/sigma^2"
    assert handout.boxes["4c.gradF"].prompt == "∇_μ F(μ) ="
    rate = instantiate(RAW, "4a", params={"family": "rate"})
    assert rate.part.title == "The score-function gradient for an exponential"
    assert "exponential distribution" in rate.part.statement
    assert {m.note for m in rate.boxes["4a.g"].mistakes} >= {"density-not-log", "log-derivative"}
    assert all(t.when == ("family = rate",) for t in rate.boxes["4a.g"].tests)
    scale = instantiate(RAW, "4c", params={"family": "scale"})
    assert scale.boxes["4c.gradF"].prompt == "∇_σ F(σ) ="
    assert scale.boxes["4c.gradF"].answer == "E_{z~N(0,I)}[z * grad f(mu + sigma z)]"
    assert "∂(μ + σz)/∂σ = z" in scale.part.solution


def test_every_variant_of_problem_4_passes_every_check():
    report = validate_variants(engine.handout(RAW), check, 25, parts=["4a", "4c"])
    assert {"4a", "4c"} <= set(report.parts)
    failures = [f for f in report.failures if f.file == "p4.toml"]
    assert failures == [], "\n".join(str(f) for f in failures)
    assert report.distinct["4a"] == 2 and report.distinct["4c"] == 1


def test_a_part_with_fewer_variants_than_asked_is_checked_once_per_variant():
    """4c has one variant besides the handout: asking for 25 checks that one, once, by the
    first seed that draws it (seeds that draw it again are passed over, not counted again)."""
    from tutor.authoring.validate import validate_content
    from tutor.authoring.variant_checks import variant_content

    report = validate_variants(engine.handout(RAW), check, 25, parts=["4c"])
    assert report.parts == ("4c",) and report.distinct == {"4c": 1}
    assert report.seeds == {"4c": (1,)}
    variant = instantiate(RAW, "4c", seed=1)
    problem = next(p for p in RAW.problems if p.id == "4")
    handout = engine.handout(RAW)
    sub = variant_content(RAW, problem, {"4c": variant}, handout)
    one = validate_content(sub, check, parts=("4c",))
    assert one.tests_passed > 0 and one.failures == ()
    assert report.tests_passed == one.tests_passed
    # the draw's own checks (drawn the same again, within the constraints, other parameters
    # and other texts than the handout's, a seed practice offers) come on top
    assert report.checks_passed == one.checks_passed + 5


def test_next_variant_of_4a_never_repeats_the_numbers_the_student_has():
    """Seeds 1, 2 and 3 of 4a all draw family = scale: "next variant" (F9) used to step through
    them and show the same variant three times running. It now moves to the next seed whose
    parameters differ from what is shown; the seeds themselves still draw what they drew."""
    from types import SimpleNamespace

    from tutor.ui.state import TutorState

    assert [instantiate(RAW, "4a", seed=s).params["family"] for s in (1, 2, 3)] == ["scale"] * 3
    state = TutorState(content=shipped_content.handout(), log=SimpleNamespace())
    shown = [state.new_variant("4a") for _ in range(6)]
    families = [v.params["family"] for v in shown]
    assert "mean" not in families  # never the handout
    assert all(a != b for a, b in zip(families, families[1:], strict=False)), families
    seeds = [v.seed for v in shown]
    assert seeds == sorted(set(seeds)) and seeds[0] == 1  # always forward, never a seed twice
    for v in shown:  # a logged seed rebuilds exactly what was shown (regrading)
        assert instantiate(RAW, "4a", seed=v.seed).params == v.params


def test_next_variant_from_the_handout_after_a_seed_differs_from_both():
    from tutor.variants.sampling import next_seed

    rate = next(
        s for s in range(1, 100) if instantiate(RAW, "4a", seed=s).params["family"] == "rate"
    )
    after = next_seed(RAW, "4a", rate)
    assert instantiate(RAW, "4a", seed=after).params["family"] == "scale"
    # 4c has one variant besides the handout: none other than the one shown (seeds 6 and 7
    # both draw family = scale, and F9 used to show seed 6 again as "new numbers")
    assert next_seed(RAW, "4c", 5, [dict(instantiate(RAW, "4c", seed=5).params)]) is None


def _state():
    from types import SimpleNamespace

    from tutor.ui.state import TutorState

    return TutorState(content=shipped_content.handout(), log=SimpleNamespace())


def test_new_numbers_are_never_the_ones_shown_and_say_when_none_is_left():
    state = _state()
    first = state.new_variant("4c")
    assert first is not None and not state.variant_repeated
    assert state.new_variant("4c") is None  # nothing else: nothing changed, the UI says so
    assert state.variant("4c") is first


def test_new_numbers_prefer_variants_not_seen_yet():
    """4a seed 5 repeated seed 1 (scale) although ... every variant is shown once before any
    comes back; then one seen comes back (never the one shown), flagged as seen."""
    state = _state()
    kinds = {dict(instantiate(RAW, "4a", seed=s).params)["family"] for s in range(1, 60)}
    shown = []
    for _ in range(len(kinds)):
        v = state.new_variant("4a")
        assert not state.variant_repeated
        shown.append(v.params["family"])
    assert sorted(shown) == sorted(kinds)
    again = state.new_variant("4a")
    assert again is not None and state.variant_repeated
    assert again.params["family"] != shown[-1]


def test_seen_variants_are_remembered_from_earlier_sessions():
    state = _state()
    first = state.new_variant("4a")
    later = _state()
    later.variant_seeds["4"] = first.seed
    later.variant_seen["4"] = {first.seed}
    v = later.new_variant("4a")
    assert v.params != first.params and not later.variant_repeated


def test_validate_checks_different_variants_of_4a():
    """``validate --variants 2`` failed on the shipped content: seeds 1 and 2 of 4a read the same."""
    for count in (2, 3):
        report = validate_variants(engine.handout(RAW), check, count, parts=["4a"])
        assert report.failures == (), "\n".join(str(f) for f in report.failures)
        assert report.distinct["4a"] == 2
        assert {instantiate(RAW, "4a", seed=s).params["family"] for s in report.seeds["4a"]} == {
            "scale",
            "rate",
        }
