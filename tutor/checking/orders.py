"""Orders (Θ/O/Ω): how fast an expression grows in the box's width symbol.

Two expressions are of the same order when their ratio tends to a nonzero constant as the
width grows (checked at two large widths, the other symbols at random points; sympy's
``limit`` when that cannot be evaluated). The growth exponent k in |expr| ~ width^k is read off
three large widths.
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


def same_order(a: Any, b: Any, width: Any, domains: dict[Any, Domain]) -> bool:
    """Do ``a`` and ``b`` grow at the same rate in ``width`` (a/b tends to a nonzero constant)?
    Zero is of no order but its own: it is O(1), never Θ(1) (what vanishes is not order one)."""
    zero_a, zero_b = getattr(a, "is_zero", None) is True, getattr(b, "is_zero", None) is True
    if zero_a or zero_b:
        return zero_a and zero_b
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
