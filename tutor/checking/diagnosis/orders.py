"""Orders of growth: a wrong order explained, and the right-order-only credit decided."""

from __future__ import annotations

import math
from typing import Any

from tutor.checking import canonical as ck
from tutor.checking.diagnosis.expressions import expressions
from tutor.inputlang.pretty import pretty_name
from tutor.wording import said_list


def explain_order(prep: Any, a: Any, b: Any) -> str:
    """For a wrong order of growth: how each grows (the expected order is the question's)."""
    width = prep.width
    found = None
    if width is not None:
        try:
            found = expressions(prep, a, b, ck.domains(prep), orders_only=True)
        except Exception:  # noqa: BLE001 - a finding is optional; it must never fail a verdict
            found = None
    if found is not None:
        return f"Wrong order of growth. {found.text}"
    if width is not None:
        return f"Wrong order of growth in {pretty_name(width.name)}."
    # no width: the order is taken in all the box's symbols at once; name them all (never just
    # those of the key, which would tell which ones it depends on)
    names = [pretty_name(n) for n in prep.names.symbols]
    if not names:
        return "Wrong order of growth."
    return f"Wrong order of growth in {said_list(names)} (taken together)."


def right_order_of(prep: Any, a: Any, b: Any) -> bool:
    """Is ``a`` of the same order as the correct answer ``b`` in the box's width symbol, in
    the sense the key gives partial credit for: a/b tends to a *positive* constant as the width
    grows (so −d1² is not "right order" for a positive d1²), and ``a`` uses no symbol that ``b``
    does not depend on (√(2/(d1+d2)) is not right for a d2-free 1/√d1, whatever its limit).

    A box without a width takes the order in all its symbols at once, as its Θ(…) answers are
    judged (``orders.same_order``): a/b is a positive constant (2·√(d1·d2) for √(d1·d2)). A
    key without symbols has no order there: another number is not "right order"."""
    from tutor.checking.dependence import depends_on, ratio_profile
    from tutor.checking.orders import same_order, subtle, symbolic_same_order

    width = prep.width
    doms = ck.domains(prep)
    if width is None:
        if not getattr(b, "free_symbols", None):
            return False
        prof = ratio_profile(a, b, doms)  # the numbers first: most answers differ there
        if prof is None or prof.constant is None or not prof.constant > 0:
            return False
        # (d1·d2)^0.50001 is not of the order of √(d1·d2), however close the numbers
        if not subtle(a) and not subtle(b):
            return True
        return symbolic_same_order(a, b, None, doms) is not False
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
