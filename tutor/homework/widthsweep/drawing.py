"""The width sweep shown: a text summary and the two plots (loss curves, coordinate check)."""

from __future__ import annotations

import math

from tutor.homework.widthsweep.experiment import LABELS, PARAMETRIZATIONS, SweepResult
from tutor.ticks import chart_rows, figure_height, value_axis

_COLORS = ("blue+", "green+", "orange+", "red+", "magenta+", "cyan+", "yellow+", "gray")
_LINE = "·"
"""Lines are drawn one character per cell, on the same grid as the ● markers: plotext's
half-block and braille lines sit half a cell off it, so a marker could show a row away from
its own line."""
MARKERS = ("·", "+", "x", "o", "*", "#", "%", "=")
"""One character per curve (a width, a layer), shown beside its name in the legend: with
color alone the curves could not be told apart in monochrome (NO_COLOR, a printout). Never ●,
which marks the best learning rate."""


def _fmt_lr(v: float) -> str:
    return "—" if not math.isfinite(v) else f"2^{v:g}"


def format_summary(result: SweepResult) -> str:
    """A few lines: best learning rate and loss per width for SP and μP."""
    s = result.settings
    lines = [
        f"{'width':>7}  "
        + "  ".join(f"{LABELS[p] + ' best lr':>12} {'loss':>7}" for p in PARAMETRIZATIONS)
    ]
    for j, w in enumerate(s.widths):
        cells = []
        for p in PARAMETRIZATIONS:
            lr, loss = result.best_lrs(p)[j], result.best_losses(p)[j]
            cells.append(
                f"{_fmt_lr(lr):>12} {loss:7.4f}"
                if math.isfinite(loss)
                else f"{'diverged':>12} {'':>7}"
            )
        lines.append(f"{w:>7}  " + "  ".join(cells))
    for p in PARAMETRIZATIONS:
        lines.append(
            f"{LABELS[p]}: the best log2 lr moves by {result.optimum_shift(p):g} across widths"
        )
    return "\n".join(lines)


def _log_axis(ax, lo: float, hi: float, rows: int) -> None:
    """Label a linear axis that shows log10 of the values with the values themselves, each
    label on the row whose value it names (``tutor.ticks``; ``rows``: the panel's data rows).

    (plotext's own log scale crashes when combined with ``ylim`` and a legend.)
    """
    axis = value_axis([lo, hi], rows, log=True)
    ax.ylim(axis.lo, axis.hi)
    ax.yticks(list(axis.ticks), list(axis.labels))


def draw_sweep(plt, result: SweepResult) -> None:
    """Final training loss against log2 learning rate, one curve per width: SP | μP.

    Diverged runs and losses above 1 (worse than predicting 0) are drawn at 1. Give it a
    cleared figure; it sets up a 1×2 grid of subplots and does not call ``show``.
    """
    s = result.settings
    ceiling = 1.0
    finite = [v for pw in result.final_loss for c in pw for v in c if math.isfinite(v) and v > 0]
    floor = min(finite + [ceiling]) * 0.8
    rows = chart_rows(figure_height(plt))  # one row of panels: the figure's height
    plt.subplots(1, 2)
    xs = list(s.log2_lrs)
    so_far = "" if result.complete else " (so far)"
    for col, param in enumerate(PARAMETRIZATIONS, start=1):
        ax = plt.subplot(1, col)
        ax.title(f"{LABELS[param]}: train loss vs log2 lr{so_far}")
        for j, w in enumerate(s.widths):
            ys = [min(v, ceiling) if math.isfinite(v) else ceiling for v in result.curve(param, w)]
            color = _COLORS[j % len(_COLORS)]
            ax.plot(
                xs,
                [math.log10(v) for v in ys],
                color=color,
                marker=MARKERS[j % len(MARKERS)],  # its own: told apart without color
                label=f"n={w}" if col == 1 else None,
            )
            best = result.best_lrs(param)[j]
            if math.isfinite(best):
                y = math.log10(result.best_losses(param)[j])
                ax.scatter([best], [y], color=color, marker="●")
        _log_axis(ax, floor, ceiling * 1.05, rows)
        stride = max(1, math.ceil(len(xs) / 6))
        ticks = xs[::stride]
        ax.xticks(ticks, [f"{v:g}" for v in ticks])
        ax.xlabel("log2 learning rate (● best)")
    plt.subplot(1, 1)


def draw_coord_check(plt, result: SweepResult) -> None:
    """RMS change of each layer's activations after a few steps against width: SP | μP.

    Both panels share the y range so SP's growth and μP's flat lines compare directly.
    """
    c = result.coord
    values = [v for pl in c.rms_change for row in pl for v in row if math.isfinite(v) and v > 0]
    lo = min(values, default=1e-3) * 0.7
    hi = max(values, default=1.0) * 1.4
    xs = [math.log2(w) for w in c.widths]
    rows = chart_rows(figure_height(plt))  # one row of panels: the figure's height
    plt.subplots(1, 2)
    for col, param in enumerate(PARAMETRIZATIONS, start=1):
        ax = plt.subplot(1, col)
        ax.title(f"{LABELS[param]}: RMS Δ after {c.steps} steps, lr 2^{c.log2_lr:g}")
        for i, name in enumerate(c.layers):
            pts = [
                (x, v)
                for x, v in zip(xs, c.series(param, i), strict=True)
                if math.isfinite(v) and v > 0
            ]
            if pts:
                color = _COLORS[i % len(_COLORS)]
                px, py = [p[0] for p in pts], [math.log10(p[1]) for p in pts]
                ax.plot(px, py, color=color, marker=_LINE)
                marker = MARKERS[1:][i % (len(MARKERS) - 1)]  # its own, not the line's ·
                ax.scatter(px, py, color=color, marker=marker, label=name if col == 1 else None)
        _log_axis(ax, lo, hi, rows)
        ax.xticks(xs, [str(w) for w in c.widths])
        ax.xlabel("width n (log scale)")
    plt.subplot(1, 1)
