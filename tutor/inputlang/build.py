"""A parse tree to sympy (and the result types of ``values``), within the size limits.

Powers, factorials, exponentials and literal exponents are bounded here, before sympy is
asked to compute anything (``9^9^9`` is refused, not evaluated). Expectations combine
linearly with constants; an order Θ(...) is a whole answer (times a constant at most).
Gradients of unknown functions become derivative functions: ``∇f(a)`` is ``f__d0(a)`` (the
derivative of ``f`` in its first argument at ``a``) and ``∇_θ p_θ(x)`` is ``p__d0(θ, x)``.
sympy is imported when a ``Builder`` is made.
"""

from __future__ import annotations

import math
from typing import Any

from tutor.inputlang.names import Names
from tutor.inputlang.pretty import pretty_name
from tutor.inputlang.tree import (
    Abs,
    Call,
    Const,
    DensityOf,
    Expect,
    Factorial,
    Func,
    Gaussian,
    Grad,
    Identity,
    Name,
    Node,
    Num,
    OrderOf,
    Power,
    Product,
    Root,
    Sampled,
    Signed,
    Sum,
)
from tutor.inputlang.values import (
    MAX_EXPONENT,
    MAX_FACTORIAL,
    MAX_POWER_DIGITS,
    Density,
    DistClause,
    Expectation,
    Normal,
    Order,
    ParseError,
    Reason,
    plus_minus_symbol,
)


def _fail(message: str, reason: Reason, col: int) -> ParseError:
    return ParseError(reason, message, col)


