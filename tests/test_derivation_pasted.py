"""Working as students write it: bullets from Markdown, arrows and "iff" between steps, "+/-",
a chain ``t = 500/10 = 50``, a label before the first equation, a condition in brackets after
a step, units and names the box does not know. Each reads the same in the preview."""

from __future__ import annotations

import pytest
import shipped_content
from reading_helpers import judged

BOXES = shipped_content.handout().boxes


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.derive", "- c^2 d1 = 1\n- c = 1/sqrt(d1)"),
        ("1a.derive", "* c^2 d1 = 1\n* c^2 = 1/d1\n* c = 1/sqrt(d1)"),
        ("1a.derive", "• c^2 d1 = 1\n• c = 1/sqrt(d1)"),
        ("1a.derive", "c²d₁ = 1 → c = 1/√d₁"),
        ("1a.derive", "c^2 d1 = 1 -> c = 1/sqrt(d1)"),
        ("1a.derive", "c^2 d1 = 1 iff c = 1/sqrt(d1)"),
        ("1a.derive", "c^2 d1 = 1\nc = +/- 1/sqrt(d1)\nc = 1/sqrt(d1) (c > 0)"),
        ("1a.derive", "c^2 d1 = 1\nc = 1/sqrt(d1)  (taking the positive root)"),
        ("1a.derive", "E[RMS^2] = c^2 d1 = 1\nc = 1/sqrt(d1)"),
        ("1a.derive", "Var(y) = c^2 d1 = 1\nc = 1/sqrt(d1)"),
        ("1a.derive", "c^2 d1 = 1\nc = sqrt(1/d1) = 1/sqrt(d1)"),
        ("5c.derive", "500 = 10t\nt = 500/10 = 50"),
        ("5c.derive", "20*20 + 10*10 = 500 = 10t\nt = 50"),
        # a reason in words after a step
        ("1a.derive", "c^2 d1 = 1\nc = ±1/sqrt(d1)\nc = 1/sqrt(d1) since c>0"),
        ("1a.derive", "c^2 d1 = 1 because E[RMS^2] = c^2 d1\nc = 1/sqrt(d1), taking the root"),
        ("1a.derive", "c^2 d1 = 1\nc = 1/\\sqrt{d_1} \\text{ as } c > 0"),
        # prose between the steps
        ("1a.derive", "We need E[RMS^2] = 1:\nc^2 d1 = 1\nc = 1/sqrt(d1)"),
        ("1a.derive", "c^2 d1 = 1\nTaking square roots:\nc = 1/sqrt(d1)"),
        ("1a.derive", "c^2 d1 = 1\n(divide by d1)\nc^2 = 1/d1\nc = 1/sqrt(d1)"),
        ("1a.derive", "c^2 d1 = 1\nthen take the positive root\nc = 1/sqrt(d1)"),
        ("1a.derive", "c^2 d1 = 1\nc^2 = 1/d1\nc = 1/sqrt(d1)\n∎"),
        ("1a.derive", "c^2 d1 = 1\nc = 1/sqrt(d1)\nCheck: (1/d1) d1 = 1 ✓"),
        # the unknown by the handout's name for the operation, or a subscripted t
        ("5c.derive", "20*20 + 10*10 = 10*loaddisk\nloaddisk = 50"),
        ("5c.derive", "20*20 + 10*10 = 10 t_loaddisk\n500 = 10 t_loaddisk\nt_loaddisk = 50"),
        ("5c.derive", "20 \\cdot 20 + 10 \\cdot 10 = 10 t_{disk}\nt_{disk} = 50"),
        # a chat's heading over the working
        ("1a.derive", "### Solving for c\n\nc^2 d1 = 1\n\nc = 1/sqrt(d1)"),
        ("1a.derive", "**Solution**\nc^2 d1 = 1\nc^2 = 1/d1\nc = 1/sqrt(d1)"),
        ("5c.derive", "__Answer:__\n500 = 10t\nt = 50"),
        # a lead-in of words before the step on its line
        ("1a.derive", "c^2 d1 = 1\nDivide both sides by d1: c^2 = 1/d1\nc = 1/sqrt(d1)"),
        ("5c.derive", "Setting the two costs equal: 500 = 10t\nDividing by 10: t = 50"),
        # LaTeX's own marks between steps
        ("1a.derive", "c^2 d_1 = 1 \\Longrightarrow c^2 = 1/d_1 \\Longrightarrow c = d_1^{-1/2}"),
        ("1a.derive", "c^2 d_1 = 1 \\\\ \\therefore c = 1/\\sqrt{d_1}"),
        ("1a.derive", "c^2 d_1 = 1 \\Longleftrightarrow c^2 = 1/d_1 \\iff c = d_1^{-1/2}"),
        ("1a.derive", "c^2 d_1 = 1 \\longrightarrow c = d_1^{-1/2}"),
    ],
)
def test_working_as_students_write_it_is_read(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_a_lone_minus_sign_is_still_a_minus_sign():
    # only a bullet before every step is a list; one line starting "- " is negated
    v = judged("1a.derive", "c^2 d1 = 1\n- c = 1/sqrt(d1)")
    assert v.verdict != "correct"


def test_a_chain_of_unequal_values_says_where():
    v = judged("5c.derive", "500 = 10t\nt = 500/10 = 40")
    assert v.verdict == "invalid"
    assert "500/10 and 40 are not equal" in v.feedback


def test_a_chain_with_the_unknown_twice_is_refused():
    v = judged("5c.derive", "t = t = 50\nt = 50")
    assert v.verdict == "invalid" and "more than one '='" in v.feedback


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ("400 + 100 = 10t\nt = ns 50", "'ns' is a unit"),
        ("t_x * 10 = 500\nt_x = 50", "I don't know the name 't_x'"),
    ],
)
def test_a_line_that_cannot_be_read_says_what_is_wrong(answer, says):
    v = judged("5c.derive", answer)
    assert v.verdict == "invalid" and says in v.feedback


