"""Are two answers the same? Random-point evaluation first, then a cheap symbolic confirmation.

``simplify`` alone is slow and fails both ways, so equivalence is decided like this:

1. evaluate both sides at random points of each symbol's declared domain (whole numbers for
   integer symbols), with random concrete functions standing in for the unknown functions
   (``f``, ``∇f``, ``p_θ``...); points where either side is undefined, complex or NaN are no
   evidence and are skipped;
2. any valid point where they differ (relative tolerance) decides "different";
3. agreement at enough points is confirmed with ``expand``/``cancel``; ``simplify`` is only a
   tie-breaker, and a high-precision re-evaluation settles what it cannot.

Orders (Θ/O/Ω) compare by the leading order in the box's width symbol.
"""

from __future__ import annotations

import cmath
import math
import random
from dataclasses import dataclass
from typing import Any

REL_TOL = 1e-8
ABS_TOL = 1e-12
DECIMAL_TOL = 1e-2  # a decimal answer within 1% of an exact one is a decimal approximation
MIN_POINTS = 5
MAX_TRIES = 24


class Unsupported(Exception):
    """The fast evaluator can't evaluate this node."""


# --------------------------------------------------------------------------- concrete functions


@dataclass(frozen=True)
class _Concrete:
    """A random smooth function of n arguments with known first partial derivatives.

    One argument: a·sin(b t + c) + d t + e t²/4 (any sign). More arguments (densities):
    exp(Σ aᵢ sin(bᵢ tᵢ + cᵢ) + m·Σ_{i<j} tᵢ tⱼ), positive like a density.
    """

    coef: tuple[tuple[float, float, float], ...]
    d: float
    e: float

    def value(self, args: list[complex]) -> complex:
        if len(args) == 1:
            (a, b, c) = self.coef[0]
            t = args[0]
            return a * cmath.sin(b * t + c) + self.d * t + self.e * t * t / 4
        return cmath.exp(self._exponent(args))

    def _exponent(self, args: list[complex]) -> complex:
        s = sum(a * cmath.sin(b * t + c) for (a, b, c), t in zip(self.coef, args, strict=False))
        cross = sum(args[i] * args[j] for i in range(len(args)) for j in range(i + 1, len(args)))
        return s + 0.1 * self.d * cross

    def partial(self, idx: list[int], args: list[complex]) -> complex:
        if len(args) == 1:
            (a, b, c) = self.coef[0]
            t = args[0]
            order = len(idx)
            if order == 1:
                return a * b * cmath.cos(b * t + c) + self.d + self.e * t / 2
            if order == 2:
                return -a * b * b * cmath.sin(b * t + c) + self.e / 2
            raise Unsupported("third derivative")
        if len(idx) != 1:
            raise Unsupported("second partial of a density")
        i = idx[0]
        (a, b, c) = self.coef[i]
        others = sum(args[j] for j in range(len(args)) if j != i)
        return self.value(args) * (a * b * cmath.cos(b * args[i] + c) + 0.1 * self.d * others)


def _random_concrete(rng: random.Random, nargs: int) -> _Concrete:
    coef = tuple(
        (rng.uniform(0.5, 1.5), rng.uniform(0.5, 1.5), rng.uniform(0, 2 * math.pi))
        for _ in range(max(nargs, 1))
    )
    return _Concrete(coef, rng.uniform(-1, 1), rng.uniform(-1, 1))


class FunctionSet:
    """Random concrete functions for the unknown function names, made on first use."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.funcs: dict[tuple[str, int], _Concrete] = {}

    def call(self, name: str, args: list[complex]) -> complex:
        base, *derivs = name.split("__d")
        key = (base, len(args))
        if key not in self.funcs:
            self.funcs[key] = _random_concrete(self.rng, len(args))
        fn = self.funcs[key]
        if not derivs:
            return fn.value(args)
        return fn.partial([int(d) for d in derivs], args)


# --------------------------------------------------------------------------- fast evaluation


def evaluate(expr: Any, env: dict[Any, complex], funcs: FunctionSet) -> complex:
    """Evaluate a sympy expression with complex floats; raises on anything unsupported."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    def ev(e: Any) -> complex:
        if e.is_Number:
            return complex(float(e))
        if e.is_Symbol:
            try:
                return env[e]
            except KeyError:
                raise Unsupported(f"no value for {e}") from None
        if e.is_Add:
            return sum((ev(a) for a in e.args), 0j)
        if e.is_Mul:
            out = 1 + 0j
            for a in e.args:
                out *= ev(a)
            return out
        if e.is_Pow:
            b = ev(e.base)
            if e.exp.is_Integer:
                n = int(e.exp)
                if b == 0 and n < 0:
                    raise ZeroDivisionError
                return b**n
            x = ev(e.exp)
            if b == 0:
                if x.real > 0:
                    return 0j
                raise ZeroDivisionError
            return cmath.exp(x * cmath.log(b))
        if e is sp.pi:
            return complex(math.pi)
        if e is sp.E:
            return complex(math.e)
        if isinstance(e, sp.exp):
            return cmath.exp(ev(e.args[0]))
        if isinstance(e, sp.log):
            v = ev(e.args[0])
            if v == 0:
                raise ZeroDivisionError
            return cmath.log(v)
        if isinstance(e, sp.Abs):
            return complex(abs(ev(e.args[0])))
        if isinstance(e, AppliedUndef):
            return funcs.call(e.func.__name__, [ev(a) for a in e.args])
        if e.is_number:
            return complex(e.evalf(17))
        raise Unsupported(type(e).__name__)

    return ev(expr)


