"""The tutor's plots by name: ``PLOTS``, ``get(name)``, ``names()`` and ``render(name, ...)``.

Every entry is a frozen ``PlotSpec`` (``tutor.plots.spec``), declared beside its builders and
drawings, one module per problem: ``scaling_plots`` (1), ``remat_plots`` (5),
``estimator_plots`` (4), ``sweep_plots`` (2 and 3).

* ``build(params, progress=None) -> data`` is pure, seeded and thread-safe: it imports numpy
  lazily, touches no plotting state, and returns a frozen dataclass. ``params`` is a mapping
  from ``spec.resolve(**overrides)``.
* ``draw(plt, data)`` draws the data on a plotext-like object: the ``plotext`` module for the
  command line, ``PlotextPlot.plt`` in the Textual UI (give it a cleared figure; it sets
  titles, labels, scales and, for some plots, subplots).

``render(name, width, height, **params) -> str`` builds and draws a plot into text
(``tutor.plots.text``). Only the standard library is imported at module level.
"""

from __future__ import annotations

from typing import Any

from tutor.errors import UsageError
from tutor.plots import estimator_plots, remat_plots, scaling_plots, sweep_plots
from tutor.plots.spec import PlotParam, PlotSpec, Progress
from tutor.plots.text import MIN_HEIGHT, MIN_WIDTH, _check_size, draw_text

__all__ = [
    "MIN_HEIGHT",
    "MIN_WIDTH",
    "PLOTS",
    "PlotParam",
    "PlotSpec",
    "UsageError",
    "_check_size",
    "draw_text",
    "get",
    "names",
    "parts_with",
    "render",
]

PLOTS: tuple[PlotSpec, ...] = (
    *scaling_plots.PLOTS,
    *remat_plots.PLOTS,
    *estimator_plots.PLOTS,
    *sweep_plots.PLOTS,
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


def parts_with(param: str) -> tuple[str, ...]:
    """The parts (in order) with a plot that has the parameter ``param`` (``samples``:
    the Monte Carlo plots): where a key that changes it does something."""
    found = {
        part for spec in PLOTS if any(p.name == param for p in spec.params) for part in spec.parts
    }
    return tuple(sorted(found))


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
