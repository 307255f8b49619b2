"""What ``validate`` tells an instructor about the mistakes of the second instructor's trial
(report section 3), each made once in the trial's problem 7 (``trial_p7.toml``, a small problem
of its own: an expression, an order, a choice and a proof box in 7a; a number, a count and a
derivation box over parameters in 7b): each is found at its file and line, with what is wrong
and how to fix it."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import run_in_process
from validate_helpers import content_with, fails, line_of

P7 = (Path(__file__).parent / "trial_p7.toml").read_text(encoding="utf-8")


def content(tmp_path: Path, *changes: tuple[str, str]) -> tuple[Path, list[str]]:
    """A content directory holding the trial's problem 7 with each ``(old, new)`` of ``changes`` made."""
    return content_with(tmp_path, P7, *changes)


def validate(directory: Path, *args: str) -> list[tuple[str, str]]:
    r = run_in_process(["validate", *args, str(directory)])
    return fails(r.stdout)


def test_the_trial_problem_is_clean(tmp_path):
    directory, _ = content(tmp_path)
    r = run_in_process(["validate", str(directory)])
    assert "content OK" in r.stdout, r.stdout


def test_a_unit_the_reader_does_not_know_is_an_error_with_the_known_units(tmp_path):
    """``unit = "furlongs"``: the preview would read a bare 45 as "45 furlongs" while a student
    typing "45 furlongs" is told the word is not read."""
    directory, lines = content(tmp_path, ('unit = "ns"', 'unit = "furlongs"'))
    found = [(x, fix) for x, fix in validate(directory) if ".unit" in x]
    ((x, fix),) = found
    assert x.startswith(f'FAIL p7.toml:{line_of(lines, "furlongs")}: boxes."7b.total".unit: ')
    assert "unit 'furlongs' is not one it reads" in x
    assert "write one of s, sec," in fix and "ns" in fix
    directory, _ = content(tmp_path / "typo", ('unit = "ns"', 'unit = "nsecss"'))
    ((x, fix),) = [(x, fix) for x, fix in validate(directory) if ".unit" in x]
    assert fix.startswith("fix: did you mean 'nsecs'?"), fix


EARLY = "What values can one entry of sign(G) take?"
HINT = "keep the answer for the last hint; an earlier hint points to the next step"


def one_leak(tmp_path: Path, old: str, new: str, where: str) -> tuple[str, str, list[str]]:
    directory, lines = content(tmp_path, (old, new))
    found = [(x, fix) for x, fix in validate(directory) if where in x and "7b.derive" not in x]
    assert len(found) == 1, found
    return found[0][0], found[0][1], lines


def test_a_hint_saying_the_answer_is_just_a_value_is_a_leak(tmp_path):
    x, fix, lines = one_leak(tmp_path, EARLY, "The RMS is just η, think about why.", "hints[0]")
    assert x == (
        f'FAIL p7.toml:{line_of(lines, "is just η")}: boxes."7a.rms".hints[0]: expected hint 1 '
        "not to show an answer to 7a.rms; got hint 1 contains 'η', which 7a.rms grades correct"
    )
    assert fix == f"fix: {HINT}"


def test_a_code_span_holding_the_key_in_a_hint_is_a_leak(tmp_path):
    x, fix, lines = one_leak(tmp_path, EARLY, "Try `eta`.", "hints[0]")
    assert x.startswith(f'FAIL p7.toml:{line_of(lines, "Try `eta`")}: boxes."7a.rms".hints[0]')
    assert x.endswith("got hint 1 contains 'eta', which 7a.rms grades correct")
    assert fix == f"fix: {HINT}"