class Builder:
    """Builds the trees read against one box's ``Names``."""

    def __init__(self, names: Names) -> None:
        import sympy

        self.sp = sympy
        self.names = names

    def build(self, node: Node) -> Any:
        method = getattr(self, "_" + type(node).__name__)
        return method(node)

    def expr(self, node: Node) -> Any:
        """``node`` built, which must be an expression (not an expectation or order)."""
        return need_expr(self.build(node), node.col)

    # -- leaves
    def _Num(self, n: Num) -> Any:
        sp = self.sp
        text = n.text
        if "." in text or "e" in text.lower():
            mant, _, ex = text.lower().partition("e")
            if ex and abs(int(ex)) > MAX_EXPONENT:
                raise _fail(
                    f"The number at column {n.col + 1} has a power of ten too far from 0 to "
                    "check; no answer here needs it.",
                    "too-big",
                    n.col,
                )
            value = sp.Rational(mant if mant != "." else "0")
            if ex:
                value = value * sp.Integer(10) ** int(ex)
            return value
        return sp.Integer(int(text))

    def _Name(self, n: Name) -> Any:
        if n.role == "symbol":
            return self.names.symbols[n.name]
        if n.role == "definition":
            return self.names.definitions[n.name]
        return self.sp.Symbol(n.name, real=True)

    def _Const(self, n: Const) -> Any:
        return self.sp.pi if n.name == "pi" else self.sp.E

    def _Identity(self, n: Identity) -> Any:
        return self.sp.Integer(1)  # the 1-D reading of N(0, σ² I)

    # -- arithmetic
    def _Sum(self, n: Sum) -> Any:
        value = self.build(n.first)
        for op, term in n.rest:
            value = self.combine(op, value, self.build(term), term.col)
        return value

    def _Product(self, n: Product) -> Any:
        value = self.build(n.first)
        for op, factor in n.rest:
            value = self.combine(op, value, self.build(factor), factor.col)
        return value

    def _Signed(self, n: Signed) -> Any:
        value = self.build(n.operand)
        if n.sign == "-":
            return self.combine("neg", value, None, n.col)
        pm = self.combine("*", plus_minus_symbol(), value, n.col)
        return pm if n.sign == "±" else self.combine("neg", pm, None, n.col)

    def combine(self, op: str, a: Any, b: Any, col: int) -> Any:
        """Arithmetic on sympy values; expectations combine linearly with constants."""
        if isinstance(a, Expectation) or isinstance(b, Expectation):
            return self._combine_expectations(op, a, b, col)
        if isinstance(a, Order) or isinstance(b, Order):
            if op == "*" and isinstance(a, Order) != isinstance(b, Order):
                o, c = (a, b) if isinstance(a, Order) else (b, a)
                return Order(o.kind, o.expr * need_expr(c, col))
            raise _fail("An order Θ(...) can only be the whole answer.", "kind", col)
        if op in ("±", "∓"):
            pm = self.combine("*", plus_minus_symbol(), b, col)
            return self.combine("+" if op == "±" else "-", a, pm, col)
        a = need_expr(a, col)
        if op == "neg":
            return -a
        b = need_expr(b, col)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if b == 0:
                raise _fail("That answer divides by zero.", "syntax", col)
            return a / b
        raise AssertionError(op)

    def _combine_expectations(self, op: str, a: Any, b: Any, col: int) -> Expectation:
        if op in ("±", "∓"):
            raise _fail("Write ± inside the expectation, as in E[a ± b].", "kind", col)
        if op == "neg":
            return Expectation(a.var, a.dist, -a.body)
        if isinstance(a, Expectation) and isinstance(b, Expectation):
            if op in ("+", "-") and a.var == b.var and a.dist == b.dist:
                body = a.body + b.body if op == "+" else a.body - b.body
                return Expectation(a.var, a.dist, body)
            raise _fail("Combine expectations over the same variable into one E[...].", "kind", col)
        if op in ("*", "/"):
            e, c = (a, b) if isinstance(a, Expectation) else (b, a)
            c = need_expr(c, col)
            if e.var is not None and e.var in c.free_symbols:
                raise _fail(f"{e.var} is only defined inside the expectation.", "syntax", col)
            if op == "/" and e is b:
                raise _fail(
                    "Dividing by an expectation is not what this box asks for.", "kind", col
                )
            return Expectation(e.var, e.dist, e.body * c if op == "*" else e.body / c)
        raise _fail(
            "An expectation plus a plain term: put everything inside one E[...].", "kind", col
        )

    def _Power(self, n: Power) -> Any:
        return self.power(self.build(n.base), self.build(n.exp), n.exp.col)

    def power(self, base: Any, exp: Any, col: int) -> Any:
        sp = self.sp
        if isinstance(base, Order) and not isinstance(exp, (Order, Expectation)):
            return Order(base.kind, self.power(base.expr, exp, col))
        base = need_expr(base, col)
        exp = need_expr(exp, col)
        too_big = "That power is too large to check; no answer here needs it."
        if base.is_Number and base.is_finite is False:  # (1/0, log 0 are refused before)
            raise _fail("That answer is infinite or undefined: it has no value.", "syntax", col)
        if base.is_zero and exp.is_zero:  # "0^0": undefined, like 0/0 (never read as 1)
            raise _fail("0⁰ is undefined: that answer has no value.", "syntax", col)
        if exp.is_Number:
            if abs(exp) > MAX_EXPONENT:
                raise _fail(too_big, "too-big", col)
            if base.is_Number and base != 0 and exp.is_Integer:
                digits = abs(int(exp)) * max(
                    1.0,
                    math.log10(max(abs(float(base)), 1e-300))
                    if base.is_Integer
                    else _num_digits(base),
                )
                if digits > MAX_POWER_DIGITS:
                    raise _fail(too_big, "too-big", col)
        elif exp.is_number:
            try:
                size = abs(complex(exp.evalf(15)))
            except (TypeError, ValueError):
                size = math.inf
            if not size <= MAX_EXPONENT:
                raise _fail(too_big, "too-big", col)
        else:
            # a symbolic exponent: its numeric size is bounded by the symbols' domains at check time
            towers = [a for a in exp.atoms(sp.Pow) if not a.exp.is_Number]
            if towers or exp.has(sp.exp):
                raise _fail(
                    "Power towers are too complex to check; no answer here needs one.",
                    "too-big",
                    col,
                )
        if base == 0 and exp.is_number and exp.is_negative:
            raise _fail("That answer divides by zero.", "syntax", col)
        return self.real(base**exp, "power", col)

    def real(self, value: Any, what: str, col: int) -> Any:
        """``value`` (a root, power or logarithm just built), unless it is not a real number
        (``√(−1)``, ``(−8)^(1/2)``, ``log(−1)``): every answer here is real, and an imaginary
        one is refused like ``1/0``, never compared."""
        if value.has(self.sp.I):
            raise _fail(
                f"The {what} at column {col + 1} is of a negative number: it is not a real number.",
                "syntax",
                col,
            )
        return value

    def _Root(self, n: Root) -> Any:
        arg = self.expr(n.arg)
        if n.index is None:
            return self.real(self.sp.sqrt(arg), "square root", n.col)
        inverse = self.combine("/", self.sp.Integer(1), self.build(n.index), n.index.col)
        return self.power(arg, inverse, n.col)

    def _Func(self, n: Func) -> Any:
        sp = self.sp
        arg = need_expr(self.build(n.arg), n.col)
        if n.name == "exp":
            if arg.has(sp.exp) or any(not a.exp.is_Number for a in arg.atoms(sp.Pow)):
                raise _fail(
                    "Nested exponentials are too large to check; no answer needs one.",
                    "too-big",
                    n.col,
                )
            return sp.exp(arg)
        if arg.is_zero:  # log(0): no value to judge
            raise _fail(
                f"The logarithm at column {n.col + 1} is of zero: it has no value.", "syntax", n.col
            )
        return self.real(sp.log(arg), "logarithm", n.col)

    def _Abs(self, n: Abs) -> Any:
        return self.sp.Abs(need_expr(self.build(n.arg), n.col))

    def _Factorial(self, n: Factorial) -> Any:
        value = need_expr(self.build(n.arg), n.col)
        col = n.end - 1
        if not value.is_Integer or value < 0:
            raise _fail(f"A factorial (column {col + 1}) needs a whole number.", "syntax", col)
        if value > MAX_FACTORIAL:
            raise _fail(f"That factorial (column {col + 1}) is too large to check.", "too-big", col)
        return self.sp.factorial(value)

    # -- functions, gradients, distributions
    def _Call(self, n: Call) -> Any:
        args = list(n.args)
        if n.value is not None:  # p_{μ=0}(x): the value is the parameter
            args = [n.value, *args]
        elif n.param is not None:
            args = [n.param, *args]
        fname = n.name + "__d0" * n.primes
        return self.sp.Function(fname)(*[need_expr(self.build(a), n.col) for a in args])

    def _Grad(self, n: Grad) -> Any:
        sp = self.sp
        from sympy.core.function import AppliedUndef

        wrt = None
        if n.wrt is not None:
            wrt = self.build(n.wrt)
            if not isinstance(wrt, sp.Symbol):
                raise _fail(
                    "A gradient's subscript must be one variable, as in ∇_x.", "syntax", n.col
                )
        if isinstance(n.operand, Expect):
            raise _fail(
                f"The gradient at column {n.col + 1} is outside the expectation. Move it inside "
                "and write the result as one E[...], with the gradient in the brackets.",
                "kind",
                n.col,
            )
        operand = need_expr(self.build(n.operand), n.col)
        if isinstance(operand, AppliedUndef) and len(operand.args) == 1:
            if wrt is None or (wrt not in operand.free_symbols and n.at is None):
                # ∇f(a), and ∇_x f(μ + σz): the gradient of f in its argument, taken there
                result = sp.Function(operand.func.__name__ + "__d0")(operand.args[0])
                return self._at(n, result)
        if wrt is None:
            params = [
                a.args[0]
                for a in operand.atoms(AppliedUndef)
                if len(a.args) == 2 and isinstance(a.args[0], sp.Symbol)
            ]
            if not params:
                raise _fail(
                    f"Say what the gradient at column {n.col + 1} is taken with respect to, as in ∇_x.",
                    "syntax",
                    n.col,
                )
            wrt = params[0]
        return self._at(n, gradient_of(operand, wrt))

    def _at(self, n: Grad, value: Any) -> Any:
        """``|_{x=a}`` after a gradient substitutes a for x."""
        if n.at is None:
            return value
        var = self.build(n.at[0])
        if not isinstance(var, self.sp.Symbol):
            raise _fail("Write an evaluation bar as |_{x = ...}.", "syntax", n.at[0].col)
        return value.xreplace({var: self.build(n.at[1])})

    def _Expect(self, n: Expect) -> Expectation:
        var = self.build(n.var) if n.var is not None else None
        dist = self.build(n.dist) if n.dist is not None else None
        return Expectation(var, dist, need_expr(self.build(n.body), n.col))

    def _Gaussian(self, n: Gaussian) -> Any:
        normal = Normal(need_expr(self.build(n.mean), n.col), need_expr(self.build(n.cov), n.col))
        if getattr(normal.var, "is_negative", None):  # N(0, −I), N(μ, −σ²I): no such law
            raise _fail(
                f"The covariance of N(…) at column {n.col + 1} is negative, and a covariance "
                "never is: check its sign.",
                "kind",
                n.col,
            )
        if n.point is None:
            return normal
        # N(x; μ, σ²I) in an expression: the density at x, which is this part's p_μ(x) when
        # the mean and covariance are its family's
        for name, (param, family) in self.names.families.items():
            if family == normal and isinstance(param, self.sp.Symbol):
                call = Call(
                    name,
                    (n.point,),
                    Name(param.name, "symbol", col=n.col, end=n.end),
                    None,
                    0,
                    False,
                    col=n.col,
                    end=n.end,
                )
                return self._Call(call)
        if self.names.families:
            shown = " or ".join(
                f"{name}_{pretty_name(str(param))}(x)"
                for name, (param, _) in self.names.families.items()
            )
            message = (
                f"N(…; mean, covariance) at column {n.col + 1} is a density, but its mean and "
                f"covariance are not those of this part's density: write that density as {shown}."
            )
        else:
            message = (
                f"N(…; mean, covariance) at column {n.col + 1} is a density: this box has no "
                "density to read it as; write the expression it stands for."
            )
        raise _fail(message, "kind", n.col)

    def _DensityOf(self, n: DensityOf) -> Normal | Density:
        param = self.build(n.param) if n.param is not None else None
        value = self.build(n.value) if n.value is not None else None
        family = self.names.families.get(n.name)
        if family is not None:
            fparam, normal = family
            if param is not None and value is None and getattr(param, "is_Number", False):
                param, value = fparam, param  # p_0 is p_{μ=0}
            if param is not None and param != fparam:
                raise _fail(f"{n.name} is indexed by {fparam}, not {param}.", "syntax", n.col)
            if value is None:
                return normal
            return Normal(
                normal.mean.xreplace({fparam: value}), normal.var.xreplace({fparam: value})
            )
        if param is None:
            raise _fail(
                f"Say which parameter {n.name} depends on, as in {n.name}_θ.", "syntax", n.col
            )
        return Density(n.name, param, value)

    def _OrderOf(self, n: OrderOf) -> Order:
        return Order(n.kind, need_expr(self.build(n.arg), n.col))

    def _Sampled(self, n: Sampled) -> DistClause:
        var = self.build(n.var) if n.var is not None else None
        return DistClause(var, self.build(n.dist))


