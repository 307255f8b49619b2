"""Value axes of the terminal charts (``tutor.ticks``): every tick label names the value of the
row it is on, log axes are labelled at evenly spaced rows (no decade skipped), and an axis
spans its data, not a margin for a legend."""

from __future__ import annotations

import math
import random
import re

import pytest

from tutor.plots import registry as plots
from tutor.ticks import value_axis


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _ranges():
    rng = random.Random(182)
    cases = [
        (0.5, 1.2e5, 12, True),  # remat costs against K at 80×24
        (0.5, 1.2e4, 13, True),  # ... at 60×20 with N = 21
        (16, 168.8, 14, True),  # 1c: two flat lines
        (0.95, 1.05, 10, True),  # one flat line
        (1e-3, 0.9, 12, True),
        (-0.4, 4.1, 5, False),  # an estimator's mean panel at 80×24
        (1.6, 2.3, 5, False),
        (1.82, 2.27, 9, False),
        (-3.0, -2.5, 6, False),
    ]
    for _ in range(200):
        log = rng.random() < 0.5
        rows = rng.randint(3, 40)
        if log:
            lo = 10 ** rng.uniform(-6, 6)
            cases.append((lo, lo * 10 ** rng.uniform(0, 8), rows, True))
        else:
            lo = rng.uniform(-1e3, 1e3) * 10 ** rng.randint(-4, 2)
            cases.append((lo, lo + 10 ** rng.uniform(-3, 4), rows, False))
    return cases


@pytest.mark.parametrize(("lo", "hi", "rows", "log"), _ranges())
def test_each_tick_sits_on_the_row_whose_value_it_names(lo, hi, rows, log):
    axis = value_axis([lo, hi], rows, log)
    assert len(axis.ticks) >= 2 and len(axis.labels) == len(axis.ticks)
    for tick, value, label in zip(axis.ticks, axis.values, axis.labels, strict=True):
        row = axis.row(value)
        assert 0 <= row < rows
        # the row's own value is the tick's: not merely the nearest row to it
        assert _close(axis.lo + row * axis.step, tick), (axis, tick)
        named = float(label)
        assert math.isclose(named, value, rel_tol=6e-3, abs_tol=1e-12), (label, value)
    # evenly spaced: the same number of rows from each label to the next
    tick_rows = [axis.row(v) for v in axis.values]
    gaps = {b - a for a, b in zip(tick_rows, tick_rows[1:], strict=False)}
    assert len(gaps) == 1 and min(gaps) > 0, (axis, tick_rows)


@pytest.mark.parametrize(("lo", "hi", "rows", "log"), _ranges())
def test_an_axis_spans_its_data_and_little_more(lo, hi, rows, log):
    axis = value_axis([lo, hi], rows, log)
    a, b = (math.log10(lo), math.log10(hi)) if log else (lo, hi)
    assert axis.lo <= a + 1e-9 and axis.hi >= b - 1e-9 * max(1, abs(b))
    # no more than twice the data's span and two rows: never room left over for a legend
    assert axis.hi - axis.lo <= 2 * (b - a) + 2 * axis.step + 1e-9


def test_a_long_log_axis_is_labelled_at_decades_evenly_spaced():
    for rows in range(6, 40):
        axis = value_axis([0.5, 9.9e4], rows, log=True)
        decades = [math.log10(v) for v in axis.values]
        assert all(_close(d, round(d)) for d in decades), axis.labels
        assert len({round(b - a) for a, b in zip(decades, decades[1:], strict=False)}) == 1
        assert axis.labels[0] in ("0.1", "1")


# ----- the charts as drawn ----------------------------------------------------------------

_LABEL = re.compile(r"(-?[0-9][0-9.e-]*)[┤├]")  # ├: a line drawn across that row


