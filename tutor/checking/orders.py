"""Orders (Θ/O/Ω): how fast an expression grows in the box's width symbol.

Two expressions are of the same order when their ratio tends to a nonzero constant as the
width grows. The numbers decide first (two large widths, the other symbols at random points):
a growth they tell apart is another growth. What they cannot tell apart, where either side
might grow too slowly for them to show (a logarithm, an exponential, a power that is not a
whole or half number: ``subtle``), is decided symbolically (``symbolic_same_order``: sympy's
``limit`` of the ratio as the width, and each other whole-number width, tends to infinity), so
n^0.001, log(n)/1000 or n^(−1e−9) is never taken for a constant. A one-sided bound (O(g), Ω(g)) is checked the same way (``bound_holds``).
The growth exponent k in |expr| ~ width^k is read off three large widths (for feedback only).
"""

from __future__ import annotations

import math
import random
from typing import Any

from tutor.checking.dependence import ratio_profile
from tutor.checking.sampling import (
    DEFAULT_DOMAIN,
    Domain,
    FunctionSet,
    Unsupported,
    evaluate,
    real_value,
    sample_env,
    usable,
)


def growth_ratio(
    a: Any, b: Any, width: Any, domains: dict[Any, Domain], seed: int = 5
) -> tuple[float, float] | None:
    """|a/b| at two large widths (other symbols at one random point); None if not evaluable."""
    rng = random.Random(seed)
    others = sorted((a.free_symbols | b.free_symbols) - {width}, key=lambda s: s.name)
    for _ in range(6):
        env = {s: complex(domains.get(s, DEFAULT_DOMAIN).sample(rng)) for s in others}
        funcs = FunctionSet(rng)
        out = []
        try:
            for w in (1e4, 1e8):
                env[width] = complex(w)
                va, vb = evaluate(a, env, funcs), evaluate(b, env, funcs)
                if not (usable(va) and usable(vb)) or vb == 0:
                    raise ValueError
                out.append(abs(va.real / vb.real))
        except (ValueError, ZeroDivisionError, OverflowError, Unsupported):
            continue
        return out[0], out[1]
    return None


_LIMIT_OPS = 80  # sympy's limit is tried on ratios up to this size (it can be slow on more)


def _limit(expr: Any, sym: Any) -> Any | None:
    """lim expr as ``sym`` → ∞, symbolically; None when sympy cannot say (or is not asked:
    unknown functions, oscillating or unevaluated limits, too large an expression)."""
    import sympy as sp

    allowed = (sp.Add, sp.Mul, sp.Pow, sp.log, sp.exp, sp.Abs)
    try:
        if any(
            isinstance(f, sp.Function) and not isinstance(f, allowed)
            for f in expr.atoms(sp.Function)
        ):
            return None
        if sp.count_ops(expr) > _LIMIT_OPS:
            return None
        lim = sp.limit(expr, sym, sp.oo)
    except Exception:  # noqa: BLE001 - sympy's limit can fail in many ways
        return None
    if lim.has(sp.Limit, sp.AccumBounds, sp.nan) or lim.has(sp.Function):
        return None
    return lim


def _infinite(lim: Any) -> bool:
    import sympy as sp

    return bool(lim.has(sp.oo, -sp.oo, sp.zoo) or lim.is_finite is False)


def _ratio(a: Any, b: Any) -> Any | None:
    """a/b over one denominator with its powers merged, as the limits take it; None when sympy
    cannot write it so."""
    import sympy as sp

    try:
        return sp.powsimp(sp.together(a / b), force=True)
    except Exception:  # noqa: BLE001 - an unusual expression
        return None


def _widths(width: Any, symbols: Any, domains: dict[Any, Domain]) -> list[Any]:
    """The symbols that grow: the box's width first, then every other whole-number symbol (d2
    beside d1); with no width, every whole-number symbol."""
    others = sorted(
        (s for s in symbols if s != width and (d := domains.get(s)) is not None and d.integer),
        key=lambda s: s.name,
    )
    return ([width] if width is not None and width in symbols else []) + others


