"""The input language: every notation from issue 2 is read to the same mathematics."""

from __future__ import annotations

import pytest
import sympy as sp

from tutor.content.model import BoxSpec, SymbolSpec
from tutor.inputlang.pretty import pretty
from tutor.inputlang.reader import box_names, parse_answer
from tutor.inputlang.values import Expectation, Order, ParseError

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
    return parse_answer(text, box_names(BOX)).value


def S(name: str):
    return box_names(BOX).symbols[name]


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
    p = parse_answer("0.6366 d1", box_names(BOX))
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
        ("d1 $ 2 # 3", "syntax", 3),  # a lone "$" between two values, before the "#"
        ("d1 2 # 3", "syntax", 5),
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


# --------------------------------------------------------------------------- ±, |x|, 1/2d1, definitions


def parsed(text: str, box: BoxSpec = BOX):
    return parse_answer(text, box_names(box))


@pytest.mark.parametrize("text", ["±1/√d1", "+-1/sqrt(d1)", r"\pm \frac{1}{\sqrt{d_1}}"])
def test_plus_minus_is_read_as_both_signs(text):
    p = parsed(text)
    assert p.both_signs
    assert sp.simplify(p.with_sign(1).value - 1 / sp.sqrt(d1)) == 0
    assert sp.simplify(p.with_sign(-1).value + 1 / sp.sqrt(d1)) == 0
    assert pretty(p.value).startswith("±")


def test_plus_minus_between_terms_and_minus_plus():
    p = parsed("d1 ± 2 d2")
    assert p.with_sign(1).value == d1 + 2 * d2 and p.with_sign(-1).value == d1 - 2 * d2
    assert pretty(p.value) == "d₁ ± 2·d₂"
    q = parsed(r"d_1 \mp d_2")
    assert q.with_sign(1).value == d1 - d2 and pretty(q.value) == "d₁ ∓ d₂"
    assert not parsed("d1 + -2").both_signs  # a space between + and -: an ordinary minus
    assert parsed("d1 + -2").value == d1 - 2


@pytest.mark.parametrize(
    "text, expected",
    [
        ("|d1 - d2|", sp.Abs(d1 - d2)),
        ("2|d1 - d2| + |d2 - 5|", 2 * sp.Abs(d1 - d2) + sp.Abs(d2 - 5)),
        (r"\left| d_1 - d_2 \right|", sp.Abs(d1 - d2)),
        (r"\lvert d_1 - d_2 \rvert", sp.Abs(d1 - d2)),
        (r"\left\lvert d_1 - d_2 \right\rvert / d_1", sp.Abs(d1 - d2) / d1),
        ("sqrt(|d1 - d2|)", sp.sqrt(sp.Abs(d1 - d2))),
        ("|d1 - d2|^3", sp.Abs(d1 - d2) ** 3),
        ("|(d1 - d2)|", sp.Abs(d1 - d2)),
    ],
)
def test_absolute_values(text, expected):
    assert read(text) == expected
    assert "|" in pretty(read(text))


def test_an_absolute_value_that_is_never_closed_says_where():
    with pytest.raises(ParseError) as info:
        read("2 + |d1 - d2")
    assert info.value.reason == "syntax" and "column 5" in info.value.message


def test_bars_that_are_not_absolute_values_keep_their_meaning():
    box = BoxSpec(
        id="t.p", kind="expectation", prompt="", answer="f(x)", functions=("f", "p"),
        symbols=(SymbolSpec("x", positive=False), SymbolSpec("theta", positive=False)),
    )  # fmt: skip
    theta, x = sp.Symbol("theta", real=True), sp.Symbol("x", real=True)
    assert read_box(box, "p(x | theta)") == sp.Function("p")(theta, x)
    assert read_box(box, r"p(x \mid \theta)") == sp.Function("p")(theta, x)
    # the evaluation bar of a gradient
    assert read_box(box, r"\nabla_x f(x)\Big|_{x=\theta}") == sp.Function("f__d0")(theta)


