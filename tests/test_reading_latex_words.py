"""Prose a LaTeX answer wraps in \\text{…}, and LaTeX's spacing commands: read as the words and
spaces they are, never inside a name's subscript."""

from __future__ import annotations

import pytest
from reading_helpers import judged

from tutor.inputlang.latextext import untexted


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "c = \\frac{1}{\\sqrt{d_1}} \\text{ (so that the variance is 1)}"),
        ("1a.constant", "1/\\sqrt{d_1}\\quad\\text{(LeCun init)}"),
        ("1a.constant", "1/\\sqrt{d_1} \\text{ since } \\mathbb{E}[x^2]=1"),
        ("1a.constant", "1/\\sqrt{d_1}\\qquad (LeCun)"),
        ("1b.scaling", "\\text{quadratic in } d_1"),
        ("5c.loaddisk", "t \\leq 50\\text{ ns}"),
        ("5c.loaddisk", "50\\,\\text{ns}"),
        ("5c.loaddisk", "\\text{at most } 50 \\text{ ns}"),
    ],
)
def test_prose_in_text_is_read_as_typed_prose(box, answer):
    v = judged(box, answer)
    assert v.verdict == "correct", v.feedback


@pytest.mark.parametrize(
    "answer",
    ["\\sqrt{n_{\\text{in}}/n_{\\text{out}}}", "\\sqrt{n_\\text{in}/n_\\text{out}}"],
)
def test_text_in_a_subscript_stays_part_of_the_name(answer):
    assert judged("3c.rms_factor", answer).verdict == "correct"
    assert untexted(answer) == answer


def test_columns_are_kept():
    for text in ["a \\text{ (b c)} d", "x\\quad y\\,z", "\\text{in } n"]:
        assert len(untexted(text)) == len(text)


def test_a_line_break_is_not_a_space_command():
    assert untexted("a \\\\, b") == "a \\\\, b"


@pytest.mark.parametrize(
    "answer",
    [
        "{1 \\over \\sqrt{d_1}}",
        "1 \\over \\sqrt{d_1}",
        "c = {1\\over\\sqrt{d_1}}",
        "c = 1 \\over \\sqrt{d_1}",
        "{{1} \\over {\\sqrt{d_1}}}",
        "\\cfrac{1}{\\sqrt{d_1}}",
        "\\left. \\frac{1}{\\sqrt{d_1}} \\right.",
    ],
)
def test_tex_fractions_and_invisible_delimiters(answer):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.interpreted) == ("correct", "1/√d₁"), v.feedback


@pytest.mark.parametrize(
    ("answer", "says"),
    [("\\over d_1", "both sides"), ("{1 \\over 2 \\over d_1}", "Two \\over")],
)
def test_an_over_that_is_not_one_fraction_is_refused(answer, says):
    v = judged("1a.constant", answer)
    assert v.verdict == "invalid" and says in v.feedback


def test_overline_is_not_over():
    assert judged("1a.constant", "\\overline{d_1}").interpreted == "d₁"
