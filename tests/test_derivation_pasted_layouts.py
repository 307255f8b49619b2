"""Right working in the layouts a chat or a PDF pastes it in: a code fence around it, bold step
labels ("**Step 1:** $c^2 d_1 = 1$"), a step label alone on its line, ``$$…$$`` lines, and a
unit of time set in LaTeX after a number (``46.875\\,\\text{ns}``, ``50~\\text{ns}``): read as
the same working typed plainly. A unit that still can't be read is never told to go "right
after a number" when it is there already."""

from __future__ import annotations

import pytest
import shipped_content
from reading_helpers import judged

from tutor.checking.judge import check
from tutor.variants.engine import instantiate

STEPS_5C = "20*20 + 10*10 = 10*t\n500 = 10*t\nt = 50"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5c.derive", "```\n" + STEPS_5C + "\n```"),
        ("5c.derive", "```text\n" + STEPS_5C + "\n```"),
        ("1a.derive", "```\nc^2 d1 = 1\nc = 1/sqrt(d1)\n```"),
        (
            "1a.derive",
            "**Step 1:** $c^2 d_1 = 1$\n**Step 2:** $c^2 = \\frac{1}{d_1}$\n"
            "**Step 3:** $c = \\frac{1}{\\sqrt{d_1}}$",
        ),
        ("1a.derive", "**1.** c^2 d1 = 1\n**2.** c = 1/sqrt(d1)"),
        ("1a.derive", "(1) c^2 d1 = 1\n(2) c = 1/sqrt(d1)"),
        ("1a.derive", "Step 1\nc^2 d1 = 1\nStep 2\nc = 1/sqrt(d1)"),
        ("1a.derive", "**Step 1**\nc^2 d1 = 1\n**Step 2**\nc = 1/sqrt(d1)"),
        ("5c.derive", "Step 1\n" + STEPS_5C),
        ("5c.derive", "$$20 \\cdot 20 + 10 \\cdot 10 = 10t$$\n$$t = 50$$"),
        ("5c.derive", "20*20 + 10*10 = 10 t\nt = 50~\\text{ns}"),
        ("5c.derive", "20*20 + 10*10 = 10 t\nt = 50\\,\\mathrm{ns}"),
        (
            "5c.derive",
            "20 \\cdot 20\\,\\text{ns} + 10 \\cdot 10\\,\\text{ns} = 10 t\nt = 50\\,\\text{ns}",
        ),
        ("5c.derive", "20*20 + 10*10 = 10 t\nt = 0.05\\,\\mu\\text{s}"),
        # Python's power is no bold
        ("1a.derive", "c**2 * d1 = 1\nc = 1/sqrt(d1)"),
    ],
)
def test_pasted_right_working_is_read(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_a_latex_unit_on_a_display_line_is_read_in_a_variant():
    box = instantiate(shipped_content.handout().templates, "5c", seed=3).boxes["5c.derive"]
    v = check(box, "$$43 \\cdot 10 + 16 \\cdot 20 = 16t$$\n$$t = 46.875\\,\\text{ns}$$")
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_a_unit_after_a_number_that_cant_be_read_is_not_told_to_follow_a_number():
    v = judged("5c.derive", "20*20 + 10*10 = 10 t\nt = 50 ns ns")
    assert v.verdict == "invalid"
    assert "'ns' is a unit" in v.feedback and "right after a number" not in v.feedback


def test_a_unit_before_its_number_is_still_told_where_it_goes():
    v = judged("5c.derive", "20*20 + 10*10 = 10 t\nt = \\text{ns} 50")
    assert v.verdict == "invalid" and "write a unit right after a number" in v.feedback


def test_a_word_that_is_no_unit_after_a_number_is_still_refused():
    v = judged("5c.derive", "20*20 + 10*10 = 10 t\nt = 50\\,\\text{kg}")
    assert v.verdict == "invalid" and "'kg'" in v.feedback