def read_box(box: BoxSpec, text: str):
    return parse_answer(text, box_names(box)).value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1/2d1", 1 / (2 * d1)),
        ("1/2d1^2", 1 / (2 * d1**2)),
        ("1/2d₁²", 1 / (2 * d1**2)),
        ("3/4d1 d2", 3 * d2 / (4 * d1)),  # the glued term ends at the space
        ("d1/2d2", d1 / (2 * d2)),
        ("1/2π", 1 / (2 * sp.pi)),
        (r"1/2\pi", 1 / (2 * sp.pi)),
        ("1/2(d1)", d1 / 2),  # brackets are not glued
        ("1/2 d1", d1 / 2),
        ("1/2*d1", d1 / 2),
        ("2d1", 2 * d1),
        ("(2/π)d1(d1−1)", 2 * d1 * (d1 - 1) / sp.pi),
        ("√π/√2d₁", sp.sqrt(sp.pi) / (sp.sqrt(2) * d1)),  # a number's root glued, the same
        ("sqrt(pi)/sqrt(2)d1", sp.sqrt(sp.pi) / (sp.sqrt(2) * d1)),
        (r"1/\sqrt{2}d_1", 1 / (sp.sqrt(2) * d1)),
        ("1/sqrt(2) d1", d1 / sp.sqrt(2)),
        ("1/sqrt(2d1)", 1 / sp.sqrt(2 * d1)),
        ("2/πd1", 2 * d1 / sp.pi),  # a name is not a number: the handout's 2/π d1
    ],
)
def test_a_number_glued_to_a_name_after_a_slash_is_one_term(text, expected):
    assert sp.simplify(read(text) - expected) == 0


def test_a_spaced_divisor_is_read_as_a_plain_fraction_and_said_so():
    p = parsed("1/2 d1")
    assert p.value == d1 / 2
    assert len(p.remarks) == 1 and "(1/2)·d₁" in p.remarks[0]
    assert parsed("1/2d1").remarks == () and parsed("d1/2").remarks == ()
    assert parsed("1/(2 d1)").remarks == ()
    p = parsed("sqrt(pi)/sqrt(2) d1")  # a number's root spaced from the name: said too
    assert p.value == sp.sqrt(sp.pi) * d1 / sp.sqrt(2)
    assert len(p.remarks) == 1 and "(√π/√2)·d₁" in p.remarks[0]


SIGMA_BOX = BoxSpec(
    id="t.s", kind="expectation", prompt="", answer="f(x)", functions=("f",),
    symbols=(SymbolSpec("x", positive=False), SymbolSpec("mu", positive=False), SymbolSpec("sigma")),
    definitions=(("Sigma", "sigma^2"), ("Prec", "1/Sigma")),
)  # fmt: skip


@pytest.mark.parametrize(
    "text", ["Σ⁻¹ (x − μ)", r"\Sigma^{-1}(x-\mu)", "Sigma^-1 (x - mu)", "Prec (x - mu)"]
)
def test_box_definitions_are_expressions(text):
    sigma, mu, x = (
        sp.Symbol("sigma", positive=True),
        sp.Symbol("mu", real=True),
        sp.Symbol("x", real=True),
    )
    assert sp.simplify(read_box(SIGMA_BOX, text) - (x - mu) / sigma**2) == 0


def test_definitions_are_known_names_and_bad_ones_are_reported():
    from dataclasses import replace

    assert "Sigma" in box_names(SIGMA_BOX).known_names()
    with pytest.raises(ParseError):
        read("Σ⁻¹")  # not defined in BOX
    broken = box_names(replace(SIGMA_BOX, definitions=(("Sigma", "sigma^"),)))
    assert broken.errors and "Sigma" in broken.errors[0]


DENSITY_BOX = BoxSpec(
    id="t.d", kind="expectation", prompt="", answer="f(x)", functions=("f", "p"),
    symbols=(SymbolSpec("x", positive=False), SymbolSpec("theta", positive=False)),
    measure="x ~ p_theta",
)  # fmt: skip


def test_a_density_without_subscript_is_the_measures_density():
    theta, x = sp.Symbol("theta", real=True), sp.Symbol("x", real=True)
    p = parse_answer("f(x) grad_theta log p(x)", box_names(DENSITY_BOX))
    pd = sp.Function("p__d0")(theta, x) / sp.Function("p")(theta, x)
    assert sp.simplify(p.value - sp.Function("f")(x) * pd) == 0
    assert any("p_θ" in r for r in p.remarks)
    e = parse_answer("E_{x~p}[f(x)]", box_names(DENSITY_BOX)).value
    assert isinstance(e, Expectation) and e.dist.param == theta
    # without a measure naming p_θ there is no parameter to fill in
    from dataclasses import replace

    bare = replace(DENSITY_BOX, measure=None)
    assert parse_answer("p(x)", box_names(bare)).value == sp.Function("p")(x)


