"""A remark after a choice's letter ("d (the flat one)", "c, because …") is left out only when it
does not contradict the letter. One that takes the letter back, names or says another choice,
claims the opposite of the chosen text (overall or of one regime), or gives a width the chosen
text says does not matter is refused: invalid, not an attempt, the letter alone asked for and
never which choice is right."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from reading_helpers import judged

from tutor.checking.choice_remarks import _CLAIM_OF, CLAIMS, OPPOSITES
from tutor.checking.readas import read_choice

DISAGREE = "do not agree with that choice"
ONE_CHOICE = "Give one choice only"

# -- the trial's remarks that contradict the keyed letter: refused, never "correct"

CONTRADICTED = [
    # taken back or turned around
    ("2.coord_check", "d (the other way around)"),
    ("2.coord_check", "d (reversed)"),
    ("2.coord_check", "d (opposite)"),
    ("2.coord_check", "d (except μP grows)"),
    ("2.mup_wider", "c (the opposite)"),
    ("2.sp_optimum", "b (wrong)"),
    ("1c.why", "b (wrong, a)"),
    ("1c.why", "b (kidding, it's a)"),
    # another choice's letter, "a" included where it is a letter
    ("2.sp_optimum", "b (I think it's a)"),
    ("1c.why", "b (a is the real reason)"),
    # another choice said in its words
    ("2.coord_check", "d: under μP the updates grow; under SP they stay flat"),
    ("2.coord_check", "d, because under μP the updates grow with width"),
    ("1c.why", "b because the RMS alone removes d2"),
    # the opposite of the chosen text's claim words
    ("2.mup_wider", "c, because wider nets reach a higher loss"),
    ("2.mup_wider", "(c) narrower is better"),
    ("2.mup_wider", "c (wider is worse)"),
    ("2.mup_wider", "c (wider nets are harder to train)"),  # harder to train: worse
    ("2.mup_wider", "c, wide nets are hard to train"),
    ("2.sp_optimum", "b: stays the same"),
    ("2.sp_optimum", "b (stays the same)"),
    ("2.sp_optimum", "b, because the optimum is the same for every width"),
    ("2.mup_optimum", "a: it moves with width"),
    ("2.mup_optimum", "a, because it shrinks like 1/width"),
    # a growth in a width the chosen text says does not matter
    ("1a.scaling", "c, because it scales like d1 d2"),
    ("1a.scaling", "c (and linear in d2)"),
    ("1a.scaling", "c (with d2 too)"),
]

# the same kinds, beyond the trial's strings
CONTRADICTED_MORE = [
    ("2.sp_optimum", "b (just kidding)"),
    ("2.sp_optimum", "b, scratch that"),
    ("2.mup_optimum", "a (it's c)"),
    ("2.mup_optimum", "a, because under μP it moves"),
    ("2.sp_optimum", "b, under SP it stays the same"),
    ("2.coord_check", "d (under μP they grow)"),
    ("2.coord_check", "d, SP flat"),
    ("2.mup_optimum", "a (it grows)"),
    ("3a.observation", "a, under μP it moves with width"),
    ("1a.scaling", "c (linear in d2 as well)"),
]


@pytest.mark.parametrize(("box", "answer"), CONTRADICTED + CONTRADICTED_MORE)
def test_a_remark_that_contradicts_the_letter_is_refused(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid", (answer, v)
    # (another letter named after the first is two answers: "Give one choice only")
    assert DISAGREE in v.feedback or ONE_CHOICE in v.feedback
    assert "letter" in v.feedback


@pytest.mark.parametrize(("box", "answer"), CONTRADICTED)
def test_the_trial_remarks_are_refused_as_disagreeing(box, answer):
    assert DISAGREE in judged(box, answer).feedback


@pytest.mark.parametrize(
    ("box", "right", "wrong"),
    [("2.sp_optimum", "b", "a"), ("2.mup_wider", "c", "b"), ("1c.why", "b", "d")],
)
def test_the_refusal_never_says_which_choice_is_right(box, right, wrong):
    """The same message after the keyed letter and after another: nothing to learn from it."""
    for remark in (" (wrong)", " (the opposite)", " (kidding)"):
        a, b = judged(box, right + remark), judged(box, wrong + remark)
        assert a.verdict == b.verdict == "invalid"
        assert a.feedback.replace(f"({right})", "(?)") == b.feedback.replace(f"({wrong})", "(?)")


# -- remarks that agree with the letter, or say nothing against it: left out

AGREEING = [
    ("2.mup_wider", "c"),
    ("2.mup_wider", "c, because wider networks have lower loss at every learning rate"),
    ("2.mup_wider", "c (wider is better)"),
    ("2.mup_wider", "c (wider nets are easier to train)"),
    ("2.mup_wider", "c (wider beats narrow ones)"),
    ("2.mup_wider", "c, wider nets reach lower loss than narrow ones"),
    ("2.mup_wider", "c (not worse)"),
    ("2.mup_wider", "c (under SP wider can be worse)"),
    ("2.mup_wider", "c, since the curves are ordered by width"),
    ("2.sp_optimum", "b, the optimum shifts as the width grows"),
    ("2.sp_optimum", "b) moves to a different value as the width changes"),
    ("2.sp_optimum", "b (it does not stay the same)"),
    ("2.sp_optimum", "b since a is wrong"),
    ("2.sp_optimum", "b (unlike μP, where it stays the same)"),
    ("2.sp_optimum", "b, as the plot shows"),
    ("2.coord_check", "d (the flat one under μP)"),
    ("2.coord_check", "d, I think"),
    ("2.coord_check", "d: under SP the updates grow; under μP they stay flat"),
    ("2.coord_check", "d, under μP the updates stay flat"),
    ("2.coord_check", "d, SP grows, μP flat"),
    ("2.mup_optimum", "a — it stays put"),
    ("2.mup_optimum", "a (stays the same)"),
    ("2.mup_optimum", "a (it doesn't shift with width)"),
    ("2.mup_optimum", "a, unlike under SP where it moves"),
    ("2.mup_optimum", "a, not c"),
    ("1c.why", "b, the sign removes the sizes"),
    ("1c.why", "b, not a"),
    ("1c.why", "(b) and not (a)"),
    ("1c.why", "b (the sign drops g's sizes)"),
    ("1c.why", "b, because every output coordinate has the same size"),
    ("1a.scaling", "c, not a"),
    ("1a.scaling", "c (linear in d1)"),
    ("1a.scaling", "c (independent of d2)"),
    ("1a.scaling", "c (it does not grow with d2)"),
    ("1a.scaling", "c, because d2 only sets how many coordinates are averaged"),
    ("1a.scaling", "c: linearly in d1 and not at all with d2"),
    ("3a.observation", "a (SP moves, μP stays put)"),
    ("3c.why", "d (nothing blows up)"),
    ("3c.assumption", "c (the terms do not cancel)"),
]


@pytest.mark.parametrize(("box", "answer"), AGREEING)
def test_a_remark_that_agrees_or_is_neutral_is_left_out(box, answer):
    assert judged(box, answer).verdict == "correct", answer


def test_a_wrong_letter_with_a_remark_is_judged_as_that_letter():
    assert judged("2.sp_optimum", "a (stays the same)").verdict == "incorrect"
    assert judged("2.mup_wider", "a, because wider nets reach a higher loss").verdict == (
        "incorrect"
    )


# -- the vocabulary, declared once


def test_every_claim_word_says_one_claim():
    seen: dict[str, str] = {}
    for claim, words in CLAIMS.items():
        for w in words:
            assert w not in seen, (w, claim, seen.get(w))
            seen[w] = claim
    assert seen == _CLAIM_OF


def test_opposites_go_both_ways():
    for claim, opposite in OPPOSITES.items():
        assert opposite, claim
        for o in opposite:
            assert claim in OPPOSITES[o]


# -- the rule is the class's, not the shipped boxes': a box of its own


def _box(prompt: str, *texts: str) -> SimpleNamespace:
    choices = tuple(SimpleNamespace(key=k, text=t) for k, t in zip("abcd", texts, strict=False))
    return SimpleNamespace(kind="choice", prompt=prompt, choices=choices, answer="a")


BOX = _box(
    "Under SP, the gradient norm…",
    "increases with depth",
    "decreases with depth",
    "is constant across depth",
)


@pytest.mark.parametrize(
    "answer",
    [
        "a (it decreases)",
        "a, because it stays constant",
        "a (the other way around)",
        "a (no, it's c)",
        "a, under SP it decreases",
    ],
)
def test_a_box_of_its_own_refuses_a_contradicting_remark(answer):
    chosen, problem = read_choice(BOX, answer)
    assert chosen is None and (DISAGREE in problem or ONE_CHOICE in problem), answer


@pytest.mark.parametrize(
    "answer", ["a", "a (it grows)", "a, because each layer adds to it", "a (unlike μP)"]
)
def test_a_box_of_its_own_keeps_an_agreeing_remark(answer):
    chosen, problem = read_choice(BOX, answer)
    assert chosen is not None and chosen.key == "a", (answer, problem)


def test_a_width_said_not_to_matter_is_read_from_the_choice_text():
    box = _box(
        "How does the cost scale?",
        "Linearly in n1, and not at all with n2",
        "Linearly in n2, and not at all with n1",
    )
    for refused in ("a (and linear in n2)", "a, because it scales like n1 n2", "a (with n2 too)"):
        assert read_choice(box, refused)[0] is None, refused
    for kept in ("a (linear in n1)", "a, n2 cancels", "a (it does not grow with n2)"):
        assert read_choice(box, kept)[0] is box.choices[0], kept


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("3c.upper", "Apply ‖Wv‖₂ ≥ ‖W‖_*‖v‖₂ layer by layer"),  # the text's ≤ turned around
        (
            "3c.upper",
            "Apply ‖Wv‖₂ = ‖W‖_*‖v‖₂ layer by layer (induction); for Δh_ℓ, bound each of its "
            "three terms and add.",
        ),  # an equality the text does not claim
        ("3c.why", "nothing blows up (a)"),  # another choice's letter beside the words
    ],
)
def test_words_of_a_choice_with_its_relation_changed_or_another_letter_are_refused(box, answer):
    assert judged(box, answer).verdict == "invalid", answer


def test_words_of_a_choice_with_its_own_relation_still_read():
    assert judged("3c.upper", "Apply ‖Wv‖₂ ≤ ‖W‖_*‖v‖₂ layer by layer").verdict == "correct"
