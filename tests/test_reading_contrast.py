"""An answer set against a wrong one ("1/√d1, not 1/d1"), "not equal" typed as code writes it,
and a count's qualifier words ("20 extra fwd")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reading_helpers import BOXES, judged

from tutor.checking.readas import read_as
from tutor.inputlang import contrast


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "1/sqrt(d1), not 1/d1"),
        ("1a.constant", "c = 1/√d1 rather than 1/d1"),
        ("1a.constant", "1/sqrt(d1) and not 1/d1"),
        ("1a.constant", "c = \\frac{1}{\\sqrt{d_1}} — not \\frac{1}{d_1}"),
        ("1b.scaling", "Θ(d1²), not Θ(d1)"),
        ("5c.loaddisk", "50 ns instead of 40 ns"),
        ("5a.fwd", "20; not 45 (only the input stored would give 45)"),
        ("4b.F", "E_{z~N(0,I)}[f(μ+σz)], not E[f(μ+z)]"),
    ],
)
def test_the_value_before_a_contrast_is_judged_and_the_verdict_says_the_rest_was_not(box, answer):
    v = judged(box, answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback
    assert "what follows it is not checked" in v.feedback


def test_a_wrong_value_set_against_the_right_one_is_wrong_with_its_own_feedback():
    v = judged("1a.constant", "1/d1, not 1/√d1")
    assert v.verdict == "incorrect"
    assert v.note == "mistake:variance-not-constant"
    v = judged("5a.fwd", "45, not 20")
    assert v.note == "mistake:only-input-stored"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "c is not 1/d1"),  # a negation: what is the answer?
        ("1a.constant", "not 1/d1"),
        ("5c.loaddisk", "50 ns, not less"),  # "not less" makes it a bound
        ("5c.loaddisk", "50 ns, not more than that"),
    ],
)
def test_a_negation_or_a_comparison_after_it_is_not_a_contrast(box, answer):
    assert judged(box, answer).verdict == "invalid"


def test_the_preview_shows_the_same_reading_and_says_what_it_left_out():
    box = BOXES["1a.constant"]
    seen = read_as(box, "1/sqrt(d1), not 1/d1")
    assert seen.ok and seen.text == "1/√d₁"
    assert any("', not'" in r for r in seen.remarks)


@pytest.mark.parametrize("answer", ["b, not a", "b rather than c", "(b) and not (a)"])
def test_a_choice_before_a_contrast_is_the_choice_picked(answer):
    assert judged("1c.why", answer).verdict == "correct"
    assert judged("1c.why", answer.replace("b", "d", 1)).verdict == "incorrect"


@pytest.mark.parametrize("answer", ["not b", "b not a"])
def test_a_choice_with_a_bare_negation_is_still_refused(answer):
    assert judged("1c.why", answer).verdict == "invalid"


def test_a_contrast_inside_brackets_is_left_to_the_bracketed_remark_rule():
    assert contrast.split("1/√d1 (c, not 1/d1)") is None
    found = contrast.split("1/√d1 (LeCun), not 1/d1")
    assert found is not None and found.marker == ", not" and found.after == "1/d1"


@given(st.text(alphabet=" ,;not(rathe)insdfcv1/√", max_size=60))
def test_the_cut_keeps_every_column(text):
    found = contrast.split(text)
    if found is not None:
        assert len(found.before) == len(text)
        assert text.startswith(found.before.rstrip())


def test_a_long_line_of_contrasts_is_split_in_linear_time():
    text = "(" * 5000 + ", not x" * 2000
    assert contrast.split(text) is None  # all inside the bracket


@pytest.mark.parametrize(
    "typed",
    ["c != 1/sqrt(d1)", "c ≠ 1/√d1", "c \\neq 1/\\sqrt{d_1}", "c =/= d1", "c <> d1", "c \\ne d1"],
)
def test_not_equal_is_refused_with_what_to_type_instead(typed):
    v = judged("1a.constant", typed)
    assert v.verdict == "invalid"
    assert "says what the answer is not" in v.feedback
    assert not read_as(BOXES["1a.constant"], typed).ok


@pytest.mark.parametrize(
    "answer",
    [
        "20 extra forward ops",
        "20 additional forward passes",
        "20 extra",
        "20 recomputed fwd ops in total",
    ],
)
def test_a_count_may_say_extra_or_additional(answer):
    v = judged("5a.fwd", answer)
    assert (v.verdict, v.interpreted) == ("correct", "20 fwd"), v.feedback


def test_or_more_after_a_count_stays_a_refused_bound():
    assert judged("5a.fwd", "20 or more").verdict == "invalid"
    assert judged("5b.loadmem", "10 extra loadmem").verdict == "correct"


@pytest.mark.parametrize(
    ("box", "answer"),
    [("1b.scaling", "Θ(d1^2) not Θ(d1)"), ("1a.constant", "1/sqrt(d1) not 1/d1")],
)
def test_not_right_after_a_value_is_a_contrast_too(box, answer):
    assert judged(box, answer).verdict == "correct"


def test_a_growth_in_words_may_carry_a_claim_after_it():
    v = judged("1b.scaling", "quadratic in d1, independent of d2")
    assert (v.verdict, v.interpreted) == ("correct", "Θ(d₁²), independent of d₂")


def test_names_in_a_product_are_names_to_look_up_not_words_of_a_sentence():
    v = judged("5c.derive", "20*tf + 10*tm = 10*td\ntd = 50")
    assert v.verdict == "invalid"
    assert "'tf'" in v.feedback and "more than one value" not in v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "key"),
    [
        ("2.sp_optimum", "moves with width", "b"),
        ("2.sp_optimum", "same width", "a"),
        ("3c.why", "Every coordinate stays order one", "d"),
        ("3c.why", "nothing blows up or vanishes", "d"),
    ],
)
def test_a_choice_said_in_some_of_its_own_words_is_that_choice(box, answer, key):
    v = judged(box, answer)
    assert v.interpreted.startswith(f"({key})"), v.feedback


@pytest.mark.parametrize(
    "answer", ["does not move with width", "doesn't move with width", "moves", "width"]
)
def test_a_negated_or_one_word_choice_is_still_asked_for_by_letter(answer):
    v = judged("2.sp_optimum", answer)
    assert v.verdict == "invalid" and "by its letter" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5a.fwd", "20, i.e. 30"),
        ("5c.loaddisk", "50 ns, i.e. 25 ns"),
        ("1b.scaling", "Θ(d1^2), i.e. Θ(d1)"),
        ("5a.fwd", "20 (actually 30)"),
        ("1a.constant", "1/sqrt(d1) (actually 1/d1)"),
        ("3c.why", "d. Actually a."),
        ("3c.why", "d (actually b)"),
    ],
)
def test_a_second_value_said_as_the_same_or_as_a_correction_is_two_answers(box, answer):
    """The first value was judged and the second ignored: "20, i.e. 30" was marked right."""
    assert judged(box, answer).verdict == "invalid"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5a.fwd", "20, i.e. 2*10"),
        ("1a.constant", "c = 1/sqrt(d1), i.e. Var = 1/d1"),
        ("1b.scaling", "Θ(d1^2), i.e. quadratic in d1"),
        ("3c.why", "d, I think"),
        ("5a.fwd", "20 (from both segments)"),
    ],
)
def test_the_same_value_said_again_or_a_remark_is_still_read(box, answer):
    assert judged(box, answer).verdict == "correct"


# a 5c practice variant set by hand: break-even 1190/23 = 51.739130… ns
A = {"layers": 23, "every": 5, "t_fwd": 25, "t_mem": 5}


@pytest.mark.parametrize(
    ("seed", "typed"),
    [(A, "0.0517 us"), (A, "5.174e-8 s"), (3, "46.88"), (3, "4.69e1"), (3, "0.0469 μs")],
)
def test_a_rounded_time_in_any_unit_or_notation_is_judged_to_its_precision(seed, typed):
    import shipped_content

    from tutor.checking.judge import check
    from tutor.variants.engine import instantiate

    raw = shipped_content.handout().templates
    if isinstance(seed, dict):
        box = instantiate(raw, "5c", params=seed).boxes["5c.loaddisk"]
    else:
        box = instantiate(raw, "5c", seed=seed).boxes["5c.loaddisk"]
    assert check(box, typed).verdict == "correct"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1b.scaling", "Θ(d1^2), not d1"),
        ("1c.spectral", "sqrt(d1*d2), not d1"),
        ("1a.constant", "1/sqrt(d1), not d1"),
    ],
)
def test_not_a_name_the_answer_uses_is_a_contrast_not_a_claim_of_independence(box, answer):
    """ "Θ(d1²), not d1" was read "independent of d1" and marked wrong ("it does depend on d1")."""
    assert judged(box, answer).verdict == "correct"


def test_not_a_name_the_answer_does_not_use_is_still_the_claim():
    assert judged("1b.scaling", "Θ(d1²) (not d2)").interpreted == "Θ(d₁²), independent of d₂"


@pytest.mark.parametrize(
    ("box", "answer"), [("5a.fwd", "- 20 fwd"), ("5a.fwd", "• 20"), ("5c.loaddisk", "- 50 ns")]
)
def test_a_bullet_before_a_count_or_a_time_is_not_a_minus(box, answer):
    assert judged(box, answer).verdict == "correct"
