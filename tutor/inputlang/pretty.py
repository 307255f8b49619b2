"""Printing, on one line in unicode: a parse tree as typed, and values as sympy holds them.

``show(tree)`` is the "read as" line (the preview and the verdict's ``interpreted``): the answer
as typed, normalized (names in unicode, ``·`` for products, powers as superscripts, brackets
only where they are needed), never simplified: ``d1*d2/d2^2`` shows as ``d₁·d₂/d₂²``. What it
prints reads back to the same tree. ``pretty(value)`` prints what the checker computes itself
(a reference's order of growth, a distribution in feedback), from sympy.
"""

from __future__ import annotations

import re
from typing import Any

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
    PLUS_MINUS,
    Density,
    DistClause,
    Expectation,
    Normal,
    Order,
)

_PRETTY_NAMES = {
    "pi": "π",
    "sigma": "σ",
    "mu": "μ",
    "theta": "θ",
    "epsilon": "ε",
    "xi": "ξ",
    "zeta": "ζ",
    "eta": "η",
    "tau": "τ",
    "phi": "φ",
    "alpha": "α",
    "beta": "β",
    "lambda": "λ",
    "delta": "δ",
    "Sigma": "Σ",
    "Delta": "Δ",
}
_SUB_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP_DIGITS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


# how tightly a printed node binds: a node is bracketed where a tighter one is needed
SUM, PRODUCT, SIGNED, POWER, ATOM = range(5)
_SIGN = {"-": "−", "+": "+", "±": "±", "∓": "∓"}


def show(node: Node, prec: int = SUM) -> str:
    """The tree as typed, normalized, on one line (bracketed if it binds looser than ``prec``)."""
    text, level = _show(node)
    return f"({text})" if level < prec else text


def _sub(node: Node) -> str:
    text = show(node, ATOM)
    return f"_{text}" if len(text) == 1 else f"_{{{text}}}"


def _show(n: Node) -> tuple[str, int]:  # noqa: C901 - one case per node type
    if isinstance(n, Num):
        return _number(n.text)
    if isinstance(n, Name):
        return pretty_name(n.name), ATOM
    if isinstance(n, Const):
        return ("π" if n.name == "pi" else "e"), ATOM
    if isinstance(n, Identity):
        return "I", ATOM
    if isinstance(n, Sum):
        out = show(n.first, SUM)
        for op, term in n.rest:
            text = f"({show(term)})" if isinstance(term, Signed) else show(term, PRODUCT)
            out += f" {_SIGN[op]} {text}"
        return out, SUM
    if isinstance(n, Product):
        out = show(n.first, PRODUCT)
        for mul, factor in n.rest:
            out += ("·" if mul == "*" else "/") + show(factor, POWER)
        return out, PRODUCT
    if isinstance(n, Signed):
        return _SIGN[n.sign] + show(n.operand, POWER), SIGNED
    if isinstance(n, Power):
        return show(n.base, ATOM) + _exponent(n.exp), POWER
    if isinstance(n, Root):
        arg = show(n.arg, ATOM)
        if n.index is not None:
            return f"√[{show(n.index)}]({show(n.arg)})", POWER
        return "√" + arg, POWER
    if isinstance(n, Func):
        return f"{n.name}({show(n.arg)})", ATOM
    if isinstance(n, Abs):  # "| |x| |", not "||x||": two bars side by side read as ‖
        inner = show(n.arg)
        inner = (
            (" " if inner.startswith("|") else "") + inner + (" " if inner.endswith("|") else "")
        )
        return f"|{inner}|", ATOM
    if isinstance(n, Factorial):
        return show(n.arg, ATOM) + "!", POWER
    if isinstance(n, Call):
        sub = ""
        if n.value is not None and n.param is not None:
            sub = f"_{{{show(n.param)}={show(n.value)}}}"
        elif n.param is not None:
            sub = _sub(n.param)
        args = ", ".join(show(a) for a in n.args)
        return f"{n.name}{'′' * n.primes}{sub}({args})", ATOM
    if isinstance(n, Grad):
        head = "∇" if n.wrt is None else f"∇{_sub(n.wrt)} "
        at = f"|_{{{show(n.at[0])} = {show(n.at[1])}}}" if n.at is not None else ""
        return head + show(n.operand, ATOM) + at, POWER
    if isinstance(n, Expect):
        sub = ""
        if n.var is not None and n.dist is not None:
            sub = f"_{{{show(n.var)} ∼ {show(n.dist)}}}"
        elif n.var is not None:
            sub = _sub(n.var)
        elif n.dist is not None:
            sub = f"_{{{show(n.dist)}}}"
        return f"𝔼{sub}[{show(n.body)}]", ATOM
    if isinstance(n, Gaussian):
        at = f"{show(n.point)}; " if n.point is not None else ""
        return f"N({at}{show(n.mean)}, {show(n.cov)})", ATOM
    if isinstance(n, DensityOf):
        if n.value is not None and n.param is not None:
            return f"{n.name}_{{{show(n.param)}={show(n.value)}}}", ATOM
        return n.name + (_sub(n.param) if n.param is not None else ""), ATOM
    if isinstance(n, OrderOf):
        return f"{n.kind}({show(n.arg)})", ATOM
    if isinstance(n, Sampled):
        dist = show(n.dist)
        return (f"{show(n.var)} ∼ {dist}" if n.var is not None else dist), SUM
    raise TypeError(f"no printing for {type(n).__name__}")


