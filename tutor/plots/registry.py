"""The tutor's plots: a registry of named plots, each a pure data builder plus a drawing.

Every entry is a frozen ``PlotSpec``:

* ``build(params, progress=None) -> data`` is pure, seeded and thread-safe: it
  imports numpy lazily, touches no plotting state, and returns a frozen
  dataclass. ``params`` is a mapping from ``spec.resolve(**overrides)``.
* ``draw(plt, data)`` draws the data on a plotext-like object: the ``plotext``
  module for the command line, ``PlotextPlot.plt`` in the Textual UI (give it a
  cleared figure; it sets titles, labels, scales and, for some plots, subplots).

``render(name, width, height, **params) -> str`` builds and draws a plot into
text with plotext's ``build()`` (no terminal needed); it is the only function
that uses the global plotext module, and it holds a lock while it does.

This module is also the ``hw3-tutor plot`` command. Only the standard library
is imported at module level.
"""

from __future__ import annotations

import importlib.util
import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tutor.errors import UsageError
from tutor.homework import estimators as _estimators

Progress = Callable[[float, str], None]
"""``progress(fraction, message)``: called by slow builders as they go."""

MIN_WIDTH, MIN_HEIGHT = 30, 10
MAX_WIDTH, MAX_HEIGHT = 1000, 400


@dataclass(frozen=True)
class PlotParam:
    """A parameter an explorer can adjust (and ``hw3-tutor plot --set NAME=VALUE`` can set)."""

    name: str
    label: str
    default: float | str
    minimum: float
    maximum: float
    integer: bool = True
    help: str = ""
    choices: tuple[str, ...] = ()
    """For a parameter that names one of a few things (an input law, a family): its names
    (``minimum`` and ``maximum`` are then unused)."""

    def coerce(self, value: Any) -> int | float | str:
        """``value`` as this parameter's type, or ``UsageError`` with the allowed range."""
        if self.choices:
            text = str(value).strip()
            if text not in self.choices:
                raise UsageError(
                    f"{self.name} must be one of {', '.join(self.choices)} (got {value!r})"
                )
            return text
        if isinstance(value, bool):
            raise UsageError(f"{self.name} must be a number, not {value!r}")
        if isinstance(value, str):
            text = value.strip().replace("_", "")
            try:
                value = float(text) if not self.integer else int(text)
            except ValueError:
                kind = "a whole number" if self.integer else "a number"
                raise UsageError(f"{self.name} must be {kind}, not {value!r}") from None
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            raise UsageError(f"{self.name} must be a finite number, not {value!r}")
        if self.integer:
            if value != int(value):
                raise UsageError(f"{self.name} must be a whole number, not {value!r}")
            value = int(value)
        else:
            value = float(value)
        if not self.minimum <= value <= self.maximum:
            raise UsageError(
                f"{self.name} must be between {self.minimum:g} and {self.maximum:g} (got {value:g})"
            )
        return value


@dataclass(frozen=True)
class PlotSpec:
    """One named plot."""

    name: str
    title: str
    description: str
    """One line, shown by ``hw3-tutor plot --list``."""
    parts: tuple[str, ...]
    """The handout parts it illustrates, e.g. ``("1a",)``."""
    build: Callable[..., Any]
    """``build(params, progress=None) -> data``: pure, seeded, thread-safe."""
    draw: Callable[[Any, Any], None]
    """``draw(plt, data)``: only this touches the plotting object."""
    params: tuple[PlotParam, ...] = ()
    slow: bool = False
    """True when building may take seconds (run it in a worker, show progress)."""
    requires: str | None = None
    """A module the plot needs that may be absent (see ``unavailable_reason``)."""
    partial: bool = False
    """True when ``build`` also takes ``partial=callback``: it hands over drawable data for
    the part done so far while it runs (the width sweep, width by width)."""

    def param(self, name: str) -> PlotParam:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise UsageError(f"plot {self.name!r} has no parameter {name!r} (its parameters: {known})")

    def defaults(self) -> dict[str, int | float | str]:
        return {p.name: p.coerce(p.default) for p in self.params}

    def resolve(self, **overrides: Any) -> dict[str, int | float | str]:
        """The full parameter mapping: defaults, then ``overrides`` checked against their ranges."""
        values = self.defaults()
        for key, value in overrides.items():
            values[key] = self.param(key).coerce(value)
        return values

    def unavailable_reason(self) -> str | None:
        """Why this plot cannot be built here, or None when it can."""
        if self.requires and importlib.util.find_spec(self.requires) is None:
            return f"the module {self.requires} is not installed"
        return None

    def build_data(self, progress: Progress | None = None, **overrides: Any) -> Any:
        """``build(resolve(**overrides), progress)``."""
        reason = self.unavailable_reason()
        if reason:
            raise UsageError(f"plot {self.name!r} is not available: {reason}")
        return self.build(self.resolve(**overrides), progress)


