"""Random answers made of the pieces students type (numbers, the boxes' names, brackets,
fractions, TeX, intervals, sentences, orders, expectations), for property tests over every box."""

from __future__ import annotations

from hypothesis import strategies as st

ATOMS = st.sampled_from(
    ["0", "1", "2", "0.5", "50", "d1", "d2", "pi", "mu", "sigma", "z", "x", "t", "c", "fan_in", "e"]
)


def compose(parts):
    one, two = parts, st.tuples(parts, parts)
    return st.one_of(
        two.map(lambda p: f"({p[0]} + {p[1]})"),
        two.map(lambda p: f"({p[0]})/({p[1]})"),
        two.map(lambda p: f"({p[0]})^({p[1]})"),
        two.map(lambda p: f"{{{p[0]} \\over {p[1]}}}"),
        two.map(lambda p: f"[{p[0]}, {p[1]}]"),
        two.map(lambda p: f"{p[0]} so that {p[1]}"),
        two.map(lambda p: f"{p[0]} <= {p[1]}"),
        one.map(lambda a: f"log({a})"),
        one.map(lambda a: f"sqrt({a})"),
        one.map(lambda a: f"|{a}|"),
        one.map(lambda a: f"Theta({a})"),
        one.map(lambda a: f"f({a})"),
        one.map(lambda a: f"E_{{z~N(0,I)}}[{a}]"),
        one.map(lambda a: f"\\text{{ ({a}) }}"),
    )


def expressions(max_leaves: int = 6) -> st.SearchStrategy[str]:
    """An answer built from ``ATOMS`` by ``compose``, up to ``max_leaves`` atoms."""
    return st.recursive(ATOMS, compose, max_leaves=max_leaves)
