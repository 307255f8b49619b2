"""The readers that rewrite an answer before it is tokenized keep its length, so every column a
message names still points into what the student typed (a property test over pieces of the
forms they rewrite, glued together at random)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.inputlang.intervals import as_bound
from tutor.inputlang.latextext import untexted
from tutor.inputlang.mathwords import in_notation
from tutor.inputlang.orderwords import in_symbols
from tutor.inputlang.reader import normalize
from tutor.inputlang.values import ParseError

PIECES = [
    "\\text{",
    " (so that ",
    ")",
    "}",
    "\\over",
    "{",
    "[",
    "]",
    "(",
    "0",
    ",",
    "50",
    "∈",
    " in ",
    "t",
    "inf",
    "-",
    "∞",
    "\\quad",
    "\\,",
    "standard normal",
    " z ",
    "is",
    "∂/∂",
    "θ",
    "mu",
    "\\partial_",
    "so that",
    "⇒",
    "E[",
    "=",
    "1",
    "c",
    "d1",
    "sqrt",
    "/",
    "independent of ",
    "width",
    "quadratic",
    " squared",
    "|",
    "f(",
    "μ",
    "+",
    "σ",
    "ε",
    " since ",
    "for large",
    "i.e.",
    " gives ",
    " <- ",
    "←",
    "*",
    " exactly",
    "—",
    "fan-in",
    "$",
    " ",
    "one",
    "x",
    "→ ",
    "✓",
    "**",
    "`",
    "nano seconds",
    "between 0 and ",
    "2 x 10",
    "1,000",
]
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=16).map("".join)
KINDS = ("expression", "order", "number", "count", "expectation", "reparam", "choice")


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_every_rewrite_keeps_the_length(text):
    assert len(untexted(text)) == len(text)
    assert len(in_notation(text)) == len(text)
    assert len(in_symbols(text, "order")) == len(text)
    try:
        assert len(as_bound(text)) == len(text)
    except ParseError:
        pass


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.sampled_from(KINDS))
def test_normalizing_keeps_the_length(text, kind):
    try:
        normalized, _ = normalize(text, kind)
    except ParseError:
        return
    assert len(normalized) == len(text), (text, normalized)
