"""A name the answer uses, defined after it: ``E[∇f(x)], x = μ + σz``, ``E_z[f(x)] where
x = μ + σz``.

In expectation and reparameterization boxes a clause ``NAME = value`` after the answer, naming a
single name the answer's tree uses, is a definition, not a second answer: the value is put in
for the name (``definition`` recognizes the clause, ``put_in`` substitutes in the built value).
A name an expectation binds (``E_x[…], x = …``) is not substituted: what the expectation is over
would change; such a clause stays two answers.
"""

from __future__ import annotations

from typing import Any

from tutor.inputlang.lexer import Token
from tutor.inputlang.names import Names
from tutor.inputlang.parser import Parser, State
from tutor.inputlang.tree import Name, Node, walk
from tutor.inputlang.values import Expectation, ParseError

KINDS = ("expectation", "reparam")


def definition(
    segs: list[list[Token]], seps: list[str], tree: Node, names: Names, state: State, end: int
) -> tuple[Name, Node] | None:
    """``(name, value)`` when the clause ``segs`` (split at ``seps``) defines one name the
    answer ``tree`` uses, else None."""
    if names.kind not in KINDS or seps != ["="] or len(segs[0]) != 1:
        return None
    if segs[0][0].kind != "name":
        return None
    try:
        var = Parser(segs[0], names, state, end).expr()
    except ParseError:
        return None
    if not isinstance(var, Name) or not any(
        isinstance(n, Name) and n.name == var.name for n in walk(tree)
    ):
        return None
    return var, Parser(segs[1], names, state, end).expr()


def put_in(value: Any, pairs: list[tuple[Any, Any]]) -> Any:
    """``value`` (a sympy expression or an ``Expectation``) with each defined name replaced by
    its value, in the order defined. Raises ``ParseError`` for a name an expectation binds."""
    for name, defined in pairs:
        if isinstance(value, Expectation):
            if value.var == name:
                raise ParseError(
                    "syntax",
                    f"The expectation is over {name}, so '{name} = …' after it changes what it "
                    "is over: write the expectation over the variable you sample.",
                )
            value = Expectation(value.var, value.dist, value.body.xreplace({name: defined}))
        elif hasattr(value, "xreplace"):
            value = value.xreplace({name: defined})
    return value