# ---------------------------------------------------------------- drawing helpers

_THEORY = "braille"
_POINTS = ("x", "o", "+", "*", "#", "@")
_COLORS = ("red+", "blue+", "green+", "magenta+", "cyan+", "orange+")


def _logticks(ax, values, axis: str = "x") -> None:
    """Put ticks at the data's own (power-of-two-ish) values on a log axis."""
    ticks = sorted(set(values))
    if len(ticks) > 9:
        step = math.ceil(len(ticks) / 9)
        ticks = ticks[::step]
    labels = [f"{t:g}" for t in ticks]
    (ax.xticks if axis == "x" else ax.yticks)(ticks, labels)


def _log_yticks(ax, values) -> None:
    """Ticks at 1, 10, 100, ... (with 2 and 5 in between when the range is short) on a log y axis."""
    ys = [v for v in values if v > 0 and math.isfinite(v)]
    if not ys:
        return
    lo, hi = min(ys), max(ys)
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    mantissas = (1,) if last - first > 2 else (1, 2, 5)
    ticks = [m * 10.0**e for e in range(first, last + 1) for m in mantissas]
    ticks = [t for t in ticks if lo / 1.001 <= t <= hi * 1.001]
    if len(ticks) < 2:
        ticks = sorted({lo, hi, *ticks})
    ax.yticks(ticks, [_tick_label(t) for t in ticks])


def _tick_label(value: float) -> str:
    if value >= 1e4:
        exponent = math.floor(math.log10(value))
        mantissa = value / 10**exponent
        return f"{mantissa:.2g}e{exponent}"
    if value >= 1 and value == int(value):
        return str(int(value))
    return f"{value:.3g}"


def _mark_indices(xs, count: int = 8, log: bool = True) -> list[int]:
    """Indices of about ``count`` points spread evenly along x (log-evenly when ``log``)."""
    if len(xs) <= count:
        return list(range(len(xs)))
    key = (lambda v: math.log(v)) if log and min(xs) > 0 else (lambda v: v)
    lo, hi = key(xs[0]), key(xs[-1])
    targets = [lo + (hi - lo) * i / (count - 1) for i in range(count)]

    def nearest(t: float) -> int:
        return min(range(len(xs)), key=lambda j: abs(key(xs[j]) - t))

    return sorted({nearest(t) for t in targets})


def _fitting(ax, *texts: str) -> str:
    """The first (longest) of ``texts`` that fits the chart's width: plotext drops a title
    or axis label wider than the chart instead of cutting it."""
    try:
        width = int(ax.plot_size()[0])
    except Exception:  # noqa: BLE001 - an object without the query: assume the default
        width = 80
    for text in texts:
        if len(text) <= width - 8:
            return text
    return texts[-1]


def _log_headroom(ax, x: float, values, factor: float) -> float:
    """Room above the data on a log y axis for the legend (drawn over the top-left corner):
    an invisible point at ``factor`` × the highest value. (plotext's ``ylim`` fails on a log
    axis.) Returns that height, for the ticks."""
    top = max(v for v in values if v > 0 and math.isfinite(v)) * factor
    ax.scatter([x], [top], marker=" ")
    return top


def _marked_line(ax, xs, ys, marker: str, color: str, label: str, log: bool = True) -> None:
    """A smooth line plus a few labelled markers, readable without colors."""
    xs, ys = list(xs), list(ys)
    ax.plot(xs, ys, marker=_THEORY, color=color)
    idx = _mark_indices(xs, 8, log)
    ax.scatter([xs[i] for i in idx], [ys[i] for i in idx], marker=marker, color=color, label=label)


def _theory(ax, curve, color: str, label: bool = True) -> None:
    ax.plot(
        list(curve.x),
        list(curve.y),
        marker=_THEORY,
        color=color,
        label=curve.label if label else None,
    )


