"""Plain arithmetic on numbers, exactly: ``+ - * / ^`` and brackets over fractions.

Whole numbers, decimals and the names of numeric values, read from the input language's own
tokens, so the handout of a part can be shown without loading sympy. Anything else raises
``NotPlain``: the caller reads it with the full input language (``symbolic``); the two readings
agree on this subset (a test checks them against each other).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

from tutor.inputlang.lexer import Token, tokenize
from tutor.inputlang.values import ParseError
from tutor.variants.expressions.errors import ExpressionError, unreadable
from tutor.variants.values import Value, normalize

MAX_EXPONENT = 200


@lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple[Token, ...]:
    """The tokens of a declaration's text, read once: a derived value is computed for every
    parameter set ``validate`` tries (tokens are never changed once made)."""
    return tuple(tokenize(text))


class NotPlain(Exception):
    """Not plain arithmetic: read it with the full input language."""


class Plain:
    """Recursive descent over the input language's tokens for plain arithmetic on numbers."""

    def __init__(self, text: str, values: Mapping[str, Value]):
        try:
            self.tokens: Sequence[Token] = _tokens(text)
        except ParseError as exc:
            raise unreadable(text, exc, [n for n in values]) from None
        self.values = values
        self.i = 0

    def run(self) -> Value:
        if not self.tokens:
            raise ExpressionError("an empty expression")
        value = self.sum()
        if self.i != len(self.tokens):
            raise NotPlain
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
            raise NotPlain
        self.i += 2
        value = self.sum()
        if self.op(")") is None or value < 0:
            raise NotPlain
        p, q = math.isqrt(value.numerator), math.isqrt(value.denominator)
        if p * p != value.numerator or q * q != value.denominator:
            raise NotPlain
        return Fraction(p, q)

    def sum(self) -> Fraction:
        value = self.product()
        while (op := self.op("+", "-")) is not None:
            right = self.product()
            value = value + right if op == "+" else value - right
        return value

    def product(self) -> Fraction:
        value = self.unary()
        while (t := self.peek()) is not None and (op := self.op("*", "/")) is not None:
            right = self.unary()
            if op == "*":
                value *= right
            elif right == 0:
                raise ExpressionError(f"a division by zero (the '/' at column {t.col + 1})")
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
            raise NotPlain
        exponent = self.atom()
        nxt = self.peek()
        if nxt is not None and nxt.kind == "op" and nxt.text in ("^", "/"):
            raise NotPlain
        if exponent.denominator != 1 or abs(exponent) > MAX_EXPONENT:
            raise NotPlain
        if base == 0 and exponent < 0:
            raise ExpressionError("a division by zero (0 to a negative power)")
        return base ** int(exponent)

    def atom(self) -> Fraction:
        t = self.peek()
        if t is None:
            raise NotPlain
        if t.kind == "num":
            self.i += 1
            try:
                return Fraction(Decimal(t.text))
            except (InvalidOperation, ValueError):
                raise NotPlain from None
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
            raise NotPlain
        if t.kind == "op" and t.text == "(":
            self.i += 1
            value = self.sum()
            if self.op(")") is None:
                raise NotPlain
            return value
        raise NotPlain