def _ylabels(text: str) -> dict[tuple[int, int], list[tuple[int, float]]]:
    """The y labels of each chart in ``text`` (by the line of its top frame and the column of
    its ┤): (line, value)."""
    found: dict[tuple[int, int], list[tuple[int, float]]] = {}
    top = 0
    for i, line in enumerate(text.splitlines()):
        if "┌" in line:
            top = i
        for m in _LABEL.finditer(line):
            found.setdefault((top, m.end()), []).append((i, float(m.group(1))))
    return found


def _evenly(labels: list[tuple[int, float]], log: bool) -> None:
    """Labels at evenly spaced lines with evenly spaced values (in log10 on a log axis)."""
    lines = [line for line, _ in labels]
    values = [math.log10(v) if log else v for _, v in labels]
    assert len(labels) >= 2, labels
    steps = {b - a for a, b in zip(lines, lines[1:], strict=False)}
    assert len(steps) == 1, labels
    points = list(zip(lines, values, strict=True))
    per_line = {
        round((v1 - v0) / (l1 - l0), 6)
        for (l0, v0), (l1, v1) in zip(points, points[1:], strict=False)
    }
    assert len(per_line) == 1, labels


@pytest.mark.parametrize(("width", "height"), [(60, 20), (80, 24), (78, 17), (120, 40)])
@pytest.mark.parametrize("layers", [10, 21, 100, 2000])
def test_the_remat_costs_axis_skips_no_decade_and_ends_near_the_data(width, height, layers):
    """At 60×20 the axis read 1e9, 1e8, 1e6, 1e5, 1000, 100, 1 for data up to about 1e4."""
    from tutor.homework import remat

    text = plots.render("remat-vs-k", width, height, layers=layers)
    (labels,) = _ylabels(text).values()
    _evenly(labels, log=True)
    values = [v for _, v in labels]
    decades = [round(math.log10(v)) for v in values]
    assert decades == sorted(decades, reverse=True)  # top to bottom
    top = max(p.remat_ns for p in remat.sweep_every(layers, 20, 10))
    assert max(values) <= 10 * top  # the axis is not stretched for a legend
    # the key is on the x label's line, whole
    assert text.splitlines()[-1].strip().startswith("K; x fwd")


@pytest.mark.parametrize("samples", [4000, 8000])
@pytest.mark.parametrize(("width", "height"), [(80, 24), (78, 17), (120, 40)])
def test_the_estimators_truth_line_is_on_the_row_its_value_names(samples, width, height):
    """At 8000 draws the line for ∂F/∂μ₁ = 2 sat on the row labelled 1.82."""
    text = plots.render("estimators", width, height, samples=samples)
    rows = text.splitlines()
    charts = _ylabels(text)
    assert len(charts) == 4
    for (_, column), labels in charts.items():
        _evenly(labels, log=column > width // 2)  # the variance panels, on the right, are log
    # the mean panels (left): the truth line, drawn with ─ across the frame's ├, is on a row
    # whose value is the truth (2), and where that row has a label, it says 2
    for (top, column), labels in charts.items():
        if column > width // 2:
            continue
        truth = next(i for i, r in enumerate(rows) if i > top and "├" in r[:column])
        (l0, v0), (l1, v1) = labels[0], labels[-1]
        at = v0 + (truth - l0) * (v1 - v0) / (l1 - l0)  # the value of the line's row
        assert abs(at - 2.0) < 1e-6, (at, labels)
        assert all(value == 2.0 for line, value in labels if line == truth)


@pytest.mark.parametrize(("lo", "hi", "rows", "log"), _ranges())
def test_a_value_asked_for_is_on_a_row_of_its_own(lo, hi, rows, log):
    """The truth line of a chart with few rows sat on the next label's row."""
    rng = random.Random(f"{lo}{hi}{rows}")
    truth = 10 ** rng.uniform(math.log10(lo), math.log10(hi)) if log else rng.uniform(lo, hi)
    axis = value_axis([lo, hi, truth], rows, log, on_rows=[truth])
    if log:
        return  # a log axis keeps its decades; only the labels must be honest (above)
    row = axis.row(truth)
    assert _close(axis.row_value(row), truth), (axis, truth)
