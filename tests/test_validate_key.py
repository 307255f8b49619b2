"""``hw3-tutor validate`` catches what it claims (issue 14), with the real checker.

Each kind of broken content gets its own test: an accepted reading or known mistake that is the
reference answer (or another entry) in another form; a mistake of the right order without the
box's order verdict; a text shown before a box is solved that contains an answer of its part in
any form; a reference answer or mistake that cannot be read (said once, with the reason and its
column, not as a cascade); control characters from TOML escapes that ate LaTeX; two files with
one problem id; a byte-order mark; unknown plots reported with the other errors; and
``--json`` giving every error structured. Each failure names its file, line and key.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shipped_content
from cli_helpers import run_cli
from test_content import CARDS, line_of, write

from tutor.authoring.leaks import math_spans
from tutor.authoring.validate import validate_content
from tutor.checking.judge import check
from tutor.content.issues import ContentError
from tutor.content.loader import load_content

D = "d1 = { domain = [1, 4096], integer = true }, d2 = { domain = [1, 4096], integer = true }"

TOY = f'''schema = 1

[problem]
id = "7"
title = "Toy scaling"

[[parts]]
id = "7a"
title = "A constant"
statement = """
Each entry of y has variance d1, for any d2. Which constant c makes the variance of c·y
equal to 1? Type a formula such as `3*sqrt(d2)`.
"""
boxes = ["7a.c", "7a.how"]
solution = """c² · d1 = 1, so c = 1/√d1."""

[parts.explain]
prompt = "Why does only d1 matter?"
points = ["the variance is d1", "d2 does not enter"]

[boxes."7a.c"]
kind = "expression"
prompt = "c ="
answer = "1/sqrt(d1)"
symbols = {{ {D} }}
width = "d1"
order = "partial"
hints = ["Scaling by c multiplies the variance by c².", "Solve c² · d1 = 1.", "c = 1/√d1."]

[[boxes."7a.c".mistakes]]
answer = "1/d1"
note = "variance"
feedback = "That makes c² equal to 1/d1², not 1/d1."

[[boxes."7a.c".tests]]
input = "d1^(-1/2)"
verdict = "correct"
note = "correct"

[[boxes."7a.c".tests]]
input = "1/d1"
verdict = "incorrect"
note = "mistake:variance"

[boxes."7a.how"]
kind = "order"
prompt = "c = Θ( ? )"
answer = "Theta(1/sqrt(d1))"
symbols = {{ {D} }}
width = "d1"
hints = ["How does c change with d1?", "c² · d1 = 1.", "Θ(1/√d1)."]

[[boxes."7a.how".tests]]
input = "Θ(d1^(-1/2))"
verdict = "correct"
note = "correct"
'''


def validate(tmp_path: Path, text: str = TOY, extra: dict[str, str] | None = None):
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS, **(extra or {})}))
    return validate_content(content, check)


def failures(tmp_path: Path, text: str = TOY, extra: dict[str, str] | None = None):
    return list(validate(tmp_path, text, extra).failures)


def with_mistake(text: str, answer: str, note: str, verdict: str = "incorrect") -> str:
    entry = (
        f'[[boxes."7a.c".mistakes]]\nanswer = "{answer}"\nnote = "{note}"\n'
        f'verdict = "{verdict}"\nfeedback = "Not that."\n\n'
    )
    return text.replace('[[boxes."7a.c".tests]]', entry + '[[boxes."7a.c".tests]]', 1)


def test_the_toy_content_is_clean(tmp_path):
    report = validate(tmp_path)
    assert report.ok, "\n".join(str(f) for f in report.failures)
    assert report.tests_passed == 3


# -- entries that mean the same as the key ------------------------------------------------------


def test_a_mistake_that_is_the_reference_in_another_form_names_both(tmp_path):
    text = with_mistake(TOY, "sqrt(d1)/d1", "rationalized")
    (f,) = failures(tmp_path, text)
    assert (f.file, f.key, f.code) == ("p7.toml", 'boxes."7a.c".mistakes[1]', "same-as-key")
    assert f.line == line_of(text, 'note = "rationalized"') - 2
    assert "'sqrt(d1)/d1'" in f.expected and "the reference answer '1/sqrt(d1)'" in f.expected
    assert "remove the mistake" in f.fix


def test_an_accepted_partial_reading_that_is_the_reference_is_reported(tmp_path):
    entry = '[[boxes."7a.c".accept]]\nanswer = "d1^(-1/2)"\nnote = "power"\nverdict = "partial"\n\n'
    text = TOY.replace('[[boxes."7a.c".mistakes]]', entry + '[[boxes."7a.c".mistakes]]', 1)
    (f,) = failures(tmp_path, text)
    assert f.key == 'boxes."7a.c".accept[0]' and f.code == "same-as-key"
    assert "accepted reading 'power'" in f.expected and "'1/sqrt(d1)'" in f.expected


def test_a_mistake_that_means_the_same_as_an_earlier_one_is_reported(tmp_path):
    text = with_mistake(TOY, "d1^(-1)", "reciprocal")
    (f,) = failures(tmp_path, text)
    assert f.key == 'boxes."7a.c".mistakes[1]' and f.code == "same-as-key"
    assert "mistake 'variance' ('1/d1')" in f.expected
    assert "merge their feedback" in f.fix


def test_a_mistake_of_the_right_order_must_carry_the_boxs_order_verdict(tmp_path):
    text = with_mistake(TOY, "2/sqrt(d1)", "doubled")
    (f,) = failures(tmp_path, text)
    assert f.key == 'boxes."7a.c".mistakes[1]' and f.code == "order-verdict"
    assert "order verdict 'partial'" in f.expected and 'set verdict = "partial"' in f.fix
    text = with_mistake(TOY, "2/sqrt(d1)", "doubled", verdict="partial")
    assert failures(tmp_path / "ok", text) == []
    # a d2 in it is not the right order for a d2-free key, whatever its limit
    text = with_mistake(TOY, "sqrt(2/(d1 + d2))", "glorot")
    assert failures(tmp_path / "glorot", text) == []


# -- reading the key: said once, with the reason --------------------------------------------------


def test_an_unreadable_reference_is_one_failure_with_its_reason_and_column(tmp_path):
    text = TOY.replace('answer = "1/sqrt(d1)"', 'answer = "1/sqrt(d3)"')
    report = validate(tmp_path, text)
    (f,) = report.failures  # not one more per mistake and question test
    assert (f.key, f.code) == ('boxes."7a.c".answer', "unreadable")
    assert "I don't know the name 'd3' (column 8)" in f.got
    assert "its 1 mistake and 2 question tests were not run" in f.got
    assert "add it to the box's symbols (d3 = " in f.fix
    assert report.tests_skipped == 2 and report.tests_failed == 0


def test_an_unreadable_mistake_is_one_failure_and_its_tests_are_not_run(tmp_path):
    text = TOY.replace('answer = "1/d1"', 'answer = "1/(d1"')
    report = validate(tmp_path, text)
    (f,) = report.failures
    assert (f.key, f.code) == ('boxes."7a.c".mistakes[0]', "unreadable")
    assert "column" in f.got and "can read" in f.expected
    assert report.tests_skipped == 1  # the test that expects mistake:variance
    assert report.tests_passed == 2


# -- texts that give an answer away ---------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, key, piece",
    [
        # a statement, in LaTeX
        ("equal to 1?", "equal to 1? (Hint: $c = d_1^{-1/2}$.)", "parts[0].statement", "c = d_1^{-1/2}"),
        # an early hint, in another form than the key
        ('"Scaling by c multiplies', '"So c = 1/√d₁. Scaling by c multiplies', 'boxes."7a.c".hints[0]', "1/√d₁"),
        # a mistake's feedback (shown before the box is solved)
        ("not 1/d1.", "not 1/d1: take d1^(-1/2).", 'boxes."7a.c".mistakes[0].feedback', "d1^(-1/2)"),
        # the explanation prompt, and the order of the other box of the part
        ("Why does only d1 matter?", "Why is c = Θ(d1^(-1/2))?", "parts[0].explain.prompt", "c = Θ(d1^(-1/2))"),
        # the last hint may give its own box's answer, not another box's
        ('"c = 1/√d1."]', '"c = 1/√d1, so c = Θ(1/√d1)."]', 'boxes."7a.c".hints[2]', "Θ(1/√d1)"),
        # a box's prompt
        ('prompt = "c ="', 'prompt = "c = 1/√d1?"', 'boxes."7a.c".prompt', "1/√d1"),
    ],
)  # fmt: skip
def test_a_text_that_shows_an_answer_in_any_form_is_reported_where_it_is(
    tmp_path, old, new, key, piece
):
    assert old in TOY
    text = TOY.replace(old, new, 1)
    leaks = [f for f in failures(tmp_path, text) if f.code == "leak"]
    assert [f.key for f in leaks] == [key], [str(f) for f in leaks]
    (f,) = leaks
    assert f.file == "p7.toml" and f.line == line_of(text, new.split()[-1].strip('"]'))
    assert repr(piece) in f.got and "grades correct" in f.got
    assert f.fix


def test_texts_that_only_name_things_are_not_leaks(tmp_path):
    text = TOY.replace(
        "equal to 1?",
        "equal to 1? Condition 1 of the card is about d1 and d2 only; `d1` is the fan-in, "
        "and Θ(d2) would be wrong.",
    )
    assert failures(tmp_path, text) == []


def test_math_spans_finds_code_latex_equations_values_and_formulas():
    spans = {
        s.text: s.how
        for s in math_spans(
            "Type `c*d1` or $\\frac{1}{d_1}$. Here E[S] = d1·√(2/π), so c is 1/(d1·√(2/π)) and "
            "the (or any) scale follows.",
            frozenset({"d1", "c"}),
        )
    }
    assert spans["c*d1"] == "code" and spans["\\frac{1}{d_1}"] == "math"
    assert spans["d1·√(2/π)"] == "member" and spans["E[S]"] == "member"
    assert "1/(d1·√(2/π))" in spans
    assert not any("or any" in s for s in spans)
    numbers = {s.text for s in math_spans("It takes 20 ns, then 7.", numbers=True)}
    assert {"20 ns", "20", "7"} <= numbers


# -- loading: control characters, ids, BOM, plots ---------------------------------------------


@pytest.mark.parametrize(
    "latex, control, tail",
    [
        ("\\theta", "a TAB", "heta"),
        ("\\frac{1}{2}", "a form feed", "rac"),
        ("\\beta", "a backspace", "eta"),
        ("\\rho", "a carriage return", "ho"),
        ("\\nabla f", "a line break", "abla"),
    ],
)
def test_a_toml_escape_that_ate_latex_is_an_error_with_the_fix(tmp_path, latex, control, tail):
    text = TOY.replace('"Solve c² · d1 = 1."', f'"Solve with {latex} in mind."')
    write(tmp_path, {"p7.toml": text, "cards.toml": CARDS})
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    (issue,) = info.value.issues
    assert (issue.file, issue.key, issue.code) == (
        "p7.toml",
        'boxes."7a.c".hints[1]',
        "control-character",
    )
    assert issue.line == line_of(text, "in mind")
    command = latex.split()[0].split("{")[0]
    assert f"has {control} followed by '{tail}'" in issue.message
    assert f"'{command}'" in issue.message and "'''" in issue.message
    assert f"\\\\{command[1:]}" in issue.message  # double the backslash


def test_other_control_characters_are_errors_too(tmp_path):
    text = TOY.replace('title = "A constant"', 'title = "A\\tconstant"').replace(
        'prompt = "c ="', 'prompt = "c =\\u001b[31m"'
    )
    text = text.replace('title = "Toy scaling"', 'title = "Toy\\nscaling"')
    write(tmp_path, {"p7.toml": text, "cards.toml": CARDS})
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    messages = {i.key: i.message for i in info.value.issues}
    assert "has a TAB" in messages["parts[0].title"]
    assert "escape character (ESC)" in messages['boxes."7a.c".prompt']
    assert "line break in a one-line" in messages["problem.title"]
    # the same text over several lines of a """ string is fine, and so is a test's input
    fine = TOY.replace(
        'input = "1/d1"', 'input = "1/d1\\u001b"'
    )  # what a student could paste: the test checks it
    write(tmp_path / "ok", {"p7.toml": fine, "cards.toml": CARDS})
    load_content(tmp_path / "ok")


