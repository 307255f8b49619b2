"""A plotext plot drawn from pure data: ``DataPlot.show(draw, data)``.

plotext's ``build()`` is not idempotent with log scales (a second build takes the log of the
already-logged values and fails), and Textual re-renders a widget whenever it resizes or
refreshes. So this widget keeps the drawing function and the data, redraws a fresh figure for
each new size or theme, and caches the text it built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot


class DataPlot(PlotextPlot):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._draw: Callable[[Any, Any], None] | None = None
        self._data: Any = None
        self._cache: tuple[tuple[int, int, str], Text] | None = None

    @property
    def data(self) -> Any:
        """The data drawn now (None before the first ``show``)."""
        return self._data

    def show(self, draw: Callable[[Any, Any], None], data: Any) -> None:
        self._draw, self._data = draw, data
        self._cache = None
        self.refresh()

    def render(self) -> RenderResult:
        width, height = self.size.width, self.size.height
        theme = self._get_plotext_theme_name(self.app.theme)
        key = (width, height, theme)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        plt = self.plt
        plt.clear_figure()
        plt.plotsize(width, height)
        plt._set_size(width, height)
        plt.theme(theme)
        if self._draw is not None and width > 10 and height > 5:
            try:
                self._draw(plt, self._data)
            except Exception as exc:  # noqa: BLE001 - a drawing bug must not take the app down
                return Text(f"Could not draw this plot: {exc}")
            # again: a drawing that asks the figure its size (a title that must fit) sets it
            plt.plotsize(width, height)
            plt._set_size(width, height)
        text = Text.from_ansi(plt.build())
        self._cache = (key, text)
        return text
