"""Comparing expectations: whether the distribution or the integrand is off (and, when both
apply one function, whether its argument's centre or scale is)."""

from __future__ import annotations

from typing import Any

from tutor.checking import canonical as ck
from tutor.checking.diagnosis.expressions import expressions
from tutor.checking.diagnosis.wording import Finding, functions, lower_first
from tutor.inputlang.pretty import pretty, pretty_name
from tutor.inputlang.values import Density, Expectation, Normal, Parsed


def expectations(prep: Any, parsed: Parsed, value: Any, cand: Any) -> Finding | None:
    from tutor.checking.equivalence import equivalent
    from tutor.checking.sampling import Domain

    doms = ck.domains(prep)
    ref = cand.value
    if type(value) is not type(ref):
        return Finding(
            6, "That expectation is over a different kind of distribution than this part asks for."
        )
    if isinstance(value, ck.Std) and not equivalent(value.mean, ref.mean, doms):
        return Finding(6, _centre(value.mean, ref.mean))
    sv, sd, sb = ck.expectation_parts(prep, parsed)
    rv, rd, rb = ck.expectation_parts(prep, cand.parsed)
    stated = (isinstance(parsed.value, Expectation) and parsed.value.dist is not None) or any(
        d.var == sv for d in parsed.dists
    )
    raw = dict(doms)
    raw.setdefault(rv, Domain(-2.0, 2.0))
    body = sb.xreplace({sv: rv})
    same_dist = _same_dist(sd, rd, doms)
    same_body = equivalent(body, rb, raw)
    if same_dist and not same_body:
        found = _density(prep, body, rb, rv, raw)
        if found is None:
            body, rb = ck.with_densities(prep, body), ck.with_densities(prep, rb)
            found = _argument(prep, body, rb, rv, raw) or expressions(
                prep, body, rb, raw, noun="integrand"
            )
        if found is None:
            text = "The integrand is not right."
            return Finding(6, f"Right distribution, but {lower_first(text)}" if stated else text)
        if stated:
            return Finding(found.rank, f"Right distribution, but {lower_first(found.text)}")
        return found
    if same_body and not same_dist:
        return Finding(
            5,
            "The integrand is right, but the distribution is not: check "
            f"{_dist_difference(sd, rd, doms)}.",
        )
    if not same_dist:
        # compare after a change of variables (both over N(0, I), or both in x), naming the
        # standard variable as the student named theirs
        import sympy as sp

        z, x = ck.dummies()
        dummy = z if isinstance(value, ck.Std) else x
        shown = sp.Symbol(sv.name, real=True)  # sv itself no longer occurs in the bodies
        cdoms = dict(doms)
        cdoms[shown] = doms[dummy]
        va, vb = value.body.xreplace({dummy: shown}), ref.body.xreplace({dummy: shown})
        va, vb = ck.with_densities(prep, va), ck.with_densities(prep, vb)
        found = _argument(prep, va, vb, shown, cdoms) or expressions(
            prep, va, vb, cdoms, noun="integrand"
        )
        if found is not None:
            return found
        if isinstance(value, ck.Std):
            return Finding(
                7, "Even after a change of variables to N(0, I), the integrand is not right."
            )
        return Finding(
            7, "Both the distribution and the integrand differ from what this part asks for."
        )
    return None


