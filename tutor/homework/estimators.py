"""Problem 4: the score-function and the reparameterization gradient estimators.

The objective is F(μ) = E_{x ~ N(μ, σ²I)}[f(x)] with the test function

    f(x) = ‖x‖²,   so F(μ) = ‖μ‖² + kσ²  and  ∇F(μ) = 2μ   (k = dimension).

Two single-sample estimators of ∇F(μ), both unbiased:

* score function (the policy-gradient / REINFORCE form):
  f(x)·(x − μ)/σ² with x ~ N(μ, σ²I), i.e. f(μ + σz)·z/σ with z ~ N(0, I);
* reparameterization (pathwise): ∇f(μ + σz) = 2(μ + σz) with z ~ N(0, I).

Their variances differ. Per coordinate the pathwise estimator has variance
4σ², whatever μ and k are; the score estimator's variance carries the whole of
f(x)² and grows with the dimension (roughly like k²). ``score_variance`` gives
its exact value for this f; the derivation expands E[f(x)² z_i²] with the
Gaussian moments E z² = 1, E z⁴ = 3, E z⁶ = 15.

Monte Carlo uses numpy (imported lazily), seeded per point; everything is pure
and thread-safe. Draws come in ``stopping.chunks``: a build nobody waits for any more (the
explorer's, replaced or closed) stops between two of them. The plotted coordinate is the first one, ∂F/∂μ₁ = 2μ₁, with
μ = (m, m, …, m).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tutor.homework.curves import Curve, Estimate
from tutor.homework.stopping import chunks

DEFAULT_SIGMA = 0.7
DEFAULT_MU = 1.0
DEFAULT_DIMENSION = 3
DEFAULT_DIMENSIONS = (1, 2, 4, 8, 16, 32, 64)
DEFAULT_SAMPLE_SIZES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
DEFAULT_TRIALS = 200
DEFAULT_SAMPLES = 4000

ESTIMATORS = ("score", "pathwise")
_DIM, _SAMPLES = 1, 2
MAX_DRAWS_PER_CHUNK = 1 << 20


def true_gradient(mu: float, k: int = DEFAULT_DIMENSION) -> float:
    """∂F/∂μ₁ for f = ‖x‖²: 2μ₁ (the same for every coordinate when μ = m·1)."""
    return 2.0 * mu


def pathwise_variance(mu: float = DEFAULT_MU, sigma: float = DEFAULT_SIGMA, k: int = 3) -> float:
    """Variance of one coordinate of 2(μ + σz): 4σ²."""
    return 4.0 * sigma * sigma


def score_variance(mu: float = DEFAULT_MU, sigma: float = DEFAULT_SIGMA, k: int = 3) -> float:
    """Variance of one coordinate of f(x)(x − μ)/σ² for f = ‖x‖², μ = m·1, exactly.

    With a_j = μ_j + σ z_j: E[f² z_i²] = E[a_i⁴ z_i²] + Σ_{j≠i} E[a_j⁴]
    + 2 E[a_i² z_i²] Σ_{j≠i} E[a_j²] + Σ_{j≠l, both ≠ i} E[a_j²] E[a_l²], and the
    variance is E[f² z_i²]/σ² − (2μ_i)².
    """
    m2, s2 = mu * mu, sigma * sigma
    a2 = m2 + s2  # E a²
    a4 = m2 * m2 + 6 * m2 * s2 + 3 * s2 * s2  # E a⁴
    a4z2 = m2 * m2 + 18 * m2 * s2 + 15 * s2 * s2  # E a⁴ z²
    a2z2 = m2 + 3 * s2  # E a² z²
    others = k - 1
    second = a4z2 + others * a4 + 2 * a2z2 * others * a2 + others * (others - 1) * a2 * a2
    return second / s2 - 4.0 * m2


def variance(estimator: str, mu: float, sigma: float, k: int) -> float:
    if estimator == "score":
        return score_variance(mu, sigma, k)
    if estimator == "pathwise":
        return pathwise_variance(mu, sigma, k)
    raise ValueError(f"unknown estimator {estimator!r}: use one of {', '.join(ESTIMATORS)}")


def _rng(seed: int, *tags: int):
    import numpy as np

    return np.random.default_rng([int(seed), *(int(t) for t in tags)])


def draw(estimator: str, n: int, mu: float, sigma: float, k: int, rng):
    """``n`` single-sample estimates of ∂F/∂μ₁ (a numpy array of length n)."""
    z = rng.standard_normal((n, k))
    x = mu + sigma * z
    if estimator == "score":
        f = (x * x).sum(axis=1)
        return f * z[:, 0] / sigma
    if estimator == "pathwise":
        return 2.0 * x[:, 0]
    raise ValueError(f"unknown estimator {estimator!r}: use one of {', '.join(ESTIMATORS)}")


def _np():
    import numpy

    return numpy


def per_sample(
    estimator: str,
    k: int = DEFAULT_DIMENSION,
    samples: int = DEFAULT_SAMPLES,
    mu: float = DEFAULT_MU,
    sigma: float = DEFAULT_SIGMA,
    seed: int = 0,
) -> tuple[Estimate, float]:
    """Mean (with standard error) and sample variance of single-sample estimates."""
    np = _np()
    if samples < 2:
        raise ValueError(f"need at least 2 samples (got {samples})")
    rng = _rng(seed, _DIM, ESTIMATORS.index(estimator), k)
    parts = [
        draw(estimator, n, mu, sigma, k, rng) for n in chunks(samples, MAX_DRAWS_PER_CHUNK // k)
    ]
    values = np.concatenate(parts)
    var = float(values.var(ddof=1))
    return Estimate(float(values.mean()), math.sqrt(var / samples), samples), var


def averaged(
    estimator: str,
    n: int,
    trials: int = DEFAULT_TRIALS,
    k: int = DEFAULT_DIMENSION,
    mu: float = DEFAULT_MU,
    sigma: float = DEFAULT_SIGMA,
    seed: int = 0,
) -> tuple[Estimate, float]:
    """``trials`` independent n-sample averages: their mean and their variance (≈ per-sample / n)."""
    if trials < 2:
        raise ValueError(f"need at least 2 trials (got {trials})")
    np = _np()
    rng = _rng(seed, _SAMPLES, ESTIMATORS.index(estimator), n, k)
    parts = [  # trials drawn at once, to bound memory
        draw(estimator, n * m, mu, sigma, k, rng).reshape(m, n).mean(axis=1)
        for m in chunks(trials, MAX_DRAWS_PER_CHUNK // (n * k))
    ]
    means = np.concatenate(parts)
    var = float(means.var(ddof=1))
    return Estimate(float(means.mean()), math.sqrt(var / trials), trials), var


@dataclass(frozen=True)
class EstimatorStudy:
    """Plot 6: both estimators' mean and variance against sample size n and dimension k."""

    mu: float
    sigma: float
    k: int
    """The dimension used for the sample-size panels."""
    trials: int
    samples: int
    """Draws per point in the dimension panels."""
    seed: int
    sample_sizes: tuple[int, ...]
    dimensions: tuple[int, ...]
    truth: float
    mean_vs_n: tuple[Curve, ...]
    """Per estimator: the average over trials of n-sample estimates (unbiased at every n)."""
    var_vs_n: tuple[Curve, ...]
    """Per estimator: the variance of the n-sample estimate across trials."""
    var_vs_n_theory: tuple[Curve, ...]
    """Per estimator: per-sample variance / n."""
    mean_vs_k: tuple[Curve, ...]
    var_vs_k: tuple[Curve, ...]
    var_vs_k_theory: tuple[Curve, ...]

    def per_sample_std(self, estimator: str) -> float:
        """Exact per-sample standard deviation at dimension ``k``."""
        return math.sqrt(variance(estimator, self.mu, self.sigma, self.k))


