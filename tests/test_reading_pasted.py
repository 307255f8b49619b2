"""Answers as they arrive from a PDF, a web page, a chat or a notebook: invisible formatting
characters, full-width forms, quotation marks around the answer, and functions spelled as in
code (``np.sqrt``, ``pow``, ``rsqrt``) or another tool (``Sqrt[x]``). The preview and the
verdict read each the same way."""

from __future__ import annotations

import pytest
import shipped_content
from reading_helpers import judged

from tutor.checking.judge import check
from tutor.checking.readas import read_as
from tutor.inputlang.lexer import tokenize
from tutor.inputlang.names import Names, frozen
from tutor.inputlang.pasted import unpasted
from tutor.inputlang.spellings import function_spellings, without_module_prefixes

CONTENT = shipped_content.handout()
BOXES = CONTENT.boxes

INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "byte-order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "word joiner": "\u2060",
    "left-to-right mark": "\u200e",
    "right-to-left override": "\u202e",
    "first-strong isolate": "\u2068",
}


def _judged3(box: str, answer: str) -> tuple[str, str, str]:
    v = judged(box, answer)
    return v.verdict, v.note, v.interpreted


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "{c}1/sqrt(d{c}1){c}"),  # inside a name, too: d‹ZWSP›1 is d1
        ("5c.loaddisk", "5{c}0 ns"),
        ("1b.proof", "m r e{c} v k s"),
        ("1a.scaling", "{c}c"),
        ("1a.derive", "c^2 d1 = 1{c}\nc = 1/sqrt(d{c}1)"),
    ],
)
def test_invisible_characters_a_copy_adds_are_not_part_of_the_answer(box, answer, char):
    verdict, note, _ = _judged3(box, answer.format(c=char))
    assert (verdict, note) == ("correct", "correct")


def test_full_width_forms_read_as_the_characters_they_look_like():
    assert _judged3("1a.constant", "１／sqrt（d１）")[:2] == ("correct", "correct")
    assert _judged3("5a.fwd", "２０")[:2] == ("correct", "correct")
    assert _judged3("1b.value", "d1\u3000+\u3000(2/pi)*d1*(d1-1)")[:2] == ("correct", "correct")


def test_the_text_stays_as_typed_when_nothing_was_pasted():
    text = "1/√d₁ · x⁻¹ᐟ²"
    assert unpasted(text) is text or unpasted(text) == text
    assert unpasted("ascii only") == "ascii only"


@pytest.mark.parametrize(
    "answer", ["“1/sqrt(d1)”", '"1/sqrt(d1)"', "'1/sqrt(d1)'", "‘1/sqrt(d1)’", "«1/sqrt(d1)»"]
)
def test_quotation_marks_around_the_answer_are_not_part_of_it(answer):
    assert _judged3("1a.constant", answer)[:2] == ("correct", "correct")


def test_a_prime_at_the_end_is_still_a_prime():
    assert _judged3("4c.gradF", "E_z[f'(mu + sigma z)]")[:2] == ("correct", "correct")


@pytest.mark.parametrize(
    "answer",
    [
        "np.sqrt(1/d1)",
        "1/math.sqrt(d1)",
        "1/numpy.sqrt(fan_in)",
        "torch.rsqrt(d1)",
        "rsqrt(d1)",
        "1/SQRT(d1)",
        "1/Sqrt(d1)",
        "1/Sqrt[d1]",
        "sqrt[1/d1]",
        "1/root(d1)",
        "pow(d1, -0.5)",
        "POW(d1,-1/2)",
        "np.power(d1, -1/2)",
        "Exp(-Log(d1)/2)",
        "math.exp(-np.log(d1)/2)",
    ],
)
def test_functions_spelled_as_in_code_or_another_tool_are_read(answer):
    assert _judged3("1a.constant", answer)[:2] == ("correct", "correct")


def test_a_reciprocal_root_keeps_its_own_brackets_under_division_and_powers():
    # x/rsqrt(d1) is x·√d1, never x/1/√d1; rsqrt(d1)^2 is 1/d1
    assert _judged3("1a.value", "sqrt(d1)/rsqrt(d1)")[:2] == ("correct", "correct")
    assert _judged3("1a.value", "d1^2 * rsqrt(d1)^2")[:2] == ("correct", "correct")
    verdict, _, reading = _judged3("1a.constant", "d1/rsqrt(d1)")
    assert verdict == "incorrect" and reading == "d₁/(1/√d₁)"


def test_pow_reads_each_argument_whole():
    # pow(d1+1-1, 1/2 - 1) is (d1+1-1)^(1/2-1) = d1^(-1/2), not d1+1-1^1/2-1
    assert _judged3("1a.constant", "pow(d1 + 1 - 1, 1/2 - 1)")[:2] == ("correct", "correct")


@pytest.mark.parametrize("answer", ["pow(d1)", "pow(d1, 2, 3)", "pow(, 2)", "np.sqrt(d1"])
def test_a_call_of_another_shape_is_refused_not_guessed(answer):
    verdict, _, _ = _judged3("1a.constant", answer)
    assert verdict == "invalid"
    assert not read_as(BOXES["1a.constant"], answer).ok


def test_a_name_the_box_declares_keeps_its_meaning():
    names = Names(kind="expression", symbols=frozen({"root": object(), "Pow": object()}))
    tokens = tokenize("root(x) + Pow(x, 2)")
    assert [t.text for t in function_spellings(tokens, names)] == [t.text for t in tokens]


