"""What a student writes around an answer, or how a paste frames it, read as the student means
it, class by class (each section names its class): the verdict, the feedback, and the "read as"
line, on the shipped content (the handout's numbers), the way a student meets it; the preview
shows the same reading (``judged``)."""

from __future__ import annotations

import pytest
from reading_helpers import judged

# -- displayed mathematics pasted on lines of its own is one answer
ONE_OVER_ROOT = "c = \\frac{1}{\\sqrt{d_1}}"


@pytest.mark.parametrize(
    "answer",
    [
        f"$$\n{ONE_OVER_ROOT}\n$$",  # was "I read two answers, on two lines"
        f"\\[\n{ONE_OVER_ROOT}\n\\]",
        f"\\(\n{ONE_OVER_ROOT}\n\\)",
        f"$${ONE_OVER_ROOT}\n$$",
        f"\\begin{{equation}}\n{ONE_OVER_ROOT}\n\\end{{equation}}",
        f"\\begin{{equation*}}{ONE_OVER_ROOT} \\label{{eq:c}}\\end{{equation*}}",
        "\\begin{align*}\nc &= \\frac{1}{\\sqrt{d_1}} \\\\\n\\end{align*}",
        f"\\begin{{align}}\n{ONE_OVER_ROOT} \\nonumber\n\\end{{align}}",
        f"The constant is\n$$\n{ONE_OVER_ROOT}\n$$\nThis is LeCun's rule.",
        f"The constant is:\n\\[\n{ONE_OVER_ROOT}.\n\\]",  # was "a value in more than one sentence"
    ],
)
def test_a_display_on_lines_of_its_own_is_one_answer(answer):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.interpreted) == ("correct", "1/√d₁"), v.feedback


def test_a_display_of_the_whole_value_in_1b():
    v = judged("1b.value", "$$\nE[RMS^2] = d_1 + (2/pi) d_1 (d_1 - 1)\n$$")
    assert (v.verdict, v.interpreted) == ("correct", "d₁ + 2/π·d₁·(d₁ − 1)")


@pytest.mark.parametrize(
    "answer",
    [
        f"$$\n{ONE_OVER_ROOT}\n$$\n$$\nc = \\frac{{1}}{{d_1}}\n$$",
        f"\\[\n{ONE_OVER_ROOT}\n\\]\n\\[\nc = \\frac{{1}}{{d_1}}\n\\]",
    ],
)
def test_two_displays_are_still_two_answers(answer):
    v = judged("1a.constant", answer)
    assert v.verdict == "invalid" and "two answers, on two lines" in v.feedback
