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

import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from tutor.inputlang.lexer import Token, tokenize
from tutor.inputlang.values import ParseError
from tutor.variants.values import Formula, Value, normalize

MAX_EXPONENT = 200
_COMPARE_RE = re.compile(r"(<=|>=|!=|==|≤|≥|≠|<|>|=)")
_OPS = {"≤": "<=", "≥": ">=", "≠": "!=", "==": "="}


class ExpressionError(ValueError):
    """An expression that cannot be computed: the message says why, in a content author's terms."""


class _NotPlain(Exception):
    """Not plain arithmetic: read it with the full input language."""


def evaluate(text: str, values: Mapping[str, Value], symbols: tuple[str, ...] = ()) -> Value:
    """The exact value of ``text`` over ``values`` (``symbols`` stay free: the result is a formula)."""
    if not symbols:
        try:
            return _Plain(text, values).run()
        except _NotPlain:
            pass
    return _with_sympy(text, values, symbols)


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
        sign = close if close is not None else _sympy_sign(a, b)
    return {
        "<": sign < 0,
        "<=": sign <= 0,
        ">": sign > 0,
        ">=": sign >= 0,
        "=": sign == 0,
        "!=": sign != 0,
    }[op]


# ----------------------------------------------------------------------------- exact arithmetic


class _Plain:
    """Recursive descent over the input language's tokens for plain arithmetic on numbers."""

    def __init__(self, text: str, values: Mapping[str, Value]):
        try:
            self.tokens: list[Token] = tokenize(text)
        except ParseError as exc:
            raise ExpressionError(f"cannot read {text!r}: {exc.message}") from None
        self.values = values
        self.i = 0

    def run(self) -> Value:
        if not self.tokens:
            raise ExpressionError("an empty expression")
        value = self.sum()
        if self.i != len(self.tokens):
            raise _NotPlain
        return normalize(value)

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def op(self, *texts: str) -> str | None:
        t = self.peek()
        if t is not None and t.kind == "op" and t.text in texts:
            self.i += 1
            return t.text
        return None

    def name_at(self, i: int) -> tuple[str, int]:
        """A name, with ``_`` parts glued to it (``t_fwd`` is one name), and where it ends."""
        parts = [self.tokens[i].text]
        j = i + 1
        while (
            j + 1 < len(self.tokens)
            and self.tokens[j].kind == "op"
            and self.tokens[j].text == "_"
            and not self.tokens[j].space
            and self.tokens[j + 1].kind in ("name", "num")
            and not self.tokens[j + 1].space
        ):
            parts.append(self.tokens[j + 1].text)
            j += 2
        return "_".join(parts), j

    def root(self) -> Fraction:
        """``sqrt(...)`` of a perfect square (``sqrt(9/4)``); any other root is not plain."""
        nxt = self.tokens[self.i + 1] if self.i + 1 < len(self.tokens) else None
        if nxt is None or nxt.kind != "op" or nxt.text != "(":
            raise _NotPlain
        self.i += 2
        value = self.sum()
        if self.op(")") is None or value < 0:
            raise _NotPlain
        p, q = math.isqrt(value.numerator), math.isqrt(value.denominator)
        if p * p != value.numerator or q * q != value.denominator:
            raise _NotPlain
        return Fraction(p, q)

    def sum(self) -> Fraction:
        value = self.product()
        while (op := self.op("+", "-")) is not None:
            right = self.product()
            value = value + right if op == "+" else value - right
        return value

    def product(self) -> Fraction:
        value = self.unary()
        while (op := self.op("*", "/")) is not None:
            right = self.unary()
            if op == "*":
                value *= right
            elif right == 0:
                raise ExpressionError("a division by zero")
            else:
                value /= right
        return value

    def unary(self) -> Fraction:
        if self.op("-") is not None:
            return -self.unary()
        if self.op("+") is not None:
            return self.unary()
        return self.power()

    def power(self) -> Fraction:
        base = self.atom()
        if self.op("^") is None:
            return base
        # only a bare number, name or bracket as the exponent: the input language reads
        # d1^-1/2 as d1^(-1/2), which plain precedence would not
        t = self.peek()
        if t is None or (t.kind == "op" and t.text != "("):
            raise _NotPlain
        exponent = self.atom()
        nxt = self.peek()
        if nxt is not None and nxt.kind == "op" and nxt.text in ("^", "/"):
            raise _NotPlain
        if exponent.denominator != 1 or abs(exponent) > MAX_EXPONENT:
            raise _NotPlain
        if base == 0 and exponent < 0:
            raise ExpressionError("a division by zero")
        return base ** int(exponent)

    def atom(self) -> Fraction:
        t = self.peek()
        if t is None:
            raise _NotPlain
        if t.kind == "num":
            self.i += 1
            try:
                return Fraction(Decimal(t.text))
            except (InvalidOperation, ValueError):
                raise _NotPlain from None
        if t.kind == "name" and t.text == "sqrt":
            return self.root()
        if t.kind == "name":
            name, end = self.name_at(self.i)
            value = self.values.get(name)
            nxt = self.tokens[end] if end < len(self.tokens) else None
            if isinstance(value, (int, Fraction)) and not (
                nxt is not None and nxt.kind == "op" and nxt.text == "("
            ):
                self.i = end
                return Fraction(value)
            raise _NotPlain
        if t.kind == "op" and t.text == "(":
            self.i += 1
            value = self.sum()
            if self.op(")") is None:
                raise _NotPlain
            return value
        raise _NotPlain


