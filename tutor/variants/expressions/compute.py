"""Derived values and constraints: expressions in the checker's own input language.

``evaluate(text, values)`` reads ``text`` with ``tutor.inputlang`` (never ``eval``) and computes it
exactly over the values in scope. ``holds(text, values)`` decides a constraint such as
``every < layers`` or ``3 <= every <= layers/2`` (operators ``<`` ``<=`` ``>`` ``>=`` ``=`` ``!=``,
also ``≤ ≥ ≠``).

Plain arithmetic on numbers (``+ - * / ^`` and brackets over whole numbers, decimals and the names
of numeric values, as the input language reads them) is done with exact fractions straight from
the input language's tokens, so the handout of a part can be shown without loading sympy. Anything
else (``sqrt``, ``pi``, implicit products, free symbols, formula values) is parsed by
``tutor.inputlang`` into sympy and simplified; the two readings agree on the arithmetic subset (a
test checks them against each other).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction

from tutor.variants.expressions.errors import ExpressionError
from tutor.variants.expressions.exact import NotPlain, Plain
from tutor.variants.expressions.symbolic import sympy_sign, with_sympy
from tutor.variants.values import Formula, Value

_COMPARE_RE = re.compile(r"(<=|>=|!=|==|≤|≥|≠|<|>|=)")
_OPS = {"≤": "<=", "≥": ">=", "≠": "!=", "==": "="}


def evaluate(text: str, values: Mapping[str, Value], symbols: tuple[str, ...] = ()) -> Value:
    """The exact value of ``text`` over ``values`` (``symbols`` stay free: the result is a formula)."""
    if not symbols:
        try:
            return Plain(text, values).run()
        except NotPlain:
            pass
    return with_sympy(text, values, symbols)


def holds(text: str, values: Mapping[str, Value]) -> bool:
    """Whether the constraint ``text`` holds for ``values``."""
    pieces = _COMPARE_RE.split(text)
    if len(pieces) < 3 or len(pieces) % 2 == 0:
        raise ExpressionError(
            f"constraint {text!r} is not a comparison; write e.g. 'every < layers' or 'fwd != layers'"
        )
    sides = [_side(p, values) for p in pieces[::2]]
    ops = [_OPS.get(op, op) for op in pieces[1::2]]
    return all(_compare(a, op, b) for a, op, b in zip(sides, ops, sides[1:], strict=False))


_WORD_RE = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z][A-Za-z0-9_]*))\s*""")


def _side(text: str, values: Mapping[str, Value]) -> Value:
    """One side of a comparison: a word (a choice such as uniform, bare or quoted) or a value."""
    m = _WORD_RE.fullmatch(text)
    if m:
        word = m.group(1) if m.group(1) is not None else m.group(2)
        if word is not None:
            return word
        name = m.group(3)
        if name not in values:
            return name  # a word compared with a word-valued parameter
        return values[name]  # a value as it is (a formula is compared by its value)
    return evaluate(text, values)


def _compare(a: Value, op: str, b: Value) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        if not (isinstance(a, str) and isinstance(b, str)):
            raise ExpressionError(
                f"compares a word with a number ({a!r} {op} {b!r}); is a name misspelt?"
            )
        if op not in ("=", "!="):
            raise ExpressionError(f"words can only be compared with = or != (got {a!r} {op} {b!r})")
        return (a == b) == (op == "=")
    if isinstance(a, (int, Fraction)) and isinstance(b, (int, Fraction)):
        diff = Fraction(a) - Fraction(b)
        sign = (diff > 0) - (diff < 0)
    else:
        close = _float_sign(a, b)
        # too close to call in floating point: decide exactly
        sign = close if close is not None else sympy_sign(a, b)
    return {
        "<": sign < 0,
        "<=": sign <= 0,
        ">": sign > 0,
        ">=": sign >= 0,
        "=": sign == 0,
        "!=": sign != 0,
    }[op]


def _float_sign(a: Value, b: Value) -> int | None:
    """The sign of a - b from the values' floats, when they are clearly apart (no sympy)."""
    fa = a.approx if isinstance(a, Formula) else float(a) if not isinstance(a, str) else None
    fb = b.approx if isinstance(b, Formula) else float(b) if not isinstance(b, str) else None
    if fa is None or fb is None:
        return None
    if abs(fa - fb) <= 1e-9 * max(1.0, abs(fa), abs(fb)):
        return None
    return 1 if fa > fb else -1
