"""Answers as students really produce them (issue 14, reading): typed over several lines,
stated as a chain of equalities, copied out of a PDF or a chat. Each class is judged on the
shipped content (the handout's numbers) and on the reader alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import shipped_content

from tutor.checking.judge import check
from tutor.checking.readas import read_as

CONTENT = shipped_content.handout()
BOXES = CONTENT.boxes


def verdict(box: str, answer: str) -> tuple[str, str]:
    v = check(BOXES[box], answer)
    return v.verdict, v.note


# -- 1a: a line break between two complete expressions is two answers, never a product
@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5a.fwd", "4\n5"),  # 4·5 = 20 was "correct"
        ("5a.fwd", "2\n0"),  # two numbers run together into 20
        ("5b.loadmem", "1\n0"),
        ("5c.loaddisk", "5\n10 ns"),
        ("1a.constant", "d1^(-1/2)\nd1^0"),
        ("1a.value", "d1\nd2"),
        ("5a.fwd", "20\n-1"),  # a minus sign starts an answer
    ],
)
def test_two_lines_are_two_answers_never_graded(box, answer):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:syntax")
    assert "two lines" in v.feedback
    assert not read_as(BOXES[box], answer).ok


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "1/sqrt(\nd1)"),  # inside brackets
        ("1a.constant", "1/\nsqrt(d1)"),  # after an operator
        ("1a.constant", "1/sqrt(d1)\n= d1^(-1/2)"),  # the next line starts with '='
        ("1a.constant", "answer:\n1/sqrt(d1)"),  # a lead-in on a line of its own
        ("1a.constant", "1/sqrt(d1)\n\n"),
        ("4e.special", "g(z, mu) = mu + sigma z\nz ~ N(0, I)"),  # a distribution: a clause
        ("4e.special", "g(z, mu) = mu + sigma z\nwhere z ~ N(0, I)"),
    ],
)
def test_a_continued_expression_may_span_lines(box, answer):
    assert verdict(box, answer) == ("correct", "correct")


# -- 1b: every value of a chain of '=' is judged; labels are labels
@pytest.mark.parametrize(
    ("box", "answer", "columns"),
    [
        ("5c.loaddisk", "45 = 20", (1, 6)),
        ("5c.loaddisk", "90 ns = 50 ns", (1, 9)),
        ("5c.loaddisk", "t_disk = 90 ns = 50 ns", (10, 18)),
        ("1a.constant", "c = 1/d1 = 1/sqrt(d1)", (5, 12)),
        ("5a.fwd", "10 = 20", (1, 6)),
        ("1a.value", "d1^2 = d1", (1, 8)),
    ],
)
def test_a_chain_of_unequal_values_is_not_accepted(box, answer, columns):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:syntax")
    # which two differ, by where they were typed (never echoing a value: it may be the key)
    assert f"column {columns[0]} and at column {columns[1]} are not equal" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "reading"),
    [
        ("5c.loaddisk", "t_disk = 50 ns", "50 ns"),
        ("5c.loaddisk", "50 ns = 0.05 us", "50 ns = 0.05 μs"),
        ("1a.constant", "c = 1/sqrt(d1)", "1/√d₁"),
        ("1a.constant", "1/sqrt(d1) = d1^(-1/2)", "1/√d₁ = d₁^(−1/2)"),
        ("1a.value", "E[RMS²(y)] = d1", "d₁"),
        ("1a.value", "E[||y||^2]/d2 = d1", "d₁"),
        ("1c.spectral", "||ΔW||_* = sqrt(d1 d2)", "√(d₁·d₂)"),
        ("1b.constant", "sqrt(pi/2)/d1 ≈ 1.2533/d1", "√(π/2)/d₁ ≈ 1.2533/d₁"),  # exact ≈ decimal
    ],
)
def test_labels_and_equal_values_in_a_chain_are_accepted(box, answer, reading):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.note) == ("correct", "correct")
    assert v.interpreted == reading
    assert read_as(BOXES[box], answer).text == reading  # "≈" where typed, in the preview too


def test_a_member_that_states_a_value_of_another_name_is_not_a_label():
    # "2c = ..." says c is half of it: never a label whose right side is graded
    assert verdict("1a.constant", "2c = 1/sqrt(d1)")[0] == "invalid"
    assert verdict("1a.constant", "c/2 = 1/sqrt(d1)")[0] == "invalid"


PATHOLOGICAL = [
    "(" * 200 + "\n" * 100,
    "1\n" * 240,
    "a = " * 120,
    "E[" * 100 + "= 1",
    "||" * 200 + "= d1",
    "x_" * 200 + "= d1",
    "1,000" * 100,
    "**a" * 166,
    "c " + "(b) or " * 70,
    "the is " * 70 + "5",
    "E" + "z~" * 200,
    "pμ" * 250,
    "d 1 " * 120,
    "c² = " * 99 + "1",
    "N(" * 120 + ")" * 120,
    "c = 1" + " " * 480 + "x\nc = 1",  # spaces before a reason that never comes
    "c = 1" + " ," * 240 + "x\nc = 1",
    "t ∈ " + "(0, " * 120,
    "independent of " + "the " * 110 + "width",
    "\\text{" * 80 + "}" * 80,
    "\\quad" * 90,
    "x" + " " * 480 + "in width",
    "(z ~ " * 90,
    "z is standard " * 30,
    "∂/∂" * 150,
    "1 so " * 90 + "E[x] = 1",
    "c = 1 ⇒ " * 50,
]


def test_pathological_input_is_read_quickly():
    code = (
        "import sys; from pathlib import Path\n"
        "from tutor.checking.judge import check\n"
        "from tutor.variants.engine import load\n"
        "B = load(Path('content')).boxes\n"
        f"for a in {PATHOLOGICAL!r}:\n"
        "    for box in ('1a.constant', '1a.scaling', '5c.loaddisk', '5a.fwd', '4c.gradF',\n"
        "                '1a.derive', '3c.rms_desideratum', '4e.special', '4d.gradF'):\n"
        "        check(B[box], a[:500])\n"
    )
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True, timeout=60)


# -- choices: the key followed by a dash and words, or by a parenthetical; markdown bold
@pytest.mark.parametrize(
    "answer",
    [
        "c — because it grows with the fan-in",
        "c – it is linear",
        "c -- the fan-in",
        "(c) since the RMS averages d2 equal squares",
        "c (the flat one)",
        "c because of the fan-in",
        "**c** — linear in d1",
        "The answer is **c**",
    ],
)
def test_a_choice_with_a_reason_after_it_is_that_choice(answer):
    v = check(BOXES["1a.scaling"], answer)
    assert (v.verdict, v.note) == ("correct", "correct")
    assert v.interpreted.startswith("(c) ")


@pytest.mark.parametrize("answer", ["c (or b)", "c — or maybe d", "c/d", "b — Linearly in d1"])
def test_a_choice_with_another_after_it_is_not_graded(answer):
    assert check(BOXES["1a.scaling"], answer).verdict == "invalid"


@pytest.mark.parametrize(
    ("box", "answer", "reading"),
    [
        ("1a.constant", "The answer is **1/sqrt(d1)**", "1/√d₁"),
        ("5c.loaddisk", "**50 ns**", "50 ns"),
        ("1a.value", "d1**2/d1", "d₁²/d₁"),  # ** as a power stays a power
    ],
)
def test_markdown_bold_is_not_part_of_the_answer(box, answer, reading):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.interpreted) == ("correct", reading)


# -- sentences: one candidate value is read out of them (with a remark); several are refused
@pytest.mark.parametrize(
    ("box", "answer", "reading"),
    [
        ("1a.constant", "So the constant is 1/sqrt(d1).", "1/√d₁"),
        ("1a.constant", "I'd say it is 1/sqrt(d1)", "1/√d₁"),
        ("5c.loaddisk", "The disk needs 50 ns per load or less.", "≤ 50 ns"),
        ("5c.loaddisk", "The disk must be at most 50 ns per load", "≤ 50 ns"),
        ("5b.loadmem", "10 loadmem in total", "10 loadmem"),
        ("5a.fwd", "20 fwd (two segments)", "20 fwd"),
        ("5a.fwd", "we need 20 recomputations", "20 fwd"),
        ("1c.spectral", "sqrt(d1*d2) (rank one)", "√(d₁·d₂)"),
        ("4b.F", "F is E_{z~N(0,I)}[f(mu+sigma z)]", "𝔼_{z ∼ N(0, I)}[f(μ + σ·z)]"),
        # a lead-in of words (names and working in it too) before a colon, then the answer
        ("1a.constant", "Dividing by d1: 1/sqrt(d1)", "1/√d₁"),
        ("1a.constant", "From c^2 d1 = 1: c = 1/sqrt(d1)", "1/√d₁"),
        ("1a.constant", "the constant depends on d1: it is 1/sqrt(d1)", "1/√d₁"),
        ("5c.loaddisk", "Setting 20*20 + 10*10 = 10t: t = 50 ns", "50 ns"),
        # LaTeX's marks before a conclusion, and a condition after the answer
        ("1a.constant", "c^2 d_1 = 1 \\Longrightarrow c = d_1^{-1/2}", "d₁^(−1/2)"),
        ("1a.constant", "\\therefore c = \\frac{1}{\\sqrt{d_1}}", "1/√d₁"),
        ("1a.constant", "c = 1/sqrt(d1) (c > 0)", "1/√d₁"),
        ("1a.constant", "c = d_1^{-1/2} \\quad (c>0)", "d₁^(−1/2)"),
    ],
)
def test_the_answer_is_read_out_of_a_sentence(box, answer, reading):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.interpreted) == ("correct", reading)
    assert read_as(BOXES[box], answer).text == reading


def test_a_sentence_reading_says_so_when_the_answer_is_judged_wrong():
    v = check(BOXES["1a.constant"], "So the constant is 1/d1.")
    assert v.verdict == "incorrect"
    assert "out of your sentence" in v.feedback


def test_a_bound_phrase_in_a_sentence_is_kept():
    v = check(BOXES["5c.loaddisk"], "The disk time must be more than 50 ns")
    assert (v.verdict, v.interpreted) == ("incorrect", "≥ 50 ns")  # never "50 ns": correct


def test_an_order_phrase_in_a_sentence_is_kept():
    v = check(BOXES["1b.scaling"], "it grows like d1^2")
    assert (v.verdict, v.interpreted) == ("correct", "Θ(d₁²)")


@pytest.mark.parametrize(
    ("box", "answer", "says"),
    [
        ("5a.fwd", "Either 20 or 30", "more than one value"),
        ("1a.constant", "The answer is d1: it is 1/sqrt(d1)", "more than one value"),
        # "faster than 50 ns" is a bound (at most 50 ns); 50 ns faster than something is not
        ("5c.loaddisk", "The disk must be 50 ns faster than memory", "compare"),
        ("5c.loaddisk", "The answer is not 50 ns", "'not'"),  # a negation: read as typed
        ("5c.loaddisk", "50 kg", "'kg'"),  # a word after a value is its unit
        ("1a.constant", "the constant is θ/d1", "looks like a word"),  # θ: not left out
    ],
)
def test_a_sentence_that_is_not_one_answer_is_refused(box, answer, says):
    # ("The disk needs 50 ns or more" is a lower bound, never "50 ns": judged the wrong way)
    v = check(BOXES[box], answer)
    assert v.verdict == "invalid"
    assert says in v.feedback or says.replace("θ", "theta") in v.feedback, v.feedback


# -- ∝ after a label, thousands separators, the handout's other names for a quantity
@pytest.mark.parametrize(
    ("box", "answer", "verdict_", "reading"),
    [
        ("1b.scaling", "E[RMS²] ∝ d1²", "correct", "Θ(d₁²)"),
        ("1b.scaling", "E[RMS²(y)] ~ d1^2", "correct", "Θ(d₁²)"),
        ("1b.scaling", "E[RMS^2] \\propto d1", "incorrect", "Θ(d₁)"),
        ("1a.value", "E[RMS²(y)] ∝ d1", "partial", "Θ(d₁)"),  # an order, not the value
    ],
)
def test_proportional_after_a_label_is_an_order(box, answer, verdict_, reading):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.interpreted) == (verdict_, reading)


def test_a_distribution_is_still_a_distribution():
    v = check(BOXES["4e.special"], "g(z, mu) = mu + sigma z, z ~ N(0, I)")
    assert v.verdict == "correct"


@pytest.mark.parametrize(
    ("answer", "reading"),
    [("1,000", "1000 ns"), ("1 000 ns", "1000 ns"), ("1,000,000", "1000000 ns")],
)
def test_thousands_separators_make_one_number(answer, reading):
    assert read_as(BOXES["5c.loaddisk"], answer).text == reading


@pytest.mark.parametrize(("box", "answer"), [("5a.fwd", "4 5"), ("5c.loaddisk", "5 10 ns")])
def test_two_numbers_side_by_side_are_not_a_product(box, answer):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:syntax")
    assert "side by side" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer", "reading"),
    [
        ("1a.constant", "1/sqrt(fan_in)", "1/√d₁"),
        ("1a.constant", "1/sqrt(fan-in)", "1/√d₁"),
        ("1c.spectral", "sqrt(fan_in fan_out)", "√(d₁·d₂)"),
        ("3c.rms_factor", "sqrt(n_{ℓ-1}/n_ℓ)", "√(n_in/n_out)"),
        ("3c.rms_factor", "sqrt(fan_in/fan_out)", "√(n_in/n_out)"),
        ("3c.rms_factor", "sqrt(d1/d2)", "√(n_in/n_out)"),
    ],
)
def test_the_handouts_other_names_read_as_the_boxs(box, answer, reading):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.interpreted) == ("correct", reading)


def test_an_alias_says_what_it_was_read_as_when_wrong():
    v = check(BOXES["3c.rms_factor"], "sqrt(n_ℓ/n_{ℓ-1})")
    assert v.verdict == "incorrect" and v.interpreted == "√(n_out/n_in)"
    assert "I read n_ℓ as n_out" in v.feedback


def test_an_alias_alone_is_a_word_not_a_value():
    # "the fan-in" names the quantity; as a whole answer it is not read as d1
    v = check(BOXES["1c.rmsnorm"], "fan_in")
    assert v.verdict == "invalid"
    assert "type d1" in v.feedback and "don't know" not in v.feedback  # it is d1's other name


# -- a label naming another quantity: c² = …, Var(W_ij) = … state c²
@pytest.mark.parametrize(
    ("box", "answer", "reading"),
    [
        ("1a.constant", "c² = 1/d1", "c² = 1/d₁"),
        ("1a.constant", "c^2 = 1/d1", "c² = 1/d₁"),
        ("1a.constant", "Var(W_ij) = 1/d1", "Var(W_ij) = 1/d₁"),
        ("1b.constant", "c^2 = pi/(2 d1^2)", "c² = π/(2·d₁²)"),
    ],
)
def test_a_right_square_is_not_counted_and_asks_for_c(box, answer, reading):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:kind")
    assert v.interpreted == reading == read_as(BOXES[box], answer).text
    assert "give" in v.feedback


@pytest.mark.parametrize(
    "answer", ["Var(y_j) = d1", "Var(y) = d1", "\\mathrm{Var}(y_j) = d_1", "Var[y_j] = d1"]
)
def test_the_variance_of_an_output_is_the_value_it_states_not_a_square(answer):
    """Only the weights' variance is c²: Var(y_j) = d1 in 1a's first box is E[y_j²] itself
    (mean zero), and was square-rooted and called the RMS, with "the box asks for c"."""
    v = check(BOXES["1a.value"], answer)
    assert (v.verdict, v.interpreted) == ("correct", "d₁")
    assert "multiplier" not in v.feedback


def test_a_wrong_square_is_judged_as_a_square():
    v = check(BOXES["1a.constant"], "c² = 1/d2")
    assert (v.verdict, v.note) == ("incorrect", "mistake:wrong-dimension")
    assert v.interpreted == "c² = 1/d₂"
    assert "judged it as c²" in v.feedback


# -- a general formula where a number is asked: judged at the question's numbers (its givens).
# The expected values are computed here from the part's parameters, not typed: editing the
# shipped numbers must not break these tests.
def _p5(box_id: str) -> tuple[dict, object]:
    from tutor.variants.engine import instantiate

    variant = instantiate(CONTENT, box_id.split(".")[0])
    return dict(variant.params), variant.boxes[box_id]


@pytest.mark.parametrize(
    ("box", "answer", "note", "value"),
    [
        (
            "5a.fwd",
            "N(N−1)/2",
            "mistake:only-input-stored",
            lambda p: p["layers"] * (p["layers"] - 1) // 2,
        ),
        (
            "5a.fwd",
            "L(L-1)/2 fwd",
            "mistake:only-input-stored",
            lambda p: p["layers"] * (p["layers"] - 1) // 2,
        ),
        ("5b.loadmem", "N - 1", "incorrect", lambda p: p["layers"] - 1),
    ],
)
def test_a_wrong_formula_is_judged_at_the_questions_numbers(box, answer, note, value):
    params, spec = _p5(box)
    v = check(spec, answer)
    expected = value(params)
    assert (v.verdict, v.note) == ("incorrect", note)
    assert f"your formula gives {expected}." in v.feedback
    # the reading shows what was judged, as the preview does
    assert v.interpreted == read_as(spec, answer).text
    assert v.interpreted.endswith(f", at {answer[0]} = {params['layers']}")


@pytest.mark.parametrize(
    ("box", "answer", "note"),
    [
        ("5a.fwd", "N + N(K-1)/2", "mistake:counts-initial-forward"),
        ("5b.loadmem", "N/K", "mistake:caches-segments"),
        ("5c.loaddisk", "(N−1)·t_mem", "mistake:wrong-count-no-loadmem"),
    ],
)
def test_a_formula_of_a_known_mistake_gets_its_feedback(box, answer, note):
    from tutor.variants.engine import box_variant

    for params in ({"layers": 10, "every": 5}, {"layers": 12, "every": 4}):
        spec = box_variant(CONTENT, box, params=params)
        v = check(spec, answer)
        assert (v.verdict, v.note) == ("incorrect", note), params
        assert f"(N = {params['layers']}" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("5a.fwd", "N(K-1)/2"),
        ("5a.fwd", "N·(K − 1)/2 fwd"),
        ("5b.loadmem", "N"),
        ("5b.loadmem", "L loads"),
        ("5c.loaddisk", "t_disk = t_mem + (K-1) t_fwd/2"),
        ("5c.loaddisk", "(K-1)*t_fwd/2 + t_mem ns"),
    ],
)
def test_a_right_formula_is_not_counted_and_asks_for_its_value(box, answer):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:formula")
    assert "gives the right value" in v.feedback
    assert "not counted" in v.feedback
    key = BOXES[box].answer
    # never says the number (the question's own letters, N = 10, are shown; no result is)
    assert f"gives {key}" not in v.feedback and v.interpreted == read_as(BOXES[box], answer).text


@pytest.mark.parametrize(
    ("box", "answer", "letters"),
    [
        ("5a.fwd", "x(x−1)/2", "x"),
        ("5c.loaddisk", "(fwd_count·t_fwd + N·t_mem)/N", "fwd_count, t_fwd, N, t_mem"),
    ],
)
def test_a_formula_in_letters_the_question_does_not_give_is_asked_for_its_value(
    box, answer, letters
):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:kind")
    assert f"formula in {letters}:" in v.feedback
    assert "value in this question" in v.feedback


def test_a_formula_is_judged_at_the_variants_numbers():
    from tutor.variants.engine import box_variant

    box = box_variant(CONTENT, "5a.fwd", params={"layers": 12, "every": 4})
    v = check(box, "N(N-1)/2")  # 66 at N = 12: every activation rebuilt from the input
    assert (v.verdict, v.note) == ("incorrect", "mistake:only-input-stored")
    assert "(N = 12)" in v.feedback and "gives 66." in v.feedback
    v = check(box, "N(K-1)/2")  # 18 = the key of this variant (K divides N)
    assert (v.verdict, v.note) == ("invalid", "invalid:formula")


def test_the_letters_of_a_formula_do_not_change_how_numbers_are_read():
    # "n" or "s" next to a number stay units/nouns: a formula needs the question's letters
    assert check(BOXES["5c.loaddisk"], "50 ns").verdict == "correct"
    assert check(BOXES["5b.loadmem"], "10 loads").verdict == "correct"


@pytest.mark.parametrize(("box", "answer"), [("5a.fwd", "20 bananas"), ("5a.fwd", "idk")])
def test_words_in_a_number_box_are_not_formulas(box, answer):
    assert "formula" not in check(BOXES[box], answer).feedback


# -- text flattened by a PDF or a chat: subscripts run into their base, spaces inside names
@pytest.mark.parametrize(
    ("box", "answer", "reading"),
    [
        ("4c.gradF", "E[∇μ f(μ+σz)]", "𝔼[∇_μ f(μ + σ·z)]"),
        ("4c.gradF", "Ez~N(0,I)[∇f(μ+σz)]", "𝔼_{z ∼ N(0, I)}[∇f(μ + σ·z)]"),
        ("4b.F", "Ez~N(0,I)[f(μ+σz)]", "𝔼_{z ∼ N(0, I)}[f(μ + σ·z)]"),
        ("4d.gradF", "Ex~pθ[f(x) ∇θ log pθ(x)]", "𝔼_{x ∼ p_θ}[f(x)·∇_θ log(p_θ(x))]"),
        ("1a.constant", "1/sqrt(d 1)", "1/√d₁"),
        ("1c.spectral", "sqrt(d 1 d 2)", "√(d₁·d₂)"),
    ],
)
def test_flattened_subscripts_and_spaces_are_read(box, answer, reading):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.interpreted) == ("correct", reading)
    assert read_as(BOXES[box], answer).text == reading


def test_what_was_assumed_is_said_when_the_answer_is_wrong():
    v = check(BOXES["4d.gradF"], "Ex~pθ[f(x) ∇θ log pθ(x) + 1]")
    assert v.verdict == "incorrect"
    assert "I read pθ as p_θ" in v.feedback


# -- problem 4's own notation: p_{μ=0} in 4e, a distribution as a chain, θ for the parameter
@pytest.mark.parametrize(
    ("box", "answer", "reading"),
    [
        ("4e.special", "g(z, mu) = mu + z, z ~ p_{μ=0}", "μ + z, z ∼ p_{μ=0}"),
        ("4e.special", "g(z, mu) = mu + z, z ~ N(0, σ² I) = p_{mu=0}", "μ + z, z ∼ N(0, σ²·I)"),
        ("4e.special", "g(z, θ) = θ + σz, z ~ N(0, I)", "μ + σ·z, z ∼ N(0, I)"),
        ("4b.F", "E_{z~N(0,I)}[f(θ + σz)]", "𝔼_{z ∼ N(0, I)}[f(μ + σ·z)]"),
        ("4e.special", "g(z, μ) = μ + z, z ~ N(0, Σ)", "μ + z, z ∼ N(0, Σ)"),
    ],
)
def test_problem_4_notation_is_read(box, answer, reading):
    v = check(BOXES[box], answer)
    assert (v.verdict, v.interpreted) == ("correct", reading)


def test_a_distribution_chain_that_disagrees_is_refused():
    v = check(BOXES["4e.special"], "g(z, mu) = mu + sigma z, z ~ N(0, I) = p_{mu=0}")
    assert (v.verdict, v.note) == ("invalid", "invalid:syntax")
    assert "not the same" in v.feedback


def test_theta_is_the_box_parameter_only_where_the_box_has_no_theta():
    v = check(BOXES["4e.special"], "g(z, θ) = θ + z, z ~ N(0, I)")
    assert v.verdict == "incorrect" and "I read θ as μ" in v.feedback
    assert check(BOXES["4d.gradF"], "E_{x~p_θ}[f(x) ∇_θ log p_θ(x)]").verdict == "correct"


@pytest.mark.parametrize("answer", ["b — no, c", "c, maybe b", "c\nb"])
def test_a_change_of_mind_between_choices_is_not_graded(answer):
    assert check(BOXES["1a.scaling"], answer).verdict == "invalid"


@pytest.mark.parametrize(
    "answer", ["c (not b)", "c — because a sum of d1 terms", "c — better than b"]
)
def test_a_choice_that_mentions_another_to_reject_it_is_the_choice(answer):
    assert check(BOXES["1a.scaling"], answer).verdict == "correct"


def test_a_number_restated_in_brackets_is_not_a_product():
    # the digits say the words again: 20, never 20·20
    assert check(BOXES["5a.fwd"], "twenty (20)").interpreted == "20 fwd"


# -- problem 4: a chain that restates the question's expectation states one value
@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4b.F", "F(μ) = E_{x~p_μ}[f(x)] = E_{z~N(0,I)}[f(μ+σz)]"),
        ("4c.gradF", "∇_μ F(μ) = E_{x~p_μ}[∇f(x)] = E_{z~N(0,I)}[∇f(μ+σz)]"),
        ("4a.g", "∇_μ log p_μ(x) f(x) = f(x)(x-μ)/σ²"),
    ],
)
def test_a_chain_through_the_questions_own_expectation_is_one_value(box, answer):
    assert verdict(box, answer) == ("correct", "correct")


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("4a.g", "f(x) ∇_μ p_μ(x) = f(x)(x-μ)/σ²"),  # ∇p is not ∇log p: a right value after it
        ("4c.gradF", "E_{z~N(0,I)}[∇f(μ+z)] = E_{z~N(0,I)}[∇f(μ+σz)]"),
    ],
)
def test_a_wrong_expectation_in_a_chain_is_never_accepted(box, answer):
    assert verdict(box, answer) == ("invalid", "invalid:syntax")


# -- a chain restating the question, then working it out: the worked value is the answer
@pytest.mark.parametrize(
    ("box", "answer", "expected"),
    [
        ("4b.F", "E_{z~N(0,I)}[f(μ+σz)] = E_{x~p_μ}[f(x)]", ("correct", "correct")),
        ("4a.g", "f(x)(x−μ)/σ² = f(x) ∇_μ log p_μ(x)", ("correct", "correct")),
        ("4c.gradF", "E_z[∇f(μ+σz)] = E_{x~p_μ}[∇f(x)]", ("correct", "correct")),
        ("4b.F", "E_{x~p_μ}[f(x)] = E_{z~N(0,I)}[f(μ+z)]", ("incorrect", "mistake:dropped-sigma")),
        ("4a.g", "f(x) ∇_μ log p_μ(x) = f(x)(x−μ)/σ", ("incorrect", "mistake:divided-by-sigma")),
        ("4a.g", "f(x) ∇_μ log p_μ(x) = f(x)(μ-x)/σ²", ("incorrect", "mistake:sign-flip")),
    ],
)
def test_a_restated_question_in_a_chain_is_not_the_answer(box, answer, expected):
    """In either order, the member in the question's own terms (p_μ, its score, an expectation
    over p_μ) restates it: the worked member is judged. The restated order used to be judged
    as 'not rewritten', and a wrong worked value was refused as 'two values' (not counted)."""
    assert verdict(box, answer) == expected


@pytest.mark.parametrize(
    "candidate",
    ["f(x)(x−μ)/σ", "f(x)(μ−x)/σ²", "f(x)(x−μ)", "f(x)(x−μ)²/σ²", "f(x) x/σ²", "f(x)"],
)
def test_writing_the_score_before_a_candidate_tells_nothing_the_candidate_alone_does_not(
    candidate,
):
    """'f(x)∇_μ log p_μ(x) = candidate' was refused (free, not counted) exactly when the
    candidate is not the score, in the preview too: a free oracle for part a's work."""
    chained = f"f(x) ∇_μ log p_μ(x) = {candidate}"
    assert verdict("4a.g", chained) == verdict("4a.g", candidate)
    assert read_as(BOXES["4a.g"], chained).ok


