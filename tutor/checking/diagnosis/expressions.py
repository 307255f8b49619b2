"""Comparing two expressions: dependence, growth in the width symbol, a constant factor, the
sign, the power of one symbol."""

from __future__ import annotations

import math
import re
from typing import Any

from tutor.checking.diagnosis.wording import Finding, functions, growth_sentence
from tutor.inputlang.pretty import pretty_name
from tutor.wording import said_list

NEARLY_EQUAL = (
    "Nearly the expected answer, but not exactly: some term of yours changes the value only a "
    "little, or only at some values of the symbols. Look for a term or factor to remove."
)


SLOW_FACTOR = (
    "Not the right growth in {wname}, though close to it: check the exponent, and any factor "
    "that grows or shrinks slowly (a small power, a logarithm)."
)


def expressions(
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
    from tutor.checking.orders import growth_exponent, growth_ratio, symbolic_same_order

    symbols = sorted((a.free_symbols | b.free_symbols) - set(skip), key=lambda s: s.name)
    extra, missing = [], []
    for s in symbols:
        da, db = depends_on(a, s, doms), depends_on(b, s, doms)
        if da is True and db is False:
            extra.append(pretty_name(s.name))
        elif db is True and da is False:
            missing.append(pretty_name(s.name))
    fa, fb = functions(a), functions(b)
    only_a = [k for k in sorted(fa) if k not in fb]
    only_b = [k for k in sorted(fb) if k not in fa]
    # a function the answer applies undifferentiated where the expected one differentiates it
    # (or the other way round): said of the answer, never as what the expected one contains
    undiff: list[str] = []
    overdiff: list[str] = []
    for k in list(only_a):
        base = k.split("__d")[0]
        other = [j for j in only_b if j.split("__d")[0] == base]
        if not other:
            continue
        only_a.remove(k)
        for j in other:
            only_b.remove(j)
        # "∇_x p_θ" (a derivative in one of several arguments): the function's name, p
        shown = re.sub(r"^(?:∇(?:_\S+)?\s*)+", "", fa[k]).split("_")[0] or fa[k]
        more = any(j.count("__d") > k.count("__d") for j in other)
        (undiff if more else overdiff).append(shown)
    extra += [fa[k] for k in only_a]
    missing += [fb[k] for k in only_b]
    if undiff or overdiff:
        parts = []
        if undiff:
            parts.append(
                f"Your {noun} has {said_list(undiff)} where the expected one differentiates it."
            )
        if overdiff:
            parts.append(
                f"Your {noun} differentiates {said_list(overdiff)} where the expected one does not."
            )
        if extra:
            parts.append(f"Your {noun} depends on {said_list(extra)}; the expected one does not.")
        return Finding(6, " ".join(parts))
    if extra or missing:
        parts = []
        if extra:
            parts.append(f"Your {noun} depends on {said_list(extra)}; the expected one does not.")
        if missing:
            parts.append(f"The expected {noun} depends on {said_list(missing)}; yours does not.")
        return Finding(6, " ".join(parts))

    width = prep.width if prep.width is not None and prep.width not in skip else None
    wname = pretty_name(width.name) if width is not None else ""
    if width is not None and (width in a.free_symbols or width in b.free_symbols):
        ka, kb = growth_exponent(a, width, doms), growth_exponent(b, width, doms)
        if ka is not None and kb is not None and ka != kb:
            return Finding(5, growth_sentence(noun, ka, kb, width, _monomial(b, width, kb, doms)))
        # the exponents read off large widths are rounded (d1^1.001 reads as d1): the limit says
        if ka == kb and symbolic_same_order(a, b, width, doms) is False:
            return Finding(5, SLOW_FACTOR.format(wname=wname))
    if orders_only:
        return None

    prof = ratio_profile(a, b, doms)
    if prof is None:
        return None
    c = prof.constant
    if c is not None:
        size = abs(c)
        if abs(size - 1) < 1e-6:
            if prof.sign < 0:
                return Finding(1, "The sign is off.")
            # equal at every point sampled, yet not equal: the closest an answer gets (it beats
            # a sign "off" against another correct reading, such as the negative root)
            return Finding(0, NEARLY_EQUAL)
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
        return Finding(5, sign + f"Check how your {noun} depends on {said_list(names)}.")
    return None  # (a sign alone, with the size off in no describable way, says too little)


def _monomial(b: Any, width: Any, k: float, doms: dict) -> bool:
    """Is ``b`` a constant times width^k (so that its growth is the whole answer)?"""
    import sympy as sp

    from tutor.checking.dependence import ratio_profile

    prof = ratio_profile(b, sp.Pow(width, sp.Rational(k).limit_denominator(4)), doms)
    return prof is not None and prof.constant is not None
