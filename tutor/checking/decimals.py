"""Decimal approximations: is an answer the exact one with its constants written as decimals?

One rule, for every expression an answer with decimals is compared with (the reference, an
accepted reading, a known mistake): each number typed with a decimal point or a power of ten
(``0.6366``, ``1e-9``) stands for an unknown exact constant; the answer is a decimal
approximation of ``exact`` when

- putting exact constants e₁, e₂, … in place of its decimals makes it ``exact`` identically
  (the same symbols, the same exponents, the same form: only those constants may differ), and
- each decimal stands for its constant to the precision given, by the one rule of
  ``tutor.checking.precision`` (equal, rounded or cut at its last digit; a whole-number
  constant only exactly).

So ``d1 + 0.6366·d1·(d1 − 1)`` (2/π) and ``1.2533/d1`` (√(π/2)) are decimal approximations;
``1.01·d1`` and ``0.99·d1`` (constant 1), ``d1^1.001`` (exponent 1), ``d1·d2^0.0001`` and
``… + 0.0001`` (constant 0), ``(d1·d2)^0.50001`` (exponent 1/2, not within half a unit of its
last digit) are not, rounded up or down alike: they are other expressions, judged as such.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import Any

from tutor.checking.precision import to_precision
from tutor.checking.sampling import (
    MAX_TRIES,
    Domain,
    FunctionSet,
    Unsupported,
    evaluate,
    sample_env,
    usable,
)
from tutor.inputlang.tree import Node, Num, walk

MAX_DECIMALS = 6  # decimals fitted at once (more: not read as an approximation)
_FIT = 1e-10  # relative residual of a fit that makes the answer the exact one
_SNAP = 1e-9  # a fitted constant this close to a simple fraction is that fraction


def literals(tree: Node | None) -> list[tuple[Any, int]]:
    """The decimals typed in ``tree``: (exact value, decimal places) for each, as
    ``tutor.inputlang.build`` reads them (places less the power of ten: 4.69e1 has 1)."""
    import sympy as sp

    out: dict[Any, int] = {}
    for n in walk(tree) if tree is not None else ():
        if not isinstance(n, Num):
            continue
        text = n.text.lower()
        if "." not in text and "e" not in text:
            continue
        mant, _, ex = text.partition("e")
        try:
            value = sp.Rational(mant if mant != "." else "0")
            shift = int(ex) if ex else 0
        except (TypeError, ValueError):
            continue
        if abs(shift) > 400:
            continue
        value = value * sp.Integer(10) ** shift
        places = (len(mant.split(".")[1]) if "." in mant else 0) - shift
        if value != 0:
            out[value] = max(out.get(value, places), places)
    return list(out.items())


def decimal_form(
    tree: Node | None, answer: Any, exact: Any, domains: dict[Any, Domain], names: Any = None
) -> bool:
    """Is ``answer`` (read from ``tree`` against ``names``) ``exact`` with its exact constants
    written as the decimals typed, by the rule above?"""
    import sympy as sp

    if not (isinstance(answer, sp.Basic) and isinstance(exact, sp.Basic)):
        return False
    lits = literals(tree)
    if not lits or len(lits) > MAX_DECIMALS:
        return False
    built = _built_family(tree, names, answer, lits, domains)
    if built is not None:
        family, params = built
    else:
        got = _substituted_family(answer, lits)
        if got is None:
            return False
        family, params = got
    fitted = _fit(family, exact, params, domains)
    if fitted is None:
        return False
    for (_, value, places), e in zip(params, fitted, strict=True):
        if to_precision(value, places, _snapped(e)) is None:
            return False
    return True


def _built_family(
    tree: Node | None, names: Any, answer: Any, lits: list[tuple[Any, int]], domains: dict
) -> tuple[Any, list[tuple[Any, Any, int]]] | None:
    """The answer built again from its tree with each decimal a symbol (so sympy merges none of
    them into other numbers: ``d1 − 0.6366·d1`` keeps its 0.6366); None unless it is the answer
    again once the decimals are put back (the same value at random points)."""
    import sympy as sp

    from tutor.inputlang.build import Builder

    if tree is None or names is None:
        return None
    symbols = {v: sp.Dummy(f"c{i}", real=True) for i, (v, _) in enumerate(lits)}

    class _Fitting(Builder):
        def _Num(self, n: Num) -> Any:  # noqa: N802 - the builder's naming
            value = super()._Num(n)
            return symbols.get(value, value) if not n.text.isdigit() else value

    try:
        family = _Fitting(names).build(tree)
        if not isinstance(family, sp.Basic):
            return None
        back = family.xreplace({c: v for v, c in symbols.items()})
    except Exception:  # noqa: BLE001 - not rebuilt: the other way
        return None
    params = [(c, v, p) for (v, p), c in zip(lits, symbols.values(), strict=True)]
    params = [p for p in params if family.has(p[0])]
    if not params:
        return None
    from tutor.checking.equivalence import equivalent

    try:
        if not equivalent(back, answer, domains):
            return None
    except Exception:  # noqa: BLE001
        return None
    return family, params


def _substituted_family(
    answer: Any, lits: list[tuple[Any, int]]
) -> tuple[Any, list[tuple[Any, Any, int]]] | None:
    """The answer with each decimal's number (or its negative) a symbol, where sympy kept it."""
    import sympy as sp

    try:
        atoms = answer.atoms(sp.Rational)
    except Exception:  # noqa: BLE001 - an unusual expression: not an approximation
        return None
    mapping: dict[Any, Any] = {}
    params: list[tuple[Any, Any, int]] = []
    for i, (value, places) in enumerate(lits):
        if value not in atoms and -value not in atoms:
            continue  # merged into another number, or exact as typed (1.0): held as it is
        c = sp.Dummy(f"c{i}", real=True)
        mapping[value] = c
        mapping[-value] = -c
        params.append((c, value, places))
    if not params:
        return None
    try:
        family = answer.xreplace(mapping)
    except Exception:  # noqa: BLE001
        return None
    params = [p for p in params if family.has(p[0])]
    if not params:
        return None
    return family, params