@pytest.mark.parametrize("typed", ["- c = 1/sqrt(d1)", "* c = 1/sqrt(d1)", "• c = 1/sqrt(d1)"])
def test_a_markdown_bullet_before_a_labelled_answer_is_left_out(typed):
    assert check(BOXES["1a.constant"], typed).verdict == "correct"


def test_a_leading_minus_before_a_value_is_still_a_sign():
    assert check(BOXES["1a.constant"], "-1/sqrt(d1)").note == "accept:negative-sign"
    # a dash and a space before a single term is a chat bullet (trial s7)
    assert check(BOXES["1a.constant"], "- 1/sqrt(d1)").note == "correct"


@pytest.mark.parametrize("typed", ["√(d₁/d₂)", "sqrt(d_1/d_2)", "sqrt(n_(l-1)/n_l)"])
def test_the_handouts_width_names_with_subscripts_in_any_spelling(typed):
    v = check(BOXES["3c.rms_factor"], typed)
    assert (v.verdict, v.interpreted) == ("correct", "√(n_in/n_out)")


def test_a_tiny_number_is_not_called_too_large():
    v = check(BOXES["1a.constant"], "1/sqrt(d1) + 1e-300")
    assert "too large" not in v.feedback and "power of ten" in v.feedback


@pytest.mark.parametrize("typed", ["d1+2/pid1(d1-1)", "d1 + 2/πd1(d1−1)", "d1 + 2/pi d1 (d1-1)"])
def test_a_word_that_splits_into_names_divides_as_the_names_typed_apart(typed):
    """'2/pid1' was 2/(π·d1) while '2/πd1' is (2/π)·d1: one reading for both."""
    v = check(BOXES["1b.value"], typed)
    assert (v.verdict, v.interpreted) == ("correct", "d₁ + 2/π·d₁·(d₁ − 1)")