def test_an_inequality_that_is_a_step_is_still_refused():
    v = judged("1a.derive", "c^2 d1 = 1\nc > 0")
    assert v.verdict == "invalid" and "'>' is not checked" in v.feedback


def test_prose_alone_is_not_a_derivation():
    v = judged("1a.derive", "Taking square roots:\n(divide by d1)")
    assert v.verdict == "invalid"


def test_a_bracketed_step_of_math_is_still_a_step():
    # "(c^2) d1 = 1" holds an '=': a step, never a remark
    v = judged("1a.derive", "(c^2) d1 = 1\nc = 1/sqrt(d1)")
    assert (v.verdict, v.note) == ("correct", "correct")


@pytest.mark.parametrize(
    "answer",
    [
        "20 t_fwd + 10 t_mem = 10 t_disk\n400 + 100 = 10 t_disk\nt_disk = 50",
        "20*t_fwd + 10*t_mem = N*t\n500 = 10t\nt = 50",
        "20 t_f + 10 t_m = L t\nt = 50",
    ],
)
def test_the_questions_letters_read_as_their_values_in_a_step(answer):
    """5c's derivation knows the question's costs and layer count by their letters (the box's
    definitions): a first line in letters is the starting equation."""
    v = judged("5c.derive", answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


def test_a_step_in_letters_that_drops_a_term_gets_that_mistakes_feedback():
    v = judged("5c.derive", "20 t_fwd = 10 t\nt = 40")
    assert v.verdict == "incorrect"
    assert "loadmem" in v.feedback


def test_a_capital_s_is_a_name_not_the_unit_of_seconds():
    v = judged("1b.derive", "c E[S] = 1\nc = sqrt(pi/2)/d1")
    assert v.verdict == "invalid"
    assert "is a unit" not in v.feedback
    assert "'S'" in v.feedback


@pytest.mark.parametrize(
    "answer", ["c^2 d1 = 1\nc = -1/sqrt(d1)", "c^2 d1 = 1\nc^2 = 1/d1\nc = -1/sqrt(d1)"]
)
def test_a_negative_root_in_working_that_takes_c_positive_is_not_right(answer):
    """1a's value box takes either sign; its working says "take c > 0": a last line c < 0
    was called right ("The last line is right, but …")."""
    v = judged("1a.derive", answer)
    assert v.verdict == "incorrect"
    assert "negative c" in v.feedback and "last line is right" not in v.feedback


def test_sides_that_differ_in_the_last_digits_are_said_to_be_close_without_their_values():
    # 1.25325 is not √(π/2) = 1.253314… to its digits (1.2533 is: that step follows, rounded);
    # the sides' values (0.3133 at d₁ = 4) were the answer itself
    v = judged("1b.derive", "c*d1*sqrt(2/pi) = 1\nc = 1.25325/d1")
    assert v.verdict == "incorrect"
    assert "close, but not equal" in v.feedback and "0.313" not in v.feedback


def test_sides_far_apart_are_not_said_in_scientific_percent():
    v = judged("5c.derive", "500 = 10t\nt = 50000000")
    assert "e+" not in v.feedback


def test_the_squared_reading_is_a_start_in_the_sign_variant_too():
    """With ±s inputs both readings give the same c, but the working that normalizes E[RMS²]
    starts elsewhere: it was only partly right there ("not the starting equation")."""
    import shipped_content

    from tutor.checking.judge import check
    from tutor.variants.engine import instantiate

    variant = instantiate(shipped_content.handout().templates, "1b", seed=1)
    assert variant.values["dist"] == "sign"
    v = check(variant.boxes["1b.derive"], "c^2*(4*d1 + 4*d1*(d1-1)) = 1\nc = 0.5/d1")
    assert (v.verdict, v.note) == ("correct", "accept:squared-reading")


@pytest.mark.parametrize(
    "answer",
    ["20 t_fwd + N t_mem = N t\nt = t_mem + 2 t_fwd", "20*20 + 10*10 = 10*t\nt = N*5"],
)
def test_working_that_ends_in_a_right_formula_is_one_step_short(answer):
    # it was "incorrect" with "a formula is not counted as an attempt" in the same feedback
    v = judged("5c.derive", answer)
    assert (v.verdict, v.note) == ("partial", "final:invalid:formula")
    assert "still a formula" in v.feedback and "not counted" not in v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "c^2 d1 = 1, i.e. c = 1/sqrt(d1)",  # "i.e." as the next step
        "c^2 d1 = 1\nc = 1/sqrt(d1), i.e. c^2 = 1/d1",  # the answer, then said again
        "c^2 d1 = 1\nc = 1/sqrt(d1), i.e. Var(W) = 1/d1",  # again, of another quantity
        "c^2 d1 = 1, that is, c = 1/sqrt(d1)",
    ],
)
def test_a_step_said_again_after_i_e_is_read_as_said(answer):
    v = judged("1a.derive", answer)
    assert v.verdict == "correct", v.feedback


