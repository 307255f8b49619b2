"""A number in a line read as a value given to a precision: ``t = 52.92`` after ``1270 = 24 t``.

A line that does not follow exactly from the one before may still follow once one of its typed
numbers (``lines.Typed``: one with a decimal point, or a whole number giving the unknown's value,
``t = 54``) is read as the exact value it stands for: that value is found by solving for the
number (the line with the number replaced by a symbol, at the previous line's solution in solving
mode, equal to the previous expression in rewriting mode, the same equation as the reference's
in line 1), it must be a constant, the number must be it to the precision given (the one rule of
``tutor.checking.precision``, the rule a number box's answer is judged by: equal, rounded, or cut
short after its last digit), and the line with that value in its place must follow exactly. The
step then follows (marked ``≈``), with a remark saying which number was read as rounded; the last
line is still judged by the value box, so a derivation ending on a decimal where an exact value
is asked (``c = 0.7071/√d1``) gets that box's verdict ("a decimal approximation").

The same reading lets a chain on one line (``t = 1270/24 ≈ 52.92``) state one value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from tutor.checking.derivation.lines import Line, Typed, stand_in_symbol
from tutor.checking.precision import to_precision
from tutor.wording import said_list

MAX_TRIED = 6  # typed numbers a line is read with (each on its own), at most


@dataclass(frozen=True)
class Rounded:
    """A line with one of its typed numbers replaced by the exact value it stands for."""

    line: Line  # the line with the exact value in its place
    number: Typed
    how: str  # "rounded" | "cut"


def said(readings: Iterable[Rounded]) -> str:
    """What to say about the numbers read as given to a precision (in the order of their
    lines): "(52.92 in line 3 is read as rounded at its last digit.)"; "" for none."""
    out = []
    for how, what in (
        ("rounded", "rounded at {its} last digit"),
        ("cut", "cut short after {its} last digit, as a calculator shows it"),
    ):
        these = [f"{r.number.text} in line {r.line.said}" for r in readings if r.how == how]
        if not these:
            continue
        many = len(these) > 1
        named = said_list(these)
        verb = "are read as values" if many else "is read as the value"
        out.append(f"({named} {verb} {what.format(its='their' if many else 'its')}.)")
    return " ".join(out)


def _constant_roots(f: Any) -> list[Any]:
    """The positive constant values of the stand-in symbol that make ``f`` zero."""
    import sympy as sp

    q = stand_in_symbol()
    b, rest = f.as_independent(q, as_Add=True)
    a, power = rest.as_independent(q, as_Add=False)
    if a != 0 and power == q:
        roots = [-b / a]
    elif a != 0 and b != 0 and power == 1 / q:
        roots = [-a / b]
    else:
        try:
            roots = sp.solve(f, q, simplify=False)
        except (NotImplementedError, ValueError, TypeError, sp.PolynomialError):
            return []
        if not isinstance(roots, list):
            return []
    out = []
    for r in roots:
        if not isinstance(r, sp.Basic) or r.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            continue
        if r.free_symbols:
            r = sp.simplify(r)
            if r.free_symbols:
                continue
        if r.is_positive:
            out.append(r)
    return out


def _with(line: Line, side: int, number: Typed, exact: Any) -> Line:
    """``line`` with ``number`` (in side ``side``) replaced by ``exact``."""
    q = stand_in_symbol()
    sides = list(line.sides)
    sides[side] = replace(sides[side], value=number.stand_in.xreplace({q: exact}), tree=None)
    return replace(line, sides=tuple(sides))


def gives_value(line: Line, side: int, unknown: Any) -> bool:
    """Does side ``side`` of ``line`` give the unknown's value (``t = 54``: the other side is the
    unknown alone)? A whole number is read as rounded only there, as a number box reads one."""
    other = [s for i, s in enumerate(line.sides) if i != side]
    return unknown is not None and len(other) == 1 and other[0].value == unknown


def _tried(line: Line, whole: Callable[[int], bool]) -> list[tuple[int, Typed]]:
    """The typed numbers to read as rounded: every one with a decimal point; a whole number
    alone on its side only where ``whole(side)`` says so."""
    out = []
    for side, number in line.numbers:
        if "." not in number.text.lower().partition("e")[0] and not whole(side):
            continue
        out.append((side, number))
    return out[:MAX_TRIED]


def _near(f: Any, number: Typed, domains: dict[Any, Any]) -> bool:
    """A cheap test before any algebra: at two points of the other symbols, ``f`` has a root in
    the stand-in near the typed number (by the secant method from it), the same at both, and
    within a unit of the number's last digit (and 1%) of it. Most lines that do not follow
    fail here; a line that does is then solved exactly."""
    import random

    from tutor.checking.sampling import FunctionSet, real_value, sample_env

    q = stand_in_symbol()
    typed = float(number.value)
    unit = 10.0 ** (-number.places)
    others = sorted(f.free_symbols - {q}, key=lambda s: s.name)
    rng = random.Random(17)
    first = None
    for _ in range(2 if others else 1):
        env = sample_env(others, domains, rng)
        funcs = FunctionSet(random.Random(3))

        def g(x: float, env: dict = env, funcs: FunctionSet = funcs) -> float | None:
            return real_value(f, {**env, q: complex(x)}, funcs)

        root = _secant(g, typed)
        if root is None or abs(root - typed) > min(unit * (1 + 1e-6), 0.011 * abs(root)):
            return False
        if first is not None and abs(root - first) > 1e-8 * max(abs(first), 1e-12):
            return False  # depends on the other symbols: not a number rounded
        first = root
    return True


def _secant(g: Callable[[float], float | None], x0: float) -> float | None:
    """A root of ``g`` near ``x0`` (the secant method), or None."""
    a, b = x0, x0 * (1 + 1e-3) if x0 else 1e-3
    ga, gb = g(a), g(b)
    for _ in range(40):
        if ga is None or gb is None:
            return None
        if gb == 0 or ga == gb:
            return b if gb == 0 else None
        a, ga, b = b, gb, b - gb * (b - a) / (gb - ga)
        gb = g(b)
        if abs(b - a) <= 1e-13 * max(abs(b), 1e-12):
            return b
    return None


def readings(
    line: Line,
    equations: Callable[[Line], Iterable[Any]],
    whole: Callable[[int], bool],
    domains: dict[Any, Any],
) -> Iterator[Rounded]:
    """``line`` read with one typed number at a time as a value given to a precision.
    ``equations(line_with_stand_in)`` gives the expressions that must be zero (any one of them)
    for the line to follow; each constant root that the number is to the precision given
    yields a reading. ``whole(side)``: may a whole number alone on that side be read so?
    ``domains``: the box's symbols' (where the cheap first test samples them)."""
    q = stand_in_symbol()
    for side, number in _tried(line, whole):
        symbolic = replace(line.sides[side], value=number.stand_in, tree=None)
        with_q = replace(line, sides=line.sides[:side] + (symbolic,) + line.sides[side + 1 :])
        seen: list[Any] = []
        for f in equations(with_q):
            if not getattr(f, "has", None) or not f.has(q) or not _near(f, number, domains):
                continue
            for exact in _constant_roots(f):
                if exact in seen:
                    continue
                seen.append(exact)
                how = to_precision(number.value, number.places, exact)
                if how is not None:  # "equal": to floating point, so rounded far out
                    how = "cut" if how == "cut" else "rounded"
                    yield Rounded(_with(line, side, number, exact), number, how)