def _usable(v: complex) -> bool:
    return (
        math.isfinite(v.real)
        and math.isfinite(v.imag)
        and abs(v.imag) <= 1e-9 * max(1.0, abs(v.real))
    )


def _close(a: float, b: float, rel: float) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b)) or abs(a - b) <= ABS_TOL


@dataclass(frozen=True)
class Domain:
    low: float
    high: float
    integer: bool = False

    def sample(self, rng: random.Random) -> float:
        if self.integer:
            lo, hi = math.ceil(self.low), math.floor(self.high)
            if hi - lo > 200 and lo > 0:  # spread over the magnitudes, not only the top
                return float(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))
            return float(rng.randint(lo, hi))
        if self.low > 0 and self.high / self.low > 50:
            return math.exp(rng.uniform(math.log(self.low), math.log(self.high)))
        return rng.uniform(self.low, self.high)


DEFAULT_DOMAIN = Domain(0.5, 3.0)


def compare_numeric(
    a: Any,
    b: Any,
    domains: dict[Any, Domain],
    rel: float = REL_TOL,
    seed: int = 1234,
    points: int = MIN_POINTS,
) -> bool | None:
    """True: agree at >= ``points`` valid points; False: differ at one; None: no evidence."""
    rng = random.Random(seed)
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    agree = 0
    for _ in range(MAX_TRIES):
        env = {s: complex(domains.get(s, DEFAULT_DOMAIN).sample(rng)) for s in symbols}
        funcs = FunctionSet(rng)
        try:
            va = evaluate(a, env, funcs)
            vb = evaluate(b, env, funcs)
        except (ZeroDivisionError, OverflowError, ValueError):
            continue
        if not (_usable(va) and _usable(vb)):
            continue
        if not _close(va.real, vb.real, rel):
            return False
        agree += 1
        if agree >= points:
            return True
    return None


def _high_precision_equal(a: Any, b: Any, domains: dict[Any, Domain]) -> bool | None:
    """A slow re-check with sympy's arbitrary precision (no unknown functions)."""
    import sympy as sp

    rng = random.Random(99)
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    agree = 0
    for _ in range(8):
        subs = {s: sp.Float(domains.get(s, DEFAULT_DOMAIN).sample(rng), 30) for s in symbols}
        try:
            d = (a - b).evalf(30, subs=subs)
            scale = abs(a.evalf(30, subs=subs)) + 1
        except Exception:  # noqa: BLE001 - anything sympy can't evaluate is no evidence
            continue
        if not d.is_number or d.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            continue
        if not scale.is_number or scale.has(sp.nan, sp.zoo, sp.oo):
            continue
        if bool(sp.Abs(d) > sp.Float("1e-20", 30) * sp.Abs(scale)):  # sympy Floats: no overflow
            return False
        agree += 1
        if agree >= 3:
            return True
    return None


def symbolic_zero(d: Any, allow_simplify: bool = True) -> bool:
    """Cheap confirmation that ``d`` is identically zero: expand, cancel, then simplify."""
    import sympy as sp

    if d == 0:
        return True
    if sp.expand(d) == 0:
        return True
    try:
        if sp.cancel(d) == 0:
            return True
    except (sp.PolynomialError, NotImplementedError):
        pass
    if allow_simplify and sp.count_ops(d) <= 60:
        return sp.simplify(d) == 0
    return False


