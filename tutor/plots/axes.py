"""Drawing helpers shared by the plots: ticks on log axes, titles that fit, lines with a few
labelled markers (readable without colors). They draw on a plotext-like object."""

from __future__ import annotations

import math

from tutor.ticks import CHROME, ValueAxis, chart_rows, figure_height, value_axis

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


def y_axis(ax, values, log: bool = False, rows: int | None = None, on_rows=()) -> ValueAxis:
    """Fit the y axis to ``values`` and label it (``tutor.ticks.value_axis``): every label on
    the row whose value it names, the ends no further out than the data need. ``rows``: the
    chart's data rows (``canvas_rows`` when not given; a subplot must say); ``on_rows``:
    values (a line read against) to put on a row of their own where the axis allows. On a plotext log
    axis ``ylim`` takes log10 of the ends, which is what the axis holds."""
    axis = value_axis(values, rows if rows is not None else canvas_rows(ax), log, on_rows)
    ax.ylim(axis.lo, axis.hi)
    ax.yticks(list(axis.values), list(axis.labels))
    return axis


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


def fitting(ax, *texts: str, width: int | None = None) -> str:
    """The first (longest) of ``texts`` that fits the chart's width (``width``, or the
    figure's own): plotext drops a title or axis label wider than the chart instead of
    cutting it (and a title dropped gives the chart a row more than ``canvas_rows`` counts)."""
    if width is None:
        try:
            width = int(ax.plot_size()[0])
        except Exception:  # noqa: BLE001 - an object without the query: assume the default
            width = 80
    for text in texts:
        if len(text) <= width - 8:
            return text
    return texts[-1]


def canvas_rows(ax, chrome: int = CHROME, height: int | None = None) -> int:
    """The rows the chart's data area has: the figure's height (``height``, or the figure's
    own) less its title, frame, x ticks and x label (``chrome``)."""
    return chart_rows(figure_height(ax) if height is None else height, chrome)


def subplot_rows(fig, row: int, of: int, chrome: int = CHROME) -> int:
    """The data rows of a subplot in row ``row`` (from 1) of ``of`` rows of subplots of
    ``fig``: plotext gives each row of subplots an equal share of the height, the last the
    rest. Ask before ``subplots`` (the figure's own size)."""
    height = figure_height(fig)
    share = height // of
    own = share if row < of else height - share * (of - 1)
    return chart_rows(own, chrome)


def legend_top(ax, lo: float, hi: float, lines: int) -> float:
    """The top of a linear y axis running from ``lo`` whose rows above ``hi`` (the highest
    value drawn) hold a legend of ``lines`` lines and a blank row: plotext draws the legend
    over the top-left corner of the chart. At most 60 % of the chart goes to the legend. (A
    log axis gets no such room: its key goes on the x label's line, ``remat_plots``.)"""
    rows = canvas_rows(ax)
    share = min((lines + 1) / max(rows - 1, 1), 0.6)
    if hi <= lo:
        hi = lo + 1.0
    return (hi - share * lo) / (1 - share)


def marked_line(ax, xs, ys, marker: str, color: str, label: str | None, log: bool = True) -> None:
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
