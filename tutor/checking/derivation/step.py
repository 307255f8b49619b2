"""A step of a derivation: how one line follows from the one before, and its mark."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    status: str  # "equivalent" | "implies" | "implied-by" | "fails" | "unchecked"
    line: int  # the later line
    detail: str  # what to show (a concrete point) when the step is not "equivalent"
    inside: bool = False  # the sides of one line (a chain a = b = c) are not all equal


MARKS = {
    "equivalent": "⇔",
    "implies": "⇒",
    "implied-by": "⇐",
    "fails": "✗",
    "unchecked": "?",
}
