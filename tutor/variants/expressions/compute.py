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

import difflib
import re
from collections.abc import Mapping
from fractions import Fraction

from tutor.variants.expressions.errors import ExpressionError
from tutor.variants.expressions.exact import NotPlain, Plain
from tutor.variants.expressions.symbolic import sympy_sign, with_sympy
from tutor.variants.values import Formula, Value, write

_COMPARE_RE = re.compile(r"(<=|>=|!=|==|≤|≥|≠|<|>|=)")
_OPS = {"≤": "<=", "≥": ">=", "≠": "!=", "==": "="}


def evaluate(text: str, values: Mapping[str, Value], symbols: tuple[str, ...] = ()) -> Value:
    """The exact value of ``text`` over ``values`` (``symbols`` stay free: the result is a formula).
    An ``ExpressionError`` quotes ``text`` and names the column where it goes wrong."""
    try:
        return _evaluate(text, values, symbols)
    except ExpressionError as exc:
        raise ExpressionError(f"{text.strip()!r}: {exc}") from None


def _evaluate(text: str, values: Mapping[str, Value], symbols: tuple[str, ...] = ()) -> Value:
    if not symbols:
        try:
            return Plain(text, values).run()
        except NotPlain:
            pass
    return with_sympy(text, values, symbols)


def holds(text: str, values: Mapping[str, Value]) -> bool:
    """Whether the constraint ``text`` holds for ``values``. An ``ExpressionError`` names the
    column of ``text`` where it goes wrong."""
    try:
        sides, ops = comparison(text)
        read = [_side(text, start, end, values) for start, end in sides]
        pairs = zip(read, ops, read[1:], strict=False)
        return all(_compare(a, _OPS.get(op, op), b) for a, (op, _), b in pairs)
    except ExpressionError as exc:
        raise ExpressionError(f"{text.strip()!r}: {exc}") from None


def comparison(text: str) -> tuple[list[tuple[int, int]], list[tuple[str, int]]]:
    """A constraint's sides (start and end in ``text``) and its operators (with where they
    start); an ``ExpressionError`` at its column when it is not a comparison or a chain of them."""
    sides: list[tuple[int, int]] = []
    ops: list[tuple[str, int]] = []
    start = 0
    for m in _COMPARE_RE.finditer(text):
        if not text[start : m.start()].strip():
            if ops:
                prev, at = ops[-1]
                raise ExpressionError(
                    f"'{prev}' then '{m.group(0)}' at column "
                    f"{at + 1} is not a comparison; write one of < <= > >= = != between "
                    "two sides (e.g. 'every >= 2')"
                )
            raise ExpressionError(
                f"nothing on the left of '{m.group(0)}' at column "
                f"{m.start() + 1}; write e.g. 'every < layers'"
            )
        sides.append((start, m.start()))
        ops.append((m.group(0), m.start()))
        start = m.end()
    if not ops:
        raise ExpressionError("not a comparison; write e.g. 'every < layers' or 'fwd != layers'")
    if not text[start:].strip():
        op, at = ops[-1]
        raise ExpressionError(
            f"nothing on the right of '{op}' at column {at + 1}; write e.g. 'every < layers'"
        )
    sides.append((start, len(text)))
    return sides, ops


_WORD_RE = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z][A-Za-z0-9_]*))\s*""")


def _side(text: str, start: int, end: int, values: Mapping[str, Value]) -> Value:
    """One side of a comparison (``text[start:end]``): a word (a choice such as uniform, bare or
    quoted) or a value. Read as the whole text with the rest blanked, so a column in an error is
    a column of the constraint."""
    piece = text[start:end]
    m = _WORD_RE.fullmatch(piece)
    if m:
        word = m.group(1) if m.group(1) is not None else m.group(2)
        if word is not None:
            return word
        name = m.group(3)
        if name not in values:
            # a word compared with a word parameter, or a misspelt name
            close = difflib.get_close_matches(name, [n for n in values if not n.startswith("_")], 1)
            return _Word(name, start + m.start(3) + 1, close[0] if close else "")
        return values[name]  # a value as it is (a formula is compared by its value)
    return _evaluate(" " * start + piece, values)


class _Word(str):
    """A bare word on one side of a constraint, with its column (for the error when it is
    compared with a number: most likely a misspelt name)."""

    column: int
    close: str  # the name it is closest to

    def __new__(cls, text: str, column: int, close: str) -> _Word:
        word = super().__new__(cls, text)
        word.column, word.close = column, close
        return word


def _compare(a: Value, op: str, b: Value) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        if not (isinstance(a, str) and isinstance(b, str)):
            word = a if isinstance(a, str) else b
            at = f" at column {word.column}" if isinstance(word, _Word) else ""
            mean = (
                f"did you mean '{word.close}'? " if isinstance(word, _Word) and word.close else ""
            )
            raise ExpressionError(
                f"compares the word '{word}'{at} with a number ({_shown(a)} {op} {_shown(b)}); "
                f"{mean}a constraint may use the parameters and the values declared above it"
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


def _shown(value: Value) -> str:
    return f"'{value}'" if isinstance(value, str) else write(value)


def _float_sign(a: Value, b: Value) -> int | None:
    """The sign of a - b from the values' floats, when they are clearly apart (no sympy)."""
    fa = a.approx if isinstance(a, Formula) else float(a) if not isinstance(a, str) else None
    fb = b.approx if isinstance(b, Formula) else float(b) if not isinstance(b, str) else None
    if fa is None or fb is None:
        return None
    if abs(fa - fb) <= 1e-9 * max(1.0, abs(fa), abs(fb)):
        return None
    return 1 if fa > fb else -1
