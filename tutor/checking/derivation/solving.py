"""Solving mode: each line is one equation in the unknown, compared by their solution sets.

Each line's solutions come from sympy's ``solve`` (a numeric root scan over the unknown's domain
when it cannot); every solution of one line is tried in the other, at random points of the other
symbols, then confirmed symbolically. The step is ⇔, ⇒ (gained solutions), ⇐ (lost solutions),
fails, or could not be checked.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from tutor.checking.derivation.lines import Line
from tutor.checking.derivation.points import (
    close,
    format_pair,
    nice_value,
    param_points,
    point_text,
    valid_for,
    value_at,
)
from tutor.checking.derivation.prepared import Prepared, remembered
from tutor.checking.derivation.rounding import gives_value, readings
from tutor.checking.derivation.step import Step
from tutor.inputlang.pretty import pretty_name

POINTS = 4  # parameter points at which a solution is tried

ALL = "all"  # an identity: every value of the unknown is a solution


@dataclass
class Solutions:
    exprs: list[Any] | str | None  # symbolic solutions, ALL, or None when sympy could not solve
    readings: list[tuple[Any, Any]]  # (lhs, rhs) for each sign of ±


def _solutions(prep: Prepared, line: Line) -> Solutions:
    import sympy as sp

    from tutor.checking.equivalence import equivalent

    u = prep.unknown
    readings = [(r[0], r[1]) for r in line.readings()]
    out: list[Any] = []
    for lhs, rhs in readings:
        f = lhs - rhs
        if f == 0 or equivalent(lhs, rhs, prep.domains):
            return Solutions(ALL, readings)
        if u not in f.free_symbols:
            continue  # false for the values tried: no solution
        found = _simple_roots(f, u)
        if found is None:
            try:
                found = sp.solve(f, u, simplify=False)
            except (NotImplementedError, ValueError, TypeError, sp.PolynomialError):
                return Solutions(None, readings)
        if not isinstance(found, list) or any(
            not isinstance(s, sp.Basic) or s.has(sp.Piecewise) or u in s.free_symbols for s in found
        ):
            return Solutions(None, readings)
        out += [s for s in found if s not in out]
    return Solutions(out, readings)


def _simple_roots(f: Any, u: Any) -> list[Any] | None:
    """The solutions of ``f = 0`` in ``u`` when ``f`` is ``a·u + b`` or ``a·u² + b`` (``a`` and
    ``b`` free of ``u``): what ``sympy.solve(f, u, simplify=False)`` gives, the same set, kept or
    dropped by the same test of the unknown's assumptions, without its general machinery (a
    class's derivations are mostly such lines, and ``solve`` costs milliseconds each). None for
    any other shape, for decimals (``solve`` reads those as fractions first) and for a square
    equal to something in symbols that may be negative: ``solve`` then decides."""
    import sympy as sp
    from sympy.core.assumptions import check_assumptions

    if f.has(sp.Float):
        return None
    b, rest = f.as_independent(u, as_Add=True)
    a, power = rest.as_independent(u, as_Add=False)
    if a == 0 or a.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or b.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    if power == u:
        roots = [-b / a]
    elif isinstance(power, sp.Pow) and power.base == u and power.exp == 2:
        square = -b / a
        if not all(x.is_positive for x in square.free_symbols):
            return None  # √(k²) is |k|, where sympy's roots are ±k: its forms, its decision
        root = sp.sqrt(square)
        roots = [root] if root == 0 else [-root, root]
    else:
        return None
    assumed = u.assumptions0
    return [r for r in roots if check_assumptions(r, **assumed) is not False]


def _holds(lhs: Any, rhs: Any, env: dict) -> tuple[bool | None, float | None, float | None]:
    a, b = value_at(lhs, env), value_at(rhs, env)
    if a is None or b is None:
        return None, a, b
    return close(a, b), a, b


def _scan_roots(prep: Prepared, lhs: Any, rhs: Any, env: dict) -> list[float]:
    """Real roots of lhs − rhs in the unknown over its domain (sign changes, then bisection)."""
    u = prep.unknown
    dom = prep.domains[u]
    lo, hi = dom.low, dom.high
    if lo > 0 and hi / lo > 50:
        grid = [lo * (hi / lo) ** (i / 800) for i in range(801)]
    else:
        grid = [lo + (hi - lo) * i / 800 for i in range(801)]

    def f(x: float) -> float | None:
        e = dict(env)
        e[u] = complex(x)
        a, b = value_at(lhs, e), value_at(rhs, e)
        return None if a is None or b is None else a - b

    roots: list[float] = []
    prev_x, prev_f = None, None
    for x in grid:
        fx = f(x)
        if fx is None:
            prev_x, prev_f = None, None
            continue
        if fx == 0:
            roots.append(x)
        elif prev_f is not None and (prev_f < 0) != (fx < 0):
            a, b, fa = prev_x, x, prev_f
            for _ in range(80):
                m = (a + b) / 2
                fm = f(m)
                if fm is None:
                    break
                if (fm < 0) == (fa < 0):
                    a, fa = m, fm
                else:
                    b = m
            roots.append((a + b) / 2)
        prev_x, prev_f = x, fx
    if dom.integer:
        roots = [float(round(r)) for r in roots if abs(r - round(r)) < 1e-6]
    return roots


def _values_at(prep: Prepared, sols: Solutions, env: dict) -> list[float] | None:
    """The solutions of a line at one point of the other symbols (ALL -> None)."""
    if sols.exprs == ALL:
        return None
    u = prep.unknown
    if sols.exprs is None:
        found: list[float] = []
        for lhs, rhs in sols.readings:
            found += _scan_roots(prep, lhs, rhs, env)
        return found
    out = []
    for s in sols.exprs:
        v = value_at(s, env)
        if v is not None and valid_for(u, v):
            out.append(v)
    return out


def _satisfies(sols: Solutions, env: dict) -> tuple[bool | None, float | None, float | None]:
    """Does the point satisfy the line (one of its ± readings)?"""
    first: tuple[bool | None, float | None, float | None] = (None, None, None)
    for i, (lhs, rhs) in enumerate(sols.readings):
        ok, a, b = _holds(lhs, rhs, env)
        if ok:
            return ok, a, b
        if i == 0 or first[0] is None:
            first = (ok, a, b)
    return first


def _implies(prep: Prepared, a: Solutions, b: Solutions) -> tuple[bool | None, dict | None]:
    """Is every solution of line a a solution of line b? (answer, a counterexample point)"""
    u = prep.unknown
    if a.exprs == ALL:
        if b.exprs == ALL:
            return True, None
        rng = random.Random(5)
        for env in param_points(prep, u, 12, seed=5):
            env[u] = complex(nice_value(prep.domains[u], rng))
            ok, lv, rv = _satisfies(b, env)
            if ok is False:
                return False, {**env, "_l": lv, "_r": rv}
        return None, None
    tried = 0
    for env in param_points(prep, u, POINTS * 3, seed=3):
        values = _values_at(prep, a, env)
        if values is None:
            continue
        for v in values:
            point = {**env, u: complex(v)}
            ok, lv, rv = _satisfies(b, point)
            if ok is None:
                continue
            if not ok:
                return False, {**point, "_l": lv, "_r": rv}
            tried += 1
        if tried >= POINTS * 2:
            break
    if a.exprs is not None and not a.exprs:
        return True, None  # no solution at all: implies anything
    if tried == 0:
        if a.exprs is None:
            return True, None  # no root in the domain at any point: nothing to carry over
        return None, None
    if not _confirm(prep, a, b):
        return None, None
    return True, None


def _confirm(prep: Prepared, a: Solutions, b: Solutions) -> bool:
    """Symbolic confirmation that each solution of a satisfies b: the equivalence engine
    (random points, then expand/cancel/simplify, then high precision) on b with the solution
    substituted. Numeric roots (sympy could not solve a) stand on the numeric evidence."""
    from tutor.checking.equivalence import equivalent

    if not isinstance(a.exprs, list):
        return True
    u = prep.unknown
    for s in a.exprs:
        if not any(
            equivalent(lhs.subs(u, s), rhs.subs(u, s), prep.domains) for lhs, rhs in b.readings
        ):
            return False
    return True


def _solutions_of(prep: Prepared, line: Line) -> tuple[Any, Solutions]:
    """A line's solutions, remembered by its readings (the same equation typed again, in any
    spacing, is solved once per box)."""
    key = tuple(line.readings())
    return key, remembered(prep.solved, key, lambda: _solutions(prep, line))


def _implies_of(prep: Prepared, a: tuple[Any, Solutions], b: tuple[Any, Solutions]) -> Any:
    """``_implies``, remembered by the two lines' readings (it is deterministic: fixed seeds)."""
    return remembered(prep.implied, (a[0], b[0]), lambda: _implies(prep, a[1], b[1]))


