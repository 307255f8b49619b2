"""What a condition over parameters says, checked before it is computed
(``tutor.variants.conditions``): each side read as a name, a word, a number or an expression,
each comparison against the values its names can take. The messages an instructor sees, with
the column in the condition's text."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.content.params import DerivedSpec, Parameters, ParamSpec
from tutor.variants.conditions import condition_problem, domains

NAMES = domains(
    Parameters(
        params=(
            ParamSpec("dist", "gaussian", choices=("gaussian", "uniform", "sign")),
            ParamSpec("s", 1, choices=(Fraction(1, 2), 1, 2)),
            ParamSpec("layers", 10, low=6, high=24),
        ),
        derived=(
            DerivedSpec("m2", expr="s^2"),
            DerivedSpec("law", select="dist", cases=(("gaussian", "normal"), ("*", "other"))),
            DerivedSpec("noun", text="{{law}} inputs"),
            DerivedSpec("fwd", call="remat.fwd", args=("layers", "layers")),
        ),
    )
)
USE = "a when may use …"

FINE = [
    "dist != sign",
    "dist = 'uniform'",
    "s = 0.5",
    "s != 1/2",
    "3 <= layers <= 24",
    "2*layers >= m2 + 1",
    "law = normal",
    "noun != anything",  # a text whose values are not known before computing
    "fwd != 12",  # a function's values are not known either
    "m2 = s",
    "sign != dist",
]
WRONG = {
    "dst != sign": "'dst != sign': unknown name 'dst' at column 1; did you mean 'dist'? a when",
    "dist != sgn": "'dist != sgn': 'sgn' at column 9 is not a value dist takes (one of "
    "gaussian, uniform, sign); did you mean 'sign'? compare dist with one of its values",
    "'sgn' = dist": "'sgn' at column 2 is not a value dist takes",
    "'a' = 'b'": "compares two words, 'a' and 'b'",
    "dist < sign": "compares the word 'sign' at column 8 with '<'; words can only be compared",
    "dist = 2": "compares dist, a word (one of gaussian, uniform, sign), with the number '2' at "
    "column 8",
    "dist = layers": "compares dist, a word (one of gaussian, uniform, sign), with layers, a number",
    "s = 4": "s never takes the value 4 (column 5): it is one of 0.5, 1, 2, so the comparison "
    "never holds",
    "layers != 30": "it is a whole number from 6 to 24, so the comparison always holds",
    "layers >= lyers": "compares the word 'lyers' at column 11 with layers, a number; did you "
    "mean 'layers'?",
    "2*layers = lyers + 1": "unknown name 'lyers' at column 12; did you mean 'layers'?",
    "law = nromal": "'nromal' at column 7 is not a value law takes (the value of one of its "
    "cases: 'normal', 'other'); did you mean 'normal'?",
    "(layers = 3": "cannot be read: '(' at column 1 is never closed",
    "layers)= 3": "cannot be read: ')' at column 7 closes no '('",
    "layers": "not a comparison",
}


@pytest.mark.parametrize("text", FINE)
def test_a_condition_that_can_mean_what_it_says_passes(text):
    assert condition_problem(text, NAMES, USE) is None


@pytest.mark.parametrize("text", list(WRONG))
def test_a_condition_that_cannot_is_said_with_its_column_and_the_closest_name(text):
    said = condition_problem(text, NAMES, USE)
    assert said is not None and said.startswith(repr(text.strip()) + ": ")
    assert WRONG[text] in said, said
