"""How students state an answer around the value: "c ~ …" for how c grows, "x or −x" for both
signs, a reason after "since"/"because", and the equation they solved typed instead of its
solution. Each is read the same in the preview and the verdict."""

from __future__ import annotations

import pytest
import shipped_content
from reading_helpers import judged

CONTENT = shipped_content.handout()
BOXES = CONTENT.boxes


@pytest.mark.parametrize("answer", ["c ~ 1/sqrt(d1)", "c ∼ d1^(-1/2)", "c ∝ 1/√d1"])
def test_a_bare_name_followed_by_tilde_says_how_it_grows(answer):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.note) == ("partial", "order:partial")
    assert v.interpreted.startswith("Θ(")


def test_a_tilde_where_distributions_are_answered_is_still_a_distribution():
    v = judged("4e.special", "g(z) = mu + sigma z, z ~ N(0, I)")
    assert v.verdict == "correct"


@pytest.mark.parametrize(
    "answer",
    [
        "1/sqrt(d1) or -1/sqrt(d1)",
        "-1/sqrt(d1) or 1/sqrt(d1)",
        "c = 1/sqrt(d1) or c = -1/sqrt(d1)",
        "c = 1/sqrt(d1) or -1/sqrt(d1)",
        "d1^(-1/2) OR -d1^(-1/2)",
    ],
)
def test_a_value_or_its_negative_is_both_signs(answer):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.note) == ("correct", "correct")
    assert v.interpreted == "±(1/√d₁)" or v.interpreted.startswith("±")
    assert "Both signs" in v.feedback


def test_both_signs_where_only_one_is_right_says_so():
    v = judged("5c.loaddisk", "50 or -50")
    assert (v.verdict, v.note) == ("partial", "both-signs")


@pytest.mark.parametrize(
    "answer",
    [
        "1/sqrt(d1) or 1/sqrt(d2)",  # two different values
        "1/sqrt(d1) or -1/sqrt(d1) or 0",  # three
        "c = 1/sqrt(d1) or t = -1/sqrt(d1)",  # two quantities
        "c² = 1/d1 or c = -1/sqrt(d1)",  # a power of c and c
    ],
)
def test_other_alternatives_are_refused(answer):
    v = judged("1a.constant", answer)
    assert v.verdict == "invalid"


@pytest.mark.parametrize(
    ("answer", "word"),
    [
        ("The answer is c = 1/sqrt(d1), since Var = c^2 d1.", "since"),
        ("1/sqrt(d1) because Var(y) = c² d1 = 1", "because"),
        ("c = 1/sqrt(d1) given that E[y^2] = c^2 d1", "given that"),
    ],
)
def test_the_reason_after_the_answer_is_left_out(answer, word):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.note) == ("correct", "correct")


def test_a_wrong_answer_with_a_reason_says_the_reason_was_not_judged():
    v = judged("1a.constant", "1/sqrt(d2) because it is the fan-out")
    assert v.verdict == "incorrect"
    assert "before 'because'" in v.feedback


@pytest.mark.parametrize("answer", ["c^2 d1 = 1", "d1 c^2 = 1", "c^2*d1 = 1", "c sqrt(d1) = 1"])
def test_the_equation_for_the_answer_is_refused_with_what_to_do(answer):
    v = judged("1a.constant", answer)
    assert v.verdict == "invalid"  # never judged as if "= 1" were the answer
    assert "equation for c" in v.feedback and "solve it" in v.feedback


@pytest.mark.parametrize(
    ("answer", "reading"),
    [
        ("c = 1/sqrt(d1)", "1/√d₁"),
        ("c_1 = 1/sqrt(d1)", "1/√d₁"),
    ],
)
def test_labels_before_the_value_are_still_labels(answer, reading):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.interpreted) == ("correct", reading)


def test_a_label_naming_another_quantity_is_not_dropped():
    # E[RMS²] is 1a.value's quantity, not c: "E[RMS²] = 1/√d1" is false (trial 9p, class 2)
    v = judged("1a.constant", "E[RMS^2] = 1/sqrt(d1)")
    assert (v.verdict, v.note) == ("invalid", "invalid:kind")
    assert "box 1a.value" in v.feedback


