"""The input language: every notation from issue 2 is read to the same mathematics."""

from __future__ import annotations

import pytest
import sympy as sp

from tutor.content import BoxSpec, SymbolSpec
from tutor.mathparse import Expectation, Order, ParseError, make_context, parse_answer, pretty

BOX = BoxSpec(
    id="t.x",
    kind="expression",
    prompt="",
    answer="d1",
    symbols=(
        SymbolSpec("d1", (1, 100), True),
        SymbolSpec("d2", (1, 100), True),
        SymbolSpec("sigma"),
        SymbolSpec("mu", positive=False),
        SymbolSpec("z", positive=False),
        SymbolSpec("fan_in", (1, 100), True),
    ),
    functions=("f",),
    width="d1",
)


def read(text: str):
    return parse_answer(text, make_context(BOX)).value


def S(name: str):
    return make_context(BOX).symbols[name]


d1, d2 = S("d1"), S("d2")


@pytest.mark.parametrize(
    "text",
    [
        "2/pi*d1^2 + d1*(1-2/pi)",
        "(2/π)d1(d1−1) + d1",
        r"\frac{2}{\pi} d_1 (d_{1} - 1) + d_1",
        r"\boxed{\frac{2}{\pi}d_1^2 + d_1\left(1 - \frac{2}{\pi}\right)}",
        "E = d1 + 2/pi * d1 * (d1 - 1)",
        "2/π·d₁² + d₁·(1 − 2/π)",
        "d1 + 2 d1 (d1 - 1) / pi",
    ],
)
def test_forms_of_one_expression(text):
    expected = d1 + 2 / sp.pi * d1 * (d1 - 1)
    assert sp.expand(read(text) - expected) == 0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("d1**2", d1**2),
        ("d1^2", d1**2),
        ("d₁²", d1**2),
        ("2d1", 2 * d1),
        ("d1⁻¹", 1 / d1),
        ("d1^-1", 1 / d1),
        (r"\sqrt{\frac{\pi}{2}}/d_1", sp.sqrt(sp.pi / 2) / d1),
        ("√(π/2)/d1", sp.sqrt(sp.pi / 2) / d1),
        (r"\sqrt[3]{d_1}", d1 ** sp.Rational(1, 3)),
        ("c = 1/sqrt(d1)", 1 / sp.sqrt(d1)),
        (r"d_1 \cdot d_2", d1 * d2),
        (r"d_1 \times d_2", d1 * d2),
        ("1/fan_in", 1 / S("fan_in")),
        (r"1/\text{fan\_in}", 1 / S("fan_in")),
        ("1/fan_{in}", 1 / S("fan_in")),
        ("sigma z", S("sigma") * S("z")),
        ("sigmaz", S("sigma") * S("z")),
        ("σ z", S("sigma") * S("z")),
        ("µ", S("mu")),
        ("μ", S("mu")),
        (r"\mu", S("mu")),
        ("e^2", sp.E**2),
        ("exp(-d1)", sp.exp(-d1)),
        ("log(d1)", sp.log(d1)),
        ("5!", sp.Integer(120)),
    ],
)
def test_notation(text, expected):
    assert sp.simplify(read(text) - expected) == 0


def test_decimals_are_exact_but_flagged():
    p = parse_answer("0.6366 d1", make_context(BOX))
    assert p.has_decimal and p.value == sp.Rational(6366, 10000) * d1
    assert "0.6366" in pretty(p.value)


def test_orders():
    assert read("Theta(d1^2)") == Order("Θ", d1**2)
    assert read("Θ(d₁²)") == Order("Θ", d1**2)
    assert read(r"\Theta(d_1^2)") == Order("Θ", d1**2)
    assert read("O(1/d1)") == Order("O", 1 / d1)


def test_unknown_function_and_gradient():
    f = sp.Function("f")
    fd = sp.Function("f__d0")
    assert read("f(mu + sigma z)") == f(S("mu") + S("sigma") * S("z"))
    assert read("grad f(mu)") == fd(S("mu"))
    assert read("∇f(μ+σz)") == fd(S("mu") + S("sigma") * S("z"))
    assert read("f'(mu)") == fd(S("mu"))
    # chain rule through ∇_μ
    assert read("∇_μ f(μ+σz)") == fd(S("mu") + S("sigma") * S("z"))


def test_expectation_reads_var_dist_and_body():
    e = read("E_{z~N(0,I)}[f(mu + sigma z)]")
    assert isinstance(e, Expectation)
    assert e.var.name == "z" and e.dist.mean == 0 and e.dist.var == 1
    e2 = read(r"\mathbb{E}_{w \sim \mathcal{N}(0, \sigma^2 I)}\left[f(\mu + w)\right]")
    assert e2.var.name == "w" and e2.dist.var == S("sigma") ** 2


@pytest.mark.parametrize(
    "text, reason, column",
    [
        ("", "empty", 0),
        ("d1 + q", "unknown-name", 5),
        ("d1 + (", "syntax", 5),
        ("d1 )", "syntax", 3),
        ("d1 $ 2 # 3", "syntax", 7),
        ("x" * 600, "too-long", None),
        ("(" * 60 + "d1" + ")" * 60, "too-deep", None),
        ("9^9^9", "too-big", None),
        ("2^(10^10)", "too-big", None),
        ("1000!", "too-big", None),
        ("d1^(d1^d1)", "too-big", None),
        (r"\foo{d1}", "syntax", 0),
        ("().__class__", "syntax", None),
    ],
)
def test_invalid_answers_say_why_and_where(text, reason, column):
    with pytest.raises(ParseError) as info:
        read(text)
    assert info.value.reason == reason
    if column is not None:
        assert info.value.column == column


def test_unknown_name_lists_the_known_names():
    with pytest.raises(ParseError) as info:
        read("n")
    assert "d1" in info.value.message and "sigma" in info.value.message


def test_multi_letter_symbols_are_never_split_into_letters():
    # 'ds' is not d·s: unknown, not a silent guess
    with pytest.raises(ParseError):
        read("ds")


def test_pretty_is_one_line_unicode():
    text = pretty(read("sqrt(pi/2)/d1 + sigma^2"))
    assert "\n" not in text and "π" in text and "σ²" in text and "d₁" in text
