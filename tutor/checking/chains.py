"""A chain of '=' (``c = 1/√d1 = d1^(−1/2)``) states every value in it: they must all be equal.

``chain_problem(prep, parsed)`` is the refusal of a chain whose values differ (or one of whose
members is the wrong kind of answer for the box), else None. It never looks at the key, so the
judge (before judging the last value) and the preview (before Enter) run the same test.

A member in the question's own terms (the part's density p_θ, its score ∇_θ log p_θ, an
expectation over a law that moves with θ) restates the question; the answer is what the chain
works out, in whichever order it is written: ``split_chain`` takes the restatements out, so
``f(x)∇_μ log p_μ(x) = f(x)(x − μ)/σ²`` is judged as its second member. Comparing a
restatement with the worked value before the judge would tell the student, for free, whether a
candidate is the score: so the judge compares them only once the worked value is right
(``restatement_problem``: a right value after a false restatement is refused, as before), and
the preview never does.
"""

from __future__ import annotations

from typing import Any

from tutor.checking.canonical import (
    Prepared,
    approx,
    canonical,
    domains,
    equal,
    with_densities,
)
from tutor.checking.verdict import Verdict, invalid
from tutor.inputlang.tree import Call, DensityOf, Expect, Gaussian, Name, Node, walk
from tutor.inputlang.values import Parsed, ParseError


def _same_expectation(prep: Prepared, a: Any, b: Any) -> bool:
    """Two expectations over a standard normal Z with the same value: their integrands agree
    once the density family is written out (``E_{x∼p_μ}[f(x)]`` and ``E_z[f(μ + σz)]``; the
    canonical form keeps where the sampling was, to tell restatements apart, but a chain of
    '=' states values)."""
    from tutor.checking.canonical import Std, dummies
    from tutor.checking.equivalence import equivalent

    if not (isinstance(a, Std) and isinstance(b, Std)) or a.bare != b.bare:
        return False
    doms = domains(prep)
    try:
        ba, bb = with_densities(prep, a.body), with_densities(prep, b.body)
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
        if not _same_value(prep, m, other, last, value):
            return _unequal(m, last)
    return None


def _same_value(prep: Prepared, m: Parsed, other: Any, last: Parsed, value: Any) -> bool:
    if equal(prep, other, value) or _same_expectation(prep, other, value):
        return True
    return bool((m.has_decimal or last.has_decimal) and approx(prep, other, value))


def _unequal(m: Parsed, last: Parsed) -> Verdict:
    a = m.tree.col + 1 if m.tree is not None else 0
    b = last.tree.col + 1 if last.tree is not None else 0
    return invalid(
        "syntax",
        f"The values at column {a} and at column {b} are not equal, so I can't tell which "
        "one is your answer: give the one value you mean.",
        a - 1 if a else None,
    )


def split_chain(prep: Prepared, parsed: Parsed) -> tuple[Parsed, tuple[Parsed, ...]]:
    """(the answer, the restatements): a chain mixing members in the question's own terms with
    worked ones is the chain of its worked members (the last of them the value), and the
    restatements aside. Unchanged, with none aside, when its members are all of one sort."""
    from dataclasses import replace

    if not parsed.members:
        return parsed, ()
    whole = (*parsed.members, replace(parsed, members=()))
    sorts = [_restates(prep, m.tree) for m in whole]
    if all(sorts) or not any(sorts):
        return parsed, ()
    worked = [m for m, r in zip(whole, sorts, strict=True) if not r]
    aside = tuple(m for m, r in zip(whole, sorts, strict=True) if r)
    last = worked[-1]
    answer = replace(
        parsed,
        value=last.value,
        tree=last.tree,
        has_decimal=last.has_decimal,
        decimals=last.decimals,
        members=tuple(worked[:-1]),
    )
    return answer, aside


def restatement_problem(
    prep: Prepared, answer: Parsed, restated: tuple[Parsed, ...]
) -> Verdict | None:
    """A right worked value after a restatement that is not equal to it (``f(x)∇_μ p_μ(x) =
    f(x)(x − μ)/σ²``: ∇p is not ∇log p): the chain states two values, refused as before. A
    restatement the checker cannot write out (a density it has no law for) is taken as said."""
    from dataclasses import replace

    checked = tuple(m for m in restated if _written_out(prep, m.tree))
    if not checked:
        return None
    return chain_problem(prep, replace(answer, members=checked))


def _densities(prep: Prepared, tree: Node | None) -> list[str]:
    """The densities a member names (p_θ(x), ∇_θ log p_θ(x), E_{x∼p_θ}, N(x; μ, σ²I)); an
    expectation over a Gaussian that moves with the part's parameter counts as its density."""
    if tree is None:
        return []
    names = prep.names
    params = {str(p) for p, _ in names.families.values()}
    params |= {n.name for n in names.default_params.values() if isinstance(n, Name)}
    measure = _moving_measure(prep, params)
    out: list[str] = []
    for n in walk(tree):
        if isinstance(n, Call) and (n.param is not None or n.implied):
            out.append(n.name)
        elif isinstance(n, DensityOf):
            out.append(n.name)
        elif (
            isinstance(n, Expect)
            and n.dist is None
            and measure is not None
            and (n.var is None or n.var.name == measure[0])
            and any(isinstance(k, Name) and k.name == measure[0] for k in walk(n.body))
        ):
            out.append(measure[1])  # E[f(x)] over the part's own x ∼ p_θ
        elif isinstance(n, Gaussian) and (
            n.point is not None or any(isinstance(k, Name) and k.name in params for k in walk(n))
        ):
            out.append("N")
    return out


def _moving_measure(prep: Prepared, params: set[str]) -> tuple[str, str] | None:
    """(x, its density's name) when the box's expectations are over x ∼ p_θ by default, a law
    that moves with the part's parameter; None else (z ∼ N(0, I), or no measure)."""
    import sympy as sp

    from tutor.inputlang.values import Density, Normal

    m = prep.measure
    if m is None or m.var is None:
        return None
    if isinstance(m.dist, Density):
        return str(m.var), m.dist.name
    if isinstance(m.dist, Normal):
        free = {str(s) for s in sp.sympify(m.dist.mean).free_symbols}
        free |= {str(s) for s in sp.sympify(m.dist.var).free_symbols}
        if free & params:
            return str(m.var), "N"
    return None


def _restates(prep: Prepared, tree: Node | None) -> bool:
    return bool(_densities(prep, tree))


def _written_out(prep: Prepared, tree: Node | None) -> bool:
    """Can the checker write every density this member names out (a Gaussian family)?"""
    families = prep.names.families
    return all(name == "N" or name in families for name in _densities(prep, tree))
