"""A chain of equalities on one line of a derivation (``t = 500/10 = 50``) read as one
equation: the side holding the unknown and the value, every other value checked equal to it.
The judge (``Prepared``) and the live preview (``tutor.checking.derivation.preview``) both
read a line through ``one_equation``, so the preview never shows as read a line the judge
refuses for how it is written.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tutor.checking.derivation.lines import Line, LineError, Side
from tutor.checking.derivation.rounding import readings
from tutor.checking.memo import recall
from tutor.inputlang.pretty import pretty_name

MAX_REMEMBERED = 4096  # chain comparisons a box remembers


def domains_of(box: Any, ctx: Any) -> dict[Any, Any]:
    """Each of ``box``'s symbols (as sympy symbols in ``ctx``, its names) and its domain."""
    from tutor.checking.sampling import Domain

    return {ctx.symbols[s.name]: Domain(s.domain[0], s.domain[1], s.integer) for s in box.symbols}


def chain_sides(line: Line, unknown: Any) -> tuple[tuple[Side, Side], Side] | None:
    """A chain ``t = 500/10 = 50`` as one equation: the one side holding the unknown and the
    last of the others, in the order they were typed, and that last value (every other value
    must equal it); None unless exactly one side holds the unknown."""

    def holds(side: Side) -> bool:
        values = [side.value] + ([side.minus] if side.minus is not None else [])
        return any(unknown in getattr(v, "free_symbols", ()) for v in values)

    with_unknown = [s for s in line.sides if holds(s)]
    others = [s for s in line.sides if not holds(s)]
    if len(with_unknown) != 1 or not others:
        return None
    keep = (with_unknown[0], others[-1])
    first, second = sorted(keep, key=line.sides.index)
    return (first, second), others[-1]


def one_equation(line: Line, unknown: Any, domains: dict[Any, Any], memo: dict[Any, Any]) -> Line:
    """``line`` as one equation in ``unknown``: unchanged with two sides; a chain as the side
    holding the unknown and its value, once every value in it is checked equal (``memo``
    remembers the comparisons). Raises ``LineError`` saying what is wrong otherwise."""
    from tutor.checking.equivalence import equivalent

    if len(line.sides) == 2:
        return line
    chain = chain_sides(line, unknown) if len(line.sides) > 2 else None
    if chain is None:
        what = "no '='" if len(line.sides) == 1 else "more than one '='"
        raise LineError(
            "syntax",
            f"Line {line.said} has {what}: in this box every line is one "
            f"equation in {pretty_name(unknown.name)}.",
            line.number,
        )
    kept, value = chain
    for side in line.sides:
        if side is kept[0] or side is kept[1]:
            continue

        def compare(a: Side = side, b: Side = value) -> Any:
            return equivalent(a.value, b.value, domains) or _rounded(a, b, domains)

        key = ("chain", side.value, value.value, side.text, value.text)
        if not recall(memo, key, compare, MAX_REMEMBERED):
            raise LineError(
                "syntax",
                f"Line {line.said}: {side.shown or side.text} and "
                f"{value.shown or value.text} are not equal, so the line is not one "
                "equation: give each step on a line of its own.",
                line.number,
            )
    if any(s.relation == "≈" for s in line.sides[1:]):  # "t = 1270/24 ≈ 52.92": t ≈ 52.92
        kept = (kept[0], replace(kept[1], relation="≈"))
    return Line(line.number, line.text, kept, label=line.label)


def _rounded(a: Side, b: Side, domains: dict[Any, Any]) -> bool:
    """Is one of two values in a chain the other given to a precision (``1270/24 ≈ 52.92``,
    ``490/9 = 54``: a number typed in it, read as rounded, makes the two equal)?"""

    def equations(with_q: Line) -> list[Any]:
        return [with_q.sides[0].value - with_q.sides[1].value]

    pair = Line(0, "", (a, b))
    return next(readings(pair, equations, lambda side: True, domains), None) is not None