def test_units_are_shown_in_unicode_as_written():
    box = BoxSpec(id="t.n", kind="number", prompt="", answer="50", unit="ns")
    assert parse_answer("0.05 us", box_names(box)).tail == ("μs",)
    assert parse_answer("0.05 µs", box_names(box)).tail == ("μs",)
    assert parse_answer("50 nanoseconds", box_names(box)).tail == ("nanoseconds",)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1ᐟd1", 1 / d1),  # U+141F, the raised slash a PDF puts after superscripts
        ("1⁄d1", 1 / d1),  # U+2044 FRACTION SLASH
        ("1∕d1", 1 / d1),  # U+2215 DIVISION SLASH
        ("1⧸d1", 1 / d1),  # U+29F8 BIG SOLIDUS
        ("1／d1", 1 / d1),  # U+FF0F FULLWIDTH SOLIDUS
        ("1 ÷ d1", 1 / d1),
        ("d₁⁻¹ᐟ²", d1 ** sp.Rational(-1, 2)),  # between superscript digits: the exponent's
        ("d1⁻¹⁄²", d1 ** sp.Rational(-1, 2)),
        ("d1²∕³", d1 ** sp.Rational(2, 3)),
        ("d1⁻¹/²", d1 ** sp.Rational(-1, 2)),  # a plain slash there too
        ("d1⁽¹ᐟ²⁾", sp.sqrt(d1)),
        ("d1^(-1ᐟ2)", d1 ** sp.Rational(-1, 2)),
        ("σ²⁄d₁", S("sigma") ** 2 / d1),  # after a superscript, before a letter: division
        ("d1²ᐟd2", d1**2 / d2),
        ("2⁄π·d₁²", 2 * d1**2 / sp.pi),
        ("1ᐟ2d1", 1 / (2 * d1)),  # a number glued to a name after a slash is one term
    ],
)
def test_fraction_slashes_from_pdfs_and_chats_read_as_a_slash(text, expected):
    assert sp.simplify(read(text) - expected) == 0


def test_a_fraction_slash_keeps_its_column_in_an_error():
    with pytest.raises(ParseError) as info:
        read("d1 ᐟ q")
    assert info.value.reason == "unknown-name" and info.value.column == 5


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("∑_n d1", "work the sum out"),
        ("∫ d1", "as an expectation"),
        ("∂d1", "write a gradient as"),
        ("1/∞", "no infinite answers"),
        ("d1 + … + d2", "write the terms out"),
    ],
)
def test_a_unicode_symbol_gets_the_same_advice_as_its_latex_command(text, advice):
    with pytest.raises(ParseError) as info:
        read(text)
    assert advice in info.value.message
    symbol = next(ch for ch in text if ch in "∑∫∂∞…")
    assert f"'{symbol}'" in info.value.message and info.value.column == text.index(symbol)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1/sqrtd1", 1 / sp.sqrt(d1)),  # a function typed against its argument
        ("sqrt2/d1", sp.sqrt(2) / d1),
        ("sqrtpi", sp.sqrt(sp.pi)),
        ("logd1", sp.log(d1)),
        ("sqrtd1d2", sp.sqrt(d1 * d2)),
    ],
)
def test_a_builtin_glued_to_its_argument_reads_as_applied_and_says_so(text, value):
    p = parsed(text)
    assert sp.simplify(p.value - value) == 0
    assert any(
        f"I read {text.split('/')[-1] if text.startswith('1/') else text.split('/')[0]}" in r
        for r in p.remarks
    )


def test_a_word_starting_like_a_function_is_still_unknown():
    with pytest.raises(ParseError) as info:
        parsed("sqrtx")
    assert info.value.reason == "unknown-name"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("‖z‖²", lambda z, m: sp.Abs(z) ** 2),
        ("(‖z‖)^2", lambda z, m: sp.Abs(z) ** 2),
        ("‖z‖ ‖mu‖", lambda z, m: sp.Abs(z) * sp.Abs(m)),
        ("2‖z - mu‖^2", lambda z, m: 2 * sp.Abs(z - m) ** 2),
    ],
)
def test_a_norm_closes_where_it_is_closed_and_takes_a_power(text, expected):
    # "‖σ‖²" was refused ("I didn't expect '^'"): the closing ‖ was read as opening another
    assert sp.simplify(read(text) - expected(S("z"), S("mu"))) == 0


@pytest.mark.parametrize("text", ["mu/σ2", "(mu - z)2", "1/sqrt(d1)2", "σ2 z"])
def test_a_number_glued_after_a_name_or_bracket_is_refused_not_multiplied(text):
    # σ2 is a flattened σ² (or σ₂): it was read σ·2 and judged "the power of σ is off"
    with pytest.raises(ParseError) as err:
        read(text)
    assert "glued" in err.value.message and "^" in err.value.message


@pytest.mark.parametrize("text", ["2 sigma", "sigma^2", "d1 2", "sigma 2"])
def test_a_number_before_or_spaced_from_a_name_still_reads(text):
    try:
        read(text)
    except ParseError as exc:
        assert "glued" not in exc.message
