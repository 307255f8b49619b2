"""What an instructor sees for the slips made while editing content by hand.

Each test makes one typical mistake in a small content directory and checks the
message: the file, the line the slip is on, the key, and what to do, once.
"""

from __future__ import annotations

import pytest
from test_content import CARDS, PROBLEM, errors_of, line_of, one_error, write

from tutor.content.issues import ContentError
from tutor.content.loader import MissingContentError, load_content

BOX_HEADER = '[boxes."7a.n"]'


def test_a_misspelt_required_key_is_one_error_not_two(tmp_path):
    text = PROBLEM.replace('hints = ["nudge"', 'hintz = ["nudge"')
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == 'boxes."7a.n".hintz'
    assert issue.line == line_of(text, "hintz")
    assert "did you mean 'hints'? rename the key" in issue.message


def test_a_misspelt_key_next_to_the_real_one_says_to_remove_it(tmp_path):
    text = PROBLEM.replace('hints = ["nudge"', 'hintz = ["x"]\nhints = ["nudge"')
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert "already set, so remove this one" in issue.message


def test_a_duplicate_box_names_the_file_and_line_of_the_first(tmp_path):
    box = PROBLEM[PROBLEM.index('[boxes."7a.n"]') : PROBLEM.index('[[boxes."7a.n".mistakes]]')]
    other = PROBLEM.replace('id = "7"', 'id = "8"').replace('"7a', '"8a').replace('"7b', '"8b')
    other += "\n" + box
    files = {"p7.toml": PROBLEM, "p8.toml": other, "cards.toml": CARDS}
    issues = errors_of(write(tmp_path, files))
    dup = next(i for i in issues if "also defined" in i.message)
    assert dup.file == "p8.toml" and dup.line == line_of(other, BOX_HEADER)
    first = line_of(PROBLEM, BOX_HEADER)
    assert f"also defined in p7.toml:{first}" in dup.message


def test_an_unclosed_string_says_so_in_plain_words(tmp_path):
    text = PROBLEM.replace('prompt = "things"', 'prompt = "things')
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.line == line_of(text, 'prompt = "things')
    assert "a string is not closed on this line" in issue.message
    assert "'\\n'" not in issue.message  # not tomllib's "Illegal character '\n'"


def test_an_unclosed_list_at_the_end_points_at_where_it_opens(tmp_path):
    text = PROBLEM.replace(
        'hints = ["nudge", "closer", "the key step"]', 'hints = ["nudge", "closer"'
    )
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    # tomllib only knows "at end of document"; the list opens on the hints line
    assert issue.line == line_of(text, "hints = [")
    assert "never closed" in issue.message or "not closed" in issue.message


def test_a_list_left_open_before_the_next_key_names_the_line_it_opens_on(tmp_path):
    text = PROBLEM.replace(
        'hints = ["nudge", "closer", "the key step"]',
        'hints = [\n  "nudge",\n  "closer",\n  "the key step",\n\nfeedback = "Well done."',
    )
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.line == line_of(text, "feedback =")
    assert f"starts on line {line_of(text, 'hints = [')} is not closed" in issue.message


def test_a_table_declared_twice_names_the_first_declaration(tmp_path):
    text = PROBLEM + '\n[boxes."7a.n"]\nkind = "count"\n'
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.line == len(text.splitlines()) - 1
    assert "declared twice" in issue.message
    assert f"first declared on line {line_of(text, BOX_HEADER)}" in issue.message


def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS})
    (tmp_path / "p8.toml").write_bytes(b'schema = 1\n[problem]\ntitle = "caf\xe9"\n')
    issue = one_error(tmp_path)
    assert (issue.file, issue.line) == ("p8.toml", 3)
    assert "not UTF-8" in issue.message and "0xe9" in issue.message


def test_an_empty_file_is_called_empty(tmp_path):
    issue = one_error(write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS, "p9.toml": "\n"}))
    assert issue.file == "p9.toml" and "is empty" in issue.message


def test_the_report_names_the_directory_to_validate_again(tmp_path):
    text = PROBLEM.replace('kind = "count"', 'kind = "cuont"')
    with pytest.raises(ContentError) as info:
        load_content(write(tmp_path / "my content", {"p7.toml": text, "cards.toml": CARDS}))
    report = str(info.value)
    assert report.splitlines()[0] == f"{tmp_path / 'my content'}: the content does not load:"
    assert report.splitlines()[-1] == (
        f"fix these, then run 'hw3-tutor validate '{tmp_path / 'my content'}'' again"
    )


def test_a_file_given_for_the_directory_names_the_directory(tmp_path):
    write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS})
    with pytest.raises(MissingContentError) as info:
        load_content(tmp_path / "p7.toml")
    assert "is a file" in str(info.value) and str(tmp_path) in str(info.value)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", '"nan"'])
def test_a_given_that_is_not_a_finite_number_is_refused_at_its_line(tmp_path, value):
    # trial-instructor s6 2.6: it was reported at the answer line, in the student's words
    text = PROBLEM.replace('nouns = ["things"]', f'nouns = ["things"]\ngivens = {{ N = {value} }}')
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == 'boxes."7a.n".givens.N'
    assert issue.line == line_of(text, "givens")
    assert "is not allowed: a given is a finite number" in issue.message
    assert "instructor" not in issue.message


@pytest.mark.parametrize(
    ("rule", "key", "says"),
    [
        ("default = 12, range = [8, inf]", "range", "inf is not allowed: give a finite bound"),
        ("default = 12, range = [-inf, 20]", "range", "-inf is not allowed: give a finite bound"),
        ("default = nan, range = [8, 20]", "default", "nan is not allowed: give a finite number"),
        ("default = 12, range = [8, 20], step = inf", "step", "inf is not allowed"),
        ("default = 12, choices = [12, inf]", "choices", "inf is not allowed"),
    ],
)
def test_a_parameter_bound_that_is_not_finite_says_so(tmp_path, rule, key, says):
    # trial-instructor s6 2.7: inf is a TOML number, so "must be two numbers" misled
    params = f'cards = ["toy-card"]\n\n[parts.params]\nn = {{ {rule} }}\n'
    text = PROBLEM.replace('cards = ["toy-card"]\n', params, 1)
    issues = errors_of(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    issue = next(i for i in issues if i.key.startswith("parts[0].params.n"))
    assert issue.key == f"parts[0].params.n.{key}"
    assert says in issue.message
    assert issue.line == line_of(text, "n = {")


def test_a_box_listed_by_two_parts_is_one_error(tmp_path):
    # trial-instructor s6 3.7: "should be named '7b.<name>'" followed from it
    text = PROBLEM.replace('statement = "Why?"', 'statement = "Why?"\nboxes = ["7a.n"]')
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.message.startswith("box '7a.n' is already listed by part 7a")
    assert issue.key == "parts[1].boxes[0]"


def test_a_misnamed_box_in_one_part_still_says_how_to_name_it(tmp_path):
    text = PROBLEM.replace('boxes = ["7a.n"]', 'boxes = ["7b.n"]').replace('"7a.n"', '"7b.n"')
    issues = errors_of(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert any("should be named '7a.<name>'" in i.message for i in issues)
