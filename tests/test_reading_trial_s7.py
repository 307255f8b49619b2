"""Student trial s7's pasted (chat, PDF) answers, each as a class: a label that takes the answer
back ("wrong: d1"), a chat bullet before a term, "=>" as the conclusion arrow, 0^0, Markdown and
LaTeX around a right answer, and messages that show only what was typed."""

from __future__ import annotations

import pytest
from reading_helpers import BOXES, judged

from tutor.checking.readas import read_as


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "wrong: d1"),
        ("1b.constant", "Incorrect: sqrt(pi/2)/d1"),
        ("5c.loaddisk", "not: 50 ns"),
        ("5c.loaddisk", "false: 50 ns"),
        ("5c.loaddisk", "Wrong answer: 50 ns"),
        ("1a.value", "wrong = d1"),
        ("1a.value", "NOT = d1"),
        ("1a.value", "**Wrong:** $d_1$"),
        ("1a.value", "It isn’t: d1"),
        ("4e.special", "It is not g(z, mu) = mu + sigma z, z ~ N(0, I)"),
        ("4e.special", "never g(z, mu) = mu + sigma z, z ~ N(0, I)"),
        ("4e.special", "Definitely not g(z, mu) = mu + sigma z, z ~ N(0, I)"),
        ("4e.special", "It cannot be g(z, mu) = mu + sigma z, z ~ N(0, I)"),
        ("1a.derive", "c^2 d1 = 1\nwrong: c = 1/sqrt(d1)"),
        ("1b.proof", "wrong: m r e v k s"),
    ],
)
def test_a_label_that_takes_the_answer_back_is_refused(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid", v.feedback
    assert "take the answer back" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "Answer: d1"),
        ("1b.constant", "c: sqrt(pi/2)/d1"),
        ("1a.value", "Final answer: d1"),
        ("1a.value", "So: d1"),
        ("1a.value", "**Answer:** $d_1$"),
        ("5b.loadmem", "Without recomputation: 10"),
        ("4e.special", "It is g(z, mu) = mu + sigma z, z ~ N(0, I)"),
        ("1b.proof", "Order: m r e v k s"),
    ],
)
def test_a_harmless_label_is_left_out(box, answer):
    v = judged(box, answer)
    assert v.verdict == "correct", v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5c.loaddisk", "=> 50 ns"),
        ("5c.loaddisk", "t => 50"),
        ("5a.fwd", "=> 20"),
        ("5b.loadmem", "=> 10"),
        ("5a.fwd", "total => 20"),
        ("1a.value", "=> d1"),
        ("1b.constant", "=> sqrt(pi/2)/d1"),
    ],
)
def test_an_arrow_before_the_answer_is_the_conclusion_never_at_least(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback
    assert v.interpreted is not None and "≥" not in v.interpreted


def test_an_arrow_before_a_wrong_answer_judges_it():
    v = judged("5c.loaddisk", "t => 40")
    assert v.verdict == "incorrect", v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("3b.sp", "0^0"),
        ("3c.rms_desideratum", "0^0"),
        ("1a.value", "d1^(1+0^0-1)"),
        ("3b.sp", "0⁰"),
    ],
)
def test_zero_to_the_zero_is_undefined(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid", v.feedback
    assert "0⁰ is undefined" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "- $d_1$"),
        ("1a.value", "- d1"),
        ("1a.value", "– d1"),
        ("1c.rmsnorm", "- $d_1$"),
        ("1c.spectral", "- $\\sqrt{d_1 d_2}$"),
        ("5a.fwd", "- $20$"),
        ("5b.loadmem", "- \\(10\\)"),
        ("5c.loaddisk", "- $50\\,\\text{ns}$"),
        ("3b.sp", "- $1$"),
        ("4a.g", "- $f(\\mathbf{x}) \\frac{\\mathbf{x}-\\mu}{\\sigma^2}$"),
        (
            "4d.gradF",
            "- $\\mathbb{E}_{x \\sim p_\\theta}[f(x) \\nabla_\\theta \\log p_\\theta(x)]$",
        ),
        ("3c.rms_desideratum", "- $\\Theta(1)$"),
        ("1b.scaling", "- $\\Theta(d_1^2)$"),
        ("1b.value", "- $d_1 + \\frac{2}{\\pi} d_1 (d_1-1)$"),
        ("5a.fwd", "1. $20$"),
        ("5c.loaddisk", "1. $50$ ns"),
        ("4e.special", "1. $g(z,\\mu)=\\mu+\\sigma z$, $z \\sim N(0, I)$"),
    ],
)
def test_a_chat_bullet_or_number_before_the_answer_is_left_out(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_a_dash_before_a_sum_asks_and_a_glued_minus_is_a_sign():
    v = judged("1b.value", "– d1 + (2/pi) d1 (d1-1)")
    assert v.verdict == "invalid" and "bullet or a minus" in v.feedback, v.feedback
    assert judged("1a.value", "-d1").verdict == "incorrect"
    assert judged("1a.value", "- $2 d_1$").verdict == "partial"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "### Answer\n$d_1$"),
        ("5a.fwd", "## Final answer\n20"),
        ("1a.value", "```python\nd1\n```"),
        ("5a.fwd", "```text\n20\n```"),
        ("5a.fwd", "> $20$"),
        ("5c.loaddisk", "> **50 ns**"),
        ("1a.value", "d1, independent of $d_2$"),
        ("1b.scaling", "$\\Theta(d_1^2)$, independent of $d_2$"),
    ],
)
def test_markdown_around_a_right_answer_is_left_out(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


@pytest.mark.parametrize(("box", "answer"), [("5c.loaddisk", "> 50 ns"), ("5b.loadmem", "> 10")])
def test_a_quote_mark_before_a_plain_number_asks_and_is_never_a_bound(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid" and "quote mark or 'more than'" in v.feedback, v.feedback


def test_a_heading_that_takes_the_answer_back_is_not_left_out():
    assert judged("1a.value", "### Wrong answer\n$d_1$").verdict == "invalid"


def test_a_latex_name_in_a_side_claim_is_still_judged():
    assert judged("1a.value", "d1 d2, independent of $d_2$").verdict != "correct"


def test_a_message_shows_the_raised_digit_typed_never_the_readers_caret():
    v = judged("5a.fwd", "²⁰")
    assert v.verdict == "invalid" and "^" not in v.feedback and "'²'" in v.feedback, v.feedback


def test_markdown_strikethrough_is_a_value_taken_back():
    v = judged("1a.value", "~~d1~~")
    assert v.verdict == "invalid" and "strikes 'd1' through" in v.feedback, v.feedback
    assert judged("1a.value", "~~2 d1~~ d1").verdict == "invalid"


def test_a_column_counts_the_invisible_characters_the_echo_shows_escaped():
    answer = "d1\u202e\u2066 x"
    v = judged("1a.value", answer)
    assert v.column == answer.index("x"), v
    assert f"column {answer.index('x') + 1}" in v.feedback
    preview = read_as(BOXES["1a.value"], answer)
    assert preview.column == v.column and preview.text == v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "50~\\text{ns}",
        "$$t = \\frac{500\\text{ ns}}{10} = 50\\text{ ns}$$",
        "\\frac{500\\text{ ns}}{10}",
    ],
)
def test_a_unit_after_a_latex_tie_or_in_a_numerator_is_the_unit(answer):
    v = judged("5c.loaddisk", answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_a_unit_in_a_numerator_still_judges_the_value():
    v = judged("5c.loaddisk", "$$t = \\frac{400\\text{ ns}}{10} = 40\\text{ ns}$$")
    assert v.verdict == "incorrect", v.feedback


@pytest.mark.parametrize(
    "answer",
    ["The answer is\n$$\nd_1\n$$\nwhich is linear.", "$$\nd_1\n$$\nwhich grows with the fan-in."],
)
def test_a_line_of_words_after_a_display_is_not_a_second_answer(answer):
    v = judged("1a.value", answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.value", "d1. This is wrong."),
        ("1a.value", "$$\nd_1\n$$\nwhich is wrong."),
        ("5c.loaddisk", "50 ns. Just kidding."),
    ],
)
def test_a_sentence_that_takes_the_answer_back_is_never_left_out(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid" and "takes the answer back" in v.feedback, v.feedback


@pytest.mark.parametrize(("box", "answer"), [("5a.fwd", "20. This is because the terms add up.")])
def test_a_number_then_a_sentence_is_no_numbered_list(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_a_remark_in_a_labels_brackets_is_no_take_back():
    v = judged("1a.value", "Answer (not simplified): d1")
    assert "take the answer back" not in v.feedback, v.feedback
