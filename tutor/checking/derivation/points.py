"""Numbers in a derivation: expressions evaluated at sample points, and points shown in feedback.

Points read well (whole numbers, one decimal) so that feedback can name them: "at d₁ = 3".
"""

from __future__ import annotations

import math
import random
from typing import Any

from tutor.checking.derivation.prepared import Prepared
from tutor.inputlang.pretty import pretty_name

_REL = 1e-7


def format_number(x: float, digits: int = 4) -> str:
    if abs(x - round(x)) <= 1e-9 * max(1.0, abs(x)):
        return str(int(round(x)))
    return f"{x:.{digits}g}"


def format_pair(a: float, b: float) -> tuple[str, str]:
    """Two values said as different: as many digits as it takes to tell them apart (0.3133
    and 0.3133 read as equal in a message saying they are not)."""
    for digits in (4, 6, 8, 10, 12):
        shown = format_number(a, digits), format_number(b, digits)
        if shown[0] != shown[1]:
            return shown
    return shown


def nice_value(dom: Any, rng: random.Random) -> float:
    """A sample of a domain that reads well in feedback (whole numbers, one decimal)."""
    if dom.integer:
        lo, hi = math.ceil(dom.low), math.floor(dom.high)
        return float(rng.randint(lo, min(hi, max(lo, 12))))
    x = dom.sample(rng)
    for digits in (0, 1, 2):
        y = round(x, digits)
        if dom.low <= y <= dom.high and y != 0:
            return y
    return x


def point_text(env: dict, order: list[Any]) -> str:
    shown = [f"{pretty_name(s.name)} = {format_number(env[s].real)}" for s in order if s in env]
    return ", ".join(shown)


_FUNCS = "_functions"  # the concrete functions standing in for f, g, ... at one point


def value_at(expr: Any, env: dict) -> float | None:
    """``expr`` at a point; the unknown functions are the same for every expression
    evaluated at that point (and at copies of it, ``{**env, u: value}``)."""
    from tutor.checking.sampling import FunctionSet, Unsupported, evaluate, usable

    funcs = env.get(_FUNCS)
    if funcs is None:
        funcs = env[_FUNCS] = FunctionSet(random.Random(7))
    try:
        v = evaluate(expr, env, funcs)
    except (ZeroDivisionError, OverflowError, ValueError, Unsupported):
        return None
    return v.real if usable(v) else None


def close(a: float, b: float) -> bool:
    return abs(a - b) <= _REL * max(abs(a), abs(b), 1e-9) or abs(a - b) <= 1e-12


def valid_for(sym: Any, value: float) -> bool:
    """Does ``value`` respect the assumptions of ``sym`` (positive, integer)?"""
    if sym.is_positive and value <= 0:
        return False
    if sym.is_integer and abs(value - round(value)) > 1e-9 * max(1.0, abs(value)):
        return False
    return True


def param_points(prep: Prepared, exclude: Any, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    params = [s for s in prep.symbols if s is not exclude]
    return [{s: complex(nice_value(prep.domains[s], rng)) for s in params} for _ in range(n)]
