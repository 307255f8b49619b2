"""Numbers a text quotes from a plot come from the plot's own builder (issue 15's leftover):
4c's worked solution quotes the per-sample standard deviations of the `estimators` plot, at the
plot's own setting (f = ‖x‖², k, μ, σ), and a Monte Carlo run of that plot agrees."""

from __future__ import annotations

import math
import re

import shipped_content

from tutor.homework import estimators
from tutor.plots import registry

CONTENT = shipped_content.handout()


def quoted() -> tuple[dict[str, float], float, float]:
    text = " ".join(CONTENT.part("4c").solution.split())
    m = re.search(
        r"k = (\S+), μ = (\S+) in every coordinate, σ = ([\d.]+)\).*?about ([\d.]+) for "
        r"the score function against ([\d.]+) for the pathwise one",
        text,
    )
    assert m, text
    setting = {"k": float(m[1]), "mu": float(m[2]), "sigma": float(m[3])}
    return setting, float(m[4]), float(m[5])


def test_the_solution_quotes_the_plots_setting_and_its_standard_deviations():
    setting, score, pathwise = quoted()
    plot = registry.get("estimators").defaults()
    assert setting == {"k": plot["k"], "mu": plot["mu"], "sigma": plot["sigma"]}
    exact_score = math.sqrt(estimators.score_variance(plot["mu"], plot["sigma"], int(plot["k"])))
    exact_path = math.sqrt(estimators.pathwise_variance(plot["mu"], plot["sigma"], int(plot["k"])))
    assert score == float(f"{exact_score:.2g}") and pathwise == float(f"{exact_path:.2g}")
    # the old text's 4.2 and 2.1 are not what the plot shows
    assert (score, pathwise) != (4.2, 2.1)


def test_a_monte_carlo_run_of_the_plot_agrees_with_the_text():
    _, score, pathwise = quoted()
    plot = registry.get("estimators").defaults()
    for name, said in (("score", score), ("pathwise", pathwise)):
        _, var = estimators.per_sample(
            name, int(plot["k"]), 40_000, plot["mu"], plot["sigma"], seed=3
        )
        assert abs(math.sqrt(var) - said) <= 0.06 * said, (name, math.sqrt(var), said)
