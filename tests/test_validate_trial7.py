"""What ``validate`` tells an instructor about the slips of the seventh instructor's trial, each
made once in the trial's problem 7 (``trial7_p7.toml``: a count box over parameters with a
derivation whose target it is, in 7a; a proof box in 7b): one error at the slip's own file and
line, with what is wrong and how to fix it, and nothing that follows from it."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import run_in_process
from validate_helpers import content_with, fails, line_of

from tutor.paths import packaged_content_dir

P7 = (Path(__file__).parent / "trial7_p7.toml").read_text(encoding="utf-8")


def content(tmp_path: Path, *changes: tuple[str, str]) -> tuple[Path, list[str]]:
    """A content directory holding the trial's problem 7 with each ``(old, new)`` made."""
    return content_with(tmp_path, P7, *changes)


def load_errors(directory: Path, *args: str) -> tuple[int, list[str]]:
    """The exit code and each error line of content that does not load."""
    r = run_in_process(["validate", *args, str(directory)])
    shown = r.stderr.splitlines() + r.stdout.splitlines()
    return r.returncode, [x.strip() for x in shown if ".toml:" in x]


def test_the_trial_problem_is_clean(tmp_path):
    directory, _ = content(tmp_path)
    r = run_in_process(["validate", str(directory)])
    assert r.returncode == 0 and "content OK" in r.stdout, r.stdout


def test_a_derivation_target_of_another_parameterized_part_is_named_at_the_target(tmp_path):
    # trial 7, 2.1: the target's when was read with the derivation's parameters, and a bogus
    # error about a correct when in another file came out, with no line
    other = P7.replace('id = "7"', 'id = "8"').replace("7a", "8a").replace("7b", "8b")
    other = other.replace("(total - steps*n)^2 >= 1", '(total - steps*n)^2 >= 1", "n > k')
    other = other.replace('note = "one-step"', 'note = "one-step"\nwhen = "steps > 1"')
    directory, lines = content(tmp_path, ('target = "7a.total"', 'target = "8a.total"'))
    (directory / "p8.toml").write_text(other, encoding="utf-8")
    code, errors = load_errors(directory)
    assert code == 1
    assert errors == [
        f"p7.toml:{line_of(lines, 'target = ')}: boxes.\"7a.derive\".target: '8a.total' is a "
        "box of part 8a, not of 7a.derive's part; name the box of this part whose answer the "
        "derivation works out (7a.total)"
    ], errors


def test_a_part_id_repeated_in_its_own_file_is_one_error(tmp_path):
    # trial 7, 2.2: the second part's (empty) parameters replaced the first's, and 63
    # "declares no parameters" errors for the first part's texts came before the real one
    directory, lines = content(tmp_path, ('id = "7b"', 'id = "7a"'))
    code, errors = load_errors(directory)
    first, second = line_of(lines, "[[parts]]"), line_of(lines, 'id = "7a"', 1)
    assert code == 1
    assert errors == [
        f"p7.toml:{second}: parts[1].id: part '7a' is also defined "
        f"in p7.toml:{first}; part ids must be unique across all files "
        "(1 errors that follow from it, in its boxes' names and placeholders, are left out)"
    ], errors


def test_a_part_id_repeated_by_renaming_the_first_part_is_one_error(tmp_path):
    directory, lines = content(tmp_path, ('id = "7a"', 'id = "7b"'))
    code, errors = load_errors(directory)
    first, second = line_of(lines, "[[parts]]"), line_of(lines, 'id = "7b"', 1)
    assert code == 1
    assert errors == [
        f"p7.toml:{second}: parts[1].id: part '7b' is also defined "
        f"in p7.toml:{first}; part ids must be unique across all files "
        "(2 errors that follow from it, in its boxes' names and placeholders, are left out)"
    ], errors


NEGATIVE = (
    "fix: a count is never negative: fix the answer (where parameters give it: a constraint or "
    'narrower ranges that keep it 0 or more), or make the box kind = "number" if the answer may '
    "be negative"
)


def test_a_negative_count_key_fails_as_a_count_that_is_not_whole_does(tmp_path):
    # trial 7, 2.3: a key of -60 passed validate, and a student's "-60" was graded correct
    total = ('total = "steps*(n + bwd)"', 'total = "steps*(n + bwd) - 150"')
    directory, lines = content(tmp_path, total)
    r = run_in_process(["validate", str(directory)])
    assert r.returncode == 1
    found = [(x, fix) for x, fix in fails(r.stdout) if "counts something" in x]
    assert found == [
        (
            f'FAIL p7.toml:{line_of(lines, "answer = ")}: boxes."7a.total".answer: expected a '
            "whole number, 0 or more: a count box's answer counts something; got '-60' "
            "(negative)",
            NEGATIVE,
        )
    ], found


