"""What follows or surrounds a value without changing it: a bound written the other way round
(``50 ns ≥ t``), "or lower", an arrow before the conclusion, "per backward pass" after a count,
a hedge ("but I am not sure"), a gloss on a name in words ("where σ is the std")."""

from __future__ import annotations

import pytest
from reading_helpers import judged


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5c.loaddisk", "50 ≥ t"),
        ("5c.loaddisk", "50 ns ≥ t"),
        ("5c.loaddisk", "50 ns >= t_disk"),
        ("5c.loaddisk", "50ns > t"),
        ("5c.loaddisk", "50 ns or lower"),
        ("5c.loaddisk", "50 ns or below"),
        ("5c.loaddisk", "50 ns or smaller"),
        ("5c.loaddisk", "50 or under"),
        ("5c.loaddisk", "10t = 500 → t = 50 ns"),
        ("5c.loaddisk", "10 t = 500 ns -> t = 50 ns"),
        ("5c.loaddisk", "500/10 ⟶ 50 ns"),
        ("5a.fwd", "20 fwd operations per backward pass"),
        ("5a.fwd", "20 fwd per backward pass."),
        ("5b.loadmem", "10 loadmem per backward pass"),
        ("5a.fwd", "20, but I am not sure"),
        ("5a.fwd", "20 (not sure)"),
        ("5a.fwd", "20 fwd, I'm not 100% sure."),
        ("5c.loaddisk", "50 ns, though I am not certain about it"),
        ("1a.value", "d1 I think"),
        ("4a.g", "f(x)*(x-mu)/sigma^2 where sigma is the std"),
        ("4a.g", "f(x)(x−μ)/σ² where σ is the standard deviation"),
        ("4a.g", "f(x)(x−μ)/σ², with σ² the variance"),
        ("1a.value", "d1 where d1 is the fan-in"),
    ],
)
def test_a_right_value_with_words_that_do_not_change_it_is_right(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5c.loaddisk", "50 ns ≤ t"),  # t ≥ 50 ns: the wrong way
        ("5c.loaddisk", "50 ns or higher"),
        ("5c.loaddisk", "50 ns or larger"),
    ],
)
def test_a_bound_the_wrong_way_is_judged_the_wrong_way(box, answer):
    v = judged(box, answer)
    assert v.verdict == "incorrect" and "wrong way" in v.feedback, v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5c.loaddisk", "50 ≥ 40"),  # two values
        ("4a.g", "f(x)*(x-mu)/sigma where sigma is the variance"),  # σ redefined: not a gloss
        ("4a.g", "f(x)(x−μ)/σ² where σ² is the std"),
    ],
)
def test_what_changes_the_value_is_not_left_out(box, answer):
    assert judged(box, answer).verdict == "invalid"


@pytest.mark.parametrize(
    ("box", "answer"), [("5a.fwd", "2 fwd per layer"), ("5b.loadmem", "1 loadmem per layer")]
)
def test_a_count_per_layer_is_refused_asking_for_the_total(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid" and "whole backward pass" in v.feedback, v.feedback


def test_an_arrow_to_a_limit_is_not_a_conclusion():
    v = judged("1a.value", "d1 → ∞")
    assert v.verdict != "correct"


def test_a_definition_said_in_words_after_where_is_read_as_one():
    # "plus" between values is +, and "where x is …" defines x: the answer's own name, defined
    v = judged("4b.F", "E[f(x)] where x is mu plus sigma z")
    assert (v.verdict, v.interpreted) == ("correct", "𝔼[f(x)], x = μ + σ·z"), v.feedback