def test_a_proof_hint_giving_the_order_of_the_blocks_is_a_leak(tmp_path):
    x, fix, lines = one_leak(
        tmp_path, '"Start from the signs."', '"The order is s e m r."', "hints[0]"
    )
    assert x == (
        f'FAIL p7.toml:{line_of(lines, "The order is s e m r")}: boxes."7a.proof".hints[0]: '
        "expected hint 1 not to give the order of 7a.proof's blocks; got hint 1 contains "
        "'s e m r', the order of 7a.proof's answer"
    )
    assert fix.startswith("fix: keep the order for the last hint")
    # the last hint may give it; commas and arrows are read as well
    directory, _ = content(
        tmp_path / "last",
        ('"Average, then take the root."', '"The order is s, e, m, r."'),
    )
    assert not [x for x in validate(directory) if "7a.proof" in x[0]]
    x, _, _ = one_leak(
        tmp_path / "arrows", '"Start from the signs."', '"s → e → m → r"', "hints[0]"
    )
    assert "'s → e → m → r', the order of 7a.proof's answer" in x


def test_an_order_hint_saying_how_it_grows_is_a_leak(tmp_path):
    first = "Write the Frobenius norm as a square root of a sum."
    x, fix, lines = one_leak(tmp_path, first, "It grows like √d₁.", '7a.growth".hints[0]')
    assert x == (
        f'FAIL p7.toml:{line_of(lines, "It grows like")}: boxes."7a.growth".hints[0]: expected '
        "hint 1 not to show an answer to 7a.growth; got hint 1 contains 'grows like √d₁', in "
        "symbols 'Θ(√d₁)', which 7a.growth grades correct"
    )
    assert fix == f"fix: {HINT}"
    # another order is no leak
    directory, _ = content(tmp_path / "other", (first, "It grows like d₁, or does it?"))
    assert not [x for x in validate(directory) if "7a.growth" in x[0]]


def test_a_hint_saying_the_value_in_number_words_is_a_leak(tmp_path):
    directory, lines = content(
        tmp_path,
        (
            "Add up the work and the overhead.",
            "The total is {{n|word}} times {{t|word}} plus {{o|word}}.",
        ),
    )
    found = [(x, fix) for x, fix in validate(directory) if '7b.total".hints[0]' in x]
    # "twelve" is 7b.steps's key (12), as "12" in digits would be: number words anywhere in
    # a hint are read as the digits are (trial-instructor s6 2.2)
    assert [x for x, _ in found if "answer to 7b.steps" in x and "'twelve'" in x]
    ((x, fix),) = [(x, fix) for x, fix in found if "answer to 7b.total" in x]
    assert x == (
        f'FAIL p7.toml:{line_of(lines, "The total is")}: boxes."7b.total".hints[0]: expected '
        "hint 1 not to show an answer to 7b.total; got hint 1 contains 'twelve times three plus "
        "nine', in symbols '12 * 3 + 9', which 7b.total grades correct"
    )
    assert fix == f"fix: {HINT}"


def test_a_pool_phrase_is_not_checked_against_another_problems_boxes(tmp_path):
    """A distractor reading like a box of problem 1 gives problem 1 nothing away: the pool is
    checked against the boxes of its own problem only."""
    directory, _ = content(
        tmp_path, ("Divide by the number of entries again.", "The RMS is η, the same for all.")
    )
    ((x, fix),) = [(x, fix) for x, fix in validate(directory) if "distractors" in x]
    assert "not to state the answer of 7a.rms, unsolved when it is shown" in x
    assert fix.startswith("fix: add '7a.rms' to after = [...] of 7a.proof")
    from shipped_content import handout

    from tutor.authoring.leaks import unsolved_with_pool

    shipped = handout()
    for problem in shipped.problems:
        for part in problem.parts:
            for box_id in part.boxes:
                if shipped.boxes[box_id].kind == "proof":
                    own = {b for p in problem.parts for b in p.boxes}
                    assert set(unsolved_with_pool(shipped, box_id)) <= own