def _density(prep: Any, a: Any, b: Any, var: Any, doms: dict) -> Finding | None:
    """An integrand with the part's own density in it (p_μ(x), ∇_μ p_μ(x), log p_μ(x)), against
    the expected one: the density written out, is it the slip of a factor p_μ(x) counted twice
    (∇_μ p_μ without the 1/p_μ), of log p_μ not differentiated, or the expected integrand
    itself (the score not worked out)? None: none of these."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    from tutor.checking.equivalence import equivalent

    names = ck.family_functions(prep)
    calls = [c for c in a.atoms(AppliedUndef) if c.func.__name__ in names]
    if not calls:
        return None
    explicit = ck.with_densities(prep, b)

    def same(expr: Any) -> bool:
        try:
            return bool(equivalent(ck.with_densities(prep, expr), explicit, doms))
        except Exception:  # noqa: BLE001 - an integrand sympy cannot compare: not this slip
            return False

    if same(a):
        return Finding(
            1,
            "Equal to the expected integrand once the density is written out: this part gives "
            "p explicitly, so work the gradient out for it.",
        )
    for call in sorted(calls, key=str):
        if len(call.args) != 2:
            continue
        base = call.func.__name__.split("__d")[0]
        p = sp.Function(base)(*call.args)
        shown = f"{base}_{pretty(call.args[0])}"
        for sign, tail in ((1, ""), (-1, " Check the sign too.")):
            if same(sign * a / p):
                return Finding(
                    2,
                    f"∫ f ∇ {shown} dx is not an expectation of f ∇ {shown}: an expectation "
                    f"under {shown} already carries a factor {shown}(x), so your integrand "
                    f"counts it twice.{tail}",
                )
        logp = sp.log(p)
        if a.has(logp):
            d0 = sp.Function(f"{base}__d0")(*p.args) / p
            if same(a.xreplace({logp: d0})):
                return Finding(
                    2,
                    "A gradient is missing: the derivative must differentiate something in the "
                    f"parameter, and log {shown}(x) alone is not a derivative.",
                )
    return None


def _argument(prep: Any, a: Any, b: Any, var: Any, doms: dict) -> Finding | None:
    """Both integrands apply one function the same way, but to different arguments: say
    whether the argument's centre or its scaling of the variable is off."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    from tutor.checking.dependence import depends_on
    from tutor.checking.equivalence import equivalent
    from tutor.checking.sampling import Domain

    apps_a, apps_b = list(a.atoms(AppliedUndef)), list(b.atoms(AppliedUndef))
    if len(apps_a) != 1 or len(apps_b) != 1:
        return None
    fa, fb = apps_a[0], apps_b[0]
    if fa.func != fb.func or len(fa.args) != 1 or var not in fb.args[0].free_symbols:
        return None
    u = sp.Symbol("U_", real=True)
    outer = dict(doms)
    outer[u] = Domain(-2.0, 2.0)
    if not equivalent(a.xreplace({fa: u}), b.xreplace({fb: u}), outer):
        return None
    name = functions(fa)[fa.func.__name__]
    vname = "z" if var.name in ("Z_", "X_") else pretty_name(var.name)
    arg_a, arg_b = fa.args[0], fb.args[0]
    slope_a, slope_b = sp.diff(arg_a, var), sp.diff(arg_b, var)
    if depends_on(slope_a, var, doms):
        return Finding(
            3, f"The argument of {name} should shift and scale {vname}; yours does more."
        )
    zero = {var: sp.Integer(0)}
    centre = equivalent(arg_a.xreplace(zero), arg_b.xreplace(zero), doms)
    scale = equivalent(slope_a, slope_b, doms) or equivalent(slope_a, -slope_b, doms)
    if centre and not scale:
        found = expressions(
            prep, sp.Abs(slope_a), sp.Abs(slope_b), doms, noun="scale", skip=frozenset({var})
        )
        tail = f": {lower_first(found.text)}" if found is not None else "."
        return Finding(
            3, f"The argument of {name} has the right centre and the wrong scale of {vname}{tail}"
        )
    if scale and not centre:
        return Finding(
            3, f"The argument of {name} has the right scale of {vname} and the wrong centre."
        )
    if not scale and not centre:
        return Finding(
            4, f"The argument of {name} has the wrong centre and the wrong scale of {vname}."
        )
    return None


def _centre(mean: Any, ref: Any) -> str:
    """What is off with the centre of an expectation's distribution, as the part asks it."""
    import sympy as sp

    said = f"Your expectation is over a distribution centred at {pretty(mean)}"
    moves = bool(sp.sympify(ref).free_symbols)
    if moves and not sp.sympify(mean).free_symbols:
        return f"{said}; this part's distribution is centred at {pretty(ref)}, and moves with it."
    if not moves and sp.sympify(mean).free_symbols:
        return f"{said}; this part wants it over one that does not move with the parameter."
    return f"{said}; this part's is centred at {pretty(ref)}."


def _same_dist(a: Any, b: Any, doms: dict) -> bool:
    from tutor.checking.equivalence import equivalent

    if isinstance(a, Normal) and isinstance(b, Normal):
        return equivalent(a.mean, b.mean, doms) and equivalent(a.var, b.var, doms)
    if isinstance(a, Density) and isinstance(b, Density):
        if (a.name, a.param) != (b.name, b.param) or (a.value is None) != (b.value is None):
            return False
        return a.value is None or equivalent(a.value, b.value, doms)
    return False


def _dist_difference(a: Any, b: Any, doms: dict) -> str:
    from tutor.checking.equivalence import equivalent

    if isinstance(a, Normal) and isinstance(b, Normal):
        mean = not equivalent(a.mean, b.mean, doms)
        var = not equivalent(a.var, b.var, doms)
        if mean and var:
            return "its mean and its variance"
        return "its mean" if mean else "its variance"
    if isinstance(a, Density) and isinstance(b, Density):
        return "which density it is, and at which parameter"
    return "the kind of distribution"