def solve_step(prep: Prepared, prev: Line, line: Line) -> Step:
    """How ``line`` follows from ``prev``: as typed, or else once one of its typed numbers is
    read as given to a precision (``rounding``: ``t = 52.92`` after ``1270 = 24 t``)."""
    step = _step(prep, prev, line)
    if step.status == "equivalent" or not line.numbers:
        return step
    # the step names its lines: remembered with their numbers (the sides' texts decide the rest)
    key = (
        "rounded",
        prev.number,
        line.number,
        prev.said,
        line.said,
        tuple(prev.readings()),
        _texts(line),
    )
    rounded = remembered(prep.implied, key, lambda: _rounded_step(prep, prev, line))
    if rounded is None:
        return step
    if rounded.status == "equivalent" or step.status in ("fails", "unchecked"):
        return rounded
    return step


def _texts(line: Line) -> tuple[str, ...]:
    return tuple(s.text for s in line.sides)


def _rounded_step(prep: Prepared, prev: Line, line: Line) -> Step | None:
    """The step to ``line`` with one of its typed numbers read as the exact value it stands for
    (a root of the line at a solution of ``prev``), when that number is the value to the
    precision given and the step then follows (both ways or one); None otherwise."""
    u = prep.unknown
    _, sols = _solutions_of(prep, prev)
    if not isinstance(sols.exprs, list) or not sols.exprs:
        return None
    solutions = sols.exprs

    def equations(with_q: Line) -> Iterator[Any]:
        for lhs, rhs in with_q.readings():
            for s in solutions:
                yield (lhs - rhs).xreplace({u: s})

    for reading in readings(line, equations, lambda side: gives_value(line, side, u), prep.domains):
        step = _step(prep, prev, reading.line)
        if step.status in ("equivalent", "implies", "implied-by"):
            return replace(step, rounded=reading)
    return None


