"""A choice said in words is that choice only when the words clearly say it, and a second
choice or value offered beside the first (in brackets, after "also", "if not", "otherwise") is
two answers: what a student sees is the verdict and the message, never a false "Correct."."""

from __future__ import annotations

import pytest
from reading_helpers import judged

ASKS_LETTER = "Pick one of the choices by its letter"
ONE_CHOICE = "Give one choice only"


# -- words that say another claim than the keyed choice, with its words: never correct


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        # the regimes swapped, or a claim of one regime's sentence said without it
        ("3a.observation", "μP: the best learning rate moves with width"),
        ("3a.observation", "the best learning rate moves with width under μP"),
        ("3a.observation", "μP: wider can be worse"),
        ("3a.observation", "μP: the best learning rate moves with width and wider can be worse"),
        ("3a.observation", "SP: stays put. μP: moves with width"),
        ("3a.observation", "SP: wider is better"),
        ("3a.observation", "SP: it stays put"),
        ("3a.observation", "μP: it stays put"),  # half of (a): its second clause alone
        ("3a.observation", "μP: moves with width"),
        ("3a.observation", "wider is better at a fixed rate"),
        ("3a.observation", "SP: the best learning rate"),  # starts (a), says nothing of its own
        ("2.mup_optimum", "under SP it stays (nearly) the same for every width"),
        ("2.sp_optimum", "under μP it moves to a different value as the width changes"),
        # a negation of the choice's left out: the opposite claim
        ("3c.assumption", "the terms cancel"),
        ("3c.assumption", "terms cancel"),
        ("3c.assumption", "Δh_ℓ's terms cancel"),
        ("3c.why", "every coordinate blows up"),
        ("3c.why", "h_ℓ blows up and vanishes"),
        ("3c.why", "blows up or vanishes"),
        ("3c.why", "every coordinate vanishes"),
        # an antonym before the choice's words
        ("2.mup_wider", "narrow reach a lower loss"),
        ("2.mup_wider", "narrow ones reach a lower loss"),
        ("2.mup_wider", "narrower is better"),
    ],
)
def test_a_sentence_that_says_another_claim_with_the_keyed_choices_words_is_refused(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid", (v.verdict, v.interpreted)
    assert ASKS_LETTER in v.feedback and "clearly say" in v.feedback, v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "the RMS averages d2",  # the half-reason of (a), in (b)'s words
        "RMS averages d2 squares",
        "the RMS averages d2 equal squares",
        "RMS averages equal squares",  # (b)'s consequence, not its reason
        "every output coordinate is ±Σ|xₙ|",
        "the RMS divides by d2",
    ],
)
def test_half_a_reason_in_the_keyed_choices_words_is_never_correct(answer):
    v = judged("1c.why", answer)
    assert v.verdict == "invalid", (v.verdict, v.interpreted)
    assert ASKS_LETTER in v.feedback, v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("3a.observation", "SP: can be"),  # a label and one word
        ("3a.observation", "under SP is better at a"),  # "a", an article, is no letter here
        ("3a.observation", "it is better at a"),
        ("2.mup_optimum", "width grows"),  # the words of (d) out of order
        ("2.sp_optimum", "width changes value"),
    ],
)
def test_words_that_do_not_clearly_say_one_choice_are_refused(box, answer):
    v = judged(box, answer)
    assert v.verdict == "invalid", (v.verdict, v.interpreted)
    assert ASKS_LETTER in v.feedback, v.feedback


# -- words that clearly say one choice are still that choice


