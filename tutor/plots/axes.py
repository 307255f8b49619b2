"""Drawing helpers shared by the plots: ticks on log axes, titles that fit, lines with a few
labelled markers (readable without colors). They draw on a plotext-like object."""

from __future__ import annotations

import math

THEORY = "braille"
MARKERS = ("x", "o", "+", "*", "#", "@")
COLORS = ("red+", "blue+", "green+", "magenta+", "cyan+", "orange+")


def logticks(ax, values, axis: str = "x") -> None:
    """Put ticks at the data's own (power-of-two-ish) values on a log axis."""
    ticks = sorted(set(values))
    if len(ticks) > 9:
        step = math.ceil(len(ticks) / 9)
        ticks = ticks[::step]
    labels = [f"{t:g}" for t in ticks]
    (ax.xticks if axis == "x" else ax.yticks)(ticks, labels)


def log_yticks(ax, values) -> None:
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
    ax.yticks(ticks, [tick_label(t) for t in ticks])


def tick_label(value: float) -> str:
    if value >= 1e4:
        exponent = math.floor(math.log10(value))
        mantissa = value / 10**exponent
        return f"{mantissa:.2g}e{exponent}"
    if value >= 1 and value == int(value):
        return str(int(value))
    return f"{value:.3g}"


def mark_indices(xs, count: int = 8, log: bool = True) -> list[int]:
    """Indices of about ``count`` points spread evenly along x (log-evenly when ``log``)."""
    if len(xs) <= count:
        return list(range(len(xs)))
    key = (lambda v: math.log(v)) if log and min(xs) > 0 else (lambda v: v)
    lo, hi = key(xs[0]), key(xs[-1])
    targets = [lo + (hi - lo) * i / (count - 1) for i in range(count)]

    def nearest(t: float) -> int:
        return min(range(len(xs)), key=lambda j: abs(key(xs[j]) - t))

    return sorted({nearest(t) for t in targets})


def fitting(ax, *texts: str) -> str:
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


def canvas_rows(ax, chrome: int = 5) -> int:
    """The rows the chart's data area has: the figure's height less its title, frame (two
    rows), x ticks and x label (``chrome``)."""
    try:
        height = int(ax.plot_size()[1])
    except Exception:  # noqa: BLE001 - an object without the query: assume the default
        height = 24
    return max(height - chrome, 2)


def legend_top(ax, lo: float, hi: float, lines: int, log: bool = True) -> float:
    """The top of a y axis running from ``lo`` whose rows above ``hi`` (the highest value
    drawn) hold a legend of ``lines`` lines and a blank row: plotext draws the legend over the
    top-left corner of the chart, so a fixed margin (a factor) left too few rows in a short
    chart and the legend hid the curves. At most 60 % of the chart goes to the legend."""
    rows = canvas_rows(ax)
    share = min((lines + 1) / max(rows - 1, 1), 0.6)
    if log:
        low, high = math.log10(lo), math.log10(hi)
        if high <= low:
            high = low + 1.0
        return 10.0 ** ((high - share * low) / (1 - share))
    if hi <= lo:
        hi = lo + 1.0
    return (hi - share * lo) / (1 - share)


def log_headroom(ax, x: float, values, factor: float, lines: int = 0) -> float:
    """Room above the data on a log y axis for the legend (drawn over the top-left corner):
    an invisible point at ``factor`` × the highest value, or higher when the chart's rows need
    it for a legend of ``lines`` lines (``legend_top``). (plotext's ``ylim`` fails on a log
    axis.) Returns that height, for the ticks."""
    shown = [v for v in values if v > 0 and math.isfinite(v)]
    top = max(shown) * factor
    if lines:
        top = max(top, legend_top(ax, min(shown), max(shown), lines))
    ax.scatter([x], [top], marker=" ")
    return top


def marked_line(ax, xs, ys, marker: str, color: str, label: str, log: bool = True) -> None:
    """A smooth line plus a few labelled markers, readable without colors."""
    xs, ys = list(xs), list(ys)
    ax.plot(xs, ys, marker=THEORY, color=color)
    idx = mark_indices(xs, 8, log)
    ax.scatter([xs[i] for i in idx], [ys[i] for i in idx], marker=marker, color=color, label=label)


def theory_line(ax, curve, color: str, label: bool = True) -> None:
    ax.plot(
        list(curve.x),
        list(curve.y),
        marker=THEORY,
        color=color,
        label=curve.label if label else None,
    )


def mc_points(ax, curve, marker: str, color: str, label: str | None = None) -> None:
    ax.scatter(
        list(curve.x),
        list(curve.y),
        marker=marker,
        color=color,
        label=curve.label if label is None else (label or None),
    )