def equivalent(a: Any, b: Any, domains: dict[Any, Domain], seed: int = 1234) -> bool:
    """Are the sympy expressions ``a`` and ``b`` equal on the declared domains?"""
    try:
        verdict = compare_numeric(a, b, domains, seed=seed)
    except Unsupported:
        verdict = None
    if verdict is False:
        return False
    d = a - b
    if verdict is True:
        if symbolic_zero(d, allow_simplify=True):
            return True
        # numerics agree but the cheap algebra could not show it: settle it precisely
        if a.atoms(_undefined()) or b.atoms(_undefined()):
            return True
        hp = _high_precision_equal(a, b, domains)
        return hp is not False
    # no evidence from floats (overflow or undefined almost everywhere): arbitrary precision first
    if not (a.atoms(_undefined()) or b.atoms(_undefined())):
        hp = _high_precision_equal(a, b, domains)
        if hp is not None:
            return hp
    return symbolic_zero(d, allow_simplify=True)


def _undefined() -> Any:
    from sympy.core.function import AppliedUndef

    return AppliedUndef


def approximately(a: Any, b: Any, domains: dict[Any, Domain], rel: float = DECIMAL_TOL) -> bool:
    """Equal to within ``rel`` at random points (for decimal approximations)."""
    try:
        return compare_numeric(a, b, domains, rel=rel, seed=77) is True
    except Unsupported:
        return False


# --------------------------------------------------------------------------- orders


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
                if not (_usable(va) and _usable(vb)) or vb == 0:
                    raise ValueError
                out.append(abs(va.real / vb.real))
        except (ValueError, ZeroDivisionError, OverflowError, Unsupported):
            continue
        return out[0], out[1]
    return None


def same_order(a: Any, b: Any, width: Any, domains: dict[Any, Domain]) -> bool:
    """Do ``a`` and ``b`` grow at the same rate in ``width`` (a/b tends to a nonzero constant)?"""
    if width is None:
        # no width: the same order means a constant ratio (Θ(√(d1·d2)) for √(d1·d2))
        prof = ratio_profile(a, b, domains)
        return prof is not None and prof.constant is not None
    if width not in a.free_symbols and width not in b.free_symbols:
        return True  # both constant in the width
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
    return r_other is not None and abs(math.log(r_other[1] / r2)) < 0.05


def differ_by_baseline(a: Any, b: Any, score: Any, var: Any, domains: dict[Any, Domain]) -> bool:
    """Is a − b = c·score with c constant in ``var`` (a baseline: E[c·score] = 0)?"""
    rng = random.Random(31)
    symbols = sorted(
        (a.free_symbols | b.free_symbols | score.free_symbols) - {var}, key=lambda s: s.name
    )
    good = 0
    for _ in range(MAX_TRIES):
        env = {s: complex(domains.get(s, DEFAULT_DOMAIN).sample(rng)) for s in symbols}
        funcs = FunctionSet(rng)
        ratios = []
        try:
            for _k in range(3):
                env[var] = complex(domains.get(var, DEFAULT_DOMAIN).sample(rng))
                d = evaluate(a, env, funcs) - evaluate(b, env, funcs)
                s = evaluate(score, env, funcs)
                if abs(s) < 1e-6 or not (_usable(d) and _usable(s)):
                    raise ValueError
                ratios.append((d / s).real)
        except (ValueError, ZeroDivisionError, OverflowError, Unsupported):
            continue
        if not all(_close(r, ratios[0], 1e-7) for r in ratios):
            return False
        good += 1
        if good >= 3:
            return True
    return False


# --------------------------------------------------------------------------- diagnostics
#
# Numeric facts about a wrong answer compared with a reference, for feedback that says what is
# off without showing the reference: which symbols each depends on, whether their ratio is a
# constant (and its sign), how each grows in the width symbol.


def _sample_env(symbols: list[Any], domains: dict[Any, Domain], rng: random.Random) -> dict:
    return {s: complex(domains.get(s, DEFAULT_DOMAIN).sample(rng)) for s in symbols}


def _resample(env: dict, sym: Any, domains: dict[Any, Domain], rng: random.Random) -> None:
    """A new value for ``sym`` in ``env``, different from the old one where possible."""
    old = env[sym]
    for _ in range(8):
        env[sym] = complex(domains.get(sym, DEFAULT_DOMAIN).sample(rng))
        if env[sym] != old:
            return


def _value(expr: Any, env: dict, funcs: FunctionSet) -> float | None:
    try:
        v = evaluate(expr, env, funcs)
    except (ZeroDivisionError, OverflowError, ValueError, Unsupported):
        return None
    return v.real if _usable(v) else None


