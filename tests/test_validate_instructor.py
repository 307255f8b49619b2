"""What ``validate`` tells an instructor about the mistakes of an instructor's trial (a small
problem 7 of its own, broken one way at a time, in a directory of its own): each is found,
at its file and line, with what is wrong and how to fix it."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import run_in_process
from validate_helpers import content_with, fails, line_of

P7 = '''schema = 1

[problem]
id = "7"
title = "Counting parameters"
summary = "A short extra problem: how many trainable numbers does a dense layer hold?"

[[parts]]
id = "7a"
title = "Parameters of a dense layer"
points = 2
statement = """
A dense layer maps x ∈ ℝ^{d1} to y = Wx + b with W ∈ ℝ^{d2×d1} and a bias b ∈ ℝ^{d2}.
How many trainable numbers does it have?

Type a formula in `d1` and `d2`, e.g. `3*d2 + 1`.
"""
boxes = ["7a.count"]
solution = """
W has d2·d1 entries and b has d2, so the layer has **d2·d1 + d2 = d2(d1 + 1)** parameters.
"""

[boxes."7a.count"]
kind = "expression"
prompt = "parameters ="
answer = "d1*d2 + d2"
symbols = { d1 = { domain = [1, 4096], integer = true }, d2 = { domain = [1, 4096], integer = true } }
hints = [
    "Count the entries of W and of b separately.",
    "W is a d2 × d1 matrix: how many entries is that?",
    "Add the d2 entries of the bias to the entries of W.",
]

[[boxes."7a.count".mistakes]]
answer = "d1*d2"
note = "no-bias"
feedback = "That counts W only; the bias has trainable entries too."

[[boxes."7a.count".mistakes]]
answer = "d1*d2 + d1"
note = "bias-wrong-size"
feedback = "The bias is added to y, so it has one entry per output."

[[boxes."7a.count".mistakes]]
answer = "d1 + d2"
note = "added-dims"
feedback = "A matrix's entries are the product of its dimensions, not their sum."

[[boxes."7a.count".tests]]
input = "d1*d2 + d2"
verdict = "correct"
note = "correct"

[[boxes."7a.count".tests]]
input = "d2(d1+1)"
verdict = "correct"
note = "correct"

[[boxes."7a.count".tests]]
input = "d_2 (d_1 + 1)"
verdict = "correct"
note = "correct"

[[boxes."7a.count".tests]]
input = "d1 d2"
verdict = "incorrect"
note = "mistake:no-bias"

[[boxes."7a.count".tests]]
input = "d1*(d2+1)"
verdict = "incorrect"
note = "mistake:bias-wrong-size"

[[boxes."7a.count".tests]]
input = "d2 + d1"
verdict = "incorrect"
note = "mistake:added-dims"

[[boxes."7a.count".tests]]
input = "2*d1*d2"
verdict = "incorrect"
note = "incorrect"

[[boxes."7a.count".tests]]
input = "d1 *"
verdict = "invalid"
note = "invalid:syntax"

[[parts]]
id = "7b"
title = "Outputs of a strided convolution"
statement = """
A 1-D convolution with a kernel of length **{{k}}** and stride **{{stride}}** slides along an input of
length **{{n}}** without padding. How many outputs does it produce?

