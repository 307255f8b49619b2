"""The preview refuses, before Enter, what the judge will refuse as the wrong kind of answer
whatever the key: g without the noise variable, a distribution where an expression is asked,
a chain of unequal values. A refusal that depends on the key (c² = the right square, asked for
c) is never shown early: the preview would tell the answer."""

from __future__ import annotations

import pytest
import random_answers
import shipped_content
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.checking.judge import check
from tutor.checking.readas import read_as

BOXES = shipped_content.handout().boxes
TYPED = sorted(b for b, spec in BOXES.items() if spec.kind not in ("proof", "derivation", "choice"))


@pytest.mark.parametrize(
    ("box", "answer", "said"),
    [
        ("4e.special", "0", "noise variable"),
        ("4e.special", "c^2 = mu", "noise variable"),
        ("4a.g", "N(0, 1)", "distribution"),
        ("3c.rms_factor", "0.5 = 50", "not equal"),
        ("1c.spectral", "c^2 = Theta(sqrt(d2))", "not the quantity asked"),
        ("4a.g", "c^2 = Theta(1)", "not an order"),
    ],
)
def test_the_preview_refuses_what_the_judge_refuses_whatever_the_key(box, answer, said):
    v = check(BOXES[box], answer)
    seen = read_as(BOXES[box], answer)
    assert v.verdict == "invalid"
    assert not seen.ok
    assert seen.text == v.feedback
    assert said in seen.text


def test_a_right_square_is_read_in_the_preview_as_a_wrong_one_is():
    """c² = 1/d1 is refused on Enter (it is c², asked for c) because it is right; the preview
    shows both squares alike, so it does not give that away."""
    right, wrong = (
        read_as(BOXES["1a.constant"], "c^2 = 1/d1"),
        read_as(BOXES["1a.constant"], "c^2 = 2/d1"),
    )
    assert right.ok and wrong.ok
    assert check(BOXES["1a.constant"], "c^2 = 1/d1").verdict == "invalid"
    assert check(BOXES["1a.constant"], "c^2 = 2/d1").verdict in ("incorrect", "partial")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_answers.expressions(5), st.sampled_from(TYPED))
def test_a_preview_refusal_is_a_refusal_and_a_reading_is_judged(answer, box_id):
    box = BOXES[box_id]
    v = check(box, answer)
    seen = read_as(box, answer)
    if not seen.ok:
        assert v.verdict == "invalid", (seen, v)
    elif v.verdict == "invalid":
        # only a refusal the key decides: a right power of the unknown (c² = …)
        assert v.note == "invalid:kind" and "²" in v.interpreted, (seen, v)
