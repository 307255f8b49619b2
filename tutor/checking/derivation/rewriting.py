"""Rewriting mode: each line is an expression (or a chain ``a = b = c``) equal to the one before.

Two expressions are compared at random points (a point where they differ is named in the
feedback), then confirmed symbolically by ``tutor.checking.equivalence``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from tutor.checking.derivation.lines import Line
from tutor.checking.derivation.points import (
    close,
    format_number,
    param_points,
    point_text,
    value_at,
)
from tutor.checking.derivation.prepared import Prepared
from tutor.checking.derivation.rounding import readings
from tutor.checking.derivation.step import Step


def _differ(prep: Prepared, a: Any, b: Any) -> tuple[bool | None, dict | None]:
    """Are expressions a and b equal? (True/False/None, a point where they differ)."""
    from tutor.checking.equivalence import equivalent

    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    agree = 0
    for env in param_points(prep, None, 24, seed=11):
        env = {s: env.get(s, complex(1.0)) for s in symbols}
        va, vb = value_at(a, env), value_at(b, env)
        if va is None or vb is None:
            continue
        if not close(va, vb):
            return False, {**env, "_a": va, "_b": vb}
        agree += 1
        if agree >= 5:
            break
    if agree == 0:
        return None, None
    return (True if equivalent(a, b, prep.domains) else False), None


def rewrite_step(prep: Prepared, prev: Line | None, line: Line) -> Step:
    """Each side of ``line`` equals the one before it (the previous line's last side first;
    with no previous line, only the sides of ``line`` itself are compared): as typed, or else
    once one of its typed numbers is read as given to a precision (``rounding``)."""
    step = _step(prep, prev, line)
    if step.status == "equivalent" or not line.numbers:
        return step

    def equations(with_q: Line) -> Iterator[Any]:
        chain = [prev.sides[-1].value] if prev is not None else []
        chain += [side.value for side in with_q.sides]
        for a, b in zip(chain, chain[1:], strict=False):
            yield b - a

    for reading in readings(line, equations, lambda side: False, prep.domains):
        again = _step(prep, prev, reading.line)
        if again.status == "equivalent":
            return replace(again, rounded=reading)
    return step


def _step(prep: Prepared, prev: Line | None, line: Line) -> Step:
    pairs = []
    lead = 0 if prev is None else 1
    for sign in range(max(len(prev.readings()) if prev else 1, len(line.readings()))):
        chain = list(line.readings()[min(sign, len(line.readings()) - 1)])
        if prev is not None:
            p = prev.readings()[min(sign, len(prev.readings()) - 1)]
            chain = [p[-1], *chain]
        pairs += [(chain[i], chain[i + 1], i + 1 - lead) for i in range(len(chain) - 1)]
    for a, b, i in pairs:
        same, env = _differ(prep, a, b)
        if same is None:
            return Step("unchecked", line.number, "", inside=i > 0)
        if not same:
            if env is None:
                return Step("fails", line.number, "the expressions are not equal", inside=i > 0)
            where = point_text(env, prep.symbols)
            at = f"at {where} " if where else ""
            if i == 0:
                what = (
                    f"{at}line {prev.said if prev else 0} is {format_number(env['_a'])} and line "
                    f"{line.said} is {format_number(env['_b'])}"
                )
            else:
                what = (
                    f"{at}the sides of line {line.said} are {format_number(env['_a'])} and "
                    f"{format_number(env['_b'])}"
                )
            return Step("fails", line.number, what, inside=i > 0)
    return Step("equivalent", line.number, "")
