"""The plots of problems 1 and 4 at a practice variant (issue 10): the data a plot draws at a
variant's parameters, against computations written out here by hand (the laws' moments, the
families' gradients) and against Monte Carlo at a few seeds."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import shipped_content

from tutor.homework import families
from tutor.homework.scaling import laws, montecarlo, plotdata
from tutor.plots import registry as plots
from tutor.variants import engine

CONTENT = shipped_content.handout()
D1S = (1, 2, 4, 8)


def by_hand_signgd(d1: int, law: str, s: float) -> float:
    """E[S²] with S = Σ|x_n|: d1·E[x²] + d1(d1−1)·(E|x|)², the moments written out per law."""
    m2, a1 = {
        "gaussian": (s * s, s * math.sqrt(2 / math.pi)),
        "uniform": (s * s / 3, s / 2),
        "sign": (s * s, s),
    }[law]
    return d1 * m2 + d1 * (d1 - 1) * a1 * a1


def plot_values(spec, variant) -> dict:
    """The values a plot opens at for this variant (as the part screen passes them)."""
    names = {p.name for p in spec.params}
    values = {
        k: float(v) if isinstance(v, Fraction) else v
        for k, v in variant.values.items()
        if k in names
    }
    return spec.resolve(**values)


def test_at_the_handouts_setting_the_estimates_are_the_cores_own():
    # the plot's data at the handout's setting are the core's own draws of the handout's model
    data = plotdata.init_scaling(samples=30, d1s=D1S, d2s=(3,))
    assert list(data.mc[0].y) == [montecarlo.mc_init_rms2(d, 3, 30, 0).mean for d in D1S]
    data_b = plotdata.signgd_scaling(samples=30, d1s=D1S)
    assert list(data_b.mc.y) == [montecarlo.mc_signgd_rms2(d, 8, 30, 0).mean for d in D1S]
    independent = [montecarlo.mc_signgd_rms2(d, 8, 30, 0, independent=True).mean for d in D1S]
    assert list(data_b.independent_mc.y) == independent


@pytest.mark.parametrize("law", ["gaussian", "uniform", "sign"])
@pytest.mark.parametrize("s", [0.5, 2.0])
def test_the_1b_theory_follows_the_inputs_law(law, s):
    data = plotdata.signgd_scaling(law=law, s=s, d1s=D1S, samples=20)
    for d1, y in zip(D1S, data.theory.y, strict=True):
        assert y == pytest.approx(by_hand_signgd(d1, law, s))
    for d1, y in zip(D1S, data.independent_theory.y, strict=True):
        assert y == pytest.approx(d1 * by_hand_signgd(1, law, s))


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("law", ["uniform", "sign", "gaussian"])
def test_the_1b_monte_carlo_agrees_with_its_theory(law, seed):
    for d1 in (2, 8):
        est = montecarlo.mc_signgd_rms2(d1, 4, 3000, seed, law=law, s=2.0)
        assert abs(est.mean - by_hand_signgd(d1, law, 2.0)) < 5 * est.stderr + 1e-9
        c = laws.signgd_constant_at(d1, law, 2.0)
        scaled = montecarlo.mc_signgd_rms2(d1, 4, 3000, seed, scale=c, law=law, s=2.0)
        assert abs(scaled.mean - 1) < 5 * scaled.stderr + 1e-9


@pytest.mark.parametrize("seed", [0, 3])
def test_the_1a_data_follow_the_variances(seed):
    data = plotdata.init_scaling(
        var_w=4.0, var_x=0.5, d1s=(2, 16), d2s=(3,), samples=3000, seed=seed
    )
    assert data.theory.y == (4.0, 32.0)  # 4 · 0.5 · d1
    for y, se, truth in zip(data.mc[0].y, data.mc[0].stderr, data.theory.y, strict=True):
        assert abs(y - truth) < 5 * se
    for y, se in zip(data.scaled_mc[0].y, data.scaled_mc[0].stderr, strict=True):
        assert abs(y - 1) < 5 * se


@pytest.mark.parametrize(
    ("family", "truth"),
    # ∂F/∂σ = 2kσ for N(μ, σ²I); ∂F/∂λ = −4k/λ³ for Exp(λ)^k (F = 2k/λ²); f = ‖x‖², k = 3
    [("scale", 2 * 3 * 0.7), ("rate", -4 * 3 / 2.0**3)],
)
@pytest.mark.parametrize("seed", [0, 5])
def test_both_estimators_are_unbiased_for_every_family(family, truth, seed):
    for est in ("score", "pathwise"):
        mean, _ = families.per_sample(est, family, 3, 40_000, 1.0, 0.7, 2.0, seed)
        assert abs(mean.mean - truth) < 5 * mean.stderr
    assert families.true_gradient(family, 1.0, 0.7, 2.0, 3) == pytest.approx(truth)


def test_the_estimator_study_draws_the_family_asked():
    small = {"trials": 10, "samples": 100, "sample_sizes": (1, 10), "dimensions": (1, 4)}
    rate = families.study("rate", lam=0.5, k=2, **small)
    assert rate.family == "rate" and rate.truth == pytest.approx(-4 * 2 / 0.5**3)
    assert rate.truth_vs_k.y == pytest.approx((-4 / 0.5**3, -16 / 0.5**3))
    handout = families.study("mean", k=2, **small)
    assert not hasattr(handout, "family") and handout.truth == 2.0  # the core's own study


def variant_with(part: str, wanted) -> engine.Variant:
    for seed in range(1, 200):
        v = engine.instantiate(CONTENT.templates, part, seed=seed)
        if wanted(v.params):
            return v
    raise AssertionError(f"no variant of {part} with that setting in 200 seeds")


def test_the_1b_plot_at_a_variant_draws_the_variants_law():
    v = variant_with("1b", lambda p: p["dist"] != "gaussian" and p["s"] != 1)
    spec = plots.get("signgd-update")
    values = plot_values(spec, v)
    assert values["dist"] == v.params["dist"] and values["s"] == float(v.params["s"])
    data = spec.build({**values, "samples": 20}, None)
    for d1, y in zip(data.d1s, data.theory.y, strict=True):
        assert y == pytest.approx(by_hand_signgd(d1, v.params["dist"], float(v.params["s"])))
    text = plots.draw_text(spec, data, 120, 30)
    law = {"uniform": "uniform on", "sign": "x = ±"}[v.params["dist"]]
    assert law in text


def test_the_1a_plot_at_a_variant_draws_the_variants_variances():
    v = variant_with("1a", lambda p: p["var_w"] * p["var_x"] != 1)
    spec = plots.get("init-scaling")
    data = spec.build({**plot_values(spec, v), "samples": 20}, None)
    product = float(v.params["var_w"]) * float(v.params["var_x"])
    assert data.theory.y == pytest.approx(tuple(product * d for d in data.d1s))
    # and the 1a box's key says the same slope (its derived v is var_w·var_x)
    assert float(v.values["v"]) == pytest.approx(product)


@pytest.mark.parametrize(("part", "family"), [("4a", "rate"), ("4a", "scale"), ("4c", "scale")])
def test_the_estimator_plot_at_a_variant_draws_the_variants_family(part, family):
    v = variant_with(part, lambda p: p["family"] == family)
    spec = plots.get("estimators")
    values = plot_values(spec, v)
    assert values["family"] == family
    data = spec.build({**values, "samples": 200, "trials": 10}, None)
    k, sigma, lam = values["k"], values["sigma"], values["lam"]
    assert data.truth == pytest.approx(2 * k * sigma if family == "scale" else -4 * k / lam**3)
    symbol = {"scale": "σ", "rate": "λ"}[family]
    assert f"∂F/∂{symbol}" in plots.draw_text(spec, data, 140, 40)


def test_a_choice_parameter_is_checked():
    spec = plots.get("estimators")
    assert spec.resolve(family="rate")["family"] == "rate"
    with pytest.raises(plots.UsageError):
        spec.resolve(family="cauchy")