def depends_on(expr: Any, sym: Any, domains: dict[Any, Domain], seed: int = 3) -> bool | None:
    """Does ``expr`` change when ``sym`` alone changes? None: no evidence either way."""
    if sym not in expr.free_symbols:
        return False
    rng = random.Random(seed)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    same = 0
    for _ in range(MAX_TRIES):
        env = _sample_env(symbols, domains, rng)
        funcs = FunctionSet(rng)
        v0 = _value(expr, env, funcs)
        if v0 is None:
            continue
        _resample(env, sym, domains, rng)
        v1 = _value(expr, env, funcs)
        if v1 is None:
            continue
        if not _close(v0, v1, 1e-7):
            return True
        same += 1
        if same >= 4:
            return False
    return None


@dataclass(frozen=True)
class RatioProfile:
    """a/b at random points of the domains (the same random functions for both sides)."""

    ratios: tuple[float, ...]

    @property
    def sign(self) -> int:
        """−1 when a/b < 0 at every point, 1 when > 0 at every point, 0 when it changes."""
        if all(r < 0 for r in self.ratios):
            return -1
        if all(r > 0 for r in self.ratios):
            return 1
        return 0

    @property
    def constant(self) -> float | None:
        """The constant value of a/b, or None when it varies."""
        r0 = self.ratios[0]
        if all(_close(r, r0, 1e-6) for r in self.ratios):
            return r0
        return None


def ratio_profile(
    a: Any, b: Any, domains: dict[Any, Domain], seed: int = 17, points: int = 6
) -> RatioProfile | None:
    rng = random.Random(seed)
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    out: list[float] = []
    for _ in range(MAX_TRIES):
        env = _sample_env(symbols, domains, rng)
        funcs = FunctionSet(rng)
        va, vb = _value(a, env, funcs), _value(b, env, funcs)
        if va is None or vb is None or abs(vb) < 1e-12 or abs(va) < 1e-12:
            continue
        out.append(va / vb)
        if len(out) >= points:
            return RatioProfile(tuple(out))
    return RatioProfile(tuple(out)) if len(out) >= 3 else None


def ratio_depends_on(
    a: Any, b: Any, sym: Any, domains: dict[Any, Domain], seed: int = 23
) -> bool | None:
    """Does a/b change when ``sym`` alone changes?"""
    rng = random.Random(seed)
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    if sym not in symbols:
        return False
    same = 0
    for _ in range(MAX_TRIES):
        env = _sample_env(symbols, domains, rng)
        funcs = FunctionSet(rng)
        va, vb = _value(a, env, funcs), _value(b, env, funcs)
        _resample(env, sym, domains, rng)
        wa, wb = _value(a, env, funcs), _value(b, env, funcs)
        if va is None or vb is None or wa is None or wb is None:
            continue
        if min(abs(vb), abs(wb), abs(va), abs(wa)) < 1e-12:
            continue
        if not _close(va / vb, wa / wb, 1e-6):
            return True
        same += 1
        if same >= 4:
            return False
    return None


def ratio_is_power(a: Any, b: Any, sym: Any, domains: dict[Any, Domain], seed: int = 29) -> bool:
    """Is a/b = c·sym^k (k ≠ 0) in ``sym`` (other symbols fixed)? Positive domains only."""
    dom = domains.get(sym, DEFAULT_DOMAIN)
    if dom.low <= 0:
        return False
    rng = random.Random(seed)
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    for _ in range(8):
        env = _sample_env(symbols, domains, rng)
        funcs = FunctionSet(rng)
        pts = []
        for s in (dom.low, math.sqrt(dom.low * dom.high), dom.high, (dom.low + dom.high) / 2):
            env[sym] = complex(s)
            va, vb = _value(a, env, funcs), _value(b, env, funcs)
            if va is None or vb is None or va == 0 or vb == 0:
                break
            pts.append((math.log(s), math.log(abs(va / vb))))
        if len(pts) < 4 or pts[0][0] == pts[2][0]:
            continue
        k = (pts[2][1] - pts[0][1]) / (pts[2][0] - pts[0][0])
        if abs(k) < 1e-6:
            return False
        return all(abs(y - (pts[0][1] + k * (x - pts[0][0]))) < 1e-6 for x, y in pts)
    return False


def growth_exponent(
    expr: Any, width: Any, domains: dict[Any, Domain], seed: int = 41
) -> float | None:
    """k with |expr| ~ width^k for large width (a fraction with denominator up to 4), or None
    if unclear."""
    rng = random.Random(seed)
    others = sorted(expr.free_symbols - {width}, key=lambda s: s.name)
    for _ in range(6):
        env = _sample_env(others, domains, rng)
        funcs = FunctionSet(rng)
        vals = []
        for w in (1e4, 1e6, 1e8):
            env[width] = complex(w)
            v = _value(expr, env, funcs)
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
