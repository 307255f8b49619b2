"""Explaining an unmatched answer: each correct reading compared by the kind of its value, the
closest finding said."""

from __future__ import annotations

from typing import Any

from tutor.checking import canonical as ck
from tutor.checking.diagnosis.expectations import expectations
from tutor.checking.diagnosis.expressions import expressions
from tutor.checking.diagnosis.maps import maps
from tutor.checking.diagnosis.wording import Finding
from tutor.inputlang.values import Order, Parsed

GENERIC = "Not equal to the expected answer."
ZERO_ORDER = (  # (never naming the order asked for: that would be the key)
    "Zero has no order of growth but its own, and the quantity here does not vanish: an order "
    "says how a quantity that stays away from zero scales as the width grows."
)
ZERO_GROWS = "Zero has no order of growth but its own, and the quantity here does not vanish."


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
        return expectations(prep, parsed, value, cand)
    if isinstance(value, ck.Map) and isinstance(ref, ck.Map):
        return maps(prep, value, ref)
    if isinstance(value, Order) or isinstance(ref, Order) or prep.box.kind == "order":
        a = value.expr if isinstance(value, Order) else value
        b = ref.expr if isinstance(ref, Order) else ref
        if isinstance(a, sp.Basic) and isinstance(b, sp.Basic):
            if a.is_zero is True and b.is_zero is not True:
                constant = prep.width is None or prep.width not in b.free_symbols
                return Finding(1, ZERO_ORDER if constant else ZERO_GROWS)
            return expressions(prep, a, b, ck.domains(prep), orders_only=True)
        return None
    if isinstance(value, sp.Basic) and isinstance(ref, sp.Basic):
        return expressions(prep, value, ref, ck.domains(prep))
    return None