def need_expr(v: Any, col: int) -> Any:
    if isinstance(v, (Expectation, Order, Normal, Density)):
        what = {
            Expectation: "an expectation",
            Order: "an order (Θ/O)",
            Normal: "a distribution",
            Density: "a distribution",
        }[type(v)]
        raise ParseError(
            "kind",
            f"{what[0].upper()}{what[1:]} can't be used inside another expression here "
            f"(column {col + 1}).",
            col,
        )
    return v


def _num_digits(r: Any) -> float:
    num, den = abs(int(r.p)), abs(int(r.q))
    return max(1.0, len(str(num)), len(str(den)))


def gradient_of(expr: Any, wrt: Any) -> Any:
    """d expr / d wrt, with derivatives of unknown functions as ``name__d<i>`` functions."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    d = sp.diff(expr, wrt)

    def conv(der: Any) -> Any:
        inner = der.expr
        if isinstance(inner, AppliedUndef) and len(der.variables) == 1:
            v = der.variables[0]
            if v in inner.args:
                idx = inner.args.index(v)
                return sp.Function(f"{inner.func.__name__}__d{idx}")(*inner.args)
        return der

    d = d.replace(lambda a: isinstance(a, sp.Derivative), conv)
    d = d.replace(
        lambda a: isinstance(a, sp.Subs),
        lambda s: s.expr.xreplace(dict(zip(s.variables, s.point, strict=True))),
    )
    return d
