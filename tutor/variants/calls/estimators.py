"""Problem 4's functions for content (``estimators.*``): the estimators plot's own numbers.

A text that quotes what the ``estimators`` plot shows takes its numbers from here: the plot
opens at the same defaults (``tutor.plots.registry`` reads them from
``tutor.homework.estimators``).
"""

from __future__ import annotations

import math
from fractions import Fraction

from tutor.variants.calls.registry import FunctionError, content_function
from tutor.variants.values import Value, normalize


def _estimator_setting(mu: Value, sigma: Value, k: Value) -> tuple[float, float, int]:
    if not (
        isinstance(mu, (int, Fraction))
        and isinstance(sigma, (int, Fraction))
        and isinstance(k, (int, Fraction))
        and int(k) == k
        and k >= 1
    ):
        raise FunctionError("the estimators need numbers μ, σ > 0 and a whole dimension k ≥ 1")
    if sigma <= 0:
        raise FunctionError(f"σ must be > 0 (got {sigma})")
    return float(mu), float(sigma), int(k)


@content_function("estimators.plot_mu")
def _plot_mu() -> Value:
    """The μ (every coordinate) the `estimators` plot opens at."""
    from tutor.homework import estimators

    return normalize(estimators.DEFAULT_MU)


@content_function("estimators.plot_sigma")
def _plot_sigma() -> Value:
    """The σ the `estimators` plot opens at."""
    from tutor.homework import estimators

    return normalize(estimators.DEFAULT_SIGMA)


@content_function("estimators.plot_k")
def _plot_k() -> Value:
    """The dimension k the `estimators` plot opens at."""
    from tutor.homework import estimators

    return normalize(estimators.DEFAULT_DIMENSION)


@content_function("estimators.score_std", "mu", "sigma", "k")
def _score_std(mu: Value, sigma: Value, k: Value) -> Value:
    """Per-sample standard deviation of the score-function estimator (f = ‖x‖², one coordinate)."""
    from tutor.homework import estimators

    return normalize(math.sqrt(estimators.score_variance(*_estimator_setting(mu, sigma, k))))


@content_function("estimators.pathwise_std", "mu", "sigma", "k")
def _pathwise_std(mu: Value, sigma: Value, k: Value) -> Value:
    """Per-sample standard deviation of the pathwise estimator: 2σ."""
    from tutor.homework import estimators

    return normalize(math.sqrt(estimators.pathwise_variance(*_estimator_setting(mu, sigma, k))))
