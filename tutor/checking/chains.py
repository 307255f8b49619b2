"""A chain of '=' (``c = 1/√d1 = d1^(−1/2)``) states every value in it: they must all be equal.

``chain_problem(prep, parsed)`` is the refusal of a chain whose values differ (or one of whose
members is the wrong kind of answer for the box), else None. It never looks at the key, so the
judge (before judging the last value) and the preview (before Enter) run the same test.
"""

from __future__ import annotations

from typing import Any

from tutor.checking.canonical import (
    Prepared,
    approx,
    canonical,
    domains,
    equal,
    gaussian_log_density,
)
from tutor.checking.verdict import Verdict, invalid
from tutor.inputlang.values import Parsed, ParseError


def _with_densities(prep: Prepared, expr: Any) -> Any:
    """``expr`` with the box's density family written out: p(μ, x) as the Gaussian
    N(x; mean(μ), var) and p__d0 as its derivative in the parameter (so ``∇_μ log p_μ(x)``
    becomes (x − μ)/σ²)."""
    import sympy as sp

    for name, (param, normal) in prep.names.families.items():
        if not isinstance(param, sp.Symbol):
            continue
        m, x = sp.Dummy("m"), sp.Dummy("x")
        mean = sp.sympify(normal.mean).xreplace({param: m})  # the parameter wherever it is:
        var = sp.sympify(normal.var).xreplace({param: m})  # the mean, or the scale (σ²)
        pdf = sp.exp(gaussian_log_density(x, mean, var))
        expr = expr.replace(sp.Function(f"{name}__d0"), sp.Lambda((m, x), sp.diff(pdf, m)))
        expr = expr.replace(sp.Function(name), sp.Lambda((m, x), pdf))
    return expr


def _same_expectation(prep: Prepared, a: Any, b: Any) -> bool:
    """Two expectations over a standard normal Z with the same value: their integrands agree
    once the density family is written out (``E_{x∼p_μ}[f(x)]`` and ``E_z[f(μ + σz)]``; the
    canonical form keeps where the sampling was, to tell restatements apart, but a chain of
    '=' states values)."""
    from tutor.checking.canonical import Std, dummies
    from tutor.checking.equivalence import equivalent

    if not (isinstance(a, Std) and isinstance(b, Std)):
        return False
    doms = domains(prep)
    try:
        ba, bb = _with_densities(prep, a.body), _with_densities(prep, b.body)
        z, _ = dummies()
        return bool(equivalent(ba, bb, doms) or equivalent(ba, bb.xreplace({z: -z}), doms))
    except Exception:  # noqa: BLE001 - an integrand sympy cannot compare: not shown equal
        return False


def chain_problem(prep: Prepared, parsed: Parsed) -> Verdict | None:
    """``a = b = value``: every value in the chain must equal the last one (exactly, or as a
    decimal approximation of it when one of the two is typed with a decimal point), or the
    answer states two different values: not accepted, and not graded."""
    from dataclasses import replace

    last = replace(parsed, members=())
    try:
        value = canonical(prep, last.with_sign(1))
    except ParseError as exc:
        return invalid(exc.reason, exc.message, exc.column)
    for m in parsed.members:
        try:
            other = canonical(prep, m.with_sign(1))
        except ParseError as exc:
            return invalid(exc.reason, exc.message, exc.column)
        if equal(prep, other, value) or _same_expectation(prep, other, value):
            continue
        if (m.has_decimal or last.has_decimal) and approx(prep, other, value):
            continue
        a = m.tree.col + 1 if m.tree is not None else 0
        b = last.tree.col + 1 if last.tree is not None else 0
        return invalid(
            "syntax",
            f"The values at column {a} and at column {b} are not equal, so I can't tell which "
            "one is your answer: give the one value you mean.",
            a - 1 if a else None,
        )
    return None
