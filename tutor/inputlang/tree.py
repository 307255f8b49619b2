"""The parse tree: what a student typed, structured, with where each piece is in the text.

The parser builds it (``tutor.inputlang.parser``), the builder turns it into sympy
(``tutor.inputlang.build``) and the printer shows it (``tutor.inputlang.pretty.show``): the
"read as" line is this tree printed, so it shows what was typed (``d1*d2/d2^2`` is
``d₁·d₂/d₂²``), never sympy's simplification of it. Names are already resolved here: a
``Name`` says whether it is one of the box's symbols, a box definition or a variable the answer
binds (``z`` in ``E_{z ~ N(0, I)}``). Every node has ``col`` (where it starts in the text as
typed, 0-based) and ``end`` (just after it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Literal

Role = Literal["symbol", "definition", "bound"]
SumOp = Literal["+", "-", "±", "∓"]
ProductOp = Literal["*", "/"]
SignOp = Literal["-", "±", "∓"]


@dataclass(frozen=True, slots=True)
class Node:
    col: int = field(kw_only=True)
    end: int = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class Num(Node):
    text: str  # as typed, in plain digits: "0.50", "1e-3", "21" (for "twenty-one")


@dataclass(frozen=True, slots=True)
class Name(Node):
    name: str  # the declared name: "d1" for d₁, d_1 and d_{1}
    role: Role


@dataclass(frozen=True, slots=True)
class Const(Node):
    name: Literal["pi", "e"]


@dataclass(frozen=True, slots=True)
class Identity(Node):
    """``I`` in a Gaussian's covariance (the 1-D reading takes it as 1)."""


@dataclass(frozen=True, slots=True)
class Sum(Node):
    first: Node
    rest: tuple[tuple[SumOp, Node], ...]


@dataclass(frozen=True, slots=True)
class Product(Node):
    """Factors left to right; an implicit product (``2d1``, ``sigma z``) is a ``*``."""

    first: Node
    rest: tuple[tuple[ProductOp, Node], ...]


@dataclass(frozen=True, slots=True)
class Signed(Node):
    sign: SignOp  # "-x", "±x", "∓x"
    operand: Node


@dataclass(frozen=True, slots=True)
class Power(Node):
    base: Node
    exp: Node


@dataclass(frozen=True, slots=True)
class Root(Node):
    arg: Node
    index: Node | None = None  # \sqrt[3]{x}


@dataclass(frozen=True, slots=True)
class Func(Node):
    name: Literal["log", "exp"]  # ln is log
    arg: Node


@dataclass(frozen=True, slots=True)
class Abs(Node):
    arg: Node


@dataclass(frozen=True, slots=True)
class Factorial(Node):
    arg: Node


@dataclass(frozen=True, slots=True)
class Call(Node):
    """A function the box declares: f(x), f'(x), p_θ(x), p_{μ=0}(x), p(x; θ), p(x | θ)."""

    name: str
    args: tuple[Node, ...]
    param: Node | None = None  # a density's parameter, taken first
    value: Node | None = None  # p_{μ=0}: the parameter's value
    primes: int = 0
    implied: bool = False  # the parameter was not typed: the part's density p_θ


@dataclass(frozen=True, slots=True)
class Grad(Node):
    """∇f(a), ∇_x f(x)|_{x=a}, ∇_θ log p_θ(x)."""

    wrt: Node | None
    operand: Node
    at: tuple[Node, Node] | None = None  # the evaluation bar |_{x=a}


@dataclass(frozen=True, slots=True)
class Gaussian(Node):
    mean: Node
    cov: Node
    point: Node | None = None  # N(x; μ, σ²I) in an expression: its density at x


@dataclass(frozen=True, slots=True)
class DensityOf(Node):
    name: str
    param: Node | None
    value: Node | None = None
    implied: bool = False


@dataclass(frozen=True, slots=True)
class Expect(Node):
    var: Name | None
    dist: Gaussian | DensityOf | None
    body: Node


@dataclass(frozen=True, slots=True)
class OrderOf(Node):
    kind: Literal["Θ", "O", "Ω"]
    arg: Node


@dataclass(frozen=True, slots=True)
class Sampled(Node):
    """A clause ``z ~ N(0, I)`` (or a distribution with no variable: ``p(z) = N(0, I)``)."""

    var: Name | None
    dist: Gaussian | DensityOf


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # a node class -> its fields' names, in order


def children(node: Node) -> Iterator[Node]:
    return iter(_children(node))


def _children(node: Node) -> list[Node]:
    """The nodes directly under ``node``, in field order (nodes inside tuples included)."""
    names = _FIELD_NAMES.get(type(node))
    if names is None:
        names = _FIELD_NAMES[type(node)] = tuple(f.name for f in fields(node))
    out: list[Node] = []
    for name in names:
        _nodes_in(getattr(node, name), out)
    return out


def _nodes_in(value: object, out: list[Node]) -> None:
    if isinstance(value, Node):
        out.append(value)
    elif isinstance(value, tuple):
        for v in value:
            _nodes_in(v, out)


def walk(node: Node) -> Iterator[Node]:
    """``node`` and every node under it."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(_children(n))


NOT_PLAIN = (Expect, OrderOf, Gaussian, DensityOf, Sampled)


def is_plain(node: Node) -> bool:
    """An expression: no expectation, order or distribution in it."""
    return not any(isinstance(n, NOT_PLAIN) for n in walk(node))