_SYMBOLIC: dict[Any, bool | None] = {}  # symbolic_same_order's answers (a class repeats them)


def symbolic_same_order(a: Any, b: Any, width: Any, domains: dict[Any, Domain]) -> bool | None:
    """``_symbolic_same_order``, remembered by its arguments."""
    from tutor.checking.memo import recall

    try:
        key = (a, b, width, tuple(sorted(domains.items(), key=lambda kv: str(kv[0]))))
    except TypeError:  # something unhashable: worked out, not remembered
        return _symbolic_same_order(a, b, width, domains)
    return recall(_SYMBOLIC, key, lambda: _symbolic_same_order(a, b, width, domains), 4096)


def _symbolic_same_order(a: Any, b: Any, width: Any, domains: dict[Any, Domain]) -> bool | None:
    """Same order, decided by limits of a/b: False when the ratio tends to 0 or ∞ in the width
    or in another whole-number width (or its limit in the width depends on another symbol:
    Θ(d1·d2) is not Θ(d1)); True when every such limit is a nonzero constant (with no width:
    when a/b is a nonzero number); None when sympy cannot decide (the numerical check then)."""

    ratio = _ratio(a, b)
    if ratio is None:  # an unusual expression: the numerical check decides
        return None
    if ratio.is_zero is True:
        return False
    if not ratio.free_symbols:
        if ratio.is_number and ratio.is_finite and ratio.is_zero is False:
            return True
        return None
    unknown = False
    for s in _widths(width, ratio.free_symbols, domains):
        lim = _limit(ratio, s)
        if lim is None:
            unknown = True
            continue
        if lim.is_zero is True or _infinite(lim):
            return False
        if s == width and lim.free_symbols:
            return False  # the constant depends on another symbol (Θ(d1·d2) is not Θ(d1))
    if unknown or width is None:
        return None  # no width: the numerical check asks for a constant ratio
    return True


def bound_holds(kind: str, g: Any, key: Any, width: Any, domains: dict[Any, Domain]) -> bool | None:
    """Does ``kind``(g) hold of ``key`` (O: key/g stays bounded, Ω: g/key stays bounded, as the
    width and every other whole-number width grow)? None when sympy cannot say."""

    if kind not in ("O", "Ω"):
        return None
    if getattr(g, "is_zero", None) is True:  # Ω(0) says nothing; O(0) only of zero
        return kind == "Ω" or getattr(key, "is_zero", None) is True
    if getattr(key, "is_zero", None) is True:
        return kind == "O"
    ratio = _ratio(key, g) if kind == "O" else _ratio(g, key)
    if ratio is None:
        return None
    if not ratio.free_symbols:
        return bool(ratio.is_finite) if ratio.is_number else None
    for s in _widths(width, ratio.free_symbols, domains):
        lim = _limit(ratio, s)
        if lim is None:
            return None
        if _infinite(lim):
            return False
    return True


def same_order(a: Any, b: Any, width: Any, domains: dict[Any, Domain]) -> bool:
    """Do ``a`` and ``b`` grow at the same rate in ``width`` (a/b tends to a nonzero constant)?
    Zero is of no order but its own: it is O(1), never Θ(1) (what vanishes is not order one).
    Numerical first (a growth told apart at the sample points is another); what the numbers
    cannot tell apart is decided symbolically (``symbolic_same_order``) where sympy can."""
    zero_a, zero_b = getattr(a, "is_zero", None) is True, getattr(b, "is_zero", None) is True
    if zero_a or zero_b:
        return zero_a and zero_b
    # the numbers first: a growth they tell apart is another growth (most wrong answers, at
    # once); one they cannot tell apart is decided by sympy's limits where it can (n^0.001
    # looks constant on [1, 4096])
    if not _numerically_same_order(a, b, width, domains):
        return False
    if not subtle(a) and not subtle(b):
        return True  # whole and half powers only: the numbers tell those apart
    decided = symbolic_same_order(a, b, width, domains)
    return True if decided is None else decided


