"""Problem 5's plots: the rematerialization schedule, its costs against K, and the break-even
loaddisk latency (the core's model, ``tutor.homework.remat``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from tutor.homework.remat import MAX_TIME_NS
from tutor.plots.axes import THEORY, fitting, legend_top, logticks, marked_line, y_axis
from tutor.plots.spec import PlotParam, PlotSpec, Progress

_T_FWD = PlotParam(
    "t_fwd", "fwd time (ns)", 20.0, 0.0, MAX_TIME_NS, False, "time of one fwd operation"
)
_T_MEM = PlotParam(
    "t_mem", "loadmem time (ns)", 10.0, 0.0, MAX_TIME_NS, False, "time of one loadmem"
)


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
    plt.title(fitting(plt, head + totals, head))
    plt.plot(xs, ys, marker=THEORY, color="blue+", label="fwd (rebuild)")
    plt.scatter(loads_x, loads_y, marker="o", color="green+", label="loadmem")
    plt.scatter(done_x, done_y, marker="x", color="red+", label="gradient")
    # one label line: plotext writes the y label on the x label's line, cutting it
    plt.xlabel(
        fitting(
            plt,
            "time since the backward pass started (ns); up: activation index",
            "time (ns); up: activation index",
        )
    )
    # room above the last layer for the legend's three lines (drawn over the top-left corner)
    bottom = -0.05 * data.layers
    plt.ylim(bottom, max(1.5 * data.layers, legend_top(plt, bottom, data.layers, 3)))
    if len(data.checkpoints) <= 12:
        plt.yticks(list(data.checkpoints), [("in" if c == 0 else str(c)) for c in data.checkpoints])


def _build_vs_k(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.homework import remat

    return remat.sweep_every(params["layers"], params["t_fwd"], params["t_mem"])


def _draw_vs_k(plt, data) -> None:
    n = data[-1].every  # K runs up to N
    ks = [p.every for p in data]
    root = math.sqrt(n)
    plt.title(
        fitting(
            plt,
            f"5: one backward pass against K, N = {n} (K ≈ √N = {root:.3g} marked)",
            f"5: costs against K, N = {n}, K ≈ √N = {root:.3g} marked",
            f"5: against K, N = {n}",
        )
    )
    plt.xscale("log")
    plt.yscale("log")
    fwd = [max(p.fwd, 0.5) for p in data]
    times = [p.remat_ns if p.remat_ns > 0 else 0.5 for p in data]
    stored = [p.stored_activations for p in data]
    chen = [p.stored_activations + p.every for p in data]
    # the key on the x label's line, not a legend over the chart: a legend needs rows above
    # the curves, and making them stretched the axis far past the data
    marked_line(plt, ks, fwd, "x", "red+", None)
    marked_line(plt, ks, times, "*", "blue+", None)
    marked_line(plt, ks, stored, "o", "green+", None)
    marked_line(plt, ks, chen, "+", "magenta+", None)
    plt.vertical_line(root, color="orange+")
    plt.xlabel(
        fitting(
            plt,
            "K; x fwd ops (0 shown at 0.5), * backward time (ns), o stored, + stored + one segment",
            "K; x fwd ops, * backward time (ns), o stored, + stored + one segment",
            "K; x fwd ops, * time (ns), o stored, + stored + segment",
            "K; x fwd, * ns, o stored, + stored+segment",
        )
    )
    logticks(plt, sorted({1, n, *[2**i for i in range(0, int(math.log2(n)) + 1)]}))
    y_axis(plt, [*fwd, *times, *stored, *chen], log=True)


def _build_breakeven(params: Mapping[str, Any], progress: Progress | None = None):
    from tutor.homework import remat

    return remat.schedule(params["layers"], params["every"], params["t_fwd"], params["t_mem"])


def _draw_breakeven(plt, data) -> None:
    b = data.breakeven_loaddisk_ns
    top = 2 * b if b > 0 else 1.0
    ts = [top * i / 40 for i in range(41)]
    plt.title(
        fitting(
            plt,
            f"5c: remat vs disk, N = {data.layers}, K = {data.every}: "
            f"break-even at {b:.4g} ns per load",
            f"5c: disk wins left of {b:.4g} ns",
        )
    )
    marked_line(
        plt,
        ts,
        [data.remat_ns] * len(ts),
        "o",
        "blue+",
        f"rematerialization: {data.remat_ns:g} ns",
        log=False,
    )
    marked_line(
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
        fitting(
            plt,
            "loaddisk latency (ns); disk wins left of the line; up: backward pass (ns)",
            "loaddisk latency (ns); up: pass (ns)",
        )
    )


def _schedule_figures(params: Mapping[str, Any]) -> tuple[float, ...]:
    """What the schedule, the break-even plot and the explorer's totals state: the fwd and
    loadmem counts, the stored activations, the backward time (the table's last row too), the
    break-even latency."""
    from tutor.homework import remat

    s = remat.schedule(params["layers"], params["every"], params["t_fwd"], params["t_mem"])
    return (s.fwd, s.loadmem, s.stored_activations, s.remat_ns, s.breakeven_loaddisk_ns)


PLOTS: tuple[PlotSpec, ...] = (
    PlotSpec(
        name="remat-schedule",
        title="The rematerialization schedule over time",
        description="backward pass over time: load, re-run fwd, process",
        parts=("5a", "5b"),
        reveals=("5a", "5b", "5c"),  # the counts, and the backward time 5c divides
        answer_params=("layers", "every"),
        figures=_schedule_figures,
        build=_build_schedule,
        draw=_draw_schedule,
        params=(_layers(10, 2000), _EVERY, _T_FWD, _T_MEM),
    ),
    PlotSpec(
        name="remat-vs-k",
        title="Rematerialization costs against K",
        description="fwd ops, stored activations, time against K; K≈√N",
        parts=("5a", "5b", "5c"),
        reveals=("5a", "5b", "5c"),
        answer_params=("layers",),  # every K at this N
        build=_build_vs_k,
        draw=_draw_vs_k,
        params=(_layers(100, 100_000), _T_FWD, _T_MEM),
    ),
    PlotSpec(
        name="remat-breakeven",
        title="Break-even loaddisk latency",
        description="remat vs disk time against the loaddisk latency",
        parts=("5c",),
        reveals=("5a", "5b", "5c"),
        answer_params=("layers", "every"),
        figures=_schedule_figures,
        build=_build_breakeven,
        draw=_draw_breakeven,
        params=(_layers(10, 100_000), _EVERY, _T_FWD, _T_MEM),
    ),
)
