"""The parse tree: what was typed, with where; printed as typed (never simplified), and what it
prints reads back to the same tree and the same value."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tutor.content.model import BoxSpec, SymbolSpec
from tutor.inputlang.pretty import show
from tutor.inputlang.reader import box_names, parse_answer
from tutor.inputlang.tree import Name, Num, Power, Product, Root, Sum
from tutor.inputlang.values import ParseError

BOX = BoxSpec(
    id="t.tree", kind="expression", prompt="", answer="d1", functions=("f",),
    symbols=(SymbolSpec("d1", (1, 100), True), SymbolSpec("d2", (1, 100), True),
             SymbolSpec("sigma"), SymbolSpec("mu", positive=False), SymbolSpec("fan_in")),
)  # fmt: skip


def read(text: str):
    return parse_answer(text, box_names(BOX))


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("d1*d2/d2^2", "d₁·d₂/d₂²"),  # not d₁/d₂: the reading does no algebra
        ("d1 - d1", "d₁ − d₁"),
        ("2*3*d1", "2·3·d₁"),
        ("(d1 + d2)^2/(d1 + d2)", "(d₁ + d₂)²/(d₁ + d₂)"),
        ("d1/(d2 d1)", "d₁/(d₂·d₁)"),
        ("d1/d2/d1", "d₁/d₂/d₁"),
        ("-(d1 - d2)", "−(d₁ − d₂)"),
        ("d1 + -d2", "d₁ + (−d₂)"),
        ("(-d1)^2", "(−d₁)²"),
        ("-d1^2", "−d₁²"),
        ("d1^-1", "d₁⁻¹"),
        ("d1^(1/2)", "d₁^(1/2)"),
        ("d1^1/2", "d₁^(1/2)"),
        ("sqrt(d1)^2", "(√d₁)²"),
        (r"\sqrt[3]{d_1}", "√[3](d₁)"),
        (r"\frac{\pi}{2} \cdot d_2", "π/2·d₂"),
        (".5 d1", "0.5·d₁"),
        ("2.50e-3", "2.50·10⁻³"),
        ("1/2e-3", "1/(2·10⁻³)"),
        ("exp(-d1) + log(d2) + ln(d1)", "exp(−d₁) + log(d₂) + log(d₁)"),
        ("|d1 - d2| + 3!", "|d₁ − d₂| + 3!"),
        ("f'(mu) + ∇f(sigma)", "f′(μ) + ∇f(σ)"),
        ("1/fanin", "1/fan_in"),
        ("constant", "Θ(1)"),
        ("O(d1) ", "O(d₁)"),
    ],
)
def test_the_reading_shows_what_was_typed(typed, shown):
    assert show(read(typed).tree) == shown


def test_nodes_know_where_they_are_in_the_text():
    tree = read("d1 + sqrt(d2)^3").tree
    assert isinstance(tree, Sum) and (tree.col, tree.end) == (0, 15)
    first, (op, second) = tree.first, tree.rest[0]
    assert isinstance(first, Name) and (first.name, first.col, first.end) == ("d1", 0, 2)
    assert op == "+" and isinstance(second, Power) and (second.col, second.end) == (5, 15)
    assert isinstance(second.base, Root) and (second.base.col, second.base.end) == (5, 13)
    assert isinstance(second.exp, Num) and second.exp.col == 14
    # unicode and LaTeX spellings point into what was typed too
    glued = read(r"\frac{1}{2 d_2}").tree
    assert isinstance(glued, Product) and glued.col == 0
    assert [n.col for n in (glued.first, glued.rest[0][1])] == [6, 9]


NAMES = ["d1", "d2", "sigma", "mu", "pi", "d₁", "σ", "π", "fan_in"]
atoms = st.one_of(st.integers(0, 12).map(str), st.sampled_from(NAMES), st.just("0.25"))


def combine(children):
    ops = [" + ", " - ", "*", " ", "/", " ± "]
    return st.one_of(
        st.tuples(children, st.sampled_from(ops), children).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(children, st.sampled_from(ops), children).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
        st.tuples(children, st.sampled_from(["2", "-1", "(1/2)", "3"])).map(
            lambda t: f"({t[0]})^{t[1]}"
        ),
        children.map(lambda c: f"-{c}"),
        children.map(lambda c: f"sqrt({c})"),
        children.map(lambda c: f"|{c}|"),
        children.map(lambda c: f"f({c})"),
        children.map(lambda c: f"log({c})"),
    )


exprs = st.recursive(atoms, combine, max_leaves=7)


@settings(max_examples=200, deadline=None)
@given(exprs)
def test_what_the_reading_shows_reads_back_to_the_same_tree_and_value(text):
    try:
        first = read(text)
    except ParseError:
        assume(False)
        return
    shown = show(first.tree)
    again = read(shown)
    assert show(again.tree) == shown
    assert again.value == first.value or sp.simplify(again.value - first.value) == 0, shown