def _exponent(exp: Node) -> str:
    """A whole-number power as a superscript (``²``, ``⁻¹``), any other after ``^``."""
    if isinstance(exp, Num) and exp.text.isdigit():
        return exp.text.translate(_SUP_DIGITS)
    if (
        isinstance(exp, Signed)
        and exp.sign == "-"
        and isinstance(exp.operand, Num)
        and exp.operand.text.isdigit()
    ):
        return "⁻" + exp.operand.text.translate(_SUP_DIGITS)
    return "^" + show(exp, ATOM)


def _number(text: str) -> tuple[str, int]:
    """A number as typed: ``0.50`` stays 0.50, ``.5`` is 0.5, ``2e-3`` is 2·10⁻³."""
    mant, _, ex = text.lower().partition("e")
    if mant.startswith("."):
        mant = "0" + mant
    if not ex:
        return mant, ATOM
    return f"{mant}·10" + str(int(ex)).translate(_SUP_DIGITS), PRODUCT


def pretty_name(name: str) -> str:
    m = re.fullmatch(r"([A-Za-z]+?)(\d+)", name)
    if m and m.group(1) in _PRETTY_NAMES | {k: k for k in ("d", "x", "z", "n", "w", "y", "t")}:
        return _PRETTY_NAMES.get(m.group(1), m.group(1)) + m.group(2).translate(_SUB_DIGITS)
    if m and len(m.group(1)) == 1:
        return m.group(1) + m.group(2).translate(_SUB_DIGITS)
    return _PRETTY_NAMES.get(name, name)


def pretty(value: Any) -> str:
    """One line of unicode math for anything ``parse_answer`` returns."""
    if isinstance(value, Expectation):
        sub = ""
        if value.var is not None and value.dist is not None:
            sub = f"_{{{pretty(value.var)} ∼ {pretty(value.dist)}}}"
        elif value.var is not None:
            sub = f"_{pretty(value.var)}"
        elif value.dist is not None:
            sub = f"_{{{pretty(value.dist)}}}"
        return f"𝔼{sub}[{pretty(value.body)}]"
    if isinstance(value, Normal):
        import sympy as sp

        cov = "I" if value.var == 1 else f"{_pp(value.var, 2)}·I"
        del sp
        return f"N({pretty(value.mean)}, {cov})"
    if isinstance(value, Density):
        p = pretty(value.param)
        if value.value is not None:
            return f"{value.name}_{{{p}={pretty(value.value)}}}"
        return f"{value.name}_{p}"
    if isinstance(value, Order):
        return f"{value.kind}({pretty(value.expr)})"
    if isinstance(value, DistClause):
        return (
            f"{pretty(value.var)} ∼ {pretty(value.dist)}"
            if value.var is not None
            else pretty(value.dist)
        )
    if value is None:
        return ""
    return _pp(value, 0)


