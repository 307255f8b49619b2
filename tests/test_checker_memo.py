"""What the checker remembers while it judges a class (a comparison, a derivation's line, its
last value) gives the verdict judging afresh gives, and is keyed by everything the result
depends on: other domains are compared again, and a line keeps its own number."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp
from test_derivation import SOLVE

import tutor.checking.equivalence as eq
from tutor.checking import canonical
from tutor.checking.derivation import prepared
from tutor.checking.judge import check
from tutor.checking.sampling import Domain


def forget() -> None:
    """Everything the checker remembers, dropped (a fresh process)."""
    eq._REMEMBERED.clear()
    prepared.prepare.cache_clear()
    canonical.prepare.cache_clear()


def afresh(box, answer):
    forget()
    return replace(check(box, answer), ms=0.0)


def test_a_comparison_of_the_same_expressions_is_made_once(monkeypatch):
    forget()
    calls = []
    real = eq._equivalent
    monkeypatch.setattr(eq, "_equivalent", lambda *a: calls.append(a) or real(*a))
    x = sp.Symbol("x", positive=True)
    doms = {x: Domain(1, 5)}
    assert eq.equivalent(sp.sqrt(x**2) + 1, x + 1, doms)
    assert eq.equivalent(sp.sqrt(x**2) + 1, x + 1, dict(doms))  # built again: the same key
    assert len(calls) == 1


def test_a_comparison_on_other_domains_is_not_taken_from_the_one_before():
    forget()
    x = sp.Symbol("x", real=True)
    assert eq.equivalent(sp.Abs(x), x, {x: Domain(1, 5)})
    assert not eq.equivalent(sp.Abs(x), x, {x: Domain(-5, -1)})
    assert eq.approximately(sp.Float(3.14), sp.pi, {}) and not eq.approximately(
        sp.Float(3.14), sp.pi, {}, rel=1e-6
    )


@pytest.mark.parametrize(
    "answer",
    [
        # a remembered line (500 = 10 t) as line 3, after a step that does not follow
        "20*20 + 10*10 = 10*t\n400 = 10*t\n500 = 10*t\nt = 50",
        # a remembered line (400 = 10 t, line 2 before) as the line 3 that does not follow
        "20*20 + 10*10 = 10*t\n500 = 10*t\n400 = 10*t\nt = 40",
        # the same last value, typed the same, after other lines
        "10 t = 20*20 + 10*10\nt = 50",
        # a line that does not read names its own line, read before or not
        "20*20 + 10*10 = 10*t\n500 = 10*t\n500 = 10*(t",
        "20*20 + 10*10 = 10*t\n500 = 10*(t\nt = 50",
    ],
)
def test_derivations_judged_after_others_get_the_verdict_judged_afresh(answer):
    expected = afresh(SOLVE, answer)
    forget()
    for before in (
        "20*20 + 10*10 = 10*t\n500 = 10*t\nt = 50",
        "20*20 + 10*10 = 10*t\n500 = 10*t\nt = 40",
        "20*20 + 10*10 = 10*t\n400 = 10*t\nt = 40",
        "20*20 + 10*10 = 10*t\n500 = 10*(t\nt = 50",
    ):
        check(SOLVE, before)
    assert replace(check(SOLVE, answer), ms=0.0) == expected


def test_a_remembered_line_keeps_the_number_it_has_in_each_answer():
    forget()
    check(SOLVE, "20*20 + 10*10 = 10*t\n500 = 10*t\nt = 50")
    v = check(SOLVE, "20*20 + 10*10 = 10*t\n400 = 10*t\n500 = 10*t\nt = 50")
    assert "Line 2 does not follow from line 1" in v.feedback and v.note == "step:2"
    later = check(SOLVE, "20*20 + 10*10 = 10*t\n500 = 10*t\n400 = 10*t\nt = 40")
    assert "Line 3 does not follow from line 2" in later.feedback and later.note == "step:3"
    bad = check(SOLVE, "20*20 + 10*10 = 10*t\n500 = 10*t\n500 = 10*(t")
    assert bad.verdict == "invalid" and "Line 3" in bad.feedback
