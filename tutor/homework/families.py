"""Problem 4's estimators at any practice variant: the parameter may be a Gaussian's mean
(the handout), its scale σ, or an exponential's rate λ, for the same test function f = ‖x‖².

* mean μ (μ = m·1): the handout's study, ``tutor.homework.estimators.study`` (with its exact
  variance curves).
* scale σ of N(μ, σ²I) in k dimensions: F(σ) = ‖μ‖² + kσ², ∂F/∂σ = 2kσ. Score function:
  f(x)·(‖x − μ‖² − kσ²)/σ³ = f(μ + σz)·(‖z‖² − k)/σ; reparameterization: ∇f(μ + σz)·z.
* rate λ of k independent Exp(λ) coordinates: F(λ) = 2k/λ², ∂F/∂λ = −4k/λ³. Score function:
  f(x)·(k/λ − Σx); reparameterization x = e/λ with e ~ Exp(1): −2f(x)/λ.

Both estimators are unbiased for each family; the plot shows how their variances differ.
Pure and thread-safe; numpy is imported lazily; each point has its own random stream.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tutor.homework import estimators
from tutor.homework.curves import Curve, Estimate
from tutor.homework.estimators import LABELS, floats
from tutor.homework.stopping import chunks

FAMILIES = ("mean", "scale", "rate")
SYMBOL = {"mean": "μ₁", "scale": "σ", "rate": "λ"}
DEFAULT_RATE = 1.0
_FAMILY_TAG = {"scale": 11, "rate": 12}
_DIM, _SAMPLES = 1, 2


def _family(family: str) -> str:
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}: use one of {', '.join(FAMILIES)}")
    return family


def true_gradient(family: str, mu: float, sigma: float, lam: float, k: int) -> float:
    """∂F/∂(the parameter) for f = ‖x‖² (for the mean: its first coordinate, 2μ₁)."""
    if _family(family) == "mean":
        return estimators.true_gradient(mu, k)
    if family == "scale":
        return 2.0 * k * sigma
    return -4.0 * k / lam**3


def draw(estimator: str, family: str, n: int, mu: float, sigma: float, lam: float, k: int, rng):
    """``n`` single-sample estimates of the gradient (a numpy array of length n)."""
    if _family(family) == "mean":
        return estimators.draw(estimator, n, mu, sigma, k, rng)
    if estimator not in estimators.ESTIMATORS:
        raise ValueError(f"unknown estimator {estimator!r}")
    if family == "scale":
        z = rng.standard_normal((n, k))
        x = mu + sigma * z
        f = (x * x).sum(axis=1)
        if estimator == "score":
            return f * ((z * z).sum(axis=1) - k) / sigma
        return (2.0 * x * z).sum(axis=1)
    x = rng.standard_exponential((n, k)) / lam
    f = (x * x).sum(axis=1)
    if estimator == "score":
        return f * (k / lam - x.sum(axis=1))
    return -2.0 * f / lam


def _rng(seed: int, family: str, *tags: int):
    import numpy as np

    return np.random.default_rng([int(seed), _FAMILY_TAG[family], *(int(t) for t in tags)])


def per_sample(
    estimator: str,
    family: str,
    k: int,
    samples: int,
    mu: float,
    sigma: float,
    lam: float,
    seed: int,
) -> tuple[Estimate, float]:
    """Mean (with standard error) and sample variance of single-sample estimates."""
    if samples < 2:
        raise ValueError(f"need at least 2 samples (got {samples})")
    import numpy as np

    rng = _rng(seed, family, _DIM, estimators.ESTIMATORS.index(estimator), k)
    values = np.concatenate(
        [  # in chunks, to bound memory (and to stop between them: tutor.homework.stopping)
            draw(estimator, family, n, mu, sigma, lam, k, rng)
            for n in chunks(samples, estimators.MAX_DRAWS_PER_CHUNK // k)
        ]
    )
    var = float(values.var(ddof=1))
    return Estimate(float(values.mean()), math.sqrt(var / samples), samples), var


def averaged(
    estimator: str,
    family: str,
    n: int,
    trials: int,
    k: int,
    mu: float,
    sigma: float,
    lam: float,
    seed: int,
) -> tuple[Estimate, float]:
    """``trials`` independent n-sample averages: their mean and their variance."""
    if trials < 2:
        raise ValueError(f"need at least 2 trials (got {trials})")
    import numpy as np

    rng = _rng(seed, family, _SAMPLES, estimators.ESTIMATORS.index(estimator), n, k)
    parts = []
    for m in chunks(trials, estimators.MAX_DRAWS_PER_CHUNK // (n * k)):  # trials drawn at once
        draws = draw(estimator, family, n * m, mu, sigma, lam, k, rng)
        parts.append(draws.reshape(m, n).mean(axis=1))
    means = np.concatenate(parts)
    var = float(means.var(ddof=1))
    return Estimate(float(means.mean()), math.sqrt(var / trials), trials), var


@dataclass(frozen=True)
class FamilyStudy:
    """Both estimators' mean and variance against n and k, for one family; the same panels
    as ``estimators.EstimatorStudy``, plus the truth against k (it grows with k here)."""

    family: str
    mu: float
    sigma: float
    lam: float
    k: int
    trials: int
    samples: int
    seed: int
    sample_sizes: tuple[int, ...]
    dimensions: tuple[int, ...]
    truth: float
    """At dimension ``k`` (the sample-size panels)."""
    truth_vs_k: Curve
    mean_vs_n: tuple[Curve, ...]
    var_vs_n: tuple[Curve, ...]
    var_vs_n_theory: tuple[Curve, ...]
    """Empty: no closed form is drawn for these families; the Monte Carlo shows the ratio."""
    mean_vs_k: tuple[Curve, ...]
    var_vs_k: tuple[Curve, ...]
    var_vs_k_theory: tuple[Curve, ...]


def _mc(label: str, xs, rows) -> tuple[Curve, Curve]:
    means = Curve(
        label,
        floats(xs),
        floats(e.mean for e, _ in rows),
        floats(e.stderr for e, _ in rows),
        True,
    )
    return means, Curve(label, floats(xs), floats(v for _, v in rows), (), True)


def study(
    family: str = "mean",
    mu: float = estimators.DEFAULT_MU,
    sigma: float = estimators.DEFAULT_SIGMA,
    lam: float = DEFAULT_RATE,
    k: int = estimators.DEFAULT_DIMENSION,
    sample_sizes=estimators.DEFAULT_SAMPLE_SIZES,
    dimensions=estimators.DEFAULT_DIMENSIONS,
    trials: int = estimators.DEFAULT_TRIALS,
    samples: int = estimators.DEFAULT_SAMPLES,
    seed: int = 0,
):
    """The study for ``family``: the handout's ``EstimatorStudy`` for the mean, else a
    ``FamilyStudy``."""
    if _family(family) == "mean":
        return estimators.study(
            mu=mu,
            sigma=sigma,
            k=k,
            sample_sizes=sample_sizes,
            dimensions=dimensions,
            trials=trials,
            samples=samples,
            seed=seed,
        )
    if sigma <= 0 or lam <= 0:
        raise ValueError(f"sigma and lambda must be > 0 (got {sigma}, {lam})")
    ns = tuple(int(n) for n in sample_sizes)
    ks = tuple(int(d) for d in dimensions)
    mean_n, var_n, mean_k, var_k = [], [], [], []
    for est in estimators.ESTIMATORS:
        label = LABELS[est]
        rows = [averaged(est, family, n, trials, k, mu, sigma, lam, seed) for n in ns]
        means, variances = _mc(label, ns, rows)
        mean_n.append(means)
        var_n.append(variances)
        rows = [per_sample(est, family, d, samples, mu, sigma, lam, seed) for d in ks]
        means, variances = _mc(label, ks, rows)
        mean_k.append(means)
        var_k.append(variances)
    truths = tuple(true_gradient(family, mu, sigma, lam, d) for d in ks)
    return FamilyStudy(
        family=family,
        mu=mu,
        sigma=sigma,
        lam=lam,
        k=k,
        trials=trials,
        samples=samples,
        seed=seed,
        sample_sizes=ns,
        dimensions=ks,
        truth=true_gradient(family, mu, sigma, lam, k),
        truth_vs_k=Curve("truth", floats(ks), truths),
        mean_vs_n=tuple(mean_n),
        var_vs_n=tuple(var_n),
        var_vs_n_theory=(),
        mean_vs_k=tuple(mean_k),
        var_vs_k=tuple(var_k),
        var_vs_k_theory=(),
    )