def test_a_line_break_escape_in_any_one_line_string_is_found_and_a_multiline_one_is_not(tmp_path):
    # \\u000A (either case, a quoted key too) is a line break as \\n is; a """ string's real
    # line breaks are fine
    text = TOY.replace('prompt = "c ="', 'prompt = "c =\\u000A"').replace(
        'title = "A constant"', '"title" = "A\\u000aconstant"'
    )
    text = text.replace('feedback = "That makes', 'feedback = """That\nmakes').replace(
        'not 1/d1."', 'not 1/d1."""'
    )
    write(tmp_path, {"p7.toml": text, "cards.toml": CARDS})
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    found = {i.key: (i.line, i.message) for i in info.value.issues}
    assert set(found) == {'boxes."7a.c".prompt', "parts[0].title"}, found
    assert found['boxes."7a.c".prompt'][0] == line_of(text, "u000A")
    assert found["parts[0].title"][0] == line_of(text, "u000a")
    assert all("line break in a one-line" in message for _, message in found.values())


def test_two_files_with_one_problem_id_is_an_error_in_the_second_file(tmp_path):
    other = TOY.replace("7a", "8a")
    write(tmp_path, {"p7.toml": TOY, "p8.toml": other, "cards.toml": CARDS})
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    (issue,) = [i for i in info.value.issues if i.key == "problem.id"]
    assert issue.file == "p8.toml" and issue.code == "duplicate-id"
    first = line_of(TOY, 'id = "7"')
    assert f"also defined in p7.toml:{first}" in issue.message
    # every error names the file it is in
    assert all(i.file in ("p7.toml", "p8.toml", "cards.toml") for i in info.value.issues)