def _snapped(x: float) -> Any:
    """A fitted constant: the simple fraction it is (to floating point), or the float."""
    import sympy as sp

    f = Fraction(x).limit_denominator(10000)
    if abs(float(f) - x) <= _SNAP * max(1.0, abs(x)):
        return sp.Rational(f.numerator, f.denominator)
    return x


def _points(
    family: Any, exact: Any, cs: list[Any], domains: dict[Any, Domain], n: int, seed: int
) -> list[tuple[dict, FunctionSet, complex]]:
    rng = random.Random(seed)
    symbols = sorted((family.free_symbols | exact.free_symbols) - set(cs), key=lambda s: s.name)
    out = []
    for _ in range(MAX_TRIES * 2):
        env = sample_env(symbols, domains, rng)
        funcs = FunctionSet(rng)
        try:
            k = evaluate(exact, env, funcs)
        except (ValueError, ZeroDivisionError, OverflowError, Unsupported):
            continue
        if not usable(k):
            continue
        out.append((env, funcs, k))
        if len(out) >= n:
            break
    return out


def _residuals(
    family: Any, derivs: list[Any], cs: list[Any], c: list[float], pts: list
) -> tuple[list[float], list[list[float]]] | None:
    res: list[float] = []
    jac: list[list[float]] = []
    for env, funcs, k in pts:
        e = dict(env)
        for sym, val in zip(cs, c, strict=True):
            e[sym] = complex(val)
        try:
            v = evaluate(family, e, funcs)
            ds = [evaluate(d, e, funcs) for d in derivs]
        except (ValueError, ZeroDivisionError, OverflowError, Unsupported):
            return None
        if not usable(v) or not all(usable(d) for d in ds):
            return None
        scale = max(abs(k), 1e-12)
        r = (v - k) / scale
        res += [r.real, r.imag]
        jac += [[d.real / scale for d in ds], [d.imag / scale for d in ds]]
    return res, jac


def _solve(a: list[list[float]], b: list[float]) -> list[float] | None:
    """a·x = b by Gaussian elimination with partial pivoting (a small square system)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        if abs(m[piv][col]) < 1e-300:
            return None
        m[col], m[piv] = m[piv], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for k in range(col, n + 1):
                m[r][k] -= f * m[col][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def _fit(
    family: Any, exact: Any, params: list[tuple[Any, Any, int]], domains: dict[Any, Domain]
) -> list[float] | None:
    """Constants that make ``family`` equal to ``exact`` at sampled points (Levenberg–Marquardt
    from the decimals typed), checked at other points; None when there are none nearby."""
    import sympy as sp

    cs = [p[0] for p in params]
    try:
        derivs = [sp.diff(family, c) for c in cs]
    except Exception:  # noqa: BLE001
        return None
    pts = _points(family, exact, cs, domains, len(cs) + 5, seed=61)
    if len(pts) < len(cs) + 2:
        return None
    c = [float(p[1]) for p in params]
    lam = 1e-6
    for _ in range(60):
        got = _residuals(family, derivs, cs, c, pts)
        if got is None:
            return None
        res, jac = got
        err = max(abs(r) for r in res)
        if err < _FIT:
            break
        n = len(cs)
        jtj = [[sum(row[i] * row[j] for row in jac) for j in range(n)] for i in range(n)]
        jtr = [sum(row[i] * r for row, r in zip(jac, res, strict=True)) for i in range(n)]
        for i in range(n):
            jtj[i][i] += lam * (jtj[i][i] + 1e-12)
        step = _solve(jtj, [-x for x in jtr])
        if step is None or not all(math.isfinite(s) for s in step):
            return None
        c = [ci + si for ci, si in zip(c, step, strict=True)]
    else:
        return None
    check = _points(family, exact, cs, domains, 6, seed=67)
    if len(check) < 3:
        return None
    got = _residuals(family, derivs, cs, c, check)
    if got is None or max(abs(r) for r in got[0]) > 1e-8:
        return None
    return c


def exactly_with(exact: Any) -> str:
    """ "Give it exactly (with …)": naming only what the exact answer holds (π, roots,
    fractions), never a constant it does not have."""
    import sympy as sp

    expr = getattr(exact, "expr", exact)
    said = []
    if isinstance(expr, sp.Basic):
        if expr.has(sp.pi):
            said.append("π")
        if any(p.exp.is_Rational and not p.exp.is_Integer for p in expr.atoms(sp.Pow)):
            said.append("square roots")
        if any(a.is_Rational and not a.is_Integer for a in expr.atoms(sp.Rational)) or any(
            p.exp.is_negative for p in expr.atoms(sp.Pow)
        ):
            said.append("fractions")
    if not said:
        return "Give it exactly."
    listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + f" and {said[-1]}"
    return f"Give it exactly (with {listed})."