def test_a_number_glued_to_a_name_is_still_one_divisor():
    assert check(BOXES["1b.value"], "d1 + 1/2d1").interpreted == "d₁ + 1/(2·d₁)"


@pytest.mark.parametrize("typed", ["√(n_ℓ−1 / n_ℓ)", "sqrt(n_l-1/n_l)"])
def test_n_l_minus_one_glued_is_the_handouts_width_below(typed):
    """n_ℓ−1 without braces was read as n_ℓ minus 1."""
    v = check(BOXES["3c.rms_factor"], typed)
    assert (v.verdict, v.interpreted) == ("correct", "√(n_in/n_out)")


def test_n_l_minus_one_spaced_is_a_subtraction():
    assert check(BOXES["3c.rms_factor"], "sqrt(n_l - 1/n_l)").interpreted == "√(n_out − 1/n_out)"


# -- a range where one number is asked
@pytest.mark.parametrize(
    ("box", "typed"),
    [
        ("5a.fwd", "15-20"),
        ("5a.fwd", "15–20"),
        ("5a.fwd", "20 - 30 fwd"),
        ("5b.loadmem", "8-10"),
        ("5c.loaddisk", "40-50 ns"),
        ("5c.loaddisk", "around 45-50 ns"),
        ("5c.loaddisk", "40.5-50 ns"),
    ],
)
def test_a_range_is_refused_not_judged_as_a_negative_value(box, typed):
    v = check(BOXES[box], typed)
    assert v.verdict == "invalid" and "range" in v.feedback and "give one value" in v.feedback
    assert "range" in read_as(BOXES[box], typed).text  # said before Enter