def test_a_byte_order_mark_is_accepted(tmp_path):
    (tmp_path / "p7.toml").write_bytes(b"\xef\xbb\xbf" + TOY.encode("utf-8"))
    (tmp_path / "cards.toml").write_text(CARDS, encoding="utf-8")
    content = load_content(tmp_path)
    assert content.boxes["7a.c"].answer == "1/sqrt(d1)"


def test_a_card_is_reported_in_the_file_that_defines_it(tmp_path):
    card = '\n[cards.extra]\ntitle = "Extra"\nbody = "‖A‖_* and ‖B‖_*"\n'
    fs = failures(tmp_path, TOY + card)
    assert [(f.file, f.key) for f in fs] == [("p7.toml", "cards.extra.body")]


# -- the command ------------------------------------------------------------------------------


def test_unknown_plots_are_reported_with_the_other_errors(tmp_path, capsys):
    text = TOY.replace('title = "A constant"', 'title = "A constant"\nplot = "remat-shedule"')
    text = text.replace('kind = "order"', 'kind = "ordre"')
    write(tmp_path, {"p7.toml": text, "cards.toml": CARDS})
    code, out, _ = run_cli(["validate", str(tmp_path)], capsys)
    assert code == 1 and "does not load" in out
    assert f"p7.toml:{line_of(text, 'remat-shedule')}: parts[0].plot" in out
    assert "did you mean 'remat-schedule'?" in out
    assert f'p7.toml:{line_of(text, "ordre")}: boxes."7a.how".kind' in out


