"""Expressions through sympy: read with ``tutor.inputlang`` (never ``eval``), simplified, and
turned back into a value (a rational exactly, anything else a ``Formula``).

sympy is imported inside functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from tutor.inputlang.lexer import tokenize
from tutor.inputlang.values import ParseError
from tutor.variants.expressions.errors import ExpressionError, unreadable
from tutor.variants.values import Formula, Value, normalize


def with_sympy(text: str, values: Mapping[str, Value], symbols: tuple[str, ...]) -> Value:
    import sympy as sp

    expr = sympy_expr(text, values, symbols)
    try:
        expr = sp.simplify(expr)
    except Exception:  # noqa: BLE001 - simplification is a nicety; the value stands without it
        pass
    return from_sympy(expr)


def _context(values: Mapping[str, Value], symbols: tuple[str, ...]) -> Any:
    from tutor.content.model import BoxSpec, SymbolSpec
    from tutor.inputlang.reader import box_names

    names = [n for n, v in values.items() if not isinstance(v, str)]
    specs = [SymbolSpec(n, positive=False) for n in names if n not in symbols]
    specs += [SymbolSpec(s, positive=True) for s in symbols]
    box = BoxSpec(id="variant.value", kind="expression", prompt="", answer="", symbols=tuple(specs))
    return box_names(box)


def sympy_expr(text: str, values: Mapping[str, Value], symbols: tuple[str, ...]) -> Any:
    import sympy as sp

    from tutor.inputlang.reader import parse_answer

    ctx = _context(values, symbols)
    try:
        parsed = parse_answer(text, ctx)
    except ParseError as exc:
        raise unreadable(text, exc, [*values, *symbols]) from None
    expr = parsed.value
    if not isinstance(expr, sp.Basic) or parsed.tail or parsed.dists or parsed.relation:
        raise ExpressionError(f"{text.strip()!r} is not a plain expression")
    subs = {}
    for sym in expr.free_symbols:
        name = str(sym)
        if name in symbols:
            continue
        value = values.get(name)
        if isinstance(value, (int, Fraction)):
            subs[sym] = sp.Rational(Fraction(value).numerator, Fraction(value).denominator)
        elif isinstance(value, Formula):
            subs[sym] = sympy_expr(value.text, {}, free_names(value.text, symbols))
        else:
            raise ExpressionError(f"'{name}' in {text.strip()!r} is not a number or a formula")
    return expr.xreplace(subs)


def free_names(text: str, symbols: tuple[str, ...]) -> tuple[str, ...]:
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


def sympy_sign(a: Value, b: Value) -> int:
    import sympy as sp

    def as_sympy(v: Value) -> Any:
        if isinstance(v, Formula):
            return sympy_expr(v.text, {}, free_names(v.text, ()))
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
