"""An answer pasted with its explanation: several sentences, one of them holding the value; and
the sentence forms such pastes bring (an opening phrase before a comma, "which …" after the
value, LaTeX's \\( … \\) and $ … $ inside a sentence)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reading_helpers import BOXES, judged

from tutor.checking.readas import read_as
from tutor.inputlang import sentences


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        (
            "1a.constant",
            "Final Answer: The final answer is $\\boxed{\\frac{1}{\\sqrt{d_1}}}$. "
            "I hope it is correct.",
        ),
        ("1a.constant", "The answer is \\(c = 1/\\sqrt{d_1}\\). This is LeCun init."),
        ("5c.loaddisk", "The break-even latency is $t = 50$ ns. Anything faster is better."),
        ("5c.loaddisk", "Each loaddisk must take at most 50 ns. That's the break-even."),
        ("5a.fwd", "We recompute 20 times in total. (10 per segment.)"),
        ("1b.scaling", "It grows as $\\Theta(d_1^2)$. Unlike at init, the sum is coherent."),
        ("1a.constant", "Setting the variance to one. Then c = 1/√d1."),
    ],
)
def test_the_one_sentence_with_a_value_is_judged(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_the_preview_says_the_other_sentences_were_not_checked():
    seen = read_as(BOXES["1a.constant"], "c = 1/√d1. I hope it is correct.")
    assert seen.ok and seen.text == "1/√d₁"
    assert any("the others are not checked" in r for r in seen.remarks)


def test_a_wrong_value_in_one_sentence_is_wrong_with_its_own_feedback():
    v = judged("5a.fwd", "The total is 45. I counted every layer from the input.")
    assert v.note == "mistake:only-input-stored"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5a.fwd", "The total is 20. Each segment costs 10."),
        ("1a.constant", "c = 1/√d1. Or maybe c = 1/d1."),
    ],
)
def test_values_in_two_sentences_are_refused_naming_both(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid"
    assert "more than one sentence" in v.feedback


def test_the_one_sentence_with_a_value_gives_its_own_reason_when_it_cannot_be_read():
    v = judged("1a.constant", "c > 1/√d1. That keeps it small.")
    assert v.note == "invalid:kind"
    assert "bound" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4b.F", "By reparameterization, F(μ) = E_{z~N(0,I)}[f(μ+σz)]"),
        (
            "4b.F",
            "By reparameterization, $F(\\mu) = \\mathbb{E}_{z \\sim \\mathcal{N}(0, I)}"
            "[f(\\mu + \\sigma z)]$.",
        ),
        ("1a.constant", "Using the chain rule, c = 1/√d1"),
        ("1a.constant", "The constant is $c = 1/\\sqrt{d_1}$, which keeps the RMS at 1."),
        ("1a.constant", "c²d1 = 1, which gives c = 1/√d1"),
        ("1a.constant", "c^2 d_1 = 1 giving c = 1/\\sqrt{d_1}"),
        ("5c.loaddisk", "It's 50 ns"),
    ],
)
def test_sentence_forms_pasted_answers_bring(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_an_equation_in_c_and_a_subscripted_width_is_not_a_label_for_its_value():
    """ "c^2 d_1 = 1" is an equation for c (as "c²d1 = 1" is), never "1" labelled."""
    for typed in ("c^2 d_1 = 1", "c^2 d_{1} = 1", "c^2 fan_in = 1"):
        v = judged("1a.constant", typed)
        assert v.verdict == "invalid", typed
        assert "solve it" in v.feedback


def test_abbreviations_and_decimals_do_not_end_a_sentence():
    text = "c = 0.05 us, e.g. for Fig. 3 here. Done."
    assert [text[a:b] for a, b in sentences.spans(text)] == [
        "c = 0.05 us, e.g. for Fig. 3 here.",
        "Done.",
    ]
    assert sentences.spans("one sentence, no end") == [(0, 20)]


@given(st.text(alphabet="ab. !?(1)$\\\nXe.g", max_size=80))
def test_sentences_are_in_order_and_inside_the_text(text):
    found = sentences.spans(text)
    last = 0
    for a, b in found:
        assert last <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
        last = b
