"""Problem 1's plots: how a dense layer's output grows with its widths, at initialization and
after a SignGD step (at the handout's setting or a practice variant's: the data are
``tutor.homework.scaling.plotdata``'s)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tutor.plots.axes import (
    COLORS,
    MARKERS,
    fitting,
    logticks,
    mc_points,
    theory_line,
    y_axis,
)
from tutor.plots.spec import SEED, PlotParam, PlotSpec, Progress, samples_param

_VAR_W = PlotParam("var_w", "variance of W's entries", 1.0, 0.01, 100.0, False)
_VAR_X = PlotParam("var_x", "variance of the inputs", 1.0, 0.01, 100.0, False)
_LAW = PlotParam(
    "dist",
    "law of the inputs (1b)",
    "gaussian",
    0,
    0,
    help="gaussian: N(0, s²); uniform: on [−s, s]; sign: ±s",
    choices=("gaussian", "uniform", "sign"),
)
_SCALE = PlotParam("s", "scale s of the inputs (1b)", 1.0, 0.01, 100.0, False)


def _setting(*pairs: tuple[str, float, float]) -> str:
    """``, Var W = 2, Var x = 0.5`` for the values that are not the handout's ('' if none)."""
    shown = [f"{name} = {value:g}" for name, value, handout in pairs if value != handout]
    return (", " + ", ".join(shown)) if shown else ""


def _law_text(law: str, s: float) -> str:
    """How the title names the inputs' law when it is not the handout's N(0, 1)."""
    if law == "gaussian":
        return "" if s == 1 else f", x ~ N(0, {s * s:g})"
    return f", x uniform on [−{s:g}, {s:g}]" if law == "uniform" else f", x = ±{s:g}"


def _build_init(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.homework.scaling import plotdata

    return plotdata.init_scaling(
        var_w=params["var_w"],
        var_x=params["var_x"],
        samples=params["samples"],
        seed=params["seed"],
    )


def _draw_init(plt, data) -> None:
    setting = _setting(("Var W", data.var_w, 1.0), ("Var x", data.var_x, 1.0))
    plt.title(
        fitting(
            plt,
            f"1a: E[RMS²(Wx)] vs d1{setting}, log–log ({data.samples} samples/point)",
            f"1a: E[RMS²(Wx)] vs d1{setting}",
        )
    )
    plt.xscale("log")
    plt.yscale("log")
    theory_line(plt, data.theory, "red+")
    for i, curve in enumerate(data.mc):
        mc_points(plt, curve, MARKERS[i], COLORS[1 + i], f"MC, d2 = {data.d2s[i]}")
    theory_line(plt, data.scaled_theory, "green+")
    for i, curve in enumerate(data.scaled_mc):
        mc_points(plt, curve, MARKERS[i], COLORS[1 + i], "")
    plt.xlabel("d1 (fan-in); lower points: W scaled by the 1a constant")
    logticks(plt, data.d1s)
    y_axis(plt, [y for c in (*data.mc, *data.scaled_mc, data.theory) for y in c.y], log=True)


def _build_signgd(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.homework.scaling import plotdata

    return plotdata.signgd_scaling(
        law=params["dist"],
        s=params["s"],
        d2=params["d2"],
        samples=params["samples"],
        seed=params["seed"],
    )


def _draw_signgd(plt, data) -> None:
    law = _law_text(data.law, data.s)
    plt.title(
        fitting(
            plt,
            f"1b: E[RMS²(y')] of a SignGD step vs d1{law} (d2 = {data.d2}, {data.samples} samples)",
            f"1b: E[RMS²(y')] of a SignGD step vs d1{law}",
        )
    )
    plt.xscale("log")
    plt.yscale("log")
    theory_line(plt, data.theory, "red+", label=False)
    mc_points(plt, data.mc, "x", "red+", "same x: MC + theory (the 1b answer)")
    theory_line(plt, data.independent_theory, "blue+", label=False)
    independent = "d1" if data.independent_theory.y[0] == 1 else "d1·E[x²]"
    mc_points(plt, data.independent_mc, "o", "blue+", f"independent x: MC + theory {independent}")
    theory_line(plt, data.scaled_theory, "green+", label=False)
    mc_points(plt, data.scaled_mc, "+", "green+", "same x, scaled by 1b constant: 1")
    plt.xlabel("d1 (fan-in)")
    logticks(plt, data.d1s)
    y_axis(plt, [*data.mc.y, *data.theory.y, *data.scaled_mc.y, *data.independent_mc.y], log=True)


def _build_d2(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.homework.scaling import plotdata

    return plotdata.d2_independence(
        d1=params["d1"],
        var_w=params["var_w"],
        var_x=params["var_x"],
        law=params["dist"],
        s=params["s"],
        samples=params["samples"],
        seed=params["seed"],
    )


def _draw_d2(plt, data) -> None:
    verdict = ": flat"
    plt.title(
        fitting(
            plt,
            f"1c: both quantities vs d2 at d1 = {data.d1}{verdict} ({data.samples} samples)",
            f"1c: both vs d2 at d1 = {data.d1}{verdict}",
        )
    )
    plt.xscale("log")
    plt.yscale("log")
    # the key on the x label's line: a legend over the chart needed rows above these flat
    # lines, which stretched the axis (fourfold) past the data
    signgd = f"{data.signgd_theory.y[0]:.4g}"
    init = f"{data.init_theory.y[0]:.4g}"
    theory_line(plt, data.signgd_theory, "red+", label=False)
    mc_points(plt, data.signgd_mc, "x", "red+", "")
    theory_line(plt, data.init_theory, "blue+", label=False)
    mc_points(plt, data.init_mc, "o", "blue+", "")
    plt.xlabel(
        fitting(
            plt,
            f"d2 (fan-out); x SignGD step: {signgd}, o initialization: {init} (lines: theory)",
            f"d2; x SignGD step: {signgd}, o initialization: {init}",
            f"d2; x SignGD: {signgd}, o init: {init}",
        )
    )
    logticks(plt, data.d2s)
    values = [*data.init_mc.y, *data.signgd_mc.y, *data.signgd_theory.y]
    y_axis(plt, values, log=True)


PLOTS: tuple[PlotSpec, ...] = (
    PlotSpec(
        name="init-scaling",
        title="Initialization: RMS² of Wx against fan-in",
        description="E[RMS²(Wx)] against d1 for two d2, with W as drawn and scaled",
        parts=("1a",),
        build=_build_init,
        draw=_draw_init,
        reveals=("1a",),
        params=(samples_param(400), _VAR_W, _VAR_X, SEED),
    ),
    PlotSpec(
        name="signgd-update",
        title="The SignGD update: RMS² of the feature change",
        description="SignGD: E[RMS²(y')] with the same x against an independent x",
        parts=("1b",),
        build=_build_signgd,
        draw=_draw_signgd,
        reveals=("1b",),
        params=(
            samples_param(400),
            PlotParam("d2", "fan-out d2", 8, 1, 512, True, "output width"),
            _LAW,
            _SCALE,
            SEED,
        ),
    ),
    PlotSpec(
        name="d2-independence",
        title="Both quantities against the fan-out d2",
        description="both quantities against d2 at fixed d1",
        parts=("1a", "1b", "1c"),
        build=_build_d2,
        draw=_draw_d2,
        reveals=("1a", "1b", "1c"),
        params=(
            samples_param(400),
            PlotParam("d1", "fan-in d1", 16, 1, 512, True, "input width"),
            _VAR_W,
            _VAR_X,
            _LAW,
            _SCALE,
            SEED,
        ),
    ),
)