def test_json_gives_every_error_structured(tmp_path, capsys):
    text = with_mistake(TOY, "sqrt(d1)/d1", "rationalized").replace(
        "equal to 1?", "equal to 1? It is `1/sqrt(d1)`."
    )
    write(tmp_path, {"p7.toml": text, "cards.toml": CARDS})
    code, out, _ = run_cli(["validate", str(tmp_path), "--json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    codes = {e["code"] for e in data["errors"]}
    assert {"same-as-key", "leak"} <= codes
    for e in data["errors"]:
        assert e["file"] == "p7.toml" and isinstance(e["line"], int)
        assert e["key"] and e["message"] and e["code"]
    # content that does not load: its issues, structured the same way
    write(tmp_path, {"p7.toml": TOY.replace('kind = "order"', 'kind = "ordre"')})
    code, out, _ = run_cli(["validate", str(tmp_path), "--json"], capsys)
    (error,) = json.loads(out)["errors"]
    assert (error["file"], error["key"], error["code"]) == (
        "p7.toml",
        'boxes."7a.how".kind',
        "schema",
    )
    assert (
        error["line"] == line_of(TOY, 'kind = "order"')
        and "did you mean 'order'" in error["message"]
    )


def test_the_input_placeholders_show_no_answer_of_a_shipped_box():
    """The answer box's example input (its placeholder) is seen before anything is solved."""
    from tutor.ui.widgets.answerbox import PLACEHOLDER

    content = shipped_content.handout()
    for box in content.boxes.values():
        example = PLACEHOLDER.get(box.kind, "")
        names = frozenset(s.name for s in box.symbols)
        for span in math_spans(example, names):
            assert check(box, span.text).verdict != "correct", (box.id, span.text)


def test_json_with_strict_gives_the_coverage_shortfalls_as_errors(tmp_path, capsys):
    write(tmp_path, {"p7.toml": TOY, "cards.toml": CARDS})
    code, out, _ = run_cli(["validate", str(tmp_path), "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["errors"] == [] and data["coverage"]
    code, out, _ = run_cli(["validate", str(tmp_path), "--json", "--strict"], capsys)
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    per_box = [e for e in data["errors"] if e["key"] == 'boxes."7a.c"']
    assert per_box and all(e["code"] == "coverage" and e["file"] == "p7.toml" for e in per_box)
    assert all(e["line"] == line_of(TOY, '[boxes."7a.c"]') for e in per_box)
    (whole,) = [e for e in data["errors"] if e["key"] == "(content)"]
    assert whole["file"] == str(tmp_path) and "question tests in all" in whole["message"]