# ----------------------------------------------------------------------------- sympy


def _with_sympy(text: str, values: Mapping[str, Value], symbols: tuple[str, ...]) -> Value:
    import sympy as sp

    expr = _sympy_expr(text, values, symbols)
    try:
        expr = sp.simplify(expr)
    except Exception:  # noqa: BLE001 - simplification is a nicety; the value stands without it
        pass
    return from_sympy(expr)


def _context(values: Mapping[str, Value], symbols: tuple[str, ...]) -> Any:
    from tutor.content.loader import BoxSpec, SymbolSpec
    from tutor.inputlang.reader import box_names

    names = [n for n, v in values.items() if not isinstance(v, str)]
    specs = [SymbolSpec(n, positive=False) for n in names if n not in symbols]
    specs += [SymbolSpec(s, positive=True) for s in symbols]
    box = BoxSpec(id="variant.value", kind="expression", prompt="", answer="", symbols=tuple(specs))
    return box_names(box)


def _sympy_expr(text: str, values: Mapping[str, Value], symbols: tuple[str, ...]) -> Any:
    import sympy as sp

    from tutor.inputlang.reader import parse_answer

    ctx = _context(values, symbols)
    try:
        parsed = parse_answer(text, ctx)
    except ParseError as exc:
        raise ExpressionError(f"cannot read {text!r}: {exc.message}") from None
    expr = parsed.value
    if not isinstance(expr, sp.Basic) or parsed.tail or parsed.dists or parsed.relation:
        raise ExpressionError(f"{text!r} is not a plain expression")
    subs = {}
    for sym in expr.free_symbols:
        name = str(sym)
        if name in symbols:
            continue
        value = values.get(name)
        if isinstance(value, (int, Fraction)):
            subs[sym] = sp.Rational(Fraction(value).numerator, Fraction(value).denominator)
        elif isinstance(value, Formula):
            subs[sym] = _sympy_expr(value.text, {}, _free_names(value.text, symbols))
        else:
            raise ExpressionError(f"'{name}' in {text!r} is not a number or a formula")
    return expr.xreplace(subs)


def _free_names(text: str, symbols: tuple[str, ...]) -> tuple[str, ...]:
    """The symbols a formula's text uses (a formula value keeps only free symbols)."""
    try:
        names = {t.text for t in tokenize(text) if t.kind == "name"}
    except ParseError:
        return symbols
    builtin = {"pi", "e", "sqrt", "log", "ln", "exp"}
    return tuple(sorted((names - builtin) | set(symbols)))


def from_sympy(expr: Any) -> Value:
    """A sympy result as a value: rationals exactly, anything else as a ``Formula``."""
    import sympy as sp

    from tutor.inputlang.pretty import pretty

    if not isinstance(expr, sp.Basic):
        raise ExpressionError(f"not an expression: {expr!r}")
    if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        raise ExpressionError("the value is infinite or undefined (a division by zero?)")
    if expr.is_Rational:
        return normalize(Fraction(int(expr.p), int(expr.q)))
    approx: float | None = None
    if expr.is_number:
        try:
            number: complex | None = complex(expr.evalf(30))
        except (TypeError, ValueError):
            number = None
        if number is None or abs(number.imag) > 1e-12 * max(1.0, abs(number.real)):
            raise ExpressionError("the value is not a real number")
        approx = number.real
    return Formula(input_text(expr), pretty(expr), approx, sp.latex(expr))


def input_text(expr: Any) -> str:
    """A sympy expression written in the input language (``sqrt(pi/2)/d1``, ``|x|``, ``e``)."""
    from sympy.printing.str import StrPrinter

    class _Printer(StrPrinter):
        def _print_Exp1(self, expr: Any) -> str:
            return "e"

        def _print_Abs(self, expr: Any) -> str:
            return "|" + self._print(expr.args[0]) + "|"

    return str(_Printer().doprint(expr))


def _float_sign(a: Value, b: Value) -> int | None:
    """The sign of a - b from the values' floats, when they are clearly apart (no sympy)."""
    fa = a.approx if isinstance(a, Formula) else float(a) if not isinstance(a, str) else None
    fb = b.approx if isinstance(b, Formula) else float(b) if not isinstance(b, str) else None
    if fa is None or fb is None:
        return None
    if abs(fa - fb) <= 1e-9 * max(1.0, abs(fa), abs(fb)):
        return None
    return 1 if fa > fb else -1


def _sympy_sign(a: Value, b: Value) -> int:
    import sympy as sp

    def as_sympy(v: Value) -> Any:
        if isinstance(v, Formula):
            return _sympy_expr(v.text, {}, _free_names(v.text, ()))
        f = Fraction(v) if not isinstance(v, str) else None
        if f is None:
            raise ExpressionError(f"cannot compare the word {v!r} with a number")
        return sp.Rational(f.numerator, f.denominator)

    diff = sp.simplify(as_sympy(a) - as_sympy(b))
    if diff == 0:
        return 0
    if diff.free_symbols:
        raise ExpressionError("a constraint compares formulas with free symbols")
    value = float(diff.evalf(30))
    return (value > 0) - (value < 0)
