"""A plot holds back the answers of the parts a student has not solved: problem 1's theory
curves are left out (the Monte Carlo points stay), problem 5's schedule and totals are not
drawn at the numbers the student is working with (any other setting is free to explore)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tutor.plots import registry as plots
from tutor.plots.spec import HeldBack
from tutor.plots.text import draw_text

HANDOUT_5 = {"layers": 10, "every": 5, "t_fwd": 20.0, "t_mem": 10.0}


def test_a_plot_is_held_only_for_unsolved_parts_it_reveals():
    spec = plots.get("init-scaling")
    values = spec.defaults()
    assert spec.held(values, None) == ()
    assert spec.held(values, HeldBack(frozenset({"1b"}), {})) == ()
    assert spec.held(values, HeldBack(frozenset({"1a", "1b"}), {})) == ("1a",)


@pytest.mark.parametrize("name", ["remat-schedule", "remat-breakeven"])
def test_the_remat_counts_are_held_at_the_students_numbers_only(name):
    spec = plots.get(name)
    back = HeldBack(frozenset({"5a", "5b", "5c"}), HANDOUT_5)
    at_handout = spec.resolve(**HANDOUT_5)
    assert spec.held(at_handout, back) == ("5a", "5b", "5c")
    assert spec.held({**at_handout, "every": 2}, back) == ()
    assert spec.held({**at_handout, "layers": 12}, back) == ()
    assert "Change a number (layers N, store every K-th layer) to explore" in back.note(
        spec.held(at_handout, back), spec
    )


def test_the_costs_against_k_are_held_at_the_students_n():
    spec = plots.get("remat-vs-k")
    back = HeldBack(frozenset({"5a"}), HANDOUT_5)
    assert spec.held(spec.resolve(layers=10), back) == ("5a",)
    assert spec.held(spec.resolve(layers=11), back) == ()


@pytest.mark.parametrize(
    ("name", "answers"),
    [
        ("init-scaling", ["theory", "scaled"]),
        ("signgd-update", ["theory", "scaled by 1b constant"]),
        ("d2-independence", ["flat", "SignGD step: "]),
    ],
)
def test_a_held_problem_1_plot_draws_the_measurements_without_the_answers(name, answers):
    spec = plots.get(name)
    data = spec.build(spec.resolve(samples=50), None)
    full = draw_text(spec, data, 120, 30)
    held = draw_text(replace(spec, draw=spec.held_draw), data, 120, 30)
    for said in answers:
        assert said in full
        assert said not in held
    assert "MC" in held or "SignGD step" in held