@pytest.mark.parametrize(
    ("box", "answer", "key", "verdict"),
    [
        ("2.sp_optimum", "moves with width", "b", "correct"),
        ("2.sp_optimum", "different value as width changes", "b", "correct"),
        ("2.sp_optimum", "it moves to a different value as the width changes", "b", "correct"),
        ("2.sp_optimum", "same width", "a", "incorrect"),
        ("2.mup_optimum", "stays the same for every width", "a", "correct"),
        ("2.mup_optimum", "it stays (nearly) the same for every width", "a", "correct"),
        ("2.mup_optimum", "grows with width", "d", "incorrect"),
        ("2.mup_wider", "wider is better", "c", "correct"),
        ("2.mup_wider", "lower loss", "c", "correct"),
        ("2.mup_wider", "higher loss", "a", "incorrect"),
        ("3a.observation", "SP: the best learning rate moves with width", "a", "correct"),
        ("3a.observation", "SP: can be worse", "a", "correct"),
        ("3a.observation", "SP: wider can be worse", "a", "correct"),
        ("3a.observation", "SP: moves with width", "a", "correct"),
        ("3c.why", "every coordinate stays of order one", "d", "correct"),
        ("3c.why", "nothing blows up or vanishes", "d", "correct"),
        ("3c.why", "features move", "d", "correct"),
        ("3c.assumption", "terms do not cancel", "c", "correct"),
        ("3c.assumption", "Δh_ℓ's terms do not cancel", "c", "correct"),
        ("3c.assumption", "input lies along the top singular directions", "c", "correct"),
        ("1c.why", "the sign drops g's sizes", "b", "correct"),
        ("1c.why", "sign drops sizes", "b", "correct"),
    ],
)
def test_words_that_clearly_say_one_choice_are_that_choice(box, answer, key, verdict):
    v = judged(box, answer)
    assert v.verdict == verdict, v.feedback
    assert v.interpreted.startswith(f"({key}) "), v.interpreted


# -- a second choice beside the first: two answers, whatever the wording


@pytest.mark.parametrize(
    "answer",
    [
        "b (a also works)",
        "b [a]",
        "b (also a)",
        "b (c)",
        "b (or a)",
        "b, maybe a",
        "b; if not, a",
        "b (if not, a)",
        "b, otherwise a",
        "b (a is fine too)",
        "b (a would work too)",
        "b, a also works",
        "b (a might be right)",
        "b (or else c)",
    ],
)
def test_a_second_choice_offered_beside_the_first_is_refused(answer):
    v = judged("1c.why", answer)
    assert v.verdict == "invalid", (v.verdict, v.interpreted)
    assert ONE_CHOICE in v.feedback, v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "b (the sign discards the magnitudes)",
        "b) the sign discards the magnitudes",
        "b — because a alone is half",
        "b (not a)",
        "b, not a",
        "b rather than (a)",
        "B (the sign one)",
        "b (b)",
    ],
)
def test_a_remark_or_a_contrast_after_the_letter_is_not_a_second_choice(answer):
    v = judged("1c.why", answer)
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback
    assert v.interpreted.startswith("(b) "), v.interpreted


@pytest.mark.parametrize(
    "answer",
    [
        "d1 (if not, d1 d2)",
        "d1 (if wrong, d2)",
        "d1 (also d1 d2)",
        "d1 (otherwise d1*d2)",
        "d1 (else d1 d2)",
        "d1 (alternatively d1 d2)",
        "d1 (possibly d1 d2)",
        "d1 (failing that, d2)",
        "d1 (or d1 d2)",
        "d1 (maybe d1 d2)",
    ],
)
def test_a_second_value_offered_in_brackets_is_two_answers(answer):
    v = judged("1a.value", answer)
    assert v.verdict == "invalid", (v.verdict, v.interpreted)
    assert "give another value" in v.feedback, v.feedback


@pytest.mark.parametrize(
    "answer", ["d1 (the fan-in)", "d1 (since each coordinate sums d1 terms)", "d1 (each term)"]
)
def test_a_remark_in_brackets_after_a_value_is_still_a_remark(answer):
    assert judged("1a.value", answer).verdict == "correct"


@pytest.mark.parametrize(
    ("answer", "key"),
    [("linearly in d1", "c"), ("Linearly in d1.", "c"), ("linearly in d2", "d")],
)
def test_a_whole_phrase_of_one_choice_is_that_choice(answer, key):
    # (a) "Linearly in d1·d2" holds the words too, but there the term goes on: "linearly in d1"
    # as it stands is (c)'s
    v = judged("1a.scaling", answer)
    assert v.interpreted.startswith(f"({key})"), v


def test_a_phrase_a_choice_denies_is_not_that_choice():
    # (c) says "… and not at all with d2": "with d2" is what it denies, never its claim
    v = judged("1a.scaling", "with d2")
    assert not v.interpreted.startswith("(c)"), v


@pytest.mark.parametrize("answer", ["theanswer is d", "the answeris d", "Theanswer is: d"])
def test_the_answer_is_typed_without_its_spaces_is_still_a_lead_in(answer):
    assert judged("2.coord_check", answer).interpreted == judged("2.coord_check", "d").interpreted