def test_a_restatement_that_says_something_else_still_fails_its_step():
    v = judged("1a.derive", "c^2 d1 = 1\nc = 1/sqrt(d1), i.e. c = 2")
    assert (v.verdict, v.note) == ("incorrect", "step:3"), v.feedback


def test_the_preview_reads_a_restatement_as_the_verdict_does():
    from tutor.checking.derivation.preview import preview_lines

    box = shipped_content.handout().boxes["1a.derive"]
    lines = preview_lines(box, "c^2 d1 = 1\nc = 1/sqrt(d1), i.e. Var(W) = 1/d1")
    assert [r.ok for r in lines] == [True, True, True]
    assert "not checked" in lines[2].text


@pytest.mark.parametrize(
    "heading",
    [
        "remat time = disk time",
        "time with recomputation = time with disk loads",
        "Remat time = disk time",
        "time (remat) = time (disk)",  # not words only: still a line to read
    ],
)
def test_a_heading_in_words_with_an_equals_sign_is_commentary(heading):
    from tutor.checking.derivation.preview import preview_lines

    answer = f"{heading}\n20*20 + 10*10 = 10*t\n500 = 10*t\nt = 50"
    v = judged("5c.derive", answer)
    if "(" in heading:
        assert v.verdict == "invalid"
        return
    assert v.verdict == "correct", v.feedback
    # the heading is not a step: the steps are named by the lines they were typed on
    assert "Lines: 2 ✓  3 ⇔  4 ⇔" in v.feedback
    shown = preview_lines(BOXES["5c.derive"], answer)
    assert [r.line for r in shown] == ["2", "3", "4"] and all(r.ok for r in shown)
    # a wrong step after it: the note counts steps, the message names the box's lines
    v = judged("5c.derive", f"{heading}\n20*20 + 10*10 = 10*t\n500 = 11 t\nt = 50")
    assert v.note == "step:2"
    assert "Line 3 does not follow from line 2" in v.feedback