def test_a_bidi_override_or_a_zero_width_character_in_a_text_is_an_error(tmp_path):
    """U+202E in a prompt would show the student 'W Δ' reversed; U+FEFF in a title hides in it."""
    directory, lines = content(
        tmp_path,
        ('prompt = "RMS(ΔW) ="', 'prompt = "RMS(\u202eΔW) ="'),
        ('title = "A timing check"', 'title = "A \ufefftiming check"'),
    )
    r = run_in_process(["validate", str(directory)])
    out = r.stdout + r.stderr
    assert r.returncode != 0
    prompt = line_of(lines, 'prompt = "RMS(')
    assert (
        f'p7.toml:{prompt}: boxes."7a.rms".prompt: has a right-to-left override (U+202E)'
        " at column 5 of the text, an invisible character that changes how the text "
        "shows (bidi overrides reorder it, zero-width ones hide in a word); remove it"
    ) in out, out
    assert (
        f"p7.toml:{line_of(lines, 'timing check')}: parts[1].title: has a zero-width no-break "
        "space (U+FEFF, a byte order mark) at column 3 of the text"
    ) in out, out


def test_a_key_written_for_the_handout_says_the_key_may_be_wrong_in_the_variant(tmp_path):
    """``answer = "{{n}}*3 + {{o}}"`` is right only where t = 3: the correct tests fail in the
    other variants, and the fix says the key may be wrong there (no mistake is involved), while
    the derivation judged by that box is one failure, not one per line and test."""
    directory, lines = content(
        tmp_path, ('answer = "{{total}}"\nunit', 'answer = "{{n}}*3 + {{o}}"\nunit')
    )
    found = validate(directory, "--variants", "4")
    tests = [(x, fix) for x, fix in found if '"7b.total".tests[0]' in x]
    assert tests, found
    x, fix = tests[0]
    at = line_of(lines, 'input = "{{total}}"')
    assert x.startswith(f"FAIL p7.toml:{at - 1}: "), x  # the test's [[…tests]] line
    assert fix == (
        "fix: the handout passes, so in this variant the key and this correct answer disagree: "
        "the key itself may be wrong here ('{{n}}*3 + {{o}}' in the file; a number written for "
        "the handout's values?): write it from the part's parameters and derived values, or fix "
        "the test's input"
    )
    assert not [x for x, fix in found if "two formulas meet" in fix and "7b.total" in x]
    derive = [(x, fix) for x, fix in found if "7b.derive" in x]
    assert derive and all(".target in variant" in x for x, _ in derive), derive
    assert derive[0][1] == "fix: fix 7b.total first"


def test_a_derivation_target_in_another_part_is_named(tmp_path):
    directory, lines = content(tmp_path, ('target = "7b.total"', 'target = "7a.rms"'))
    r = run_in_process(["validate", str(directory)])
    errors = [x.strip() for x in r.stderr.splitlines() + r.stdout.splitlines() if "p7.toml:" in x]
    assert r.returncode == 1
    assert errors == [
        f'p7.toml:{line_of(lines, "target = ")}: boxes."7b.derive".target: '
        "'7a.rms' is a box of part 7a, not of 7b.derive's part; name the box of this part "
        "whose answer the derivation works out (7b.total, 7b.steps)"
    ], errors


def test_a_derivation_target_that_asks_for_something_else_is_named(tmp_path):
    directory, lines = content(tmp_path, ('target = "7b.total"', 'target = "7b.steps"'))
    ((x, fix),) = validate(directory)
    assert x == (
        f'FAIL p7.toml:{line_of(lines, "target = ")}: boxes."7b.derive".target: expected '
        "target to name the box of 7b.derive's part whose answer its last line gives; got the "
        "key's last line gives T = 45, which 7b.steps (key '12') grades incorrect (incorrect): "
        "its unknown T is not what 7b.steps asks"
    )
    assert fix == "fix: make target the box whose answer T is, or fix the derivation's key"


