"""The names one answer box knows, fixed for the box: ``Names`` (built by ``reader.box_names``).

A box's symbols (as sympy symbols with their assumptions), the unknown functions it declares,
its definitions (``Sigma = sigma^2``), the density families and the main distribution of its
measure, and the words that may follow a value (units, nouns). It never changes once built:
what one reading gathers as it goes (the variables the answer binds, remarks) lives in the
parser's own state, so a box's ``Names`` are shared by every answer to it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from tutor.inputlang.tree import Node
from tutor.inputlang.values import DistClause, Normal, ParseError


def frozen(mapping: Mapping[str, Any] = MappingProxyType({})) -> Mapping[str, Any]:
    """A read-only copy."""
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, eq=False)
class Names:
    kind: str = ""  # the box kind: number and count answers read words and units differently
    symbols: Mapping[str, Any] = field(default_factory=frozen)  # name -> sympy Symbol
    functions: tuple[str, ...] = ()
    tail_words: frozenset[str] = frozenset()  # units or nouns that may follow the value
    definitions: Mapping[str, Any] = field(default_factory=frozen)  # Sigma -> sigma**2
    families: Mapping[str, tuple[Any, Normal]] = field(
        default_factory=frozen
    )  # p -> (mu, N(mu, sigma^2)): p_mu
    default_params: Mapping[str, Node] = field(
        default_factory=frozen
    )  # p -> θ: p(x) reads as p_θ(x)
    measure: DistClause | None = None  # z ~ N(0, I): what an expectation is over by default
    bound: frozenset[str] = frozenset()  # variables every answer may use (the measure's)
    width: str | None = None  # an order box's width symbol: n_ℓ, n_{ℓ-1} read as it
    # number and count boxes: the question's letters and their values here (N -> 10), used only
    # to judge a general formula typed where a number is asked (``with_givens``)
    givens: Mapping[str, Any] = field(default_factory=frozen)
    errors: tuple[str, ...] = field(default=())  # definitions that can't be read
    measure_error: ParseError | None = None  # the measure can't be read

    def gives(self, letters: Collection[str]) -> bool:
        """Does the question give a value to every one of ``letters`` (and there are some)?"""
        return bool(letters) and all(name in self.givens for name in letters)

    def givens_text(self, letters: Iterable[str]) -> str:
        """The question's numbers a formula in ``letters`` is read at: ``N = 10, K = 5``."""
        return ", ".join(f"{name} = {self.givens[name]}" for name in letters)

    def known_names(self) -> list[str]:
        names = list(self.symbols) + list(self.definitions) + [f"{f}(…)" for f in self.functions]
        return names + ["pi", "sqrt", "log", "exp"]