def floats(values) -> tuple[float, ...]:
    """The values as a tuple of plain floats (what a ``Curve`` holds)."""
    return tuple(float(v) for v in values)


def _mc(label, xs, ys, stderr=()) -> Curve:
    return Curve(label, floats(xs), floats(ys), floats(stderr), monte_carlo=True)


LABELS = {"score": "score function", "pathwise": "reparameterization"}
"""Each estimator's name on a curve."""


def study(
    mu: float = DEFAULT_MU,
    sigma: float = DEFAULT_SIGMA,
    k: int = DEFAULT_DIMENSION,
    sample_sizes=DEFAULT_SAMPLE_SIZES,
    dimensions=DEFAULT_DIMENSIONS,
    trials: int = DEFAULT_TRIALS,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> EstimatorStudy:
    if sigma <= 0:
        raise ValueError(f"sigma must be > 0 (got {sigma})")
    ns = tuple(int(n) for n in sample_sizes)
    ks = tuple(int(d) for d in dimensions)
    mean_n, var_n, var_n_th, mean_k, var_k, var_k_th = [], [], [], [], [], []
    for est in ESTIMATORS:
        label = LABELS[est]
        rows = [averaged(est, n, trials, k, mu, sigma, seed) for n in ns]
        mean_n.append(_mc(label, ns, [e.mean for e, _ in rows], [e.stderr for e, _ in rows]))
        var_n.append(_mc(label, ns, [v for _, v in rows]))
        one = variance(est, mu, sigma, k)
        var_n_th.append(Curve(f"{label} theory: var/n", floats(ns), tuple(one / n for n in ns)))
        rows = [per_sample(est, d, samples, mu, sigma, seed) for d in ks]
        mean_k.append(_mc(label, ks, [e.mean for e, _ in rows], [e.stderr for e, _ in rows]))
        var_k.append(_mc(label, ks, [v for _, v in rows]))
        var_k_th.append(
            Curve(f"{label} theory", floats(ks), tuple(variance(est, mu, sigma, d) for d in ks))
        )
    return EstimatorStudy(
        mu=mu,
        sigma=sigma,
        k=k,
        trials=trials,
        samples=samples,
        seed=seed,
        sample_sizes=ns,
        dimensions=ks,
        truth=true_gradient(mu, k),
        mean_vs_n=tuple(mean_n),
        var_vs_n=tuple(var_n),
        var_vs_n_theory=tuple(var_n_th),
        mean_vs_k=tuple(mean_k),
        var_vs_k=tuple(var_k),
        var_vs_k_theory=tuple(var_k_th),
    )
