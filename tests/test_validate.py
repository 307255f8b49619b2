"""``hw3-tutor validate``: every check reports file:line, key, expected and got.

These tests drive the validator with a small table-driven checker, so they test
the validator itself; tests/test_validate_shipped.py runs the real checker over
the shipped content.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_content import CARDS, PROBLEM, line_of, write

from tutor.authoring.coverage import coverage_shortfalls
from tutor.authoring.markup import RenderIssue, hint_problem, render_issue
from tutor.authoring.validate import validate_content
from tutor.cli.validate import add_arguments, main
from tutor.content.issues import ContentError
from tutor.content.loader import load_content


@dataclass(frozen=True)
class FakeVerdict:
    verdict: str
    note: str
    feedback: str = ""


def table_checker(table: dict[str, tuple[str, str]]):
    """A checker that knows fixed answers: stripped input -> (verdict, note)."""

    def check(box, answer):
        key = answer.strip()
        if not key:
            return FakeVerdict("invalid", "invalid:empty")
        verdict, note = table.get(key, ("incorrect", "incorrect"))
        return FakeVerdict(verdict, note)

    return check


GOOD = table_checker({"20": ("correct", "correct"), "45": ("incorrect", "mistake:too-many")})


def test_clean_content_passes_and_counts_what_it_checked(tmp_path):
    content = load_content(write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS}))
    report = validate_content(content, GOOD)
    assert report.ok, [str(f) for f in report.failures]
    assert (report.files, report.problems, report.parts, report.boxes) == (2, 1, 2, 1)
    assert (report.tests_passed, report.tests_failed) == (1, 0)
    assert report.checks_failed == 0 and report.checks_passed > 0


def test_a_failing_question_test_reports_file_line_key_expected_and_got(tmp_path):
    text = PROBLEM + '\n[[boxes."7a.n".tests]]\ninput = "21"\nverdict = "correct"\n'
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    report = validate_content(content, GOOD)
    assert not report.ok
    assert (report.tests_passed, report.tests_failed) == (1, 1)
    (failure,) = report.failures
    assert failure.file == "p7.toml"
    assert failure.line == line_of(text, 'input = "21"') - 1
    assert failure.key == 'boxes."7a.n".tests[1]'
    assert "correct for input '21'" in failure.expected
    assert failure.got == "incorrect (incorrect)"


def test_a_note_mismatch_fails_even_when_the_verdict_is_right(tmp_path):
    text = (
        PROBLEM
        + '\n[[boxes."7a.n".tests]]\ninput = "45"\nverdict = "incorrect"\nnote = "mistake:other"\n'
    )
    text = text.replace(
        '[[boxes."7a.n".tests]]',
        '[[boxes."7a.n".mistakes]]\nanswer = "44"\nnote = "other"\nfeedback = "No."\n\n'
        '[[boxes."7a.n".tests]]',
        1,
    )
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    checker = table_checker(
        {
            "20": ("correct", "correct"),
            "45": ("incorrect", "mistake:too-many"),
            "44": ("incorrect", "mistake:other"),
        }
    )
    (failure,) = validate_content(content, checker).failures
    assert "mistake:other" in failure.expected and "mistake:too-many" in failure.got
    assert 'set verdict = "incorrect" and note = "mistake:too-many"' in failure.fix


def test_a_test_naming_a_mistake_the_box_does_not_have_suggests_the_closest(tmp_path):
    text = (
        PROBLEM
        + '\n[[boxes."7a.n".tests]]\ninput = "45"\nverdict = "incorrect"\nnote = "mistake:too-many!"\n'
    )
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    (failure,) = validate_content(content, GOOD).failures
    assert failure.key == 'boxes."7a.n".tests[1]'
    assert "no mistakes entry with note 'too-many!'" in failure.got
    assert failure.fix == 'did you mean note = "mistake:too-many"?'


def test_a_test_whose_verdict_contradicts_its_note_is_reported_before_checking(tmp_path):
    text = (
        PROBLEM
        + '\n[[boxes."7a.n".tests]]\ninput = "20"\nverdict = "incorrect"\nnote = "correct"\n'
    )
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    report = validate_content(content, GOOD)
    (failure,) = report.failures
    assert (report.tests_passed, report.tests_failed) == (1, 1)
    assert "verdict 'incorrect' with note 'correct'" in failure.got
    assert failure.fix.startswith('set verdict = "correct"')


def test_a_reference_answer_that_fails_its_own_box_is_reported(tmp_path):
    content = load_content(write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS}))
    report = validate_content(content, table_checker({"45": ("incorrect", "mistake:too-many")}))
    keys = [f.key for f in report.failures]
    assert 'boxes."7a.n".answer' in keys


def test_a_mistake_the_checker_cannot_tell_apart_is_reported(tmp_path):
    content = load_content(write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS}))
    lenient = table_checker({"20": ("correct", "correct"), "45": ("correct", "correct")})
    (failure,) = validate_content(content, lenient).failures
    assert failure.key == 'boxes."7a.n".mistakes[0]'
    assert "told apart" in failure.expected and failure.got == "correct (correct)"
    assert "reads '45' as equal to the reference '20'" in failure.fix


def test_a_mistake_that_is_the_reference_answer_itself_says_so(tmp_path):
    text = PROBLEM.replace('answer = "45"', 'answer = "20"')
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    (failure,) = validate_content(content, GOOD).failures
    assert failure.key == 'boxes."7a.n".mistakes[0]'
    assert "is the reference answer itself" in failure.fix
    assert "fix: " in str(failure)


def test_a_name_missing_from_symbols_is_named_with_how_to_declare_it(tmp_path):
    text = PROBLEM.replace('answer = "45"', 'answer = "eta*d1"')

    def check(box, answer):
        if answer == "eta*d1":
            return FakeVerdict(
                "invalid",
                "invalid:unknown-name",
                "I don't know the name 'd1' (column 5). This box knows: eta.",
            )
        return GOOD(box, answer)

    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    (failure,) = validate_content(content, check).failures
    assert "I don't know the name 'd1'" in failure.got
    assert "add it to the box's symbols (d1 = { domain = [0.5, 3] })" in failure.fix


def test_an_accepted_reading_must_get_its_verdict_and_note(tmp_path):
    text = PROBLEM.replace(
        '[[boxes."7a.n".mistakes]]',
        '[[boxes."7a.n".accept]]\nanswer = "19"\nnote = "off-by-one"\nverdict = "partial"\n\n'
        '[[boxes."7a.n".mistakes]]',
    )
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    (failure,) = validate_content(content, GOOD).failures
    assert failure.key == 'boxes."7a.n".accept[0]'
    assert failure.expected == "partial (accept:off-by-one)"
    ok = table_checker(
        {
            **{"20": ("correct", "correct")},
            "19": ("partial", "accept:off-by-one"),
            "45": ("incorrect", "mistake:too-many"),
        }
    )
    assert validate_content(content, ok).ok


def test_text_that_does_not_render_is_reported_where_it_is(tmp_path):
    text = PROBLEM.replace('"closer"', '"closer: $x^2"').replace(
        '"""Twenty."""', '"""Twenty {of them."""'
    )
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    failures = {f.key: f for f in validate_content(content, GOOD).failures}
    assert "unbalanced '$'" in failures['boxes."7a.n".hints[1]'].got
    assert failures['boxes."7a.n".hints[1]'].line == line_of(text, "hints =")
    assert "unclosed '{'" in failures["parts[0].solution"].got


def test_render_checks():
    assert render_issue("The cost is $O(n)$ and `a$b` is code.") is None
    assert render_issue("A literal \\$5 bill.") is None
    assert render_issue("$\\frac{1}{2}$") is None
    assert render_issue("   ") == RenderIssue("an empty text")
    issue = render_issue("$x")
    assert issue is not None and "unbalanced" in issue.message and issue.at == 0
    issue = render_issue("a } b")
    assert issue is not None and "'}'" in issue.message and issue.at == 2


def test_a_render_problem_says_where_in_the_text_it_is():
    """The '$' with no partner on its line, the '}' with no '{', the first '{' never closed:
    each at its own character, code spans and escapes passed over, with the words around it."""
    text = "Math $a$ here.\n`$` and \\$ are fine.\nIt costs $5 a day.\nAnd $b$ there."
    issue = render_issue(text)
    assert issue is not None and issue.at == text.index("$5")
    assert "'It costs $5 a day.'" in issue.message and "5 in the text" in issue.message
    text = "x^{2} and\ny^{3 and {z}"
    issue = render_issue(text)
    assert issue is not None and issue.at == text.index("{3")
    assert issue.message.startswith("1 unclosed '{': 'y^{3 and {z}'")


def test_a_hint_longer_than_three_short_lines_is_too_long():
    assert hint_problem("one line\ntwo\nthree") is None
    assert "4 lines" in hint_problem("one\ntwo\nthree\nfour")
    assert hint_problem("x" * 450) is not None


def test_an_early_hint_that_gives_the_answer_away_is_reported(tmp_path):
    text = PROBLEM.replace('answer = "20"', 'answer = "1/sqrt(d1)"').replace(
        '"nudge"', '"it is 1/sqrt(d1)"'
    )
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    failures = [f for f in validate_content(content, GOOD).failures if "hints" in f.key]
    assert [f.key for f in failures] == ['boxes."7a.n".hints[0]']


def test_an_early_hint_with_a_value_the_checker_grades_correct_is_reported(tmp_path):
    # not the reference text (too short to look for), but the checker knows it is right
    text = PROBLEM.replace('"nudge"', '"Count them: 10 + 10, which is 20."').replace(
        '"closer"', '"Ten things per half, 10 things in all is wrong."'
    )
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    checker = table_checker({"20": ("correct", "correct"), "10 things": ("incorrect", "incorrect")})
    (failure,) = [f for f in validate_content(content, checker).failures if "hints" in f.key]
    assert failure.key == 'boxes."7a.n".hints[0]'
    assert "contains '20'" in failure.got


def test_a_code_span_in_a_hint_is_checked_for_the_answer(tmp_path):
    text = PROBLEM.replace('"closer"', '"Type `2*10` and see."')
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    checker = table_checker({"20": ("correct", "correct"), "2*10": ("correct", "correct")})
    (failure,) = [f for f in validate_content(content, checker).failures if "hints" in f.key]
    assert failure.key == 'boxes."7a.n".hints[1]' and "'2*10'" in failure.got


def test_the_last_hint_may_give_the_answer(tmp_path):
    text = PROBLEM.replace('"the key step"', '"It is 20."')
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert validate_content(content, GOOD).ok


def test_coverage_rules_name_the_box_and_the_shortfall(tmp_path):
    content = load_content(write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS}))
    shortfalls = coverage_shortfalls(content)
    assert any("7a.n: 1 question tests" in s for s in shortfalls)
    assert any("7a.n: 0 known mistakes tested" in s for s in shortfalls)
    assert any("7a.n: 0 other correct answers tested" in s for s in shortfalls)
    assert any("7a.n: no test of an unmatched wrong answer" in s for s in shortfalls)
    assert any("7a.n: no test of an invalid input" in s for s in shortfalls)
    assert any("1 question tests in all" in s for s in shortfalls)


# -- the command ---------------------------------------------------------------------


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_the_command_prints_schema_errors_and_exits_1(tmp_path, capsys):
    text = PROBLEM.replace('kind = "count"', 'kind = "cuont"')
    write(tmp_path, {"p7.toml": text, "cards.toml": CARDS})
    assert main(parse([str(tmp_path)])) == 1
    out = capsys.readouterr().out
    assert f'p7.toml:{line_of(text, "cuont")}: boxes."7a.n".kind' in out
    assert "does not load" in out
    # the same report the tutor and grade print (ContentError's), naming the directory
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    assert out.strip() == str(info.value)
    assert f"run 'hw3-tutor validate {tmp_path}' again" in out


def test_the_command_reports_schema_errors_as_json(tmp_path, capsys):
    write(tmp_path, {"p7.toml": PROBLEM.replace('answer = "20"', "answer = 20")})
    assert main(parse([str(tmp_path), "--json"])) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert any('boxes."7a.n".answer' in e for e in data["schema_errors"])


def test_a_missing_directory_exits_2(tmp_path):
    from tutor.content.loader import MissingContentError

    with pytest.raises(MissingContentError) as info:
        main(parse([str(tmp_path / "nope")]))
    assert info.value.exit_code == 2


def test_two_different_directories_are_a_usage_error(tmp_path):
    from tutor.errors import UsageError

    with pytest.raises(UsageError):
        main(parse([str(tmp_path), "--content", str(tmp_path / "other")]))


def test_the_content_option_and_environment_pick_the_directory(tmp_path, monkeypatch, capsys):
    write(tmp_path, {"p7.toml": PROBLEM.replace('answer = "20"', "answer = 20")})
    assert main(parse(["--content", str(tmp_path)])) == 1
    assert str(Path(tmp_path)) in capsys.readouterr().out
    monkeypatch.setenv("HW3_TUTOR_CONTENT", str(tmp_path))
    assert main(parse([])) == 1
    assert 'boxes."7a.n".answer' in capsys.readouterr().out


def test_a_plot_name_the_registry_does_not_know_is_reported(tmp_path):
    text = PROBLEM.replace('cards = ["toy-card"]', 'cards = ["toy-card"]\nplot = "remat-shedule"')
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    (failure,) = validate_content(content, GOOD).failures
    assert failure.key == "parts[0].plot" and failure.line == line_of(text, "remat-shedule")
    assert "remat-schedule" in failure.got


def test_a_statement_that_shows_the_answer_in_an_example_is_reported(tmp_path):
    """Like 5a once did: 'type a number, e.g. `20`' where 20 is the answer."""
    leaky = PROBLEM.replace(
        'statement = """How many?"""', 'statement = """How many? Type a number, e.g. `20`."""'
    )
    assert leaky != PROBLEM
    content = load_content(write(tmp_path, {"p7.toml": leaky, "cards.toml": CARDS}))
    (failure,) = validate_content(content, GOOD).failures
    assert failure.key.endswith(".statement") and "7a.n" in failure.expected
    assert "'20'" in failure.got and "made-up example" in failure.fix
    # a made-up example is fine
    fine = PROBLEM.replace('statement = """How many?"""', 'statement = """How many? e.g. `7`."""')
    content = load_content(write(tmp_path / "ok", {"p7.toml": fine, "cards.toml": CARDS}))
    assert validate_content(content, GOOD).ok
