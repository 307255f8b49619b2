"""A line of a derivation that takes the working back or hedges it ("(wrong)", "This is wrong.",
"scratch that", "(not sure, maybe 40)", "(actually 40)") is never left out as prose: the
derivation is refused, wherever the line is. Prose that only explains is still left out."""

from __future__ import annotations

import pytest
import shipped_content
from reading_helpers import judged

from tutor.checking.derivation.preview import preview_lines

BOXES = shipped_content.handout().boxes
STEPS_5C = "20*20 + 10*10 = 10*t\n500 = 10*t\nt = 50"
STEPS_1A = "c^2 d1 = 1\nc^2 = 1/d1\nc = 1/sqrt(d1)"


@pytest.mark.parametrize(
    ("box", "answer", "said"),
    [
        ("5c.derive", STEPS_5C + "\n(wrong)", "'wrong'"),
        ("5c.derive", STEPS_5C + "\nThis is wrong.", "'wrong'"),
        ("5c.derive", STEPS_5C + "\n(not sure, maybe 40)", "'not sure'"),
        ("5c.derive", STEPS_5C + "\nI'm not sure", "'I'm not sure'"),
        ("5c.derive", STEPS_5C + "\n(actually 40)", "'actually'"),
        ("5c.derive", STEPS_5C + "\nscratch that", "'scratch that'"),
        ("5c.derive", "20*20 + 10*10 = 10*t\n(wrong)\n500 = 10*t\nt = 50", "'wrong'"),
        ("5c.derive", "20*20 + 10*10 = 10*t\nscratch that\n500 = 10*t\nt = 50", "'scratch"),
        ("1a.derive", STEPS_1A + "\n(wrong)", "'wrong'"),
        ("1a.derive", "c^2 d1 = 1\n(kidding)\nc = 1/sqrt(d1)", "'kidding'"),
        ("1b.derive", "c d1 sqrt(2/pi) = 1\nc = sqrt(pi/2)/d1\n(maybe)", "'maybe'"),
    ],
)
def test_a_line_that_takes_the_working_back_refuses_it(box, answer, said):
    v = judged(box, answer)
    assert v.verdict == "invalid", v.feedback
    assert "takes the answer back" in v.feedback and said in v.feedback
    assert "remove it or fix the working" in v.feedback


def test_the_preview_shows_the_line_that_takes_it_back():
    shown = preview_lines(BOXES["5c.derive"], STEPS_5C + "\n(wrong)")
    assert [r.ok for r in shown] == [True, True, True, False]


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5c.derive", "remat time = disk time\n" + STEPS_5C),
        ("5c.derive", "20*20 + 10*10 = 10*t\nso\n500 = 10*t\nt = 50"),
        ("1a.derive", "c^2 d1 = 1\n(divide by d1)\nc^2 = 1/d1\nc = 1/sqrt(d1)"),
        ("1a.derive", "c^2 d1 = 1\nthen take the positive root\nc = 1/sqrt(d1)"),
        ("1a.derive", STEPS_1A + "\nwhich is the right scale."),
    ],
)
def test_prose_that_only_explains_is_still_left_out(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback
