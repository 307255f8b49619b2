"""A terminal chart's value axis: its ends and tick labels, chosen so that every label names the
value of the row it is on.

A text chart has few rows, and plotext puts a tick's label on the row nearest its value: a tick
between two rows labels a row with a value it does not have (a line at 2 drawn on the row
labelled 1.82), and ticks at 1, 2, 5, 10, … on a log axis fall unevenly on the rows, or skip a
decade. ``value_axis`` picks the ends of the axis so that the rows are evenly spaced values with
the ticks exactly on rows: nice values (multiples of 1, 2, 2.5 or 5 times a power of ten), every
decade (or every second, third …) on a log axis, or powers of two where the data span less than
a decade or two. The axis spans the data and at most a row or so more at each end, never a
margin for a legend. Pure arithmetic on the standard library: the plots (``tutor.plots.axes``)
and the width sweep's drawing (``tutor.homework.widthsweep.drawing``) both use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_EPS = 1e-9

CHROME = 5
"""The rows of a chart that hold no data: its title, frame (two rows), x ticks and x label."""


def chart_rows(height: int, chrome: int = CHROME) -> int:
    """The data rows of a chart ``height`` rows high with ``chrome`` rows of title, frame, x
    ticks and x label (plotext's layout)."""
    return max(int(height) - chrome, 2)


def figure_height(fig, default: int = 24) -> int:
    """A plotext figure's height as set (``plot_size``), or ``default`` when it has none."""
    try:
        return int(fig.plot_size()[1])
    except Exception:  # noqa: BLE001 - an object without the query (or no size yet)
        return default


@dataclass(frozen=True)
class ValueAxis:
    """A value axis of ``rows`` rows: ``lo`` is the bottom row's value and ``hi`` the top
    row's, in the axis's units (log10 of the values on a log axis); row ``i`` holds
    ``lo + i * (hi - lo) / (rows - 1)``. ``ticks`` (in the same units) each fall exactly on a
    row; ``values`` are the values they stand for and ``labels`` name them."""

    lo: float
    hi: float
    rows: int
    log: bool
    ticks: tuple[float, ...]
    labels: tuple[str, ...]

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(10.0**t for t in self.ticks) if self.log else self.ticks

    @property
    def step(self) -> float:
        """The value (in the axis's units) from one row to the next."""
        return (self.hi - self.lo) / (self.rows - 1)

    def row(self, value: float) -> int:
        """The row (0 at the bottom) a value is drawn on, as plotext places it."""
        u = math.log10(value) if self.log else value
        return math.floor(round(0.5 + (self.rows - 1) * (u - self.lo) / (self.hi - self.lo), 8))

    def row_value(self, row: int) -> float:
        u = self.lo + row * self.step
        return 10.0**u if self.log else u


def value_axis(values, rows: int, log: bool = False, on_rows=()) -> ValueAxis:
    """The axis for ``values`` (the finite ones; on a log axis the positive ones) drawn on
    ``rows`` rows (at least 2): the tightest one whose ticks fall on rows, at least two of them
    and, with rows to spare, a blank row between two labels. ``on_rows``: values that must
    each be a row's own value where an axis can have it so (a line the chart is read against,
    such as the true value: on a short chart the nearest row could be the next label's)."""
    rows = max(int(rows), 2)
    shown = [v for v in values if math.isfinite(v) and (v > 0 or not log)]
    if not shown:
        shown = [1.0, 10.0] if log else [0.0, 1.0]
    a, b = min(shown), max(shown)
    if log:
        a, b = math.log10(a), math.log10(b)
    if b - a < _EPS:  # one value: a short axis around it
        pad = 0.5 if log else max(abs(a) * 0.5, 0.5)
        a, b = a - pad, b + pad
    gap = 2 if rows >= 7 else 1
    exact = [
        math.log10(v) if log else v for v in on_rows if math.isfinite(v) and (v > 0 or not log)
    ]
    best = _pick(a, b, rows, gap, log, [])
    held = _pick(a, b, rows, gap, log, exact) if exact else None
    if held is None and exact and not log:  # ticks counted from the value itself: 2, 7, 12
        held = _pick(a, b, rows, gap, log, exact, anchor=exact[0])
    if held is not None and (best is None or held[0] <= 2 * best[0]):
        best = held  # those values on rows, unless that takes twice the span
    # a log axis too short for two such ticks without stretching it to twice the data's span
    # or more: its ends (and middle), named with the values they have
    if best is None or (log and (rows - 1) * best[0] > 2 * (b - a) + 2 * (b - a) / (rows - 1)):
        r = (b - a) / (rows - 1)
        # the middle row too where it is halfway (evenly spaced labels)
        ends = (a, a + (rows - 1) // 2 * r, b) if rows >= 5 and rows % 2 else (a, b)
        return ValueAxis(a, b, rows, log, ends, _distinct([10.0**u for u in ends]))
    r, lo, ticks, labels = best
    return ValueAxis(lo, lo + (rows - 1) * r, rows, log, ticks, labels)


def _pick(
    a: float,
    b: float,
    rows: int,
    gap: int,
    log: bool,
    exact: list[float],
    anchor: float | None = None,
):
    """The best axis of every family (``_candidates``), or None: the one that leaves least of
    the chart empty, with a label every few rows (two labels alone, or labels more than four
    rows apart, count against it; so do powers of two, where decades serve)."""
    best = None
    for family, steps in _families(b - a, log):
        for r, lo, ticks, step, per in _candidates(a, b, rows, gap, steps, exact, anchor):
            empty = 1 - (b - a) / ((rows - 1) * r)
            score = empty + (0.25 if len(ticks) < 3 and rows >= 9 else 0.0)
            score += 0.05 * max(0, per - 4) + (0.1 if family == "double" else 0.0)
            if best is None or score < best[0] - _EPS:
                best = (score, r, lo, ticks, step, family)
    if best is None:
        return None
    _, r, lo, ticks, step, family = best
    return r, lo, ticks, tuple(_label(t, step, family) for t in ticks)


def _candidates(
    a: float,
    b: float,
    rows: int,
    gap: int,
    steps,
    exact: list[float],
    anchor: float | None = None,
):
    """Every axis of ``rows`` rows holding ``a`` … ``b`` whose ticks, multiples of one of
    ``steps`` (or ``anchor`` plus multiples), fall on rows ``per`` rows apart (``gap`` or
    more), two ticks at least, each of ``exact`` on a row, not mostly empty: (value per row,
    bottom, ticks, step, per)."""
    base = 0.0 if anchor is None else anchor
    for step in steps:
        for per in range(gap, rows):
            r = step / per
            lo = base + math.floor((a - base) / r + _EPS) * r
            hi = lo + (rows - 1) * r
            if hi < b - _EPS * max(1.0, abs(b)) or hi - lo > 4 * (b - a) + 2 * step:
                continue  # too short, or mostly empty
            first = math.ceil((lo - base) / step - _EPS)
            last = math.floor((hi - base) / step + _EPS)
            if last - first < 1:
                continue  # fewer than two ticks
            if any(abs((e - lo) / r - round((e - lo) / r)) > 1e-6 for e in exact):
                continue
            yield r, lo, tuple(base + k * step for k in range(first, last + 1)), step, per


def _families(span: float, log: bool):
    """The tick steps to try, by family: on a log axis decades (1, 2, 3, 5, 10 … of them),
    then doublings; on a linear one 1, 2, 2.5 and 5 times powers of ten."""
    if log:  # powers of two only on a short axis (under two decades): 16, 32, 64, 128
        return (("decade", [1, 2, 3, 4, 5, 10, 20, 50, 100]),) + (
            (("double", [math.log10(2.0), math.log10(4.0)]),) if span < 2 else ()
        )
    top = math.floor(math.log10(span)) + 1
    steps = [m * 10.0**e for e in range(top - 4, top + 1) for m in (1, 2, 2.5, 5)]
    return (("linear", steps),)


def _label(tick: float, step: float, family: str) -> str:
    if family == "decade":
        return value_label(10.0 ** round(tick))
    if family == "double":
        return value_label(2.0 ** round(tick / math.log10(2.0)))
    digits = max(0, -math.floor(math.log10(step) + _EPS) + (0 if _whole(step) else 1))
    value = round(tick, digits + 2)
    if abs(value) >= 1e5:
        return value_label(value)
    text = f"{value:.{digits}f}"
    return "0" if float(text) == 0 else text


def _whole(x: float) -> bool:
    """``x`` times a power of ten is whole (2.5 → 5: one decimal more for a step of 0.25)."""
    m = x / 10.0 ** math.floor(math.log10(abs(x)))
    return abs(m - round(m)) < 1e-6


def value_label(value: float, digits: int = 3) -> str:
    """A tick's value as a label: from 10⁴ up and below 10⁻³ as 1e4, 1.64e4, 1e-5; a whole
    number in full (1000, 4096); anything else with ``digits`` significant digits (0.125)."""
    if value == 0:
        return "0"
    if abs(value) >= 1e4 or abs(value) < 1e-3:
        exponent = math.floor(math.log10(abs(value)) + _EPS)
        mantissa = float(f"{value / 10.0**exponent:.{digits}g}")
        if abs(mantissa) >= 10:
            mantissa, exponent = mantissa / 10, exponent + 1
        return f"{mantissa:g}e{exponent}"
    if value == int(value):
        return str(int(value))
    return f"{value:.{digits}g}"


def _distinct(values: list[float]) -> tuple[str, ...]:
    """Labels for ``values`` with as many significant digits as it takes to tell them apart."""
    for digits in range(3, 8):
        labels = tuple(value_label(v, digits) for v in values)
        if len(set(labels)) == len(labels):
            return labels
    return labels
