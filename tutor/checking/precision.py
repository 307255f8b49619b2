"""A number written to a precision: is it a value "to the precision given"?

One rule, for every typed number the checker compares with an exact value: a number box's
answer, its readings and mistakes (``canonical.quantity_match``, and so a chain of values in
such a box), a decimal constant in an expression (``tutor.checking.decimals``: 0.6366 for
2/π in ``d1 + 0.6366·d1·(d1 − 1)``), and a number in a derivation's line
(``derivation.rounding``: ``t = 52.92`` after ``1270 = 24 t``). A number typed with ``places`` digits after its point (fewer by the power of
ten after it: ``4.69e1`` has 1; a unit changes them too: ``0.0529 μs`` is 52.9 ns, one place)
stands for an exact value ``v`` when it is

- ``v`` itself (to within floating point), or, when ``v`` is not a whole number,
- ``v`` *rounded* at its last digit: within half a unit of that digit (a whole number within
  half of 1: ``54`` for 54.44) and within 1% of ``v``; or
- ``v`` *cut* after its last digit, as a calculator's readout cut short shows it (truncated,
  not rounded: ``52.91`` and ``52.91666`` for 52.91666…), when it has a decimal point and at
  least three significant digits (``50`` for 54.4 is not a readout of it, and neither is
  ``52.0`` or ``52`` for 52.9).

A whole-number ``v`` is matched only exactly: a count of 20 is not 19.99, a break-even of
50 ns is not 50.2. A wrong rounding stays wrong: ``54.5`` for 54.44 is neither.
"""

from __future__ import annotations

import math
from typing import Any, Literal

Precision = Literal["equal", "rounded", "cut"]

MIN_CUT_DIGITS = 3  # significant digits a cut-short readout needs (so "50" is not 54.4 cut)
WITHIN = 0.01  # a rounding is also within 1% of the value (a coarse one is not the value)
_SAME = 1e-9  # relative: floating point's "equal"
_SLACK = 1 + 1e-9  # 46.88 for 46.875: exactly half a place, not more, in floating point


def _float(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):
        return None
    return v if math.isfinite(v) else None


def to_precision(typed: Any, places: int, exact: Any) -> Precision | None:
    """How ``typed`` (a number written with ``places`` digits after its point; sympy or a
    float) stands for ``exact`` (a sympy number or a float), by the rule above: "equal",
    "rounded", "cut", or None when it does not."""
    a, b = _float(typed), _float(exact)
    if a is None or b is None:
        return "equal" if typed == exact else None
    if a == b:
        return "equal"
    diff = abs(a - b)
    scale = max(abs(a), abs(b))
    if diff <= _SAME * scale:
        return "equal"
    if b.is_integer():
        return None  # a whole number: close is not equal
    if diff <= 0.5 * 10.0 ** (-places) * _SLACK and diff <= WITHIN * scale:
        return "rounded"
    if places >= 1 and _cut(typed, places, exact):
        return "cut"
    return None


def _cut(typed: Any, places: int, exact: Any) -> bool:
    """Is ``typed`` ``exact`` truncated after ``places`` decimal places (toward zero), with at
    least ``MIN_CUT_DIGITS`` significant digits? Exact arithmetic: 0.3 cut at two places is
    0.30, never 0.29."""
    import sympy as sp

    try:
        t = sp.Rational(repr(typed)) if isinstance(typed, float) else sp.sympify(typed)
        v = sp.sympify(exact)
    except (sp.SympifyError, TypeError, ValueError):
        return False
    if not (t.is_Rational and v.is_number and v.is_real):
        return False
    scale = sp.Integer(10) ** places
    digits = abs(t) * scale
    if not digits.is_Integer or digits == 0:
        return False  # more digits than the places say: not a readout of them
    if len(str(digits)) < MIN_CUT_DIGITS:
        return False
    if (t > 0) != bool(v > 0):
        return False
    cut = sp.floor(abs(v) * scale)
    return bool(cut == digits)