def test_a_library_prefix_goes_only_before_a_function_it_names():
    assert without_module_prefixes("np.sqrt(x)") == "   sqrt(x)"
    assert without_module_prefixes("x.sqrt") == "x.sqrt"  # not a library's name
    assert without_module_prefixes("np.linalg(x)") == "np.linalg(x)"
    assert without_module_prefixes("2.5") == "2.5"


@pytest.mark.parametrize(
    "answer",
    [
        "ĝ = f(x)(x−μ)/σ²",  # a precomposed accent
        "g\u0302 = f(x)(x-mu)/sigma^2",  # g and a combining circumflex
        "\\hat{g} = f(x)\\frac{x-\\mu}{\\sigma^2}",
        "\\widehat{g}_\\mu = f(x)(x-mu)/sigma^2",
        "\\tilde{g} = f(x)(x-mu)/sigma^2",
    ],
)
def test_an_accented_label_is_the_letter_under_it(answer):
    assert _judged3("4a.g", answer)[:2] == ("correct", "correct")


@pytest.mark.parametrize(
    "answer",
    ["x = μ + σ ⊙ z, z ∼ N(0, I)", "x = \\mu + \\sigma \\odot z, z \\sim \\mathcal{N}(0, I)"],
)
def test_an_element_wise_product_is_a_product(answer):
    assert _judged3("4e.special", answer)[:2] == ("correct", "correct")


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        ("the third one", "c"),
        ("third", "c"),
        ("3rd option", "c"),
        ("option 3", "c"),
        ("#3", "c"),
        ("no. 3", "c"),
        ("the first", "a"),
        ("choice 1", "a"),
    ],
)
def test_a_choice_named_by_its_place_in_the_list(answer, key):
    box = BOXES["3a.axes"]
    v = check(box, answer)
    assert v.interpreted.startswith(f"({key})")
    assert read_as(box, answer).text == v.interpreted


@pytest.mark.parametrize("answer", ["3", "1"])
def test_a_digit_alone_is_not_a_place(answer):
    # it may be a value typed in the wrong box: refused, not read as a choice
    v = check(BOXES["3a.axes"], answer)
    assert v.verdict == "invalid" and "by its letter" in v.feedback


def test_a_place_past_the_end_of_the_list_asks_for_a_letter():
    box = BOXES["3a.axes"]
    v = check(box, "choice 9")
    assert v.verdict == "invalid" and "by its letter" in v.feedback


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "1/√𝑑₁"),  # mathematical italic d
        ("1a.constant", "𝑐 = 1/√𝑑₁"),
        ("1a.constant", "𝟏/√𝐝𝟏"),  # bold digits and letters
        ("1a.constant", "1/\\sqrt{𝑑_1}"),
        ("4a.g", "𝑓(𝑥)(𝑥−𝜇)/𝜎²"),  # italic Greek
        ("4b.F", "𝔼_{z∼𝒩(0,I)}[f(μ+σz)]"),  # double-struck E, script N
    ],
)
def test_the_styled_letters_of_rendered_mathematics_are_plain_letters(box, answer):
    assert _judged3(box, answer)[:2] == ("correct", "correct")


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("1a.constant", "1/sqrt(d1) ✓"),
        ("1a.constant", "1/sqrt(d1) ✅"),
        ("1a.constant", "1/√d1 ∎"),
        ("1a.constant", "1/√(d₁) □"),
        ("1b.proof", "m r e v k s ∎"),
        ("1a.constant", "1/sqrt(d1)  # LeCun"),
        ("1a.constant", "1/sqrt(d1) // fan-in rule"),
    ],
)
def test_an_end_mark_or_a_code_comment_after_the_answer_is_not_part_of_it(box, answer):
    assert _judged3(box, answer)[:2] == ("correct", "correct")


@pytest.mark.parametrize("answer", ["# 1/sqrt(d1)", "1/sqrt(d1)#x", "∎"])
def test_a_comment_mark_elsewhere_is_still_refused(answer):
    assert _judged3("1a.constant", answer)[0] == "invalid"


@pytest.mark.parametrize(
    ("box", "answer"),
    [
        ("2.sp_optimum", "→ b"),
        ("2.sp_optimum", "✅ b"),
        ("2.sp_optimum", "➜ (b)"),
        ("1a.constant", "→ 1/sqrt(d1)"),
        ("1a.constant", "✓ c = 1/√d₁"),
        ("1a.constant", "-> 1/sqrt(d1)"),
    ],
)
def test_an_arrow_or_a_check_mark_before_the_answer_is_not_part_of_it(box, answer):
    assert judged(box, answer).verdict == "correct"


def test_a_number_box_reads_an_arrow_as_the_conclusion_and_gteq_as_typed():
    # "=>" is the conclusion arrow ⇒ (trial s7: nobody types ≥ as "=>"); ">=" is still ≥
    assert judged("5c.loaddisk", "=> 50").verdict == "correct"
    assert judged("5c.loaddisk", ">= 50").verdict == "incorrect"


@pytest.mark.parametrize(("answer", "reading"), [("one", "1"), (" One ", "1"), ("zero", "0")])
def test_a_number_in_words_as_the_whole_answer_is_that_number(answer, reading):
    assert judged("3b.sp", answer).interpreted == reading
