"""A plot holds back the answers of the parts a student has not solved: problem 1's plots
are held whole (the points' growth is the answer), problem 5's schedule and totals are not
drawn at the numbers the student is working with (any other setting is free to explore)."""

from __future__ import annotations

import pytest

from tutor.plots import registry as plots
from tutor.plots.spec import HeldBack, answer_figures, same_figure
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
    ("name", "parts"),
    [
        ("init-scaling", ("1a",)),
        ("signgd-update", ("1b",)),
        ("d2-independence", ("1a", "1b", "1c")),
    ],
)
def test_a_held_problem_1_plot_is_held_whole_at_every_setting(name, parts):
    """Trial tui2 F3: the 1b explorer drew the Monte Carlo points alone on log–log axes, and
    their slopes (2 against 1) answered 1b's Θ box; 1c's were flat in d2. The growth of the
    points is the answer at any setting, so the plot is held whole, as problem 5's are."""
    spec = plots.get(name)
    back = HeldBack(frozenset({"1a", "1b", "1c"}), {})
    assert spec.held_draw is None
    for values in (spec.defaults(), spec.resolve(samples=50, seed=3)):
        assert spec.held(values, back) == parts
    note = back.note(parts, spec)
    assert "held back until you solve" in note and "Change a number" not in note


def _handout_back(parts=("5a", "5b", "5c")) -> HeldBack:
    answers = {
        "5a": answer_figures(["20"]),
        "5b": answer_figures(["10"]),
        "5c": answer_figures(["50 ns"]),
    }
    return HeldBack(frozenset(parts), HANDOUT_5, {p: answers[p] for p in parts})


@pytest.mark.parametrize("name", ["remat-schedule", "remat-breakeven"])
@pytest.mark.parametrize(("layers", "every", "part"), [(11, 5, "5a"), (15, 5, "5c")])
def test_a_neighbouring_setting_stating_an_answer_is_held_too(name, layers, every, part):
    """The trial: N = 11, K = 5 showed `fwd 20` (5a's answer), N = 15, K = 5 `break-even
    loaddisk 50 ns` (5c's): held back by the values shown, not by the setting."""
    spec = plots.get(name)
    values = spec.resolve(**{**HANDOUT_5, "layers": layers, "every": every})
    assert spec.held(values, _handout_back((part,))) == (part,)
    assert spec.held(values, _handout_back()) != ()


@pytest.mark.parametrize("name", ["remat-schedule", "remat-breakeven"])
def test_no_setting_of_the_explorer_states_an_unsolved_answer(name):
    """Over the explorer's range (every N up to 60, every K, a few times): wherever it is not
    held back, no figure it states (the totals, the title, the table's last time) is an answer
    of the handout or of a variant not solved yet; and it is not held where none is."""
    from tutor.homework import remat

    spec = plots.get(name)
    variant = {"5a": answer_figures(["21"]), "5c": answer_figures(["37.5 ns"])}
    backs = [
        _handout_back(),
        HeldBack(frozenset({"5a", "5c"}), {"layers": 12, "every": 4}, variant),
    ]
    for t_fwd, t_mem in ((20.0, 10.0), (15.0, 0.0), (7.5, 2.5)):
        for layers in range(1, 61):
            for every in range(1, layers + 1):
                values = spec.resolve(layers=layers, every=every, t_fwd=t_fwd, t_mem=t_mem)
                s = remat.schedule(layers, every, t_fwd, t_mem)
                stated = {
                    same_figure(v)
                    for v in (
                        s.fwd,
                        s.loadmem,
                        s.stored_activations,
                        s.remat_ns,
                        s.breakeven_loaddisk_ns,
                        s.steps[-1].end_ns,
                    )
                }
                for back in backs:
                    held = spec.held(values, back)
                    hits = {p for p, a in back.answers.items() if a & stated}
                    assert hits <= set(held), (layers, every, t_fwd, t_mem, hits, held)
                    if not hits and values["layers"] != back.at["layers"]:
                        assert held == ()


def test_the_drawn_figures_at_a_free_setting_are_not_the_answers():
    spec = plots.get("remat-schedule")
    back = _handout_back()
    values = spec.resolve(**{**HANDOUT_5, "layers": 12, "every": 4})
    assert spec.held(values, back) == ()
    text = draw_text(spec, spec.build(values, None), 200, 30)
    assert "18 fwd" in text and "20 fwd" not in text


def test_answer_figures_reads_the_numbers_of_keys():
    assert answer_figures(["20", "50 ns", "12.5", "x^2", ""]) == {20.0, 50.0, 12.5}
    assert same_figure(50.00001) == 50.0


def test_a_part_partly_solved_is_named_by_the_boxes_it_lacks():
    """Trial tui3 T9: the note said "held back until you solve 1b" with 1b's value, Θ and c
    boxes solved (its working not): a part some of whose boxes are solved is named by the
    boxes still missing."""
    spec = plots.get("d2-independence")
    back = HeldBack(frozenset({"1b"}), {}, {}, {"1b": ("“E[RMS²(y′)] = Θ( ? )”",)})
    note = back.note(("1b",), spec)
    assert "until you solve the box “E[RMS²(y′)] = Θ( ? )” in 1b or see 1b's solution" in note