def test_single_words_on_both_sides_are_refused_saying_how_to_write_them():
    v = judged("5c.derive", "remat = disk\n20*20 + 10*10 = 10*t\nt = 50")
    assert v.verdict == "invalid"
    assert "reads as words" in v.feedback and "ending in ':'" in v.feedback
    # the box's own names are an equation, not words
    assert judged("5c.derive", "t = t_fwd\nt = 50").note != "invalid:unknown-name"


def test_a_lead_in_that_takes_the_step_back_is_refused():
    answer = "c^2 d1 = 1\nWrong step: c^2 = 1/d1\nc = 1/sqrt(d1)"
    assert judged("1a.derive", answer).verdict == "invalid"


def test_a_wrong_step_after_a_lead_in_is_still_judged():
    v = judged("1a.derive", "c^2 d1 = 1\nDivide by d1: c = 1/d1")
    assert (v.verdict, v.note) == ("incorrect", "step:2")


def test_a_chats_opening_and_closing_sentences_are_not_steps():
    pasted = (
        "Sure! Let us solve for $c$.\n\n"
        "**Step 1:** $$c^2 d_1 = 1$$\n"
        "**Step 2:** $$c = \\frac{1}{\\sqrt{d_1}}$$\n\n"
        "Note: the fan-out $d_2$ does not enter; RMS averages over the outputs."
    )
    v = judged("1a.derive", pasted)
    assert (v.verdict, v.interpreted) == ("correct", "c²·d₁ = 1 | c = 1/√d₁")


def test_a_sentence_that_leaves_too_few_steps_is_refused_as_a_sentence():
    v = judged("1a.derive", "c^2 d1 = 1\nso c is one over root d1")
    assert v.verdict == "invalid" and "reads as a sentence" in v.feedback


def test_a_semicolon_still_parts_two_steps():
    v = judged("1a.derive", "c^2 d1 = 1; c = 1/sqrt(d1)")
    assert (v.verdict, v.interpreted) == ("correct", "c²·d₁ = 1 | c = 1/√d₁")


def test_a_hedge_on_how_to_go_on_is_prose():
    v = judged("1a.derive", "c^2 d1 = 1\nI think we divide by d1:\nc^2 = 1/d1\nc = 1/sqrt(d1)")
    assert (v.verdict, v.note) == ("correct", "correct")


def test_a_hedge_beside_a_value_of_its_own_is_refused_and_said_as_a_hedge():
    v = judged("1a.derive", "c^2 d1 = 1\n(not sure, maybe 40)\nc = 1/sqrt(d1)")
    assert v.verdict == "invalid" and "('not sure')" in v.feedback


def test_steps_are_named_by_the_lines_the_student_typed_them_on():
    pasted = "Sure! Let us solve for $c$.\n\n**Step 1:** $$c^2 d_1 = 1$$\n**Step 2:** $$c = 2/\\sqrt{d_1}$$"
    v = judged("1a.derive", pasted)
    assert "Line 4 does not follow from line 3" in v.feedback
    assert "solves line 3 does not solve line 4" in v.feedback
    assert v.feedback.endswith("Lines: 3 ✓  4 ✗")
    # two steps on one line: told apart as 1.1 and 1.2, in the message and in the preview
    from tutor.checking.derivation.preview import preview_lines

    two = "c^2 d1 = 1 -> c^2 = 2/d1\nc = 1/sqrt(d1)"
    assert "Line 1.2 does not follow from line 1.1" in judged("1a.derive", two).feedback
    assert [r.line for r in preview_lines(BOXES["1a.derive"], two)] == ["1.1", "1.2", "2"]


def test_a_line_that_cannot_be_read_is_named_by_its_line_in_the_box():
    v = judged("1a.derive", "c^2 d1 = 1\n\n\nc = 1/sqrt(d1) + $$")
    assert v.verdict == "invalid" and v.feedback.startswith("Line 4")


def test_too_many_steps_are_counted_as_steps():
    v = judged("1a.derive", "; ".join(["c^2 d1 = 1"] * 25))
    assert v.verdict == "invalid" and "That is 25 steps" in v.feedback
