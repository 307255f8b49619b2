"""Derivations: each line must follow from the one before (equivalence under the symbols'
assumptions); the first line that does not follow is named with a concrete point where its
sides differ; one-way steps are marked; the last line is judged by the value box."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from tutor.checking.judge import check
from tutor.content.model import BoxSpec, Reading, SymbolSpec

TARGET = BoxSpec(
    id="9a.value",
    kind="number",
    prompt="t",
    answer="50",
    unit="ns",
    bound="upper",
    mistakes=(Reading("40", "drops-loadmem", "You left out the loadmem time.", "incorrect"),),
)
SOLVE = BoxSpec(
    id="9a.derive",
    kind="derivation",
    prompt="solve",
    answer="20*20 + 10*10 = 10*t\n500 = 10*t\nt = 50",
    symbols=(SymbolSpec("t", (1, 1000)),),
    unknown="t",
    target="9a.value",
    target_box=TARGET,
)
# rewriting mode: a chain of equal expressions; d1 a positive integer, x any real
REWRITE = BoxSpec(
    id="9b.derive",
    kind="derivation",
    prompt="simplify",
    answer="d1 + (2/pi)*d1*(d1 - 1)\n(2/pi)*d1^2 + (1 - 2/pi)*d1",
    symbols=(
        SymbolSpec("d1", (1, 64), integer=True),
        SymbolSpec("N", (1, 64), integer=True),
    ),
)
# solving for a real c (no positivity): dropping a root is only an implication
REAL = BoxSpec(
    id="9c.derive",
    kind="derivation",
    prompt="solve",
    answer="c^2*d1 = 1\nc = 1/sqrt(d1)",
    symbols=(SymbolSpec("c", (-10, 10), positive=False), SymbolSpec("d1", (1, 50), integer=True)),
    unknown="c",
)


def test_a_correct_derivation_is_correct_however_it_is_written():
    for answer in (
        "20*20 + 10*10 = 10*t\n500 = 10*t\nt = 50",
        "10 t = 20·20 + 10·10\n⇔ 10 t = 500\n=> t = 50",
        "500 - 10 t = 0\n\n  50 = t  ",
    ):
        v = check(SOLVE, answer)
        assert (v.verdict, v.note) == ("correct", "correct"), (answer, v.feedback)
        assert "Lines: 1 ✓" in v.feedback


# solving for c with a parameter d1 (a positive integer)
PARAM = BoxSpec(
    id="9e.derive",
    kind="derivation",
    prompt="solve",
    answer="c*d1 = 6\nc = 6/d1",
    symbols=(SymbolSpec("c", (0.01, 100)), SymbolSpec("d1", (1, 50), integer=True)),
    unknown="c",
)


def test_the_first_line_that_does_not_follow_is_named_without_the_unknowns_value():
    # "at d₁ = 4, c = 0.3133 line 1 holds" gave c at d₁ = 4 where line 1 is right: the answer
    v = check(PARAM, "c d1 = 6\nc = 6/d1 + 1")
    assert (v.verdict, v.note) == ("incorrect", "step:2")
    m = re.search(
        r"Line 2 does not follow from line 1: at d₁ = (\d+), the value of c that solves line 1 "
        r"does not solve line 2: there its two sides are not equal\.",
        v.feedback,
    )
    assert m, v.feedback
    assert "c = " not in v.feedback and "left side" not in v.feedback


def test_with_only_the_unknown_the_point_is_not_shown_since_it_would_be_the_answer():
    v = check(SOLVE, "500 = 10 t\nt = 500/10 + 5\nt = 55")
    assert (v.verdict, v.note) == ("incorrect", "step:2")
    assert "the value of t that solves line 1 does not solve line 2" in v.feedback
    # nor how far apart the sides are: with 55 typed, "9.1% apart" gave 50
    assert "%" not in v.feedback and "not equal" in v.feedback
    assert "50" not in v.feedback.replace("500", "")


def test_a_wrong_step_before_a_right_last_line_is_partial():
    v = check(SOLVE, "500 = 10 t\nt = 40\nt = 50")
    assert (v.verdict, v.note) == ("partial", "step:2")


def test_rewriting_mode_names_the_point_and_both_values():
    v = check(REWRITE, "d1 + (2/pi) d1 (d1 - 1)\nd1 + (2/pi) d1^2\n(2/pi) d1^2 + d1")
    assert (v.verdict, v.note) == ("incorrect", "step:2")
    assert "Line 2 does not follow from line 1: at d₁ = " in v.feedback
    assert "line 1 is" in v.feedback and "and line 2 is" in v.feedback
    ok = check(REWRITE, "d1 + (2/pi) d1 (d1 - 1) = d1 + (2/pi) d1^2 - (2/pi) d1\n"
                        "(2/pi) d1^2 + (1 - 2/pi) d1")  # fmt: skip
    assert (ok.verdict, ok.note) == ("correct", "correct"), ok.feedback


def test_an_equation_in_a_chain_must_have_equal_sides():
    v = check(REWRITE, "d1 + (2/pi) d1 (d1 - 1) = d1^2\n(2/pi) d1^2 + (1 - 2/pi) d1")
    assert (v.verdict, v.note) == ("partial", "step:1")
    assert "Line 1 is not an equality: at d₁ = " in v.feedback
    assert "the sides of line 1 are" in v.feedback
    assert "Lines: 1 ✗" in v.feedback


def test_a_step_that_gains_solutions_is_marked_as_an_implication():
    v = check(SOLVE, "500 = 10 t\n(t - 50)*(t - 3) = 0\nt = 50")
    assert (v.verdict, v.note) == ("partial", "one-way:2")
    assert "follows only one way (⇒)" in v.feedback
    assert "line 2 holds at t = 3 but line 1 does not" in v.feedback


def test_a_step_that_loses_a_root_is_marked_when_the_unknown_may_be_negative():
    v = check(REAL, "c^2 d1 = 1\nc = 1/sqrt(d1)")
    assert v.note == "one-way:2"
    assert "(⇐)" in v.feedback and "lost a solution" in v.feedback
    # ± keeps both roots: an equivalence
    both = check(REAL, "c^2 d1 = 1\nc = ±1/sqrt(d1)")
    assert both.note != "one-way:2"
    assert "Lines: 1 ✓  2 ⇔" in both.feedback


def test_positivity_makes_taking_the_root_an_equivalence():
    positive = BoxSpec(**{**REAL.__dict__, "symbols": (SymbolSpec("c", (0.01, 10)),
                                                      SymbolSpec("d1", (1, 50), integer=True))})  # fmt: skip
    v = check(positive, "c^2 d1 = 1\nc = 1/sqrt(d1)")
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_squaring_both_sides_of_a_positive_unknown_is_an_equivalence():
    v = check(SOLVE, "500 = 10 t\nt^2 = 2500\nt = 50")
    assert (v.verdict, v.note) == ("correct", "correct")


def test_the_last_line_is_judged_by_the_value_box_with_its_mistakes():
    # a start the box does not know, steps that follow, a last line that is a known mistake
    v = check(SOLVE, "20*20 = 10 t\nt = 40")
    assert (v.verdict, v.note) == ("incorrect", "final:mistake:drops-loadmem")
    assert "You left out the loadmem time." in v.feedback
    assert "Line 1 is not the starting equation" in v.feedback


def test_the_last_line_must_be_solved_for_the_unknown():
    v = check(SOLVE, "500 = 10 t\n10 t = 500")
    assert (v.verdict, v.note) == ("incorrect", "final:unsolved")


def test_a_first_line_that_is_already_the_answer_is_not_the_start():
    v = check(SOLVE, "t = 50\nt = 50")
    assert (v.verdict, v.note) == ("partial", "start")


@pytest.mark.parametrize(
    ("answer", "note", "says"),
    [
        ("", "invalid:empty", "empty"),
        ("500 = 10 t", "invalid:lines", "at least two lines"),
        ("500 = 10 t\nt = (50", "invalid:syntax", "Line 2"),
        ("500 = 10 t\nt = ns 50", "invalid:unknown-name", "Line 2: 'ns' is a unit"),
        ("500 <= 10 t\nt = 50", "invalid:syntax", "may only end the working"),
        ("500 = 10 t\nt ≠ 50", "invalid:syntax", "'≠' is not checked"),
        ("500 = 10 t\nt \\le 50 \\le 60", "invalid:syntax", "'\\le' is not checked"),
        ("500 = 10 t = t\nt = 50", "invalid:syntax", "more than one '='"),
        ("500\nt = 50", "invalid:syntax", "no '='"),
        ("500 = \nt = 50", "invalid:syntax", "one side of '=' is empty"),
        ("\n".join(["t = 50"] * 21), "invalid:too-long", "at most 20"),
    ],
)
def test_unreadable_derivations_say_which_line_and_why(answer, note, says):
    v = check(SOLVE, answer)
    assert (v.verdict, v.note) == ("invalid", note)
    assert says in v.feedback


def test_a_caret_points_into_the_line_that_cannot_be_read():
    v = check(SOLVE, "500 = 10 t\nt = 50 + q")
    lines = v.feedback.splitlines()
    assert lines[1].strip() == "t = 50 + q"
    assert lines[2].index("^") - lines[1].index("t") == len("t = 50 + ")


@pytest.mark.parametrize(
    ("line", "pointed_at"),  # the character the caret is under, after the two before it
    [
        ("t = " + "t + " * 110 + "q", "+ q"),  # 445 characters, the error near the end
        ("t = " + "t + " * 50 + "q" + " + t" * 50, "+ q"),  # cut on both sides
        ("t + " * 100 + "t = ", " = "),  # an empty side after a long one: where it starts
        ("t = 50 + \x1b[2J\u202e + " + "t + " * 60 + "t", "+ \\"),  # escaped, not obeyed
    ],
)
def test_a_long_line_is_echoed_as_a_window_with_the_caret_under_the_error(line, pointed_at):
    v = check(SOLVE, "500 = 10 t\n" + line)
    assert v.verdict == "invalid" and v.feedback.startswith("Line 2:")
    shown, caret = v.feedback.splitlines()[1:3]
    assert len(shown) <= 72 and len(caret) <= 72 and caret.strip() == "^"
    at = caret.index("^")
    assert shown[at - 2 : at + 1] == pointed_at
    assert "\x1b" not in v.feedback.split("\n", 1)[1] and "\u202e" not in v.feedback
    assert ("…" in shown) == (len(line) > 70)  # a cut is marked


def test_the_reading_is_shown_line_by_line():
    v = check(SOLVE, "20*20 + 10*10 = 10*t\nt = 50")
    assert v.interpreted == "20·20 + 10·10 = 10·t | t = 50"


def test_unknown_functions_are_the_same_functions_on_both_sides():
    box = BoxSpec(
        id="9d.derive",
        kind="derivation",
        prompt="rewrite",
        answer="f(x) + g(x) + f(x)\n2*f(x) + g(x)",
        symbols=(SymbolSpec("x", (-2, 2), positive=False),),
        functions=("f", "g"),
    )
    ok = check(box, "f(x) + g(x) + f(x)\ng(x) + 2 f(x)")
    assert (ok.verdict, ok.note) == ("correct", "correct"), ok.feedback
    wrong = check(box, "f(x) + g(x) + f(x)\ng(x) + f(x)")
    assert wrong.note == "step:2"


def test_an_enormous_answer_is_refused_before_it_is_read():
    v = check(SOLVE, "t = 50\n" * 5000)
    assert (v.verdict, v.note) == ("invalid", "invalid:too-long")


@pytest.mark.parametrize(
    "answer",
    [
        r"20*20 + 10*10 = 10*t \\ 500 = 10t \\ t = 50",  # LaTeX line breaks on one line
        "\\begin{align*}\n20 \\cdot 20 + 10 \\cdot 10 &= 10t \\\\[2pt]\n500 &= 10t \\\\\nt &= 50\n"
        "\\end{align*}",  # an aligned display, pasted whole
        "$$20*20 + 10*10 = 10*t$$\n$$500 = 10t$$\n$$t = 50$$",
        "1. 20*20 + 10*10 = 10*t\n2. 500 = 10t\n3. t = 50",  # numbered steps
        "(1) 20*20 + 10*10 = 10*t\n(2) 500 = 10t\n(3) t = 50",
        "Step 1: 20*20 + 10*10 = 10*t\nStep 2: t = 50",
        "20*20 + 10*10 = 10*t; 500 = 10t; t = 50",  # steps separated by semicolons
    ],
)
def test_working_pasted_from_latex_or_a_chat_reads_step_by_step(answer):
    v = check(SOLVE, answer)
    assert v.verdict == "correct", v.feedback


def test_a_decimal_at_the_start_of_a_line_is_not_a_step_number():
    v = check(SOLVE, "500 = 10*t\n50. = t")
    assert v.verdict == "correct", v.feedback
    assert check(SOLVE, "500 = 10*t\n2. = t").verdict != "correct"


def test_the_boxs_unit_after_a_number_is_read_and_another_unit_of_time_converted():
    for answer in (
        "20*20 + 10*10 = 10*t\n500 = 10*t\nt = 50 ns",
        "20*20 ns + 10*10 ns = 10*t\nt = 50ns",
        "20*20 + 10*10 = 10*t\nt = 0.05 μs",  # 0.05 μs is 50 ns
        "20*20 + 10*10 = 10*t\nt = 0.05 µs",  # (the micro sign)
        "500 ns = 10 t\nt = 50 nanoseconds",
    ):
        v = check(SOLVE, answer)
        assert v.verdict == "correct", (answer, v.feedback)
    # never silently wrong: 50 ms is 50,000,000 ns, and is read so
    v = check(SOLVE, "20*20 + 10*10 = 10*t\nt = 50 ms")
    assert v.verdict == "incorrect" and "t = 50000000" in v.interpreted
    v = check(SOLVE, "20*20 + 10*10 = 10*t\nt = 0.04 μs")
    assert v.verdict == "incorrect"
    # another unit inside an expression is refused, not scaled in part (305/6 μs is not
    # 305/6000 ns)
    for answer in ("20*20 + 10*10 = 10*t\nt = 305/6 μs", "0.4 μs + 0.1 μs = 10 t\nt = 50"):
        v = check(SOLVE, answer)
        assert v.verdict == "invalid" and "write its numbers in ns" in v.feedback, v.feedback


def test_a_unit_in_a_line_is_named_as_a_unit():
    v = check(SOLVE, "20*20 + 10*10 = 10*t\nt = ns 50")  # not after a number
    assert v.verdict == "invalid"
    assert "'ns' is a unit" in v.feedback and "right after a number" in v.feedback
    assert "'q' is a unit" not in check(SOLVE, "20*20 + 10*10 = 10*t\nt = 50 q").feedback
    # a box whose value has no unit of time takes none
    bare = replace(SOLVE, target_box=replace(TARGET, unit=None))
    v = check(bare, "20*20 + 10*10 = 10*t\nt = 50 ns")
    assert v.verdict == "invalid"
    assert "'ns' is a unit" in v.feedback and "without units" in v.feedback


def test_a_sentence_between_the_steps_is_named_as_a_sentence_not_a_unit():
    # a description with numbers and units in it: the student is told it is not a step,
    # not that one of its words is a unit
    v = check(SOLVE, "the remat pass costs 20 fwd at 20 ns and 10 loadmem at 10 ns\nt = 50")
    assert v.verdict == "invalid"
    assert "Line 1" in v.feedback and "sentence" in v.feedback and "is a unit" not in v.feedback
    # the box's own names are not words of a sentence: an unreadable step stays a step
    assert "sentence" not in check(SOLVE, "20*20 + 10*10 = 10*t\nt t t t").feedback


@pytest.mark.parametrize(
    "answer",
    [
        "20*20 + 10*10 = 10*t ⇒ 500 = 10t ⇒ t = 50",
        "20*20 + 10*10 = 10*t <=> 500 = 10t, so t = 50",
        r"20 \cdot 20 + 10 \cdot 10 = 10t \iff 500 = 10t \implies t = 50",
    ],
)
def test_steps_joined_on_one_line_by_arrows_or_so_are_steps(answer):
    v = check(SOLVE, answer)
    assert v.verdict == "correct", v.feedback


@pytest.mark.parametrize(
    "last", ["t ≤ 50", "50 ≥ t", "t <= 50 ns", "⇒ t \\le 50", "t ≤ 500/10", "t < 50"]
)
def test_a_limit_as_the_last_line_states_the_value_of_an_upper_bound_box(last):
    v = check(SOLVE, f"20*20 + 10*10 = 10*t\n500 = 10 t\n{last}")
    assert v.verdict == "correct", v.feedback
    assert "≤" in v.interpreted or "≥" in v.interpreted or "<" in v.interpreted


def test_a_limit_must_be_the_solved_value_point_the_right_way_and_end_the_working():
    v = check(SOLVE, "20*20 + 10*10 = 10*t\nt ≤ 40")
    assert (v.verdict, v.note) == ("incorrect", "step:2")
    v = check(SOLVE, "20*20 + 10*10 = 10*t\nt ≥ 50")  # the value box: the wrong way
    assert v.verdict == "incorrect" and v.note.startswith("final:")
    v = check(SOLVE, "20*20 + 10*10 = 10*t\nt ≤ 50\nt = 50")
    assert v.verdict == "invalid" and "may only end the working" in v.feedback
    # a box whose value is exact (no bound) takes no limit
    exact = replace(SOLVE, target_box=replace(TARGET, bound="none"))
    v = check(exact, "20*20 + 10*10 = 10*t\nt ≤ 50")
    assert v.verdict == "invalid" and "'≤' is not checked" in v.feedback


def test_the_preview_reads_a_last_line_stating_a_limit_as_the_judge_does():
    from tutor.checking.derivation.preview import preview_lines

    shown = preview_lines(SOLVE, "20*20 + 10*10 = 10*t\nt ≤ 50")
    assert [(r.ok, r.text) for r in shown][1] == (True, "t ≤ 50")
    assert not preview_lines(SOLVE, "t ≤ 50\nt = 50")[0].ok