def _points(ax, curve, marker: str, color: str, label: str | None = None) -> None:
    ax.scatter(
        list(curve.x),
        list(curve.y),
        marker=marker,
        color=color,
        label=curve.label if label is None else (label or None),
    )


# ---------------------------------------------------------------- problem 1


def _samples_param(
    default: int,
    maximum: int = 200_000,
    help: str = "independent draws behind each Monte Carlo point",
) -> PlotParam:
    return PlotParam("samples", "Monte Carlo samples per point", default, 10, maximum, True, help)


_SEED = PlotParam("seed", "random seed", 0, 0, 2**31 - 1, True, "seed of the Monte Carlo draws")


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
    from tutor.plots import widths

    return widths.init_scaling(
        var_w=params["var_w"],
        var_x=params["var_x"],
        samples=params["samples"],
        seed=params["seed"],
    )


def _draw_init(plt, data) -> None:
    setting = _setting(("Var W", data.var_w, 1.0), ("Var x", data.var_x, 1.0))
    plt.title(
        _fitting(
            plt,
            f"1a: E[RMS²(Wx)] vs d1{setting}, log–log ({data.samples} samples/point)",
            f"1a: E[RMS²(Wx)] vs d1{setting}",
        )
    )
    plt.xscale("log")
    plt.yscale("log")
    _theory(plt, data.theory, "red+")
    for i, curve in enumerate(data.mc):
        _points(plt, curve, _POINTS[i], _COLORS[1 + i], f"MC, d2 = {data.d2s[i]}")
    _theory(plt, data.scaled_theory, "green+")
    for i, curve in enumerate(data.scaled_mc):
        _points(plt, curve, _POINTS[i], _COLORS[1 + i], "")
    plt.xlabel("d1 (fan-in); lower points: W scaled by the 1a constant")
    _logticks(plt, data.d1s)
    _log_yticks(plt, [y for c in (*data.mc, *data.scaled_mc, data.theory) for y in c.y])


