"""What is off in a wrong answer: feedback computed from the answer itself.

An answer that matches neither the reference nor any listed reading (note ``incorrect``) is
compared numerically (``tutor.checking.equivalence``) with the box's correct readings, and the closest
comparison is put into a sentence or two: a symbol it depends on that it should not (or the
other way round), how it grows in the box's width symbol, a constant factor, the sign, the
power of one symbol; for expectations, whether the distribution or the integrand is off; for
reparameterizations, the centre or the spread of g; for numbers and counts only the sign or a
unit (never which way or by how much it is off: a student could home in on the key by trial).
The reference itself is never shown.

Imported lazily by ``tutor.checking.judge`` (it needs sympy through the checker's canonical forms).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from tutor.checking import canonical as ck
from tutor.inputlang.pretty import pretty, pretty_name
from tutor.inputlang.rules import UNITS
from tutor.inputlang.values import Density, Expectation, Normal, Order, Parsed

GENERIC = "Not equal to the expected answer."


@dataclass(frozen=True)
class Finding:
    rank: int  # lower is closer: 1 sign only, 2-3 a constant factor, ... 7 nothing specific
    text: str


def explain(prep: Any, parsed: Parsed, value: Any) -> str:
    """Feedback for an unmatched answer (``value``: its canonical form for the box)."""
    findings = []
    for cand in prep.candidates:
        if cand.verdict != "correct":
            continue
        try:
            found = _compare(prep, parsed, value, cand)
        except Exception:  # noqa: BLE001 - a finding is optional; it must never fail a verdict
            found = None
        if found is not None:
            findings.append(found)
    if not findings:
        return GENERIC
    return min(findings, key=lambda f: f.rank).text


def _compare(prep: Any, parsed: Parsed, value: Any, cand: Any) -> Finding | None:
    import sympy as sp

    ref = cand.value
    if isinstance(value, (ck.Std, ck.Dens)) and isinstance(ref, (ck.Std, ck.Dens)):
        return _expectations(prep, parsed, value, cand)
    if isinstance(value, ck.Map) and isinstance(ref, ck.Map):
        return _maps(prep, value, ref)
    if isinstance(value, Order) or isinstance(ref, Order) or prep.box.kind == "order":
        a = value.expr if isinstance(value, Order) else value
        b = ref.expr if isinstance(ref, Order) else ref
        if isinstance(a, sp.Basic) and isinstance(b, sp.Basic):
            return _expressions(prep, a, b, ck.domains(prep), orders_only=True)
        return None
    if isinstance(value, sp.Basic) and isinstance(ref, sp.Basic):
        return _expressions(prep, value, ref, ck.domains(prep))
    return None


# --------------------------------------------------------------------------- expressions


def _expressions(
    prep: Any,
    a: Any,
    b: Any,
    doms: dict,
    noun: str = "answer",
    skip: frozenset = frozenset(),
    orders_only: bool = False,
) -> Finding | None:
    """Compare two sympy expressions: dependence, growth, constant factor, sign."""
    from tutor.checking.dependence import (
        depends_on,
        ratio_depends_on,
        ratio_is_power,
        ratio_profile,
    )
    from tutor.checking.orders import growth_exponent, growth_ratio

    symbols = sorted((a.free_symbols | b.free_symbols) - set(skip), key=lambda s: s.name)
    extra, missing = [], []
    for s in symbols:
        da, db = depends_on(a, s, doms), depends_on(b, s, doms)
        if da is True and db is False:
            extra.append(pretty_name(s.name))
        elif db is True and da is False:
            missing.append(pretty_name(s.name))
    fa, fb = _functions(a), _functions(b)
    extra += [fa[k] for k in sorted(fa) if k not in fb]
    missing += [fb[k] for k in sorted(fb) if k not in fa]
    if extra or missing:
        parts = []
        if extra:
            parts.append(f"Your {noun} depends on {_words(extra)}; the expected one does not.")
        if missing:
            parts.append(f"The expected {noun} depends on {_words(missing)}; yours does not.")
        return Finding(6, " ".join(parts))

    width = prep.width if prep.width is not None and prep.width not in skip else None
    wname = pretty_name(width.name) if width is not None else ""
    if width is not None and (width in a.free_symbols or width in b.free_symbols):
        ka, kb = growth_exponent(a, width, doms), growth_exponent(b, width, doms)
        if ka is not None and kb is not None and ka != kb:
            return Finding(5, _growth_sentence(noun, ka, kb, width, _monomial(b, width, kb, doms)))
    if orders_only:
        return None

    prof = ratio_profile(a, b, doms)
    if prof is None:
        return None
    c = prof.constant
    if c is not None:
        size = abs(c)
        if abs(size - 1) < 1e-6:
            return Finding(1, "The sign is off.") if prof.sign < 0 else None
        # how large the factor is would give the reference away (answer / factor), and which
        # way it is off would let a student home in on it by trial: neither is said
        if prof.sign < 0:
            return Finding(
                3, "The sign is off, and the size is off by a constant factor: check the constant."
            )
        return Finding(2, "Off by a constant factor: check the constant.")

    sign = "The sign is off. " if prof.sign < 0 else ""
    if width is not None and (width in a.free_symbols or width in b.free_symbols):
        ka, kb = growth_exponent(a, width, doms), growth_exponent(b, width, doms)
        if ka is not None and ka == kb:
            r = growth_ratio(a, b, width, doms)
            if r is not None and r[1] > 0 and abs(math.log(r[1] / r[0])) < 0.01:
                lead = r[1]
                if abs(lead - 1) < 1e-3:
                    text = f"The leading term in {wname} is right; the lower-order terms are not."
                else:  # (not which way: that would let a student home in on it by trial)
                    text = f"Right growth in {wname}, but the leading constant is not right."
            else:
                text = f"Right growth in {wname}, but not the exact expression."
            return Finding(4, sign + text)
    varying = [s for s in symbols if s != width and ratio_depends_on(a, b, s, doms) is True]
    names = [pretty_name(s.name) for s in varying]
    if len(varying) == 1 and ratio_is_power(a, b, varying[0], doms):
        return Finding(4, sign + f"The power of {names[0]} is off.")
    if varying:
        return Finding(5, sign + f"Check how your {noun} depends on {_words(names)}.")
    return None  # (a sign alone, with the size off in no describable way, says too little)


def _functions(e: Any) -> dict[str, str]:
    """The unknown functions (and their derivatives) ``e`` uses: name -> how it is shown."""
    from sympy.core.function import AppliedUndef

    out: dict[str, str] = {}
    for f in e.atoms(AppliedUndef):
        name = f.func.__name__
        if name in out:
            continue
        base, *derivs = name.split("__d")
        if len(f.args) == 1:
            out[name] = "∇" * len(derivs) + base
        else:
            sub = pretty(f.args[0])
            shown = f"{base}_{sub}"
            out[name] = "".join(f"∇_{pretty(f.args[int(d)])} " for d in derivs) + shown
    return out


def _words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _num(x: float) -> str:
    return f"{x:.3g}"


def _growth(k: float, width: Any) -> str:
    import sympy as sp

    if k == 0:
        return "stays constant"
    power = pretty(sp.Pow(width, sp.Rational(k).limit_denominator(4)))
    return f"grows like {power}" if k > 0 else f"shrinks like {power}"


def _direction(k: float) -> str:
    return "grows" if k > 0 else "shrinks" if k < 0 else "stays constant"


def _growth_sentence(noun: str, ka: float, kb: float, width: Any, monomial: bool) -> str:
    """How the answer grows against the expected growth: only whether the expected one grows,
    shrinks, faster or slower, never its power (that would give the answer away, or the answer
    of the box that asks for the order)."""
    wname = pretty_name(width.name)
    mine = f"Your {noun} {_growth(ka, width)} as {wname} grows"
    del monomial
    if _direction(ka) != _direction(kb):
        return f"{mine}; the expected one {_direction(kb)}."
    return f"{mine}: {'faster' if abs(ka) > abs(kb) else 'slower'} than the expected one."


def _monomial(b: Any, width: Any, k: float, doms: dict) -> bool:
    """Is ``b`` a constant times width^k (so that its growth is the whole answer)?"""
    import sympy as sp

    from tutor.checking.dependence import ratio_profile

    prof = ratio_profile(b, sp.Pow(width, sp.Rational(k).limit_denominator(4)), doms)
    return prof is not None and prof.constant is not None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


# --------------------------------------------------------------------------- expectations


def _expectations(prep: Any, parsed: Parsed, value: Any, cand: Any) -> Finding | None:
    from tutor.checking.equivalence import equivalent
    from tutor.checking.sampling import Domain

    doms = ck.domains(prep)
    ref = cand.value
    if type(value) is not type(ref):
        return Finding(
            6, "That expectation is over a different kind of distribution than this part asks for."
        )
    if isinstance(value, ck.Std) and not equivalent(value.mean, ref.mean, doms):
        return Finding(
            6,
            f"Your expectation is over a distribution centred at {pretty(value.mean)}; "
            "this part wants it over one that does not move with the parameter.",
        )
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
        found = _argument(prep, body, rb, rv, raw) or _expressions(
            prep, body, rb, raw, noun="integrand"
        )
        if found is None:
            text = "The integrand is not right."
            return Finding(6, f"Right distribution, but {_lower_first(text)}" if stated else text)
        if stated:
            return Finding(found.rank, f"Right distribution, but {_lower_first(found.text)}")
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
        found = _argument(prep, va, vb, shown, cdoms) or _expressions(
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
    name = _functions(fa)[fa.func.__name__]
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
        found = _expressions(
            prep, sp.Abs(slope_a), sp.Abs(slope_b), doms, noun="scale", skip=frozenset({var})
        )
        tail = f": {_lower_first(found.text)}" if found is not None else "."
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


# --------------------------------------------------------------------------- reparameterizations


def _maps(prep: Any, a: Any, b: Any) -> Finding | None:
    import sympy as sp

    from tutor.checking.dependence import depends_on
    from tutor.checking.equivalence import equivalent

    doms = ck.domains(prep)
    z, _ = ck.dummies()
    da, db = sp.diff(a.body, z), sp.diff(b.body, z)
    if depends_on(da, z, doms):
        return Finding(
            5,
            "For x = g(z) to be Gaussian, g must shift and scale z; yours is not of that form.",
        )
    centre = equivalent(a.body.xreplace({z: 0}), b.body.xreplace({z: 0}), doms)
    spread = equivalent(da, db, doms) or equivalent(da, -db, doms)
    if centre and not spread:
        found = _expressions(prep, sp.Abs(da), sp.Abs(db), doms, noun="spread", skip=frozenset({z}))
        text = "The centre of g is right, but not its spread (how much z is scaled)."
        if found is not None:
            text = f"The centre of g is right, but not its spread: {_lower_first(found.text)}"
        return Finding(4, text)
    if spread and not centre:
        return Finding(4, "The spread of g is right, but not its centre.")
    if not spread and not centre:
        return Finding(6, "Neither the centre nor the spread of g is right.")
    return None


# --------------------------------------------------------------------------- numbers and counts


def explain_quantity(prep: Any, value: Any) -> str:
    """Feedback for an unmatched number or count, which must not let a student home in on the
    key by trial: never "too large" or "too small", never by what factor, never the right unit
    or number. Only what the answer itself shows is said: a negative value where the key is
    positive, and a number that matches the key's but carries another unit than the box's.
    (Which way a known slip goes is the business of its [[mistakes]] feedback, tied to the
    method: "you counted the initial forward pass".)"""
    count = prep.box.kind == "count"
    what = "count" if count else "value"
    ref = float(prep.reference.value.value)
    got = float(value.value)
    if math.isfinite(ref) and math.isfinite(got) and ref != 0 and got != 0:
        if (got < 0) != (ref < 0):
            return f"Not the expected {what}: the sign is off."
    box_unit = prep.box.unit
    if not count and value.unit is not None and box_unit in UNITS and value.unit != box_unit:
        raw = got / 10.0 ** (UNITS[value.unit] - UNITS[box_unit])
        if math.isfinite(raw) and abs(raw - ref) <= 1e-9 * abs(ref):
            return (
                "The number is right, but not with that unit: give it in the unit the "
                "problem states its times in."
            )
    if count:
        return "Not the expected count. Go through the steps again, one at a time."
    return "Not the expected value. Redo the computation step by step."


def explain_order(prep: Any, a: Any, b: Any) -> str:
    """For a wrong order of growth: how each grows (the expected order is the question's)."""
    width = prep.width
    found = None
    if width is not None:
        try:
            found = _expressions(prep, a, b, ck.domains(prep), orders_only=True)
        except Exception:  # noqa: BLE001 - a finding is optional; it must never fail a verdict
            found = None
    if found is not None:
        return f"Wrong order of growth. {found.text}"
    return f"Wrong order of growth in {pretty_name(width.name) if width is not None else ''}."


# --------------------------------------------------------------------------- right order only


def right_order_of(prep: Any, a: Any, b: Any) -> bool:
    """Is ``a`` of the same order as the correct answer ``b`` in the box's width symbol, in
    the sense the key gives partial credit for: a/b tends to a *positive* constant as the width
    grows (so −d1² is not "right order" for a positive d1²), and ``a`` uses no symbol that ``b``
    does not depend on (√(2/(d1+d2)) is not right for a d2-free 1/√d1, whatever its limit)."""
    from tutor.checking.dependence import depends_on
    from tutor.checking.orders import same_order

    width = prep.width
    if width is None:
        return False
    doms = ck.domains(prep)
    for s in a.free_symbols - {width}:
        if depends_on(a, s, doms) is True and depends_on(b, s, doms) is not True:
            return False
    if not same_order(a, b, width, doms):
        return False
    return _leading_sign(a, b, width, doms) > 0


def _leading_sign(a: Any, b: Any, width: Any, doms: dict) -> int:
    """The sign of a/b at a large width (other symbols at a random point); 0 when unknown."""
    import random

    from tutor.checking.sampling import DEFAULT_DOMAIN, FunctionSet, Unsupported, evaluate

    rng = random.Random(7)
    others = sorted((a.free_symbols | b.free_symbols) - {width}, key=lambda s: s.name)
    for _ in range(6):
        env = {s: complex(doms.get(s, DEFAULT_DOMAIN).sample(rng)) for s in others}
        env[width] = complex(1e6)
        funcs = FunctionSet(rng)
        try:
            va, vb = evaluate(a, env, funcs), evaluate(b, env, funcs)
        except (ZeroDivisionError, OverflowError, ValueError, Unsupported):
            continue
        if not (math.isfinite(va.real) and math.isfinite(vb.real)) or vb.real == 0:
            continue
        ratio = va.real / vb.real
        return 1 if ratio > 0 else -1 if ratio < 0 else 0
    return 0