Type a whole number: `99` or `99 outputs`.
"""
boxes = ["7b.out"]
solution = """
(n − k)/stride + 1 = **{{outputs}}**.
"""

[parts.params]
m = { default = 8, range = [5, 15] }
k = { default = 5, choices = [3, 5, 7] }
stride = { default = 2, choices = [2, 3] }

[parts.derived]
n = "stride*m + k"
outputs = "(n - k)/stride + 1"
no_plus = "(n - k)/stride"
full = "n - k + 1"
unmatched = "n + k"

[boxes."7b.out"]
kind = "count"
prompt = "outputs"
answer = "{{outputs}}"
nouns = ["outputs", "positions"]
hints = [
  "Where can the kernel's first cell start?",
  "It moves {{stride}} cells at a time and must leave room for the rest of the kernel.",
  "Count the positions from the first to the last start, in steps of the stride.",
]

[[boxes."7b.out".mistakes]]
answer = "{{no_plus}}"
note = "off-by-one"
feedback = "One short: count the first position too."

[[boxes."7b.out".mistakes]]
answer = "{{full}}"
note = "ignores-kernel"
feedback = "That ignores the stride: the kernel jumps {{stride}} cells at a time."

[[boxes."7b.out".mistakes]]
answer = "{{n}}"
note = "same-length"
feedback = "That is the input's length."

[[boxes."7b.out".tests]]
input = "{{outputs}}"
verdict = "correct"
note = "correct"

[[boxes."7b.out".tests]]
input = "{{outputs}} outputs"
verdict = "correct"
note = "correct"

[[boxes."7b.out".tests]]
input = "{{outputs}} positions"
verdict = "correct"
note = "correct"

[[boxes."7b.out".tests]]
input = "{{no_plus}}"
verdict = "incorrect"
note = "mistake:off-by-one"

[[boxes."7b.out".tests]]
input = "{{full}}"
verdict = "incorrect"
note = "mistake:ignores-kernel"

[[boxes."7b.out".tests]]
input = "{{n}}"
verdict = "incorrect"
note = "mistake:same-length"

[[boxes."7b.out".tests]]
input = "{{unmatched}}"
verdict = "incorrect"
note = "incorrect"

[[boxes."7b.out".tests]]
input = "{{outputs}} kg"
verdict = "invalid"
note = "invalid:unit"
'''


def content(tmp_path: Path, *changes: tuple[str, str]) -> tuple[Path, list[str]]:
    """A content directory holding problem 7 with each ``(old, new)`` of ``changes`` made."""
    return content_with(tmp_path, P7, *changes)


def test_the_shipped_problem_7_is_clean(tmp_path):
    directory, _ = content(tmp_path)
    r = run_in_process(["validate", "--variants", "3", str(directory)])
    assert "content OK" in r.stdout and "variants OK" in r.stdout, r.stdout


def test_a_value_undefined_for_a_few_parameter_sets_is_found_by_trying_every_one(tmp_path):
    """sqrt(m - 6) with m in 5..15 fails for 6 of the 66 parameter sets (m = 5): no seed of the
    first few draws m = 5, but a part this small has every set computed."""
    directory, lines = content(
        tmp_path, ('unmatched = "n + k"', 'unmatched = "n + k + sqrt(m - 6)"')
    )
    r = run_in_process(["validate", str(directory)])
    assert r.returncode == 1 and "content has failures" in r.stdout, r.stdout
    ((fail, fix),) = fails(r.stdout)
    assert fail.startswith(
        f"FAIL p7.toml:{line_of(lines, 'unmatched =')}: parts[1].derived.unmatched: "
    )
    assert "cannot be computed for 6 of the 66 parameter sets" in fail
    assert (
        "'n + k + sqrt(m - 6)': the value is not a real number (m = 5, k = 3, stride = 2)" in fail
    )
    assert fix.startswith("fix: add a constraint that rules these parameters out")
    # the constraint it asks for makes it clean
    (tmp_path / "fixed").mkdir()
    fixed, _ = content(
        tmp_path / "fixed",
        ('unmatched = "n + k"', 'unmatched = "n + k + sqrt(m - 6)"'),
        ('boxes = ["7b.out"]', 'boxes = ["7b.out"]\nconstraints = ["m >= 6"]'),
    )
    r = run_in_process(["validate", str(fixed)])
    assert r.returncode == 0 and "content OK" in r.stdout, r.stdout


def test_variants_are_not_ok_when_some_seeds_draw_no_variant(tmp_path):
    """stride = 0 divides by zero: the seeds that draw it have no variant, which the summary
    says (not "variants OK")."""
    directory, lines = content(
        tmp_path,
        (
            "stride = { default = 2, choices = [2, 3] }",
            "stride = { default = 2, choices = [0, 2, 3] }",
        ),
    )
    r = run_in_process(["validate", "--variants", "10", str(directory)])
    assert r.returncode == 1, r.stdout
    at = line_of(lines, "outputs = ")
    assert f"FAIL p7.toml:{at}: parts[1].derived.outputs: " in r.stdout
    assert "cannot be computed for 33 of the 99 parameter sets" in r.stdout
    summary = next(x for x in r.stdout.splitlines() if x.startswith("variants: "))
    assert "7b (seeds " in summary and "; no variant for seed" in summary, summary
    assert "variants OK" not in r.stdout
    assert r.stdout.rstrip().endswith("variants have failures"), r.stdout
    assert "FAIL 7b: no variant for seed" in r.stdout


HINT = '    "W is a d2 × d1 matrix: how many entries is that?",'


def test_a_tab_or_escape_in_a_hint_is_reported_at_the_hints_own_line(tmp_path):
    r"""\theta in a "…" hint is a TAB; \u001b an ESC: each at the line of that hint (the second
    of the list), not at the line of ``hints = [``."""
    directory, lines = content(tmp_path, (HINT, r'    "W is a d2 × d1 matrix, as \theta is.",'))
    r = run_in_process(["validate", str(directory)])
    assert r.returncode == 1, r.stdout
    at = line_of(lines, "theta is")
    assert at != line_of(lines, "hints = [")
    assert f"  p7.toml:{at}: boxes.\"7a.count\".hints[1]: has a TAB followed by 'heta'" in r.stdout

    (tmp_path / "esc").mkdir()
    esc = r'    "W is a \u001b[31md2 × d1\u0007 matrix: how many?",'
    directory, lines = content(tmp_path / "esc", (HINT, esc))
    r = run_in_process(["validate", str(directory)])
    at = line_of(lines, "matrix: how many?")
    assert f'  p7.toml:{at}: boxes."7a.count".hints[1]: has an escape character (ESC)' in r.stdout
    assert (
        f'  p7.toml:{at}: boxes."7a.count".hints[1]: has the control character U+0007' in r.stdout
    )


NO_BIAS = 'answer = "d1*d2"\nnote = "no-bias"'
ADDED = 'answer = "d1 + d2"\nnote = "added-dims"'


def test_a_mistake_equal_to_the_key_says_which_forms_get_which_verdict(tmp_path):
    """The mistake 'd2*(1+d1)' is the key d1*d2 + d2 factored: what the checker does with it
    is computed, not asserted. Written as a product it gets the mistake (the right answer marked
    wrong); written as a sum it is correct. The tests expecting "correct" that the mistake
    takes point to the mistake."""
    directory, lines = content(tmp_path, (NO_BIAS, NO_BIAS.replace("d1*d2", "d2*(1+d1)")))
    r = run_in_process(["validate", str(directory)])
    found = fails(r.stdout)
    (mistake,) = [(x, fix) for x, fix in found if ".mistakes[0]" in x]
    x, fix = mistake
    assert x.startswith(f"FAIL p7.toml:{line_of(lines, 'd2*(1+d1)') - 1}: ")
    assert "which one a student gets depends on how it is written: 'd2*(1+d1)', 'd2(d1+1)'" in x
    assert "get 'mistake:no-bias', 'd1*d2 + d2' gets correct" in x
    assert "typed exactly" not in x
    assert fix == (
        "fix: if 'd2*(1+d1)' is right, remove the mistake (students who write it that way are "
        "told they are wrong); if not, the reference answer is wrong: fix it"
    )
    wrongly = [(x, fix) for x, fix in found if "got incorrect (mistake:no-bias)" in x]
    assert len(wrongly) == 2, found
    for _, fix in wrongly:
        assert fix.startswith("fix: the mistake 'no-bias' ('d2*(1+d1)') means the same as the ")
        assert "reference answer 'd1*d2 + d2'" in fix
    # the reference as written is still correct: the tests of it say nothing of the mistake
    assert not any("may itself be wrong" in fix for _, fix in found), found


def test_a_mistake_equal_to_an_earlier_one_names_the_note_students_really_get(tmp_path):
    """'d2*d1' after the mistake 'd1*d2': every form gets the earlier note, even 'd2*d1' typed
    as written, so the message must not say the later one is given to that spelling."""
    directory, lines = content(tmp_path, (ADDED, ADDED.replace("d1 + d2", "d2*d1")))
    r = run_in_process(["validate", str(directory)])
    (x, fix) = next((x, fix) for x, fix in fails(r.stdout) if ".mistakes[2]" in x)
    at = line_of(lines, 'answer = "d2*d1"') - 1  # its [[...mistakes]] line
    assert x.startswith(f"FAIL p7.toml:{at}: ")
    assert "every form of it tried ('d2*d1', 'd1*d2', 'd1 d2') gets 'mistake:no-bias'" in x
    assert "'mistake:added-dims' is never given" in x
    assert fix == "fix: keep one of the two (merge their feedback)"


def test_a_wrong_reference_answer_is_named_when_its_correct_tests_fail(tmp_path):
    """The key d1*d2 + d1 + d2 is wrong: the three tests of other forms of the right answer
    fail, and each fix says first that the reference itself may be wrong."""
    directory, lines = content(
        tmp_path, ('answer = "d1*d2 + d2"\nsymbols', 'answer = "d1*d2 + d1 + d2"\nsymbols')
    )
    r = run_in_process(["validate", str(directory)])
    tests = [(x, fix) for x, fix in fails(r.stdout) if ".tests[" in x]
    assert len(tests) == 3, r.stdout
    for x, fix in tests:
        assert "expected correct (correct)" in x and "got incorrect (incorrect)" in x
        assert fix.startswith(
            "fix: the reference answer 'd1*d2 + d1 + d2' may itself be wrong (3 of the box's 3 "
            "tests expecting 'correct' for an input other than it fail against it): fix it; or, "
            'if the checker is right, set verdict = "incorrect"'
        ), fix


def test_a_statement_showing_the_answer_through_a_parameter_asks_for_a_constraint(tmp_path):
    """Seed 27 draws k = 7 and 7 outputs: the statement's **{{k}}** is the answer only because
    the parameter has its value there. A made-up example is no fix (k is the problem's data);
    a constraint keeping k and the answer apart is."""
    directory, _ = content(tmp_path)
    r = run_in_process(["validate", "--variants", "30", str(directory)])
    (x, fix) = next((x, fix) for x, fix in fails(r.stdout) if "parts[1].statement" in x)
    assert "in variant seed 27 (m = 6, k = 7, stride = 2)" in x
    assert "the statement contains '**7**', which 7b.out grades correct" in x
    assert fix == (
        "fix: the text shows {{k}} (k = 7), which is the answer of 7b.out in this variant: add a "
        'constraint that keeps them apart ("k != outputs"), or reword the text '
        "(content/README.md, section 10)"
    )
    assert "made-up example" not in fix


def test_a_count_box_with_a_fraction_for_its_key_is_told_a_count_is_whole(tmp_path):
    directory, lines = content(tmp_path, ('answer = "{{outputs}}"', 'answer = "19.5"'))
    r = run_in_process(["validate", str(directory)])
    (x, fix) = next((x, fix) for x, fix in fails(r.stdout) if '"7b.out".answer' in x)
    at = line_of(lines, 'answer = "19.5"')
    assert x == (
        f'FAIL p7.toml:{at}: boxes."7b.out".answer: expected a '
        "whole number: a count box's answer counts something; got '19.5' (not a whole number)"
    )
    assert fix.startswith("fix: a count must be a whole number: fix the answer, or make the box")


def test_a_part_whose_id_is_another_problems_is_an_error_at_its_line(tmp_path):
    directory, lines = content(
        tmp_path, ('id = "7b"', 'id = "5d"'), ('boxes = ["7b.out"]', 'boxes = ["5d.out"]')
    )
    text = (directory / "p7.toml").read_text(encoding="utf-8").replace('"7b.out"', '"5d.out"')
    (directory / "p7.toml").write_text(text, encoding="utf-8")
    r = run_in_process(["validate", str(directory)])
    assert r.returncode == 1
    at = line_of(lines, 'id = "5d"')
    ((x, fix),) = [(x, fix) for x, fix in fails(r.stdout) if "parts[1].id" in x]
    assert x == (
        f"FAIL p7.toml:{at}: parts[1].id: expected a part id that starts with its problem's id "
        "'7'; got part '5d' is in problem '7', but its id names problem 5"
    )
    assert fix == ("fix: rename the part (7a, 7b, …) and its boxes, or move it to problem 5's file")


def test_a_huge_text_is_refused_with_the_limit(tmp_path):
    summary = 'summary = "A short extra problem'
    directory, lines = content(tmp_path, (summary, summary + "x" * 30_000))
    r = run_in_process(["validate", str(directory)])
    assert r.returncode == 1
    assert (
        f"  p7.toml:{line_of(lines, 'summary =')}: problem.summary: is 30,074 characters long; "
        "a text holds at most 20,000 (shorten it, or split it over several parts or cards)"
    ) in r.stdout, r.stdout


def test_a_question_test_whose_when_never_holds_is_flagged_at_its_line(tmp_path):
    """stride = 2 and stride = 3 at once: no parameter set has both, so the test is never run;
    said at its when's line without --strict (not only as a coverage shortfall)."""
    last = 'input = "{{unmatched}}"\nverdict = "incorrect"\nnote = "incorrect"'
    never = 'input = "{{unmatched}}"\nwhen = ["stride = 2", "stride = 3"]\nverdict = "incorrect"'
    directory, lines = content(tmp_path, (last, never + '\nnote = "incorrect"'))
    r = run_in_process(["validate", str(directory)])
    assert r.returncode == 1 and "content has failures" in r.stdout
    ((x, fix),) = [(x, fix) for x, fix in fails(r.stdout) if ".when" in x]
    assert x == (
        f'FAIL p7.toml:{line_of(lines, "when = [")}: boxes."7b.out".tests[6].when: expected a '
        "when that holds for some variant of 7b; got 'stride = 2' and 'stride = 3' hold "
        "together for none of its 66 parameter sets: this question test is never run"
    )
    assert fix.startswith("fix: fix the conditions (the conditions of a when must all hold")


def test_a_hint_saying_the_answer_in_words_is_a_leak(tmp_path):
    """ "the total is d₁d₂ plus d₂" says the key in words: read with + for "plus" the box grades
    it correct. The failure quotes the words and what they were read as."""
    first = '    "Count the entries of W and of b separately.",'
    words = '    "Count the entries of W and of b separately; the total is d₁d₂ plus d₂.",'
    directory, lines = content(tmp_path, (first, words))
    r = run_in_process(["validate", str(directory)])
    ((x, fix),) = [(x, fix) for x, fix in fails(r.stdout) if ".hints[0]" in x]
    assert x == (
        f'FAIL p7.toml:{line_of(lines, "the total is")}: boxes."7a.count".hints[0]: expected '
        "hint 1 not to show an answer to 7a.count; got hint 1 contains 'd₁d₂ plus d₂', in "
        "symbols 'd₁d₂ + d₂', which 7a.count grades correct"
    )
    assert fix == "fix: keep the answer for the last hint; an earlier hint points to the next step"
    # words that do not make the answer are no leak
    (tmp_path / "other").mkdir()
    other = '    "Count the entries of W and of b separately; the total is d₁ times d₂ plus more.",'
    directory, _ = content(tmp_path / "other", (first, other))
    r = run_in_process(["validate", str(directory)])
    assert "content OK" in r.stdout, r.stdout