def subtle(e: Any) -> bool:
    """Might ``e`` grow too slowly for sample points on [1, 4096] to show it: a logarithm, an
    exponential or an unknown function, or a power that is not a whole or half number (n^0.001,
    n^(1/1000))?"""
    import sympy as sp

    if not isinstance(e, sp.Basic):
        return True
    if e.has(sp.log, sp.exp) or e.atoms(sp.Function):
        return True
    for p in e.atoms(sp.Pow):
        x = p.exp
        if not (x.is_Rational and (x * 2).is_Integer):
            return True
    return False


def _numerically_same_order(a: Any, b: Any, width: Any, domains: dict[Any, Domain]) -> bool:
    """``same_order`` by growth measured at sample points (sympy's limit where they fail)."""
    if width is None:
        # no width: the same order means a constant ratio (Θ(√(d1·d2)) for √(d1·d2))
        prof = ratio_profile(a, b, domains)
        return prof is not None and prof.constant is not None
    if width not in a.free_symbols and width not in b.free_symbols:
        # both constant in the width; another width must not grow in one alone either
        # (Θ(d2) is not Θ(1), as Θ(d1·d2) is not Θ(d1))
        return _same_in_other_widths(a, b, width, domains)
    r = growth_ratio(a, b, width, domains)
    if r is None:
        import sympy as sp

        try:
            lim = sp.limit(a / b, width, sp.oo)
        except Exception:  # noqa: BLE001 - sympy's limit can fail in many ways
            return False
        return bool(lim.is_finite and lim != 0)
    r1, r2 = r
    if r1 == 0 or r2 == 0 or not (math.isfinite(r1) and math.isfinite(r2)):
        return False
    if abs(math.log(r2 / r1)) >= 0.05:
        return False
    # the limit of the ratio must not depend on the other symbols either (Θ(d1·d2) is not Θ(d1))
    r_other = growth_ratio(a, b, width, domains, seed=11)
    if r_other is None or abs(math.log(r_other[1] / r2)) >= 0.05:
        return False
    return _same_in_other_widths(a, b, width, domains)


def _same_in_other_widths(a: Any, b: Any, width: Any, domains: dict[Any, Domain]) -> bool:
    """Another width (a symbol with whole-number values, d2 beside d1) may grow too: the ratio
    must stay put as it does (Θ(d1² + d2) is not Θ(d1²), though the two agree for a fixed d2)."""
    others = (a.free_symbols | b.free_symbols) - {width}
    for s in sorted(others, key=lambda s: s.name):
        domain = domains.get(s)
        if domain is None or not domain.integer:
            continue
        r = growth_ratio(a, b, s, domains, seed=17)
        if r is None:
            continue
        r1, r2 = r
        if r1 == 0 or r2 == 0 or not (math.isfinite(r1) and math.isfinite(r2)):
            return False
        if abs(math.log(r2 / r1)) >= 0.05:
            return False
    return True


def growth_exponent(
    expr: Any, width: Any, domains: dict[Any, Domain], seed: int = 41
) -> float | None:
    """k with |expr| ~ width^k for large width (a fraction with denominator up to 4), or None
    if unclear."""
    rng = random.Random(seed)
    others = sorted(expr.free_symbols - {width}, key=lambda s: s.name)
    for _ in range(6):
        env = sample_env(others, domains, rng)
        funcs = FunctionSet(rng)
        vals = []
        for w in (1e4, 1e6, 1e8):
            env[width] = complex(w)
            v = real_value(expr, env, funcs)
            if v is None or v == 0:
                break
            vals.append(math.log10(abs(v)))
        if len(vals) < 3:
            continue
        k1, k2 = (vals[1] - vals[0]) / 2, (vals[2] - vals[1]) / 2
        k = min((round(k2 * q) / q for q in (1, 2, 3, 4)), key=lambda c: abs(k2 - c))
        if abs(k2 - k) < 0.02 and abs(k1 - k) < 0.1:
            return k
        return None
    return None