def _build_signgd(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.plots import widths

    return widths.signgd_scaling(
        law=params["dist"],
        s=params["s"],
        d2=params["d2"],
        samples=params["samples"],
        seed=params["seed"],
    )


def _draw_signgd(plt, data) -> None:
    law = _law_text(data.law, data.s)
    plt.title(
        _fitting(
            plt,
            f"1b: E[RMS²(y')] of a SignGD step vs d1{law} (d2 = {data.d2}, {data.samples} samples)",
            f"1b: E[RMS²(y')] of a SignGD step vs d1{law}",
        )
    )
    plt.xscale("log")
    plt.yscale("log")
    _theory(plt, data.theory, "red+", label=False)
    _points(plt, data.mc, "x", "red+", "same x: MC + theory (your 1b answer)")
    _theory(plt, data.independent_theory, "blue+", label=False)
    independent = "d1" if data.independent_theory.y[0] == 1 else "d1·E[x²]"
    _points(plt, data.independent_mc, "o", "blue+", f"independent x: MC + theory {independent}")
    _theory(plt, data.scaled_theory, "green+", label=False)
    _points(plt, data.scaled_mc, "+", "green+", "same x, scaled by 1b constant: 1")
    plt.xlabel("d1 (fan-in)")
    _logticks(plt, data.d1s)
    _log_yticks(plt, [*data.mc.y, *data.theory.y, *data.scaled_mc.y, *data.independent_mc.y])


def _build_d2(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.plots import widths

    return widths.d2_independence(
        d1=params["d1"],
        var_w=params["var_w"],
        var_x=params["var_x"],
        law=params["dist"],
        s=params["s"],
        samples=params["samples"],
        seed=params["seed"],
    )


def _draw_d2(plt, data) -> None:
    plt.title(f"1c: both quantities vs d2 at d1 = {data.d1}: flat ({data.samples} samples)")
    plt.xscale("log")
    plt.yscale("log")
    _theory(plt, data.signgd_theory, "red+", label=False)
    _points(plt, data.signgd_mc, "x", "red+", f"SignGD step: {data.signgd_theory.y[0]:.4g}")
    _theory(plt, data.init_theory, "blue+", label=False)
    _points(plt, data.init_mc, "o", "blue+", f"initialization: {data.init_theory.y[0]:.4g}")
    plt.xlabel("d2 (fan-out); lines: theory, points: Monte Carlo")
    _logticks(plt, data.d2s)
    values = [*data.init_mc.y, *data.signgd_mc.y, *data.signgd_theory.y]
    top = _log_headroom(plt, data.d2s[0], values, 4.0)  # the legend above the top line
    _log_yticks(plt, [*values, top])


# ---------------------------------------------------------------- problem 5

_T_FWD = PlotParam("t_fwd", "fwd time (ns)", 20.0, 0.0, 1e9, False, "time of one fwd operation")
_T_MEM = PlotParam("t_mem", "loadmem time (ns)", 10.0, 0.0, 1e9, False, "time of one loadmem")


def _layers(default: int, maximum: int) -> PlotParam:
    return PlotParam("layers", "layers N", default, 1, maximum, True, "number of layers N")


_EVERY = PlotParam("every", "store every K-th layer", 5, 1, 100_000, True, "K, 1 <= K <= N")


def _build_schedule(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.homework import remat

    return remat.schedule(params["layers"], params["every"], params["t_fwd"], params["t_mem"])


def _draw_schedule(plt, data) -> None:
    xs, ys, loads_x, loads_y, done_x, done_y = [], [], [], [], [], []
    for step in data.steps:
        xs += [step.start_ns, step.start_ns + data.t_mem, step.end_ns]
        ys += [step.checkpoint, step.checkpoint, step.layer]
        loads_x.append(step.start_ns)
        loads_y.append(step.checkpoint)
        done_x.append(step.end_ns)
        done_y.append(step.layer)
    head = f"5: backward pass, N = {data.layers}, K = {data.every}"
    totals = f": {data.fwd} fwd, {data.loadmem} loadmem, {data.remat_ns:g} ns"
    plt.title(_fitting(plt, head + totals, head))
    plt.plot(xs, ys, marker=_THEORY, color="blue+", label="fwd (rebuild)")
    plt.scatter(loads_x, loads_y, marker="o", color="green+", label="loadmem")
    plt.scatter(done_x, done_y, marker="x", color="red+", label="gradient")
    # one label line: plotext writes the y label on the x label's line, cutting it
    plt.xlabel(
        _fitting(
            plt,
            "time since the backward pass started (ns); up: activation index",
            "time (ns); up: activation index",
        )
    )
    # room above the last layer for the legend (drawn over the top-left corner)
    plt.ylim(-0.05 * data.layers, 1.5 * data.layers)
    if len(data.checkpoints) <= 12:
        plt.yticks(list(data.checkpoints), [("in" if c == 0 else str(c)) for c in data.checkpoints])


def _build_vs_k(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.homework import remat

    return remat.sweep_every(params["layers"], params["t_fwd"], params["t_mem"])


def _draw_vs_k(plt, data) -> None:
    n = data[-1].every  # K runs up to N
    ks = [p.every for p in data]
    root = math.sqrt(n)
    plt.title(f"5: one backward pass against K, N = {n} (K ≈ √N = {root:.3g} marked)")
    plt.xscale("log")
    plt.yscale("log")
    fwd = [max(p.fwd, 0.5) for p in data]
    times = [p.remat_ns if p.remat_ns > 0 else 0.5 for p in data]
    stored = [p.stored_activations for p in data]
    chen = [p.stored_activations + p.every for p in data]
    _marked_line(plt, ks, fwd, "x", "red+", "fwd ops")
    _marked_line(plt, ks, times, "*", "blue+", "backward time (ns)")
    _marked_line(plt, ks, stored, "o", "green+", "stored activations")
    _marked_line(plt, ks, chen, "+", "magenta+", "stored + one cached segment")
    plt.vertical_line(root, color="orange+")
    plt.xlabel("K (every K-th stored); fwd 0 shown at 0.5")
    _logticks(plt, sorted({1, n, *[2**i for i in range(0, int(math.log2(n)) + 1)]}))
    values = [*fwd, *times, *stored, *chen]
    top = _log_headroom(plt, 1, values, 300.0)  # four legend lines above the curves
    _log_yticks(plt, [*values, top])


def _build_breakeven(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.homework import remat

    return remat.schedule(params["layers"], params["every"], params["t_fwd"], params["t_mem"])


def _draw_breakeven(plt, data) -> None:
    b = data.breakeven_loaddisk_ns
    top = 2 * b if b > 0 else 1.0
    ts = [top * i / 40 for i in range(41)]
    plt.title(
        _fitting(
            plt,
            f"5c: remat vs disk, N = {data.layers}, K = {data.every}: "
            f"break-even at {b:.4g} ns per load",
            f"5c: disk wins left of {b:.4g} ns",
        )
    )
    _marked_line(
        plt,
        ts,
        [data.remat_ns] * len(ts),
        "o",
        "blue+",
        f"rematerialization: {data.remat_ns:g} ns",
        log=False,
    )
    _marked_line(
        plt,
        ts,
        [data.layers * t for t in ts],
        "x",
        "red+",
        f"disk: {data.layers} loads × latency",
        log=False,
    )
    plt.vertical_line(b, color="green+")
    # one label line: plotext writes the y label on the x label's line, cutting it
    plt.xlabel(
        _fitting(
            plt,
            "loaddisk latency (ns); disk wins left of the line; up: backward pass (ns)",
            "loaddisk latency (ns); up: pass (ns)",
        )
    )


# ---------------------------------------------------------------- problem 4


def _build_estimators(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.plots import families

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
    from tutor.plots.families import SYMBOL

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
        ax.title(title)
        ax.xscale("log")
        if logy:
            ax.yscale("log")
        for i, curve in enumerate(theory):
            _theory(ax, curve, colors[i], label=False)
        for i, curve in enumerate(curves):
            if curve.stderr:
                bars = [2 * e for e in curve.stderr]
                ax.error(list(curve.x), list(curve.y), yerr=bars, color=colors[i])
            label = curve.label if (row, col) == (1, 1) else None
            ax.scatter(
                list(curve.x), list(curve.y), marker=markers[i], color=colors[i], label=label
            )
        truth_vs_k = getattr(data, "truth_vs_k", None)
        if logy:
            _log_yticks(ax, [y for c in (*curves, *theory) for y in c.y])
        elif xname == "k" and truth_vs_k is not None:  # the truth grows with k here
            _theory(ax, truth_vs_k, "green+", label=False)
        else:
            ax.horizontal_line(data.truth, color="green+")
        xs = curves[0].x
        _logticks(ax, xs)
        symbol = SYMBOL[getattr(data, "family", "mean")]
        if not logy:
            truth = f"{data.truth:.4g}" if xname == "n" else "truth"
            ax.xlabel(f"{xname}; line: ∂F/∂{symbol} = {truth}")
        else:
            ax.xlabel(f"{xname}; lines: theory" if theory else f"{xname}; Monte Carlo")
    plt.subplot(1, 1)


# ---------------------------------------------------------------- problem 2 (tutor.widthsweep)


def _build_sweep(
    params: Mapping[str, Any],
    progress: Progress | None = None,
    partial: Callable[[Any], None] | None = None,
):
    from tutor.homework import widthsweep
    from tutor.paths import cache_dir

    return widthsweep.run_sweep(
        widthsweep.SweepSettings(), progress=progress, cache_dir=cache_dir(), partial=partial
    )


def _draw_sweep(plt, data) -> None:
    from tutor.homework import widthsweep

    widthsweep.draw_sweep(plt, data)


def _draw_coord_check(plt, data) -> None:
    from tutor.homework import widthsweep

    widthsweep.draw_coord_check(plt, data)


# ---------------------------------------------------------------- the registry

PLOTS: tuple[PlotSpec, ...] = (
    PlotSpec(
        name="init-scaling",
        title="Initialization: RMS² of Wx against fan-in",
        description="E[RMS²(Wx)] against d1 for two d2, with W as drawn and scaled",
        parts=("1a",),
        build=_build_init,
        draw=_draw_init,
        params=(_samples_param(400), _VAR_W, _VAR_X, _SEED),
    ),
    PlotSpec(
        name="signgd-update",
        title="The SignGD update: RMS² of the feature change",
        description="SignGD: E[RMS²(y')] with the same x against an independent x",
        parts=("1b",),
        build=_build_signgd,
        draw=_draw_signgd,
        params=(
            _samples_param(400),
            PlotParam("d2", "fan-out d2", 8, 1, 512, True, "output width"),
            _LAW,
            _SCALE,
            _SEED,
        ),
    ),
    PlotSpec(
        name="d2-independence",
        title="Neither quantity depends on d2",
        description="both quantities against d2 at fixed d1: flat",
        parts=("1a", "1b", "1c"),
        build=_build_d2,
        draw=_draw_d2,
        params=(
            _samples_param(400),
            PlotParam("d1", "fan-in d1", 16, 1, 512, True, "input width"),
            _VAR_W,
            _VAR_X,
            _LAW,
            _SCALE,
            _SEED,
        ),
    ),
    PlotSpec(
        name="remat-schedule",
        title="The rematerialization schedule over time",
        description="backward pass over time: load, re-run fwd, process",
        parts=("5a", "5b"),
        build=_build_schedule,
        draw=_draw_schedule,
        params=(_layers(10, 2000), _EVERY, _T_FWD, _T_MEM),
    ),
    PlotSpec(
        name="remat-vs-k",
        title="Rematerialization costs against K",
        description="fwd ops, stored activations, time against K; K≈√N",
        parts=("5a", "5b", "5c"),
        build=_build_vs_k,
        draw=_draw_vs_k,
        params=(_layers(100, 100_000), _T_FWD, _T_MEM),
    ),
    PlotSpec(
        name="remat-breakeven",
        title="Break-even loaddisk latency",
        description="remat vs disk time against the loaddisk latency",
        parts=("5c",),
        build=_build_breakeven,
        draw=_draw_breakeven,
        params=(_layers(10, 100_000), _EVERY, _T_FWD, _T_MEM),
    ),
    PlotSpec(
        name="estimators",
        title="Score-function vs reparameterization gradients",
        description="score vs reparam. gradient, f=‖x‖²: mean, variance",
        parts=("4a", "4c", "4d", "4e"),
        build=_build_estimators,
        draw=_draw_estimators,
        params=(
            _samples_param(4000, 200_000, "draws behind each point of the dimension panels"),
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
            _SEED,
        ),
    ),
    PlotSpec(
        name="width-sweep",
        title="μP vs standard parameterization: a width sweep",
        description="SP vs μP: loss vs log2 lr, one curve per width",
        parts=("2", "3a"),
        build=_build_sweep,
        draw=_draw_sweep,
        slow=True,
        requires="tutor.homework.widthsweep",
        partial=True,
    ),
    PlotSpec(
        name="coord-check",
        title="Coordinate check",
        description="SP vs μP: RMS of activation change against width",
        parts=("2", "3c"),
        build=_build_sweep,
        draw=_draw_coord_check,
        slow=True,
        requires="tutor.homework.widthsweep",
        partial=True,
    ),
)

_BY_NAME = {spec.name: spec for spec in PLOTS}


def names() -> tuple[str, ...]:
    return tuple(_BY_NAME)


def get(name: str) -> PlotSpec:
    """The plot called ``name``, or ``UsageError`` listing the names."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UsageError(f"no plot called {name!r}; the plots are: {', '.join(names())}") from None


# ---------------------------------------------------------------- rendering

_PLOTEXT_LOCK = threading.Lock()


def _check_size(width: int, height: int) -> None:
    if not (MIN_WIDTH <= width <= MAX_WIDTH):
        raise UsageError(
            f"the width must be between {MIN_WIDTH} and {MAX_WIDTH} columns (got {width})"
        )
    if not (MIN_HEIGHT <= height <= MAX_HEIGHT):
        raise UsageError(
            f"the height must be between {MIN_HEIGHT} and {MAX_HEIGHT} lines (got {height})"
        )


def draw_text(
    spec: PlotSpec, data: Any, width: int = 80, height: int = 24, color: bool = False
) -> str:
    """Draw already-built ``data`` with the global plotext module and return the text."""
    _check_size(width, height)
    import plotext

    with _PLOTEXT_LOCK:
        plotext.main()
        plotext.clear_figure()
        try:
            plotext.limit_size(False, False)  # not bounded by this process's terminal
            plotext.plot_size(width, height)
            spec.draw(plotext, data)
            plotext.main()
            plotext.limit_size(False, False)
            plotext.plot_size(width, height)  # again: subplots take their size from here
            text = plotext.build()
        finally:
            plotext.main()
            plotext.clear_figure()
    text = text.rstrip("\n")
    return text if color else plotext.uncolorize(text)


def render(
    name: str,
    width: int = 80,
    height: int = 24,
    *,
    color: bool = False,
    progress: Progress | None = None,
    **params: Any,
) -> str:
    """Build the plot ``name`` with ``params`` and draw it as ``width`` × ``height`` text."""
    spec = get(name)
    _check_size(width, height)
    data = spec.build_data(progress, **params)
    return draw_text(spec, data, width, height, color)


# ---------------------------------------------------------------- command line