def test_a_word_before_an_equation_is_called_a_word():
    v = judged("1a.constant", "since c^2 d1 = 1")
    assert v.verdict == "invalid"
    assert "equation for since" not in v.feedback


@pytest.mark.parametrize("answer", ["E‖y‖²/d2 = d1", "E|y|^2/d2 = d1", "‖y‖²/d2 = d1"])
def test_a_norm_after_an_operator_is_a_label(answer):
    v = judged("1a.value", answer)
    assert (v.verdict, v.interpreted) == ("correct", "d₁")


@pytest.mark.parametrize(
    ("answer", "verdict", "reading"),
    [
        ("quadratic in d1", "correct", "Θ(d₁²)"),
        ("it grows quadratically with d1", "correct", "Θ(d₁²)"),
        ("order d1^2", "correct", "Θ(d₁²)"),
        ("d1 squared", "correct", "d₁²"),
        ("linear in d1", "incorrect", "Θ(d₁)"),  # the initialization's scaling: a known mistake
        ("quadratic in d2", "incorrect", "Θ(d₂²)"),
        ("d1^2 (quadratic in d1)", "correct", "d₁²"),  # a remark stays a remark
    ],
)
def test_an_order_of_growth_said_in_words(answer, verdict, reading):
    v = judged("1b.scaling", answer)
    assert (v.verdict, v.interpreted) == (verdict, reading)


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        ("It moves to a different value as the width changes", "b"),
        ("the optimum moves to a different value as the width changes", "b"),
        ("it is the same for every width", "a"),
        ("Answer: it is the same for every width.", "a"),
    ],
)
def test_a_choice_said_in_its_own_words_after_a_short_lead_in(answer, key):
    v = judged("2.sp_optimum", answer)
    assert v.interpreted.startswith(f"({key})"), v


@pytest.mark.parametrize(
    "answer",
    [
        "it never is the same for every width",
        "it is not the case that it moves to a different value as the width changes",
    ],
)
def test_a_negated_or_long_lead_in_is_not_read_as_the_choice(answer):
    assert judged("2.sp_optimum", answer).verdict == "invalid"


@pytest.mark.parametrize(
    "answer",
    [
        "1/sqrt(d1) for large d1",
        "1/sqrt(d1) when d1 → ∞",
        "1/sqrt(d1) as d1 \\to \\infty",
        "1/sqrt(d1) if d1 > 0",
        "c = 1/sqrt(d1), d1 > 0",
    ],
)
def test_a_condition_after_the_value_is_left_out(answer):
    v = judged("1a.constant", answer)
    assert (v.verdict, v.interpreted) == ("correct", "1/√d₁"), v.feedback


def test_a_wrong_value_with_a_condition_says_the_condition_was_left_out():
    v = judged("1a.constant", "1/d1 for large d1")
    assert v.verdict == "incorrect"
    assert "left out what follows" in v.feedback


@pytest.mark.parametrize("answer", ["1/sqrt(d1) for d1 = 4", "c = 1/sqrt(d1) where d1 = 2"])
def test_a_value_given_for_a_letter_is_not_a_condition_to_drop(answer):
    assert judged("1a.constant", answer).verdict == "invalid"


@pytest.mark.parametrize(
    "answer",
    [
        # a purpose after the answer is not its conclusion: "so that …" was judged as the answer
        "Choose $c = 1/\\sqrt{d_1}$ so that $\\mathbb{E}[\\mathrm{RMS}^2(y)] = c^2 d_1 = 1$.",
        "c = 1/sqrt(d1) so that E[RMS^2] = 1",
        "c = 1/sqrt(d1), which gives E[RMS^2] = 1",
        "The constant is $c = 1/\\sqrt{d_1}$, which gives $\\mathbb{E}[\\text{RMS}^2] = 1$.",
        "c = 1/sqrt(d1), giving unit variance",
        # "gives" after working concludes it
        "Setting $c^2 d_1 = 1$ gives $c = 1/\\sqrt{d_1}$.",
        "c^2 d1 = 1 yields c = 1/sqrt(d1)",
        # a remark after a dash, the fan-in named in it; the value in $…$
        "$c = d_1^{-1/2}$ — this is the standard fan-in scaling.",
        "c = 1/sqrt(d1), set by the fan_in",
    ],
)
def test_what_the_answer_achieves_or_comes_from_is_left_out(answer):
    v = judged("1a.constant", answer)
    assert v.verdict == "correct", v.feedback
    assert v.interpreted in ("1/√d₁", "d₁^(−1/2)")