def test_a_target_whose_own_key_fails_gives_one_failure_for_the_derivation(tmp_path):
    directory, lines = content(tmp_path, ('answer = "{{total}}"\nunit', 'answer = "1e400"\nunit'))
    found = validate(directory)
    assert [x.split(": ")[1] for x, _ in found] == [
        'boxes."7b.total".answer',
        'boxes."7b.derive".target',
    ], found
    x, fix = found[1]
    assert x.endswith(
        "expected 7b.total, the target of 7b.derive, to pass its own checks; got 7b.total fails "
        "above; 7b.derive's last line is judged by its key, so its checks were not run"
    )
    assert fix == "fix: fix 7b.total first"


def test_a_fix_showing_a_derivation_key_keeps_it_on_one_line(tmp_path):
    directory, _ = content(
        tmp_path,
        ('"You left out the launch overhead."', '"You left out the overhead: T = {{total}}."'),
    )
    found = [fix for x, fix in validate(directory) if "7b.derive grades correct" in x]
    assert found == [
        "fix: say what is off and point to the step that fixes it, without the result; the key "
        "of 7b.derive is 'T = 12*3 + 9 ⏎ T = 45'"
    ]


def test_a_choice_key_that_is_not_a_choice_letter_is_said_so_at_the_answers_line(tmp_path):
    directory, lines = content(tmp_path, ('answer = "a"\nchoices', 'answer = "e"\nchoices'))
    ((x, fix),) = validate(directory)
    at = line_of(lines, 'answer = "e"')
    assert x == (
        f'FAIL p7.toml:{at}: boxes."7a.norm".answer: expected a '
        "reference answer that is the letter of one of the box's choices; got answer 'e' is not "
        "one of the choices a, b, c, d (its 3 mistakes and 8 question tests were not run: each "
        "compares with it)"
    )
    assert fix == "fix: write the letter of the right choice (one of a, b, c, d), or add the choice"


def test_a_choice_key_in_a_lookalike_letter_names_the_letter(tmp_path):
    directory, lines = content(tmp_path, ('answer = "a"\nchoices', 'answer = "\u0430"\nchoices'))
    ((x, fix),) = validate(directory)
    assert (
        "got answer 'а' is not one of the choices a, b, c, d ('а' is U+0430 CYRILLIC SMALL "
        "LETTER A, not a Latin letter)"
    ) in x
    assert fix == "fix: retype the letter in plain ASCII (one of a, b, c, d)"
    directory, _ = content(
        tmp_path / "mistake", ('answer = "d"\nnote = "frob"', 'answer = "f"\nnote = "frob"')
    )
    ((x, fix),) = validate(directory)
    assert 'boxes."7a.norm".mistakes[2]: expected a known mistake that is the letter' in x
    assert x.endswith("got answer 'f' is not one of the choices a, b, c, d")


def test_a_duplicate_part_id_is_one_error_not_a_page_of_knock_on_errors(tmp_path):
    directory, lines = content(tmp_path, ('id = "7b"', 'id = "7a"'))
    r = run_in_process(["validate", str(directory)])
    errors = [x.strip() for x in r.stderr.splitlines() + r.stdout.splitlines() if "p7.toml:" in x]
    at = line_of(lines, 'id = "7a"', 1)
    assert errors == [
        f"p7.toml:{at}: parts[1].id: part '7a' is also defined in "
        "p7.toml:8; part ids must be unique across all files (3 errors that follow from it, "
        "in its boxes' names and placeholders, are left out)"
    ], errors


def test_an_id_with_a_combining_accent_names_the_character(tmp_path):
    directory, _ = content(tmp_path, ('id = "7b"', 'id = "7b\u0301"'))
    r = run_in_process(["validate", str(directory)])
    errors = [x.strip() for x in r.stderr.splitlines() + r.stdout.splitlines() if "p7.toml:" in x]
    assert len(errors) == 1, errors
    assert "is not a valid id (U+0301 COMBINING ACUTE ACCENT at character 3)" in errors[0]
