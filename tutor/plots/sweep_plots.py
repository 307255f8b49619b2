"""Problems 2 and 3's plots: the width sweep (SP against μP) and its coordinate check, built
by ``tutor.homework.widthsweep`` (slow: an app-level background job in the tutor)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tutor.plots.spec import PlotSpec, Progress


def _build_sweep(
    params: Mapping[str, Any],
    progress: Progress | None = None,
    partial: Callable[[Any], None] | None = None,
):
    from tutor.homework.widthsweep.experiment import SweepSettings
    from tutor.homework.widthsweep.run import run_sweep
    from tutor.paths import cache_dir

    return run_sweep(SweepSettings(), progress=progress, cache_dir=cache_dir(), partial=partial)


def _draw_sweep(plt, data) -> None:
    from tutor.homework.widthsweep.drawing import draw_sweep

    draw_sweep(plt, data)


def _draw_coord_check(plt, data) -> None:
    from tutor.homework.widthsweep.drawing import draw_coord_check

    draw_coord_check(plt, data)


PLOTS: tuple[PlotSpec, ...] = (
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