def test_a_width_named_after_a_number_is_still_a_value():
    assert judged("1a.constant", "2 fan_in").interpreted == "2·d₁"


def test_gives_splits_a_derivation_into_steps():
    v = judged("1a.derive", "c^2 d1 = 1 gives c = 1/sqrt(d1)")
    assert (v.verdict, v.note) == ("correct", "correct"), v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "c = 1/sqrt(d1) ⇒ E[RMS^2] = 1",
        "c = 1/sqrt(d1), so E[RMS^2(y)] = 1",
        "c = 1/sqrt(d1) hence Var(y) = 1",
    ],
)
def test_a_check_of_another_quantity_after_the_answer_is_not_the_answer(answer):
    # it was judged as the conclusion: the value 1, marked wrong
    v = judged("1a.constant", answer)
    assert (v.verdict, v.interpreted) == ("correct", "1/√d₁"), v.feedback


def test_a_wrong_answer_before_a_check_is_judged_and_says_so():
    v = judged("1a.constant", "c = 1/d1 ⇒ E[RMS^2] = 1")
    assert v.verdict == "incorrect" and "I judged the answer before '⇒'" in v.feedback


def test_working_that_ends_in_the_answer_is_still_judged_by_its_conclusion():
    v = judged("1a.constant", "E[RMS^2] = c^2 d1 = 1 ⇒ c = 1/√d1")
    assert v.verdict == "correct" and "conclusion after '⇒'" in v.feedback


def test_a_value_then_a_sentence_about_another_value_is_refused_not_misjudged():
    # "so the disk pass takes 500 ns" was judged as the answer: 500 ns, marked wrong
    v = judged("5c.loaddisk", "50 ns, so the disk pass takes 500 ns")
    assert v.verdict == "invalid" and "one value before 'so'" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5c.loaddisk", "10t = 500 so t = 50 ns"),
        ("5c.loaddisk", "500 ns in all, so each loaddisk must take 50 ns"),
        ("1a.constant", "1/d1 so c = 1/sqrt(d1)"),
        ("1a.constant", "c^2 = 1/d1, so c is 1/sqrt(d1)"),
    ],
)
def test_working_then_its_conclusion_is_judged_by_the_conclusion(box, answer):
    assert judged(box, answer).verdict == "correct"


def test_a_negation_inside_a_bracketed_remark_does_not_negate_the_value():
    v = judged("3b.sp", "1 (no width scaling)")
    assert (v.verdict, v.interpreted) == ("correct", "1")
    assert judged("3b.sp", "not 1").verdict == "invalid"  # outside brackets it still does


def test_a_function_the_box_lacks_is_named_not_taken_for_a_word():
    # "sin(…)" was a word of a sentence: "I found more than one value"
    v = judged("1a.constant", "1/sqrt(d1) + sin(pi*d1)/10")
    assert v.note == "invalid:unknown-name" and "'sin'" in v.feedback


def test_working_then_the_answer_after_ie_is_judged_by_the_answer():
    v = judged(
        "5c.loaddisk", "The loaddisk latency must satisfy $10t \\le 500$, i.e. $t \\le 50$ ns."
    )
    assert (v.verdict, v.interpreted) == ("correct", "≤ 50 ns")
    wrong = judged("5c.loaddisk", "10t ≤ 500, i.e. t ≤ 40 ns")
    assert wrong.verdict == "incorrect" and "after 'i.e.'" in wrong.feedback