# precedence: 0 sum, 1 product, 2 power base / unary
def _pp(e: Any, prec: int) -> str:
    import sympy as sp
    from sympy.core.function import AppliedUndef

    def wrap(s: str, mine: int) -> str:
        return f"({s})" if mine < prec else s

    if e.is_Integer:
        s = str(int(e))
        return wrap(s, 0) if e < 0 else s
    if e.is_Rational:
        dec = _as_decimal(e)
        if dec is not None:
            return wrap(dec, 0) if e < 0 else dec
        return wrap(f"{e.p}/{e.q}", 1) if e.p > 0 else wrap(f"−{-e.p}/{e.q}", 0)
    if e.is_Float:
        return str(e)
    if e is sp.pi:
        return "π"
    if e is sp.E:
        return "e"
    if e.is_Symbol:
        return "±" if e.name == PLUS_MINUS else pretty_name(e.name)
    if e.is_Add:
        terms = e.as_ordered_terms()
        pm = [t for t in terms if _pm_part(t) is not None]
        terms = [t for t in terms if t not in pm]
        terms = [t for t in terms if not _negative(t)] + [t for t in terms if _negative(t)] + pm
        out = _pp(terms[0], 0)
        for t in terms[1:]:
            c, rest = t.as_coeff_Mul()
            split = _pm_part(t)
            if split is not None:
                sign, rest = split
                out += (" ± " if sign > 0 else " ∓ ") + _pp(rest, 1)
            elif c.is_Number and c < 0:
                out += " − " + _pp(-t, 1)
            else:
                out += " + " + _pp(t, 1)
        return wrap(out, 0)
    signed = _pm_part(e) if e.is_Mul else None
    if signed is not None:
        sign, rest = signed
        return wrap(("±" if sign > 0 else "∓") + _pp(rest, 1), 1)
    if e.is_Mul:
        c, rest = e.as_coeff_Mul()
        if c.is_Number and c < 0:
            return wrap("−" + _pp(-e, 1), 0)
        num, den = [], []
        for f in sp.Mul.make_args(e):
            if f.is_Pow and f.exp.is_Number and f.exp < 0:
                den.append(f.base if f.exp == -1 else sp.Pow(f.base, -f.exp))
            elif f.is_Rational and not f.is_Integer and _as_decimal(f) is not None:
                num.append(f)
            elif f.is_Rational and not f.is_Integer:
                if f.p != 1:
                    num.append(sp.Integer(f.p))
                den.append(sp.Integer(f.q))
            else:
                num.append(f)
        ntext = "·".join(_pp(f, 2 if len(num) > 1 else 1) for f in num) if num else "1"
        if not den:
            return wrap(ntext, 1)
        dtext = "·".join(_pp(f, 2) for f in den)
        if len(den) > 1:
            dtext = f"({dtext})"
        return wrap(f"{ntext}/{dtext}", 1)
    if e.is_Pow:
        b, x = e.base, e.exp
        if x == sp.Rational(1, 2):
            inner = _pp(b, 3)
            bare = inner.startswith("(") or len(inner) == 1 or b.is_Symbol or b.is_Integer
            return "√" + (inner if bare else f"({inner})")
        if x == -1:
            return wrap(f"1/{_pp(b, 2)}", 1)
        if x.is_Number and x < 0:
            return wrap(f"1/{_pp(sp.Pow(b, -x), 2)}", 1)
        if x.is_Integer and x > 0:
            return _pp(b, 3) + str(int(x)).translate(_SUP_DIGITS)
        if x.is_Integer:
            return _pp(b, 3) + str(int(x)).translate(_SUP_DIGITS)
        return f"{_pp(b, 3)}^({_pp(x, 0)})"
    if isinstance(e, sp.exp):
        return f"exp({_pp(e.args[0], 0)})"
    if isinstance(e, sp.log):
        return f"log({_pp(e.args[0], 0)})"
    if isinstance(e, sp.Abs):
        return f"|{_pp(e.args[0], 0)}|"
    if isinstance(e, sp.factorial):
        return f"{_pp(e.args[0], 3)}!"
    if isinstance(e, AppliedUndef):
        base, *derivs = e.func.__name__.split("__d")
        args = list(e.args)
        sub = ""
        if len(args) == 2:  # a density p_θ(x): parameter first
            sub = "_" + _pp(args[0], 3)
            args = args[1:]
        call = f"{base}{sub}({', '.join(_pp(a, 0) for a in args)})"
        if not derivs:
            return call
        if len(e.args) == 1:
            return "∇" * len(derivs) + call
        wrt = "".join("∇_" + _pp(e.args[int(d)], 3) for d in derivs)
        return f"{wrt} {call}"
    return str(e)


def _pm_part(t: Any) -> tuple[int, Any] | None:
    """``±·b`` -> (1, b); ``−±·b`` -> (-1, b); None when ``t`` is not such a product."""
    import sympy as sp

    if not t.is_Mul:
        return None
    factors = sp.Mul.make_args(t)
    pm = [f for f in factors if f.is_Symbol and f.name == PLUS_MINUS]
    if len(pm) != 1:
        return None
    rest = sp.Mul(*[f for f in factors if f is not pm[0]])
    c, _ = rest.as_coeff_Mul()
    if c.is_Number and c < 0:
        return -1, -rest
    return 1, rest


def _negative(t: Any) -> bool:
    c, _ = t.as_coeff_Mul()
    return bool(c.is_Number and c < 0)


def _as_decimal(r: Any) -> str | None:
    """3183/5000 -> '0.6366' (a denominator dividing a power of ten), else None."""
    q = int(r.q)
    if q < 20:
        return None  # 1/2, 3/4, 2/5: exact fractions read better as fractions
    if r != 0 and abs(r) < 1e-3:
        mant, _, ex = f"{float(r):.6g}".partition("e")
        if ex:
            return f"{mant}·10" + str(int(ex)).translate(_SUP_DIGITS)
    for k in range(1, 13):
        if 10**k % q == 0:
            digits = str(abs(int(r.p)) * (10**k // q)).rjust(k + 1, "0")
            text = (digits[:-k] + "." + digits[-k:]).rstrip("0").rstrip(".")
            return ("−" if r.p < 0 else "") + text
    return None