def test_a_count_key_negative_only_in_some_variants_fails_there_with_the_parameters(tmp_path):
    total = ('total = "steps*(n + bwd)"', 'total = "steps*(n + bwd) - 50"')
    directory, lines = content(tmp_path, total)
    r = run_in_process(["validate", "--variants", "10", str(directory)])
    assert r.returncode == 1
    found = [(x, fix) for x, fix in fails(r.stdout) if "counts something" in x]
    assert found, r.stdout
    at = line_of(lines, "answer = ")
    for x, fix in found:
        assert x.startswith(f'FAIL p7.toml:{at}: boxes."7a.total".answer in variant seed '), x
        assert "(n = 8, k = " in x and x.endswith("(negative)"), x
        assert fix == NEGATIVE


def test_a_lookalike_letter_in_a_box_name_is_refused_naming_the_code_point(tmp_path):
    # trial 7, 5.1: the same Cyrillic о everywhere passed, and `grade 7b.proof` then said
    # "unknown box '7b.proof'; did you mean 7b.prоof"
    odd = "7b.pr\u043eof"
    directory, lines = content(
        tmp_path,
        ('boxes = ["7b.proof"]', f'boxes = ["{odd}"]'),
        ('[boxes."7b.proof"]', f'[boxes."{odd}"]'),
    )
    text = "\n".join(lines).replace('boxes."7b.proof".tests', f'boxes."{odd}".tests')
    (directory / "p7.toml").write_text(text, encoding="utf-8")
    code, errors = load_errors(directory)
    assert code == 1
    header = f'[boxes."{odd}"]'
    assert errors == [
        f"p7.toml:{line_of(lines, header)}: boxes.\"{odd}\": '{odd}' is not a "
        "valid box id (U+043E CYRILLIC SMALL LETTER O at character 6); use letters, digits, - "
        "and _ on each side of the dot"
    ], errors


def test_a_lookalike_in_a_block_key_or_a_note_names_the_code_point(tmp_path):
    directory, _ = content(tmp_path, ('note = "one-step"', 'note = "one\uff0dstep"'))
    code, errors = load_errors(directory)
    assert code == 1
    assert any(
        "'one\uff0dstep' is not a valid note (U+FF0D FULLWIDTH HYPHEN-MINUS at character 4)" in x
        for x in errors
    ), errors
    directory, _ = content(tmp_path / "block", ('{ key = "x", text', '{ key = "\u0445", text'))
    code, errors = load_errors(directory)
    assert code == 1
    assert any(
        "'\u0445' is not a valid block key (U+0445 CYRILLIC SMALL LETTER HA at character 1)" in x
        for x in errors
    ), errors


def test_defaults_that_break_a_problem_constraint_are_one_error_at_the_constraint(tmp_path):
    # trial 7, 5.2: one error at [problem] and one at each [[parts]], none at the constraint
    summary = 'summary = "Count the forward work of a whole training run with checkpoints."'
    directory, lines = content(
        tmp_path,
        (
            summary,
            summary + '\nconstraints = ["w >= 2"]\n\n[problem.params]\n'
            "w = { default = 1, range = [1, 4] }",
        ),
    )
    code, errors = load_errors(directory)
    r = run_in_process(["validate", str(directory)])
    assert code == 1
    at = line_of(lines, 'constraints = ["w')
    assert errors == [
        f"p7.toml:{at}: problem.constraints[0]: the handout's "
        "parameters (the defaults) break the constraint 'w >= 2' (w = 1)"
    ], errors
    shown = r.stderr.splitlines() + r.stdout.splitlines()
    assert shown[shown.index("  " + errors[0]) + 1] == (
        "       fix: change a default in the params so that the constraint holds, or change the "
        "constraint if these values are meant to be allowed"
    )


def test_a_test_whose_reading_changes_with_the_values_is_not_told_of_a_mistake(tmp_path):
    # trial 7, 5.5: "2 {{fwd_below}}" is no answer at 9 but the number 2110 at 110, and the fix
    # said "two formulas meet ... a when on the mistake", where no mistake is involved
    p5 = (packaged_content_dir() / "p5.toml").read_text(encoding="utf-8")
    directory, lines = content_with(
        tmp_path,
        p5,
        ("every = { default = 5, range = [4, 8]", "every = { default = 5, range = [4, 24]"),
    )
    r = run_in_process(["validate", "--variants", "10", str(directory)])
    assert r.returncode == 1
    found = [(x, fix) for x, fix in fails(r.stdout) if "for input '2 " in x]
    assert found, r.stdout
    at = line_of(lines, 'input = "2 {{fwd_below}}"') - 1  # its [[boxes."5a.fwd".tests]]
    for x, fix in found:
        assert x.startswith(f"FAIL p7.toml:{at}: "), x
        assert fix == (
            "fix: the handout passes, so the test's input ('2 {{fwd_below}}' in the file) reads "
            "differently with this variant's values (no mistake is involved): write an input "
            "that reads the same whatever the values (their digits, their signs), or give the "
            "test a when for the variants where it holds (content/README.md, section 10)"
        )