def test_a_difference_of_two_numbers_is_still_a_difference():
    assert check(BOXES["5a.fwd"], "100-80").verdict == "correct"


@pytest.mark.parametrize(("typed", "sign_only"), [("-20", True), ("-45", False), ("-7", False)])
def test_the_sign_alone_is_off_only_when_the_size_is_right(typed, sign_only):
    feedback = check(BOXES["5a.fwd"], typed).feedback
    assert ("the sign is off" in feedback) == sign_only
    assert sign_only or "is positive" in feedback


@pytest.mark.parametrize(
    "answer",
    [
        "Not by d1: 1/sqrt(d1)",  # a negation in the lead-in
        "wrong by d1: c = 1/sqrt(d1)",  # a take-back
        "The answer is d1: it is 1/sqrt(d1)",  # the lead-in states a value of its own
    ],
)
def test_a_lead_in_that_changes_the_answer_is_refused(answer):
    assert check(BOXES["1a.constant"], answer).verdict == "invalid"


def test_a_condition_after_the_answer_is_named_in_the_remark():
    v = check(BOXES["1a.constant"], "c = 1/sqrt(d1), c>0")
    assert v.verdict == "correct"
    assert "the condition 'c>0'" in v.feedback and "''" not in v.feedback


# -- answers claimed for some cases only, stray marks, a check after the answer, lines of working
@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "1/sqrt(d1) if d1 < 100 else 1"),  # another value for other widths
        ("1a.constant", "1/sqrt(d1), otherwise 1/d1"),
        ("1a.constant", "1/sqrt(d1) for d1 < 10"),  # claimed for small widths only
        ("1a.constant", "1/sqrt(d1) (for small d1; 1/d1 for large d1)"),
        ("5c.loaddisk", "50 ns (no, 40 ns)"),  # taken back in brackets
        ("1a.value", "d1 (but it grows with d2 too)"),
        ("1a.constant", "1/sqrt(d1) & 1"),  # an alignment mark between two values
        ("1a.constant", "1/sqrt(d1) $ 5"),
    ],
)
def test_an_answer_claimed_for_some_cases_or_joined_by_a_stray_mark_is_refused(box, answer):
    assert check(BOXES[box], answer).verdict == "invalid"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "1/sqrt(d1) for large d1"),  # what a scaling is about
        ("1a.constant", "1/sqrt(d1) (for d1 > 1)"),
        ("1a.constant", "c &= 1/\\sqrt{d_1}"),  # where LaTeX puts '&'
        ("5c.loaddisk", "The disk wins if t < 50 ns"),  # a bound, said in a sentence
        ("1a.constant", "c = 1/√d₁\nso Var = 1/d₁"),  # a check of another quantity after it
        ("1a.constant", "c = 1/√d₁ so Var = 1/d₁"),
        ("1a.constant", "c^2 = 1/d1\nc = 1/sqrt(d1)"),  # working, then the answer, on lines
        ("5c.loaddisk", "10 t = 500\nt = 50 ns"),
        ("1a.value", "E = d1 d2\nE[RMS^2] = d1"),  # the same quantity named again: the answer
    ],
)
def test_a_right_answer_with_conditions_checks_or_working_around_it_is_read(box, answer):
    assert check(BOXES[box], answer).verdict == "correct"


def test_lines_of_working_say_which_line_was_judged():
    v = check(BOXES["1a.constant"], "c^2 = 1/d1\nc = 1/sqrt(d1)")
    assert "I judged the last line; the lines before it are not checked." in v.feedback
    # two values on lines of their own, no working: still two answers
    assert check(BOXES["1a.value"], "d1\nd1 d2").verdict == "invalid"


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("constant (SP: 1)", "correct"),  # as the reference card writes it
        ("1 (note: no width scaling)", "correct"),
        ("1 (no: 1/d1)", "invalid"),  # a remark that takes the answer back is no remark
        ("1 (wrong: 1/d1)", "invalid"),
        ("1 (squared: this is SP's c^2)", "invalid"),  # a remark that changes the value
    ],
)
def test_a_labelled_remark_in_brackets_after_the_answer(answer, verdict):
    v = check(BOXES["3b.sp"], answer)
    assert v.verdict == verdict
    if verdict == "correct":
        assert "the remark" in v.feedback
