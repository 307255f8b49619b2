"""Are two answers the same? Random-point evaluation first, then a cheap symbolic confirmation.

``simplify`` alone is slow and fails both ways, so equivalence is decided like this:

1. evaluate both sides at random points of each symbol's declared domain (whole numbers for
   integer symbols), with random concrete functions standing in for the unknown functions
   (``f``, ``∇f``, ``p_θ``...); points where either side is undefined, complex or NaN are no
   evidence and are skipped;
2. any valid point where they differ (relative tolerance) decides "different";
3. agreement at enough points is confirmed with ``expand``/``cancel``; ``simplify`` is only a
   tie-breaker, and a high-precision re-evaluation settles what it cannot.

The points and the evaluator are ``tutor.checking.sampling``'s; orders (Θ/O/Ω) are compared
by ``tutor.checking.orders``. ``differ_by_baseline`` is equality up to c·score (a baseline).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from tutor.checking.memo import recall
from tutor.checking.sampling import (
    ABS_TOL,
    DEFAULT_DOMAIN,
    MAX_TRIES,
    Domain,
    FunctionSet,
    Unsupported,
    close,
    evaluate,
    usable,
)

REL_TOL = 1e-8
DECIMAL_TOL = 1e-2  # a decimal answer within 1% of an exact one is a decimal approximation
MIN_POINTS = 5


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
        if not (usable(va) and usable(vb)):
            continue
        if not close(va.real, vb.real, rel):
            return False
        agree += 1
        if agree >= points:
            return True
    return None


def _high_precision_equal(a: Any, b: Any, domains: dict[Any, Domain]) -> bool | None:
    """A slow re-check in exact arithmetic (no unknown functions): ``a − b`` at exact points
    (whole numbers for integer symbols, exact fractions otherwise), evaluated by sympy to 30
    significant digits however small it is. Any digit that survives is a real difference, so
    an answer off by 10⁻¹⁰⁰ is not "equal"; a difference sympy can only bring down to
    nothing (no significant digit left at high precision) is zero there.

    Answers holding decimals (inexact floats) fall back to floats at 30 digits."""
    import sympy as sp

    if a.atoms(sp.Float) or b.atoms(sp.Float):
        return _float_precision_equal(a, b, domains)
    rng = random.Random(99)
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    agree = 0
    for _ in range(8):
        subs = {s: _exact(domains.get(s, DEFAULT_DOMAIN), rng) for s in symbols}
        try:
            d = (a - b).xreplace(subs).evalf(30, maxn=_MAX_BITS)
        except Exception:  # noqa: BLE001 - anything sympy can't evaluate is no evidence
            continue
        if d == 0:
            agree += 1
        elif not d.is_number or d.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I):
            continue
        elif isinstance(d, sp.Float) and d._prec <= _NO_DIGITS:  # cancelled to nothing
            agree += 1
        else:
            return False
        if agree >= 3:
            return True
    return None


_MAX_BITS = 2000  # how far sympy may raise its precision to find a difference's digits
_NO_DIGITS = 10  # a result with this few significant bits is sympy's "cannot tell from 0"


def _exact(domain: Domain, rng: random.Random) -> Any:
    import sympy as sp

    value = domain.sample(rng)
    return sp.Integer(round(value)) if domain.integer else sp.Rational(value)


def _float_precision_equal(a: Any, b: Any, domains: dict[Any, Domain]) -> bool | None:
    """The re-check for answers with decimals: floats of 30 digits, a relative tolerance."""
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


MAX_REMEMBERED = 20_000  # comparisons remembered (the table is emptied when full)
_REMEMBERED: dict[tuple, bool] = {}


def _comparison_key(kind: str, a: Any, b: Any, domains: dict[Any, Domain], extra: Any) -> tuple:
    """The key a comparison is remembered by: what it is a function of, and nothing else (the
    expressions compare and hash by their structure, symbols by name and assumptions)."""
    return (kind, a, b, frozenset(domains.items()), extra)


def _recall(key: tuple, compute: Callable[[], bool]) -> bool:
    return recall(_REMEMBERED, key, compute, MAX_REMEMBERED)


def equivalent(a: Any, b: Any, domains: dict[Any, Domain], seed: int = 1234) -> bool:
    """Are the sympy expressions ``a`` and ``b`` equal on the declared domains? (Remembered:
    a class compares the same readings with the same key again and again; the answer is a
    function of the two expressions, the domains and the seed alone.)"""
    return _recall(
        _comparison_key("=", a, b, domains, seed), lambda: _equivalent(a, b, domains, seed)
    )


def _equivalent(a: Any, b: Any, domains: dict[Any, Domain], seed: int) -> bool:
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
        # numerics agree but the cheap algebra could not show it: settle it precisely (the
        # same rule with unknown functions, f(μ + σz + 10⁻¹⁰) against f(μ + σz): exact
        # stand-ins for them)
        hp = _high_precision_with_functions(a, b, domains)
        return hp is not False
    # no evidence from floats (overflow or undefined almost everywhere): arbitrary precision first
    if not (a.atoms(_undefined()) or b.atoms(_undefined())):
        hp = _high_precision_equal(a, b, domains)
        if hp is not None:
            return hp
    return symbolic_zero(d, allow_simplify=True)


def _high_precision_with_functions(a: Any, b: Any, domains: dict[Any, Domain]) -> bool | None:
    """``_high_precision_equal``, with the unknown functions (f, ∇f, p_θ, ∇_θ p_θ…) replaced by
    exact smooth stand-ins (two sets): a difference that survives at 30 digits is a real one."""
    if not (a.atoms(_undefined()) or b.atoms(_undefined())):
        return _high_precision_equal(a, b, domains)
    verdict: bool | None = None
    for seed in (5, 6):
        rules = _exact_stand_ins(a.atoms(_undefined()) | b.atoms(_undefined()), seed)
        if rules is None:
            return None
        try:
            ca, cb = _apply(a, rules), _apply(b, rules)
        except Exception:  # noqa: BLE001 - stand-ins sympy cannot apply: no evidence
            return None
        hp = _high_precision_equal(ca, cb, domains)
        if hp is False:
            return False
        verdict = hp if verdict is None else verdict
    return verdict


def _exact_stand_ins(calls: set, seed: int) -> dict | None:
    """Exact functions for the unknown ones (``sampling._Concrete``'s shapes with rational
    coefficients): a·sin(b·t + c) + d·t + e·t²/4 of one argument, exp(Σ aᵢ sin(bᵢ tᵢ + cᵢ) +
    m Σ tᵢ tⱼ) of several; ``name__dk`` is the derivative in argument k. None: a call they
    cannot stand in for."""
    import sympy as sp

    rng = random.Random(seed)
    bases: dict[tuple[str, int], tuple[Any, Any]] = {}
    rules: dict = {}
    for call in sorted(calls, key=str):
        base, *derivs = call.func.__name__.split("__d")
        n = len(call.args)
        if not all(k.isdigit() and int(k) < n for k in derivs):
            return None
        if (base, n) not in bases:
            ts = sp.symbols(f"t_0:{n}", real=True)

            def q(lo: float, hi: float) -> Any:
                return sp.Rational(round(rng.uniform(lo, hi) * 64), 64)

            coef = [(q(0.5, 1.5), q(0.5, 1.5), q(0, 6)) for _ in range(n)]
            d, e = q(-1, 1), q(-1, 1)
            if n == 1:
                (ca, cb, cc) = coef[0]
                t = ts[0]
                body = ca * sp.sin(cb * t + cc) + d * t + e * t**2 / 4
            else:
                cross = sum(ts[i] * ts[j] for i in range(n) for j in range(i + 1, n))
                body = sp.exp(
                    sum(ca * sp.sin(cb * t + cc) for (ca, cb, cc), t in zip(coef, ts, strict=True))
                    + d * cross / 10
                )
            bases[(base, n)] = (ts, body)
        ts, body = bases[(base, n)]
        for k in derivs:
            body = sp.diff(body, ts[int(k)])
        rules[call.func] = sp.Lambda(ts, body)
    return rules


def _apply(expr: Any, rules: dict) -> Any:
    for function, written in rules.items():
        if expr.has(function):
            expr = expr.replace(function, written)
    return expr


def _undefined() -> Any:
    from sympy.core.function import AppliedUndef

    return AppliedUndef


def approximately(a: Any, b: Any, domains: dict[Any, Domain], rel: float = DECIMAL_TOL) -> bool:
    """Equal to within ``rel`` at random points (for decimal approximations; remembered)."""
    return _recall(
        _comparison_key("≈", a, b, domains, rel), lambda: _approximately(a, b, domains, rel)
    )


def _approximately(a: Any, b: Any, domains: dict[Any, Domain], rel: float) -> bool:
    try:
        return compare_numeric(a, b, domains, rel=rel, seed=77) is True
    except Unsupported:
        return False


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
                if abs(s) < 1e-6 or not (usable(d) and usable(s)):
                    raise ValueError
                ratios.append((d / s).real)
        except (ValueError, ZeroDivisionError, OverflowError, Unsupported):
            continue
        if not all(close(r, ratios[0], 1e-7) for r in ratios):
            return False
        if all(abs(r) <= ABS_TOL for r in ratios):
            # no difference the floats can see: equal (``equivalent``'s to say), or off by a
            # tiny amount (10⁻³⁰), which is no baseline
            return False
        good += 1
        if good >= 3:
            return _exactly_constant(a, b, score, var, domains)
    return False


def _exactly_constant(a: Any, b: Any, score: Any, var: Any, domains: dict[Any, Domain]) -> bool:
    """The floats' c·score confirmed by the rule ``equivalent`` settles with: (a − b)/score at
    one value of ``var`` against another, to 30 digits (a baseline plus 10⁻³⁰ is not one)."""
    import sympy as sp

    other = sp.Symbol(f"{var.name}_other_", real=True)
    doms = dict(domains)
    doms[other] = domains.get(var, DEFAULT_DOMAIN)
    ratio = (a - b) / score
    try:  # most baselines cancel to their constant at once
        if not sp.cancel(sp.together(ratio)).has(var):
            return True
    except (sp.PolynomialError, NotImplementedError):
        pass
    return _high_precision_with_functions(ratio, ratio.xreplace({var: other}), doms) is not False
