"""Drawing a built plot into text with plotext's ``build()`` (no terminal needed): the only
code that uses the global plotext module, and it holds a lock while it does."""

from __future__ import annotations

import threading
from typing import Any

from tutor.errors import UsageError
from tutor.plots.spec import PlotSpec

MIN_WIDTH, MIN_HEIGHT = 30, 10
MAX_WIDTH, MAX_HEIGHT = 1000, 400

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
