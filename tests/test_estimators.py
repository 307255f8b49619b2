"""Problem 4's estimators: unbiasedness, the variances' closed forms, the plot data.

The score-function variance's closed form is checked against an independent
derivation (sympy expands f(x)² z₁² and replaces each z power by its Gaussian
moment) and both variances against seeded Monte Carlo.
"""

from __future__ import annotations

import math

import pytest

from tutor.homework import estimators, families

Z = 4.0


def gaussian_moment(n: int) -> int:
    return 0 if n % 2 else math.prod(range(n - 1, 0, -2))


def score_variance_by_expansion(mu: float, sigma: float, k: int) -> float:
    import sympy

    zs = sympy.symbols(f"z1:{k + 1}")
    m, s = sympy.Rational(str(mu)), sympy.Rational(str(sigma))
    f = sum((m + s * z) ** 2 for z in zs)
    poly = sympy.Poly(sympy.expand(f**2 * zs[0] ** 2), *zs)
    second = sum(
        coeff * math.prod(gaussian_moment(p) for p in powers) for powers, coeff in poly.terms()
    )
    return float(second / s**2 - (2 * m) ** 2)


@pytest.mark.parametrize("k", [1, 2, 3, 5])
@pytest.mark.parametrize(("mu", "sigma"), [(0.0, 0.7), (1.0, 0.7), (-0.5, 1.3)])
def test_score_variance_closed_form(k, mu, sigma):
    assert estimators.score_variance(mu, sigma, k) == pytest.approx(
        score_variance_by_expansion(mu, sigma, k), rel=1e-12
    )


@pytest.mark.parametrize("estimator", estimators.ESTIMATORS)
@pytest.mark.parametrize("k", [1, 3, 16])
def test_both_estimators_are_unbiased(estimator, k):
    est, _ = estimators.per_sample(estimator, k, samples=20_000, mu=1.0, sigma=0.7, seed=3)
    assert abs(est.mean - estimators.true_gradient(1.0, k)) <= Z * est.stderr


@pytest.mark.parametrize("estimator", estimators.ESTIMATORS)
@pytest.mark.parametrize("k", [1, 3, 8])
def test_monte_carlo_variance_matches_theory(estimator, k):
    _, var = estimators.per_sample(estimator, k, samples=60_000, mu=1.0, sigma=0.7, seed=4)
    assert var == pytest.approx(estimators.variance(estimator, 1.0, 0.7, k), rel=0.08)


def test_score_estimator_is_noisier_and_grows_with_dimension():
    ratios = [
        estimators.score_variance(1.0, 0.7, k) / estimators.pathwise_variance(1.0, 0.7, k)
        for k in (1, 4, 16, 64)
    ]
    assert ratios[0] > 1
    assert all(b > 2 * a for a, b in zip(ratios, ratios[1:], strict=False))
    # μ = 0, k = 3, σ = 0.7: per-sample standard deviations about 4.2 (score) and 1.4 (pathwise)
    assert math.sqrt(estimators.score_variance(0.0, 0.7, 3)) == pytest.approx(4.14, abs=0.01)
    assert math.sqrt(estimators.pathwise_variance(0.0, 0.7, 3)) == pytest.approx(1.4)


def test_study_shows_unbiased_means_and_variance_falling_like_one_over_n():
    data = estimators.study(
        sample_sizes=(1, 4, 16, 64), dimensions=(1, 4, 16), trials=400, samples=4000, seed=0
    )
    assert data.truth == 2.0
    for curve in (*data.mean_vs_n, *data.mean_vs_k):
        for y, se in zip(curve.y, curve.stderr, strict=True):
            assert abs(y - data.truth) <= Z * se
    for mc, theory in zip(data.var_vs_n, data.var_vs_n_theory, strict=True):
        for y, t in zip(mc.y, theory.y, strict=True):
            assert 0.6 < y / t < 1.6
        slope = (math.log(mc.y[-1]) - math.log(mc.y[0])) / (math.log(64) - math.log(1))
        assert slope == pytest.approx(-1, abs=0.15)
    score_k, path_k = data.var_vs_k
    assert all(s > 5 * p for s, p in zip(score_k.y, path_k.y, strict=True))
    for mc, theory in zip(data.var_vs_k, data.var_vs_k_theory, strict=True):
        for y, t in zip(mc.y, theory.y, strict=True):
            assert 0.75 < y / t < 1.3


def test_study_is_seeded():
    a = estimators.study(sample_sizes=(1, 10), dimensions=(2,), trials=20, samples=200, seed=5)
    b = estimators.study(sample_sizes=(1, 10), dimensions=(2,), trials=20, samples=200, seed=5)
    assert a == b


def test_unknown_estimator():
    with pytest.raises(ValueError):
        estimators.variance("likelihood", 1.0, 0.7, 3)


def _stop_after(chunks: int):
    """A ``stop_when`` check that lets ``chunks`` chunks through, then stops the build; and the
    number of times it was asked."""
    asked = [0]

    def check() -> bool:
        asked[0] += 1
        return asked[0] > chunks

    return check, asked


@pytest.mark.parametrize(
    "run",
    [
        lambda: estimators.per_sample("score", k=64, samples=200_000),
        lambda: estimators.averaged("pathwise", 1000, trials=1000, k=64),
        lambda: families.per_sample("score", "scale", 64, 200_000, 1.0, 0.7, 1.0, 0),
        lambda: families.averaged("score", "rate", 1000, 1000, 64, 1.0, 0.7, 1.0, 0),
    ],
    ids=["per_sample", "averaged", "family per_sample", "family averaged"],
)
def test_every_estimator_stops_between_chunks_once_its_build_is_not_wanted(run):
    """An explorer's build replaced by a newer one, or whose screen closed, stops at the next
    chunk of draws (``tutor.homework.stopping``), as problem 1's Monte Carlo does."""
    from tutor.homework.stopping import Stopped, stop_when

    check, asked = _stop_after(1)
    with stop_when(check), pytest.raises(Stopped):
        run()
    assert asked[0] == 2  # one chunk drawn, stopped before the second
    run_again, _ = _stop_after(10**9)
    with stop_when(run_again):
        run()  # wanted: it runs to the end


def test_the_chunks_add_up_and_are_the_same_as_before():
    from tutor.homework.stopping import chunks

    assert list(chunks(10, 4)) == [4, 4, 2]
    assert list(chunks(3, 0)) == [1, 1, 1]  # at least one draw a chunk
    assert list(chunks(0, 5)) == []
    # the draws (and so every seeded figure the texts quote) do not depend on the checks
    from tutor.homework.stopping import stop_when

    with stop_when(lambda: False):
        inside = estimators.per_sample("score", k=3, samples=5000, seed=4)
    assert inside == estimators.per_sample("score", k=3, samples=5000, seed=4)


def test_the_remat_schedule_stops_between_layers_once_its_build_is_not_wanted():
    from tutor.homework import remat
    from tutor.homework.stopping import Stopped, stop_when

    with stop_when(lambda: True), pytest.raises(Stopped):
        remat.schedule(100_000, 1, 20.0, 10.0)
    with stop_when(lambda: True), pytest.raises(Stopped):
        remat.schedule(100_000, 100_000, 20.0, 10.0)  # one long segment
    with stop_when(lambda: False):
        assert remat.schedule(100_000, 1000, 20.0, 10.0).loadmem == 100_000
