"""Hostile and random input: never raises, never runs past its bound, never executes code."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import random_answers
import shipped_content
from checker_boxes import B1A_CONSTANT, B1B_VALUE, B4A, B4B, B4D, B4E, B5A, B5C
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.checking.judge import check

SHIPPED = {
    box_id: spec
    for box_id, spec in shipped_content.handout().boxes.items()
    if spec.kind not in ("choice", "proof")
}

BOXES = [B1A_CONSTANT, B1B_VALUE, B4A, B4B, B4D, B4E, B5A, B5C]
ALPHABET = st.sampled_from(
    list("d12 +-*/^()[]{},=~!._|'\\σπμ√²⁻¹∇·×≤±∓Σ")
    + ["pi", "sqrt", "E_", "N(", "\\frac", "f(", "mu", "sigma", "z", "ns", "us", "μs"]
    + ["+-", "\\pm", "\\mp", "\\lvert", "\\rvert", "\\left|", "\\right|", "\\Big|_{x="]
    + ["\\Sigma", "Sigma^-1", "p(", "p(x)", "log p(x)", "grad_theta", "x", "1/2d1", "1/2 d1"]
)
FAST = 2.0  # seconds: far beyond any sane check, well below a hang


def payloads(marker: Path) -> list[str]:
    m = str(marker)
    return [
        f"__import__('os').system('touch {m}')",
        f"open('{m}', 'w').write('x')",
        "().__class__.__bases__[0].__subclasses__()",
        f"[c for c in ().__class__.__base__.__subclasses__()][0]('touch {m}')",
        f"eval(\"open('{m}','w')\")",
        f"exec('import os; os.system(\"touch {m}\")')",
        f"d1.__class__.__init__.__globals__['os'].system('touch {m}')",
        "Symbol('x').__reduce__()",
        f"lambda: open('{m}','w')",
        "d1; import os",
        f'sympify(\'open("{m}", "w")\')',
        f"\\input{{{m}}}",
        "$(touch " + m + ")",
    ]


def test_injection_payloads_are_invalid_and_run_nothing(tmp_path):
    marker = tmp_path / "pwned"
    for box in BOXES:
        for text in payloads(marker):
            v = check(box, text)
            assert v.verdict == "invalid", (box.id, text, v)
    assert not marker.exists()


@pytest.mark.parametrize(
    "text",
    ["9^9^9^9", "2^2^2^2^2^2", "10^(10^10)", "d1^(d1^(d1^d1))", "1000000!", "(10^100)!",
     "exp(exp(exp(exp(d1))))", "e^(e^(e^d1))", "exp(d1^d1)", "1" * 400 + "^" + "9" * 50, "((d1+1)^200)^200",
     "(" * 200 + ")" * 200, "-" * 499 + "1", "sqrt(" * 80 + "d1" + ")" * 80],
)  # fmt: skip
def test_towers_and_huge_numbers_come_back_in_time(text):
    t0 = time.perf_counter()
    v = check(B1B_VALUE, text)
    assert time.perf_counter() - t0 < FAST
    assert v.verdict in ("invalid", "incorrect")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=40).map("".join), st.sampled_from(BOXES))
def test_random_token_soup_never_raises(text, box):
    t0 = time.perf_counter()
    v = check(box, text)
    assert v.verdict in ("correct", "partial", "incorrect", "invalid")
    assert time.perf_counter() - t0 < FAST


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.sampled_from(BOXES))
def test_random_unicode_never_raises(text, box):
    v = check(box, text)
    assert v.verdict in ("correct", "partial", "incorrect", "invalid")
    if v.verdict == "invalid":
        assert v.note.startswith("invalid:") and v.feedback


@pytest.mark.parametrize("answer", ["Theta((-d2)^d1)", "Theta(d2^d1)"])
def test_an_order_no_mistake_matches_is_judged_not_a_checker_failure(answer):
    # the box's mistakes include one written as an order (Θ(d1·d2)): comparing with it failed
    v = check(SHIPPED["1a.value"], answer)
    assert v.verdict == "incorrect", v


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_answers.expressions(), st.sampled_from(sorted(SHIPPED)))
def test_random_expressions_in_every_shipped_box_never_make_the_checker_fail(text, box_id):
    # an exception here is what the tutor shows as "the checker failed on this answer"
    v = check(SHIPPED[box_id], text)
    assert v.verdict in ("correct", "partial", "incorrect", "invalid")
