"""What a reading produces: the result types, ``ParseError`` and the size limits.

An expression reads as a sympy object; problem 4's notation as ``Expectation``, ``Normal``,
``Density``; an order of growth as ``Order``; one whole answer as ``Parsed``. The symbol
``PLUS_MINUS`` stands for ``±`` (a sign s = ±1, see ``Parsed.with_sign``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from tutor.inputlang.tree import Node, Sampled

MAX_LENGTH = 500  # characters in one answer (checked before anything else is done with it)
MAX_DEPTH = 40  # nesting of brackets and operators
MAX_TOKENS = 300
MAX_EXPONENT = 200  # |numeric exponent| allowed in a power
MAX_POWER_DIGITS = 2000  # a numeric power may not have more digits than this
MAX_FACTORIAL = 100

# why an answer can't be read (its note is ``invalid:<reason>``); a derivation adds "lines" (one
# line where working is asked) and "taken-back" (a line of words that takes the working back);
# "formula": a general formula where a number is asked, right or wrong at the question's numbers
Reason = Literal[
    "empty",
    "too-long",
    "too-deep",
    "too-big",
    "syntax",
    "unknown-name",
    "unit",
    "kind",
    "content",
    "lines",
    "taken-back",
    "formula",
]


class ParseError(Exception):
    """The answer could not be read. ``reason`` is the note suffix (``invalid:<reason>``)."""

    def __init__(self, reason: Reason, message: str, column: int | None = None):
        super().__init__(message)
        self.reason: Reason = reason
        self.message = message
        self.column = column


class FormulaError(ParseError):
    """A general formula typed where a number is asked (``N(N−1)/2``): ``letters`` are the
    question's letters it uses, in order. A box that knows their values here (its ``givens``)
    judges the formula at those values."""

    def __init__(self, message: str, column: int | None, letters: tuple[str, ...]):
        super().__init__("kind", message, column)
        self.letters = letters


def too_long(length: int) -> ParseError:
    return ParseError(
        "too-long",
        f"That answer is {length} characters long; answers are limited to {MAX_LENGTH}.",
        MAX_LENGTH,
    )


def check_length(text: str) -> None:
    """The first thing done with any text a student typed: nothing else is bounded by it."""
    if len(text) > MAX_LENGTH:
        raise too_long(len(text))


@dataclass(frozen=True)
class Normal:
    """A Gaussian N(mean, var·I), read in the 1-D scalar analogue (the problem is isotropic)."""

    mean: Any
    var: Any


@dataclass(frozen=True)
class Density:
    """An abstract density p_θ (``value`` set for p_{θ=value})."""

    name: str
    param: Any
    value: Any = None


@dataclass(frozen=True)
class Expectation:
    var: Any  # sympy Symbol or None (to be inferred)
    dist: Normal | Density | None
    body: Any


OrderKind = Literal["Θ", "O", "Ω"]


@dataclass(frozen=True)
class Order:
    kind: OrderKind
    expr: Any


@dataclass(frozen=True)
class DistClause:
    var: Any  # Symbol or None
    dist: Normal | Density


Bound = Literal["upper", "lower"]


@dataclass(frozen=True)
class Parsed:
    """What one answer was read as: the values, and the trees they were built from."""

    value: Any  # sympy Expr | Order | Expectation | None (when only distributions were given)
    relation: str | None = None  # "=", "<=", ">=", "<", ">" in front of the value
    bound: Bound | None = None  # from a relation or words ("at most")
    tail: tuple[str, ...] = ()  # unit / noun words after the value
    dists: tuple[DistClause, ...] = ()
    has_decimal: bool = False
    decimals: int = 0  # most digits after a decimal point in any number
    label: str = ""
    remarks: tuple[str, ...] = ()  # how an ambiguous piece was read ("1/2 d₁ is (1/2)·d₁")
    independent_of: tuple[Any, ...] = ()  # symbols a trailing "independent of d2" names
    tree: Node | None = None  # the value as typed (``tutor.inputlang.pretty.show`` prints it)
    dist_trees: tuple[Sampled, ...] = ()  # the distributions as typed
    # the other values of a chain ``a = b = value`` (labels left out), each read on its own:
    # the checker requires them all equal to ``value`` before it grades anything
    members: tuple[Parsed, ...] = ()
    # a label that names a power of the quantity asked: ``c² = 1/d1`` (2, "c²"), ``c⁻¹ = √d1``
    # (-1), ``√c = …`` (1/2), and a variance of W's entries, ``Var(W_ij) = 1/d1``, ``σ_W² = …``
    # (2, "Var(W_ij)"): the value is of c^power (a Fraction; 1: no power)
    label_power: int | Fraction = 1
    label_shown: str = ""
    # names the answer uses, defined after it ("E[∇f(x)], x = μ + σz"): put in the value
    where: tuple[tuple[Node, Node], ...] = ()

    @property
    def both_signs(self) -> bool:
        """The answer uses ± (read as "both signs"; see ``with_sign``)."""
        return has_plus_minus(self.value) or any(has_plus_minus(d.dist) for d in self.dists)

    def with_sign(self, sign: int) -> Parsed:
        """This answer with ± read as + (``sign=1``) or − (``sign=-1``); the trees keep ±."""
        return replace(
            self,
            value=_sub_pm(self.value, sign),
            dists=tuple(DistClause(d.var, _sub_pm(d.dist, sign)) for d in self.dists),
        )


PLUS_MINUS = "_pm_"  # the name of the symbol that stands for ± (+1 or −1)


def plus_minus_symbol() -> Any:
    """The symbol ``±`` is read as: ``a ± b`` is ``a + s·b`` with s = ±1."""
    import sympy as sp

    return sp.Symbol(PLUS_MINUS, real=True)


def is_plain(value: Any) -> bool:
    """An expression, not an expectation, order or distribution."""
    return not isinstance(value, (Expectation, Order, Normal, Density, tuple))


def has_plus_minus(value: Any) -> bool:
    """Does a reading (expression, expectation, order, distribution) use ±?"""
    if value is None:
        return False
    if isinstance(value, Expectation):
        return has_plus_minus(value.body) or has_plus_minus(value.dist)
    if isinstance(value, Order):
        return has_plus_minus(value.expr)
    if isinstance(value, Normal):
        return has_plus_minus(value.mean) or has_plus_minus(value.var)
    if isinstance(value, Density):
        return has_plus_minus(value.param) or has_plus_minus(value.value)
    free = getattr(value, "free_symbols", None) or ()
    return any(getattr(s, "name", "") == PLUS_MINUS for s in free)


def _sub_pm(value: Any, sign: int) -> Any:
    if value is None or not has_plus_minus(value):
        return value
    if isinstance(value, Expectation):
        return Expectation(value.var, _sub_pm(value.dist, sign), _sub_pm(value.body, sign))
    if isinstance(value, Order):
        return Order(value.kind, _sub_pm(value.expr, sign))
    if isinstance(value, Normal):
        return Normal(_sub_pm(value.mean, sign), _sub_pm(value.var, sign))
    if isinstance(value, Density):
        return Density(value.name, _sub_pm(value.param, sign), _sub_pm(value.value, sign))
    import sympy as sp

    return value.xreplace({plus_minus_symbol(): sp.Integer(sign)})  # "±1" alone: Integer(1)
