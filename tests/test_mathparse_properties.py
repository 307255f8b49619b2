"""Property tests (hypothesis) for the input language's newer syntax: ± reads as both signs,
|x| as an absolute value, a number glued to a name after '/' as one term."""

from __future__ import annotations

import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tutor.content.model import BoxSpec, SymbolSpec
from tutor.inputlang.reader import box_names, parse_answer
from tutor.inputlang.values import ParseError

BOX = BoxSpec(
    id="t.p", kind="expression", prompt="", answer="d1", width="d1",
    symbols=(SymbolSpec("d1", (1, 100), True), SymbolSpec("d2", (1, 100), True), SymbolSpec("sigma")),
)  # fmt: skip
NAMES = ["d1", "d2", "sigma", "pi", "d₁", "σ", "π"]


def read(text: str):
    return parse_answer(text, box_names(BOX))


def readable(*texts: str) -> bool:
    """Every text reads (random expressions can divide by zero) to something nonzero."""
    try:
        return all(read(t).value != 0 for t in texts)
    except ParseError:
        return False


def same(a, b) -> bool:
    return sp.simplify(a - b) == 0


atoms = st.one_of(st.integers(1, 9).map(str), st.sampled_from(NAMES))


def combine(children):
    return st.one_of(
        st.tuples(children, st.sampled_from([" + ", " - ", "*", " * ", "/"]), children).map(
            lambda t: f"({t[0]}{t[1]}{t[2]})"
        ),
        st.tuples(children, st.integers(2, 3)).map(lambda t: f"({t[0]})^{t[1]}"),
        children.map(lambda c: f"sqrt({c})"),
        children.map(lambda c: f" |({c})| "),  # spaces: two bars side by side would read as ‖
    )


exprs = st.recursive(atoms, combine, max_leaves=6)


@settings(max_examples=120, deadline=None)
@given(exprs, exprs)
def test_plus_minus_is_both_signs_of_the_same_answer(a, b):
    assume(readable(a, b))
    p = read(f"{a} ± ({b})")
    assert p.both_signs
    assert same(p.with_sign(1).value, read(f"({a}) + ({b})").value)
    assert same(p.with_sign(-1).value, read(f"({a}) - ({b})").value)
    for spelling in ("+-", r" \pm "):
        q = read(f"{a} {spelling} ({b})")
        assert same(q.with_sign(-1).value, p.with_sign(-1).value)


@settings(max_examples=80, deadline=None)
@given(exprs, st.integers(1, 9), st.sampled_from(["d1", "d2", "σ"]))
def test_plus_minus_takes_one_term(a, n, name):
    assume(readable(a))
    p = read(f"{a} ± {n}{name} + 1")
    assert same(p.with_sign(-1).value, read(f"({a}) - {n}*{name} + 1").value)


@settings(max_examples=120, deadline=None)
@given(exprs, exprs)
def test_bars_are_absolute_values(a, b):
    assume(readable(a, b))
    assert same(read(f"|{a}|").value, sp.Abs(read(a).value))
    assert same(read(f"2 |{a}| + |{b}|").value, 2 * sp.Abs(read(a).value) + sp.Abs(read(b).value))
    assert same(read(rf"\left| {a} \right|").value, sp.Abs(read(a).value))


@settings(max_examples=120, deadline=None)
@given(exprs, st.integers(1, 99), st.sampled_from(NAMES), st.integers(1, 3))
def test_a_number_glued_to_a_name_after_a_slash_is_one_term(top, n, name, k):
    assume(readable(top))
    power = f"^{k}" if k > 1 else ""
    glued = read(f"({top})/{n}{name}{power}").value
    spaced = read(f"({top})/{n} {name}{power}")
    term = read(f"{name}{power}").value
    assert same(glued, read(f"({top})").value / (n * term))
    assert same(spaced.value, read(f"({top})").value / n * term)
    assert spaced.remarks and not read(f"({top})/({n} {name}{power})").remarks