def _step(prep: Prepared, prev: Line, line: Line) -> Step:
    u = prep.unknown
    sa, sb = _solutions_of(prep, prev), _solutions_of(prep, line)
    fwd, witness_f = _implies_of(prep, sa, sb)
    bwd, witness_b = _implies_of(prep, sb, sa)
    order = [s for s in prep.symbols if s is not u] + [u]
    if fwd and bwd:
        return Step("equivalent", line.number, "")
    if fwd and bwd is False and witness_b is not None:
        where = point_text(witness_b, order)
        return Step(
            "implies",
            line.number,
            f"line {line.said} holds at {where} but line {prev.said} does not (its left "
            f"side is {_pair(witness_b)[0]} and its right {_pair(witness_b)[1]}): the step "
            "gained a solution, as squaring both sides or multiplying by something that may be "
            "zero does",
        )
    # A solution of the previous line is the answer itself where that line is right: the
    # feedback names the other symbols' values and how the sides compare, never the unknown's
    # value or the sides' (at d₁ = 4, "c = 0.3133" would be √(π/2)/4, the answer)
    if bwd and fwd is False and witness_f is not None and u is not None:
        held = _not_solved(witness_f, order, u, prev, line)
        return Step(
            "implied-by",
            line.number,
            f"{held}: the step lost a solution, as dividing by something that may be zero or "
            "keeping only one root does",
        )
    if fwd is False and witness_f is not None and u is not None:
        return Step("fails", line.number, _not_solved(witness_f, order, u, prev, line))
    return Step("unchecked", line.number, "")


def _not_solved(witness: dict, order: list, u: Any, prev: Line, line: Line) -> str:
    """Line ``line`` fails where ``prev`` holds: said at the other symbols' values of
    ``witness``, without the unknown's value or the sides' (either would give the answer)."""
    others = [s for s in order if s is not u]
    where = f"at {point_text(witness, others)}, " if others else ""
    return (
        f"{where}the value of {pretty_name(u.name)} that solves line {prev.said} does not "
        f"solve line {line.said}: there its two sides are {_apart(witness)}"
    )


def _apart(witness: dict) -> str:
    """How two sides compare, without their values or their ratio (from which, with the typed
    side, the answer would follow): close (within 1 %) or not."""
    a, b = witness["_l"], witness["_r"]
    gap = abs(a - b) / max(abs(a), abs(b), 1e-12)
    return "close, but not equal" if gap < 0.01 else "not equal"


def _pair(witness: dict) -> tuple[str, str]:
    """The two sides' values at a witness, with the digits that tell them apart."""
    return format_pair(witness["_l"], witness["_r"])
