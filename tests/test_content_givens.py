"""The `givens` key of a number or count box: the question's letters and their values, so a
general formula typed where a number is asked is judged at the question's numbers."""

from __future__ import annotations

import pytest
from test_content import CARDS, PROBLEM, write

from tutor.authoring.validate import validate_content
from tutor.checking.judge import check
from tutor.content.issues import ContentError
from tutor.content.loader import load_content

NOUNS = 'nouns = ["things"]\n'


def content_with(tmp_path, givens: str, kind_line: str = 'kind = "count"'):
    text = PROBLEM.replace(NOUNS, NOUNS + givens + "\n").replace('kind = "count"', kind_line)
    return load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))


def test_givens_load_in_order(tmp_path):
    content = content_with(tmp_path, 'givens = { N = "5", M = 4 }')
    assert content.boxes["7a.n"].givens == (("N", "5"), ("M", "4"))


@pytest.mark.parametrize(
    ("answer", "verdict", "note", "says"),
    [
        ("N*M", "invalid", "invalid:formula", "gives the right value"),  # 5·4 = 20, the key
        ("N(N-1)M/2 things", "incorrect", "incorrect", "gives 40."),
        ("N(N+4)", "incorrect", "mistake:too-many", "gives 45. Too many."),
        ("N + M", "incorrect", "incorrect", "gives 9."),
        ("x(x-1)", "invalid", "invalid:kind", "formula in x"),
    ],
)
def test_a_formula_is_judged_at_the_givens(tmp_path, answer, verdict, note, says):
    box = content_with(tmp_path, 'givens = { N = "5", M = "4" }').boxes["7a.n"]
    v = check(box, answer)
    assert (v.verdict, v.note) == (verdict, note)
    assert says in v.feedback


def test_without_givens_a_formula_is_only_refused(tmp_path):
    box = content_with(tmp_path, "").boxes["7a.n"]
    v = check(box, "N*M")
    assert (v.verdict, v.note) == ("invalid", "invalid:kind")
    assert "formula in N, M" in v.feedback


def test_the_letters_never_change_how_a_number_is_read(tmp_path):
    box = content_with(tmp_path, 'givens = { N = "5", M = "4" }').boxes["7a.n"]
    assert check(box, "20 things").verdict == "correct"
    assert check(box, "45").note == "mistake:too-many"


@pytest.mark.parametrize(
    ("givens", "kind_line", "words"),
    [
        ('givens = { things = "5" }', 'kind = "count"', "noun an answer may end with"),
        ('givens = { "2N" = "5" }', 'kind = "count"', "starting with a letter"),
        ("givens = { N = true }", 'kind = "count"', "must be a number"),
        ('givens = { N = "" }', 'kind = "count"', "must not be empty"),
        ('givens = { N = "5" }', 'kind = "expression"', "only applies"),
    ],
)
def test_bad_givens_are_content_errors(tmp_path, givens, kind_line, words):
    with pytest.raises(ContentError) as info:
        content_with(tmp_path, givens, kind_line)
    assert words in str(info.value)


def test_validate_reports_a_given_that_is_not_a_number(tmp_path):
    content = content_with(tmp_path, 'givens = { N = "five" }')
    report = validate_content(content, check)
    assert not report.ok
    text = " ".join(str(f) for f in report.failures)
    assert "given N = 'five' is not a number" in text


def test_the_preview_reads_a_formula_at_the_givens_as_the_verdict_does(tmp_path):
    from tutor.checking.readas import read_as

    box = content_with(tmp_path, 'givens = { N = "5", M = "4" }').boxes["7a.n"]
    preview = read_as(box, "N + M")
    assert preview.ok and preview.text == "N + M things, at N = 5, M = 4"
    verdict = check(box, "N + M")
    assert verdict.interpreted == preview.text and "gives 9." in verdict.feedback
    right = read_as(box, "N*M")  # the right value: the preview shows no number
    assert right.ok and right.text == check(box, "N*M").interpreted == "N·M things, at N = 5, M = 4"
    unknown = read_as(box, "x(x-1)")
    assert not unknown.ok and "formula in x" in unknown.text


@pytest.mark.parametrize(
    ("answer", "verdict", "note"),
    [
        ("N*M = 20", "correct", "correct"),  # the formula worked out: every member judged
        ("20 = N M things", "correct", "correct"),
        ("N(N+4) = 45", "incorrect", "mistake:too-many"),
        ("N*M = 21", "invalid", "invalid:syntax"),  # two values that differ: which is meant?
    ],
)
def test_a_formula_worked_out_to_a_value_is_judged_member_by_member(
    tmp_path, answer, verdict, note
):
    box = content_with(tmp_path, 'givens = { N = "5", M = "4" }').boxes["7a.n"]
    v = check(box, answer)
    assert (v.verdict, v.note) == (verdict, note)


def test_a_formula_too_large_to_work_out_says_so_and_is_not_counted(tmp_path):
    box = content_with(tmp_path, 'givens = { N = "5", M = "4" }').boxes["7a.n"]
    v = check(box, "N^(N^(N^N))")
    assert (v.verdict, v.note) == ("invalid", "invalid:kind")
    assert "does not work out to a value" in v.feedback and "(N = 5)" in v.feedback
