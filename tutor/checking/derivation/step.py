"""A step of a derivation: how one line follows from the one before, and its mark."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    status: str  # "equivalent" | "implies" | "implied-by" | "fails" | "unchecked"
    line: int  # the later line
    detail: str  # what to show (a concrete point) when the step is not "equivalent"
    inside: bool = False  # the sides of one line (a chain a = b = c) are not all equal
    # follows once a typed number in the later line is read as given to a precision: that
    # reading (``rounding.Rounded``: the line with the exact value in its place), else None
    rounded: Any = None

    @property
    def mark(self) -> str:
        if self.status == "equivalent" and self.rounded is not None:
            return MARKS["rounded"]
        return MARKS[self.status]


MARKS = {
    "equivalent": "⇔",
    "implies": "⇒",
    "implied-by": "⇐",
    "fails": "✗",
    "unchecked": "?",
    "rounded": "≈",  # follows once a number typed in it is read as rounded (or cut short)
}
