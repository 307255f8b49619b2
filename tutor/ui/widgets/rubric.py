"""A rubric's key points, for the student's self-assessment: a checkbox per point and the
point's text beside it (clicking the text ticks the box)."""

from __future__ import annotations

from textual import events
from textual.widgets import Checkbox, Static


class PointText(Static):
    """A rubric point's text (wraps); clicking it ticks the checkbox beside it."""

    def __init__(self, text: str, index: int) -> None:
        super().__init__(text, classes="point-text", markup=False)
        self.index = index

    def on_click(self, event: events.Click) -> None:
        box = self.screen.query_one(f"#point-{self.index}", Checkbox)
        box.toggle()
        box.focus()


class PointBox(Checkbox):
    """A rubric checkbox whose mark is a tick or blank, so it does not rely on colour alone."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 (Textual's name)
        return "✓" if self.value else " "
