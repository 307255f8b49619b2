"""Problem 4's plot: the score-function and reparameterization gradient estimators, their
mean and variance against the sample size and the dimension, for the handout's Gaussian mean
or a practice variant's family (``tutor.homework.families``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tutor.homework import estimators as _estimators
from tutor.plots.axes import fitting, logticks, subplot_rows, theory_line, y_axis
from tutor.plots.spec import SEED, PlotParam, PlotSpec, Progress, samples_param


def _build_estimators(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.homework import families

    return families.study(
        family=params["family"],
        lam=params["lam"],
        mu=params["mu"],
        sigma=params["sigma"],
        k=params["k"],
        trials=params["trials"],
        samples=params["samples"],
        seed=params["seed"],
    )


def _draw_estimators(plt, data) -> None:
    from tutor.homework.families import SYMBOL

    rows = (subplot_rows(plt, 1, 2), subplot_rows(plt, 2, 2))  # the figure's size, first
    try:
        panel = int(plt.plot_size()[0]) // 2
    except Exception:  # noqa: BLE001 - an object without the query: assume the default
        panel = 40
    plt.subplots(2, 2)
    colors = ("red+", "blue+")
    markers = ("x", "o")
    panels = (
        (1, 1, f"mean ±2se vs samples n (k={data.k})", data.mean_vs_n, (), "n", False),
        (
            1,
            2,
            f"variance vs n ({data.trials} trials)",
            data.var_vs_n,
            data.var_vs_n_theory,
            "n",
            True,
        ),
        (2, 1, f"mean ±2se vs k ({data.samples} draws)", data.mean_vs_k, (), "k", False),
        (2, 2, "per-sample variance vs k", data.var_vs_k, data.var_vs_k_theory, "k", True),
    )
    for row, col, title, curves, theory, xname, logy in panels:
        ax = plt.subplot(row, col)
        ax.title(fitting(ax, title, title.split(" (")[0], title.split(" vs")[0], width=panel))
        ax.xscale("log")
        if logy:
            ax.yscale("log")
        for i, curve in enumerate(theory):
            theory_line(ax, curve, colors[i], label=False)
        for i, curve in enumerate(curves):
            if curve.stderr:
                bars = [2 * e for e in curve.stderr]
                ax.error(list(curve.x), list(curve.y), yerr=bars, color=colors[i])
            label = curve.label if (row, col) == (1, 1) else None
            ax.scatter(
                list(curve.x), list(curve.y), marker=markers[i], color=colors[i], label=label
            )
        truth_vs_k = getattr(data, "truth_vs_k", None)
        shown = [y for c in (*curves, *theory) for y in c.y]
        if logy:
            y_axis(ax, shown, log=True, rows=rows[row - 1])
        else:
            # the error bars and the truth line within the axis, each label on its own row
            for c in curves:
                for y, e in zip(c.y, c.stderr or [0.0] * len(c.y), strict=True):
                    shown += [y - 2 * e, y + 2 * e]
            if xname == "k" and truth_vs_k is not None:  # the truth grows with k here
                theory_line(ax, truth_vs_k, "green+", label=False)
                shown += list(truth_vs_k.y)
                y_axis(ax, shown, rows=rows[row - 1])
            else:
                ax.horizontal_line(data.truth, color="green+")
                # the line on a row whose value is the truth, not the nearest label's
                y_axis(ax, [*shown, data.truth], rows=rows[row - 1], on_rows=[data.truth])
        xs = curves[0].x
        logticks(ax, xs)
        symbol = SYMBOL[getattr(data, "family", "mean")]
        if not logy:
            truth = f"{data.truth:.4g}" if xname == "n" else "truth"
            ax.xlabel(f"{xname}; line: ∂F/∂{symbol} = {truth}")
        else:
            ax.xlabel(f"{xname}; lines: theory" if theory else f"{xname}; Monte Carlo")
    plt.subplot(1, 1)


PLOTS: tuple[PlotSpec, ...] = (
    PlotSpec(
        name="estimators",
        title="Score-function vs reparameterization gradients",
        description="score vs reparam. gradient, f=‖x‖²: mean, variance",
        parts=("4a", "4c", "4d", "4e"),
        build=_build_estimators,
        draw=_draw_estimators,
        params=(
            samples_param(4000, 200_000, "draws behind each point of the dimension panels"),
            PlotParam(
                "trials",
                "trials per sample size",
                200,
                10,
                1000,
                True,
                "independent n-sample estimates behind each variance point",
            ),
            # the defaults are the model's own, which texts quote (estimators.plot_k etc.)
            PlotParam(
                "k",
                "dimension k",
                _estimators.DEFAULT_DIMENSION,
                1,
                64,
                True,
                "dimension for the sample-size panels",
            ),
            PlotParam(
                "mu", "mean μ (every coordinate)", _estimators.DEFAULT_MU, -10.0, 10.0, False
            ),
            PlotParam("sigma", "σ", _estimators.DEFAULT_SIGMA, 0.05, 10.0, False),
            PlotParam(
                "family",
                "the parameter",
                "mean",
                0,
                0,
                help="mean: a Gaussian's mean μ; scale: its scale σ; rate: an exponential's λ",
                choices=("mean", "scale", "rate"),
            ),
            PlotParam("lam", "rate λ (family rate)", 1.0, 0.1, 10.0, False),
            SEED,
        ),
    ),
)
