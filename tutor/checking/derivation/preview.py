"""The live preview of a derivation: each line read on its own, nothing judged.

Each line is read by the judge's reader (``read_line``) and a chain (``t = 500/10 = 50``) is
checked as the judge checks it (``chains.one_equation``), so a line the preview shows as read
is never refused by the judge for how it is written. It does not read the box's reference
derivation and mistakes (the judge's ``Prepared``): the first keystroke stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tutor.checking.derivation.chains import chain_sides, domains_of, one_equation
from tutor.checking.derivation.lines import (
    MAX_LINES,
    LineError,
    heading,
    line_unit,
    read_limit,
    read_line,
    restates,
    split_steps,
)
from tutor.inputlang.reader import box_names


@lru_cache(maxsize=64)
def _memo(box: Any) -> dict[Any, Any]:
    """The chain comparisons made in ``box`` (its symbols' domains decide them)."""
    return {}


@dataclass(frozen=True)
class LineReading:
    """How one line of a derivation reads, before it is judged (the live preview)."""

    line: str  # where it was typed: its line in the box, "3" ("3.2": the second step on it)
    ok: bool
    text: str  # the reading, or why the line cannot be read


def _why(exc: LineError) -> str:
    """A line's problem without its "Line N: " and the echo under it."""
    first = exc.message.split("\n", 1)[0]
    return first.split(": ", 1)[-1]


def preview_lines(box: Any, answer: str) -> list[LineReading]:
    """Each non-blank line read on its own (nothing is judged): what the preview shows."""
    ctx = box_names(box)
    unit = line_unit(box)
    unknown = ctx.symbols.get(box.unknown) if box.unknown else None
    out = []
    number = 0
    steps = split_steps(answer, ctx)
    texts = steps[:MAX_LINES]
    bounded = unknown is not None and getattr(box.target_box, "bound", "none") != "none"
    for k, (text, label) in enumerate(texts):
        number += 1
        try:
            line = read_line(number, text, ctx, unit, label)
        except LineError as exc:
            if exc.reason != "taken-back" and heading(text, ctx):  # as ``Prepared.read``
                number -= 1
                continue
            limit = read_limit(number, text, ctx, unit, label) if bounded else None
            if limit is not None and k == len(texts) - 1:  # "t ≤ 50" last: as the judge
                out.append(LineReading(label, True, limit.pretty()))
                continue
            if number > 1 and restates(text):  # as the verdict reads it (``Prepared.read``)
                out.append(LineReading(label, True, "said again in other terms: not checked"))
            else:
                out.append(LineReading(label, False, _why(exc)))
            continue
        if unknown is not None and len(line.sides) != 2:
            if len(line.sides) < 2 or chain_sides(line, unknown) is None:
                out.append(LineReading(label, False, "write one equation, with one '='"))
                continue
            try:
                one_equation(line, unknown, domains_of(box, ctx), _memo(box))
            except LineError as exc:
                out.append(LineReading(label, False, _why(exc)))
                continue
        out.append(LineReading(label, True, line.pretty()))
    if len(steps) > MAX_LINES:  # as the judge refuses it
        more = f"{len(steps)} steps in all; a derivation has at most {MAX_LINES}"
        out.append(LineReading(steps[MAX_LINES][1], False, more))
    return out
