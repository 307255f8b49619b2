"""The live preview of a derivation: each line read on its own, nothing judged.

Each line is read as the judge reads it (``Prepared``: the same reader, the same memo), and a
chain (``t = 500/10 = 50``) is checked as the judge checks it, so a line the preview shows as
read is never refused by the judge for how it is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tutor.checking.derivation.lines import MAX_LINES, LineError, chain_sides, split_lines
from tutor.checking.derivation.prepared import prepare


@dataclass(frozen=True)
class LineReading:
    """How one line of a derivation reads, before it is judged (the live preview)."""

    number: int
    ok: bool
    text: str  # the reading, or why the line cannot be read


def _why(exc: LineError) -> str:
    """A line's problem without its "Line N: " and the echo under it."""
    first = exc.message.split("\n", 1)[0]
    return first.split(": ", 1)[-1]


def preview_lines(box: Any, answer: str) -> list[LineReading]:
    """Each non-blank line read on its own (nothing is judged): what the preview shows."""
    prep = prepare(box)
    unknown = prep.unknown
    out = []
    for number, text in enumerate(split_lines(answer)[:MAX_LINES], start=1):
        try:
            line = prep.line(number, text)
        except LineError as exc:
            out.append(LineReading(number, False, _why(exc)))
            continue
        if unknown is not None and len(line.sides) != 2:
            if len(line.sides) < 2 or chain_sides(line, unknown) is None:
                out.append(LineReading(number, False, "write one equation, with one '='"))
                continue
            try:
                prep.one_equation(line)
            except LineError as exc:
                out.append(LineReading(number, False, _why(exc)))
                continue
        out.append(LineReading(number, True, line.pretty()))
    return out
