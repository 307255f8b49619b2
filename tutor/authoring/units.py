"""Times quoted in a number box's texts in another unit than the box's (``unit-text``).

A box whose ``unit`` is ``ns`` graded "46.9 ns"; its feedback saying "at or below 46.9 ms"
tells the student a value a million times off. A feedback of the box (for a correct answer,
an accepted reading, a known mistake) or its part's solution that quotes a number with a time
unit other than the box's, and never one in the box's unit (a conversion, "0.05 us = 50 ns",
is fine), is a warning at the box's line (an error with ``--strict``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tutor.content.model import BoxSpec, Content
from tutor.inputlang.rules import UNITS

_UNIT_WORDS = "|".join(
    sorted((re.escape(u) for u in {*UNITS, "µs"} - {"s"}), key=len, reverse=True)
)
# a number and a time unit after it: "46.9 ms", "12ns"; a lone "s" only after a space
_TIME_RE = re.compile(rf"(?<![\w.])(\d+(?:[.,]\d+)*)(?:\s*({_UNIT_WORDS})|\s+(s))(?![\w])", re.I)


def _exponent(unit: str) -> int | None:
    unit = unit.replace("µ", "μ")
    return UNITS.get(unit, UNITS.get(unit.lower()))


def _texts(content: Content, box: BoxSpec) -> Iterator[tuple[str, str]]:
    if box.feedback:
        yield "its feedback", box.feedback
    for key, readings in (("accepted reading", box.accept), ("mistake", box.mistakes)):
        for r in readings:
            if r.feedback:
                yield f"the feedback of {key} {r.note}", r.feedback
    part = next((p for p in content.parts() if box.id in p.boxes), None)
    if part is not None and part.solution:
        yield f"part {part.id}'s solution", part.solution


def unit_text_items(content: Content) -> list[tuple[str, str]]:
    """(box id, message) for each text of a number box with a unit that quotes a time in
    another unit only (see the module docstring)."""
    out: list[tuple[str, str]] = []
    for box in content.boxes.values():
        unit = getattr(box, "unit", None)
        if box.kind != "number" or not unit or _exponent(unit) is None:
            continue
        mine = _exponent(unit)
        for what, text in _texts(content, box):
            quoted = [
                (m.group(0), _exponent(m.group(2) or m.group(3))) for m in _TIME_RE.finditer(text)
            ]
            if not quoted or any(e == mine for _, e in quoted):
                continue
            other = next(q for q, e in quoted if e is not None)
            out.append(
                (
                    box.id,
                    f"{what} quotes '{' '.join(other.split())}' while the box's unit is "
                    f"'{unit}': say the time in {unit} (or give both, '… = … {unit}')",
                )
            )
    return out
