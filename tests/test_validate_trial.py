"""What an instructor sees from ``hw3-tutor validate`` for the slips of a trial run: the shipped
content copied and broken one way at a time, and each slip reported once, at the file and line
where it is, with what to do (never a traceback, never a cascade of indirect failures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli, run_in_process
from test_validate_parameters import line_of, with_file

from tutor.authoring.coverage import box_shortfalls
from tutor.content.model import BoxSpec
from tutor.paths import packaged_content_dir


def load_errors(content: Path) -> tuple[list[str], str]:
    """The errors ``validate`` lists for content that does not load (and all it printed)."""
    r = run_in_process(["validate", str(content)])
    assert r.returncode == 1 and "Traceback" not in r.stdout + r.stderr, r.stderr
    assert "does not load" in r.stdout, r.stdout
    return [x.strip() for x in r.stdout.splitlines() if x.startswith("  ")], r.stdout


# -- a render failure is reported at its line ------------------------------------------------


def test_a_text_that_does_not_render_is_reported_at_the_line_of_the_problem(tmp_path, capsys):
    """An unbalanced '$' on a line inside 5a's statement (which starts on an earlier line) and
    an unclosed '{' in a card's body: each at the line it is on, not the key's first line."""
    content, lines = with_file(
        tmp_path,
        "p5.toml",
        "pass that computed the loss.\n",
        "pass that computed the loss. It costs $5.\n",
    )
    cards, card_lines = with_file(
        tmp_path, "cards.toml", "**Used with it.**", "**Used with it {always}.** And {so", content
    )
    assert cards == content
    code, out, err = run_cli(["validate", str(content)], capsys)
    assert code == 1 and "Traceback" not in out + err
    failed = [x for x in out.splitlines() if x.startswith("FAIL")]
    dollar = line_of(lines, "It costs $5.")
    assert dollar > line_of(lines, 'title = "fwd operations in one backward pass"') + 2
    assert f"FAIL p5.toml:{dollar}: parts[0].statement: expected text that renders; got an " in (
        "\n".join(failed)
    )
    (said,) = [x for x in failed if "parts[0].statement" in x]
    assert "'$'" in said and "It costs $5." in said
    (brace,) = [x for x in failed if x.startswith("FAIL cards.toml:")]
    assert brace.startswith(f"FAIL cards.toml:{line_of(card_lines, 'And {so')}: ")
    assert "1 unclosed '{'" in brace and "And {so" in brace
    assert len(failed) == 2, out


# -- control characters: each place once ---------------------------------------------------


def test_the_same_control_character_twice_on_a_line_is_one_error_naming_both_columns(tmp_path):
    content, lines = with_file(
        tmp_path,
        "p5.toml",
        'prompt = "fwd operations"',
        'prompt = "fwd \\u001b[31m oper\\u001b[0mations"',
    )
    content, lines = with_file(
        tmp_path,
        "p5.toml",
        "one backward pass through the whole network take? Leave out the initial forward\n"
        "pass that computed the loss.\n",
        "one backward pass through the \\u001bwhole network take? Leave out the initial forward\n"
        "pass that \\u001bcomputed the loss.\n",
        content,
    )
    errors, _ = load_errors(content)
    prompt = line_of(lines, 'prompt = "fwd \\u001b')
    assert errors[2] == (
        f'p5.toml:{prompt}: boxes."5a.fwd".prompt: has an escape character (ESC) at columns 5 '
        "and 15 of the text, which a terminal would act on; remove them"
    )
    # in a text over several lines, each line's own
    statement = [e for e in errors if "parts[0].statement" in e]
    whole, computed = line_of(lines, "u001bwhole"), line_of(lines, "u001bcomputed")
    assert statement == [
        f"p5.toml:{whole}: parts[0].statement: has an escape character (ESC) at column 31 "
        "of the text, which a terminal would act on; remove it",
        f"p5.toml:{computed}: parts[0].statement: has an escape character (ESC) at column 11 "
        "of the text, which a terminal would act on; remove it",
    ]
    assert len(errors) == 3, errors


# -- a typo in the id of a box's sub-table ----------------------------------------------------


def test_a_typo_in_the_box_id_of_a_table_header_is_one_error_with_the_closest_box(tmp_path):
    """[[boxes."5a.fdw".tests]] is not a box missing its kind, prompt, answer and hints (four
    errors with no line): it is one error at the header's line, naming the box it was meant
    for. The same for every table of an unknown box (accept, mistakes, a box in another file)."""
    content, _ = with_file(
        tmp_path,
        "p5.toml",
        '[[boxes."5a.fwd".tests]]\ninput = "{{fwd}} fwd"',
        '[[boxes."5a.fdw".tests]]\ninput = "{{fwd}} fwd"',
    )
    content, lines = with_file(
        tmp_path,
        "p5.toml",
        '[[boxes."5c.loaddisk".accept]]',
        '[[boxes."5c.loadisk".accept]]',
        content,
    )
    content, p1 = with_file(
        tmp_path,
        "p1.toml",
        "schema = 1\n",
        'schema = 1\n\n[[boxes."5b.loadmem".tests]]\ninput = "3"\nverdict = "incorrect"\n',
        content,
    )
    errors, _ = load_errors(content)
    fdw, loadisk = line_of(lines, "5a.fdw"), line_of(lines, "5c.loadisk")
    elsewhere = line_of(p1, '[[boxes."5b.loadmem".tests]]')
    defined = line_of(lines, '[boxes."5b.loadmem"]')
    assert errors == [
        f'p1.toml:{elsewhere}: boxes."5b.loadmem".tests[0]: tests for box 5b.loadmem '
        f"(p1.toml:{elsewhere}), which p5.toml:{defined} defines; a box's tables go in the file "
        """of its [boxes."5b.loadmem"]: move them there""",
        f'p5.toml:{fdw}: boxes."5a.fdw".tests[0]: tests for a box no file defines: 5a.fdw '
        f"(p5.toml:{fdw}); did you mean 5a.fwd? correct the id in the table header, or define "
        'the box with [boxes."5a.fdw"] (kind, prompt, answer, hints)',
        f'p5.toml:{loadisk}: boxes."5c.loadisk".accept[0]: accept for a box no file defines: '
        f"5c.loadisk (p5.toml:{loadisk}); did you mean 5c.loaddisk? correct the id in the "
        'table header, or define the box with [boxes."5c.loadisk"] (kind, prompt, answer, hints)',
    ]


def test_the_tables_of_a_listed_box_without_its_own_table_ask_for_that_table(tmp_path):
    """5b lists 5b.loadmem, whose [boxes."5b.loadmem"] is gone but its mistakes and tests are
    there: not a typo (no "did you mean" itself), one error asking for the box's table."""
    text = (packaged_content_dir() / "p5.toml").read_text(encoding="utf-8")
    start = text.index('[boxes."5b.loadmem"]')
    own = text[start : text.index('[[boxes."5b.loadmem".mistakes]]')]
    content, lines = with_file(tmp_path, "p5.toml", own, "")
    errors, _ = load_errors(content)
    mistakes = [n for n, x in enumerate(lines, start=1) if x == '[[boxes."5b.loadmem".mistakes]]']
    assert len(errors) == 1, errors
    assert errors[0].startswith(
        f'p5.toml:{mistakes[0]}: boxes."5b.loadmem".mistakes[0]: mistakes and tests for box '
        f"5b.loadmem (p5.toml:{mistakes[0]}, {mistakes[1]}, "
    ), errors[0]
    assert errors[0].endswith(
        'which a part lists but no file defines: add [boxes."5b.loadmem"] (kind, prompt, '
        "answer, hints) above them"
    )


# -- conditions over parameters: checked as the content loads ----------------------------------

WRONG_CONSTANT = 'note = "wrong-constant"\nwhen = "dist != sign"'
FIRST_CONSTRAINT = '"2*every <= layers",'

# (file, what replaces what, the line that holds it, the key, what the message says, in order)
CONDITIONS = {
    "a misspelt parameter in a when": (
        "p1.toml",
        WRONG_CONSTANT,
        WRONG_CONSTANT.replace("dist !=", "dst !="),
        'when = "dst != sign"',
        'boxes."1b.value".mistakes[3].when',
        ["'dst != sign': unknown name 'dst' at column 1", "did you mean 'dist'?", "part 1b"],
    ),
    "a misspelt value in a when": (
        "p1.toml",
        WRONG_CONSTANT,
        WRONG_CONSTANT.replace("!= sign", "!= sgn"),
        'when = "dist != sgn"',
        'boxes."1b.value".mistakes[3].when',
        [
            "'dist != sgn': 'sgn' at column 9 is not a value dist takes",
            "(one of gaussian, uniform, sign)",
            "did you mean 'sign'?",
        ],
    ),
    "one of a list of conditions, on a line of its own": (
        "p1.toml",
        WRONG_CONSTANT,
        'note = "wrong-constant"\nwhen = [\n  "dist != sign",\n  "s != 4",\n]',
        '"s != 4"',
        'boxes."1b.value".mistakes[3].when[1]',
        ["'s != 4': s never takes the value 4 (column 6)", "one of 0.5, 1, 2, 3", "always holds"],
    ),
    "a when that cannot be read": (
        "p1.toml",
        WRONG_CONSTANT,
        WRONG_CONSTANT.replace("dist != sign", "dist != sign)"),
        'when = "dist != sign)"',
        'boxes."1b.value".mistakes[3].when',
        ["'dist != sign)': cannot be read: ')' at column 13 closes no '('"],
    ),
    "a word compared with a number": (
        "p4.toml",
        'when = "family = mean"\nanswer = "f(x)*(x - mu)"',
        'when = "family = 2"\nanswer = "f(x)*(x - mu)"',
        'when = "family = 2"',
        'boxes."4a.g".mistakes[1].when',
        ["compares family, a word (one of mean, scale, rate), with the number '2' at column 10"],
    ),
    "a misspelt word in a constraint": (
        "p5.toml",
        FIRST_CONSTRAINT,
        FIRST_CONSTRAINT + ' "t_fwd != 12",',
        '"t_fwd != 12"',
        "problem.constraints[1]",
        ["'t_fwd != 12': t_fwd never takes the value 12", "one of 10, 15, 20, 25, 30, 40"],
    ),
    "a misspelt case of a select": (
        "p4.toml",
        'cases = { rate = "The score',
        'cases = { rte = "The score',
        'cases = { rte = "The score',
        "parts[0].derived.title.cases.rte",
        ["case 'rte' is not a value family takes (one of mean, scale, rate)", "did you mean 'rate'?"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CONDITIONS))
def test_a_condition_that_cannot_mean_what_it_says_is_one_error_at_its_line(tmp_path, case):
    """Comparing two words always computes, so a misspelt name or value in a when or a
    constraint was silently true (or false) in every variant: it is a load error, at its own
    line, with the column and the closest name or value."""
    file, old, new, needle, key, says = CONDITIONS[case]
    content, lines = with_file(tmp_path, file, old, new)
    errors, out = load_errors(content)
    assert len(errors) == 1, out
    (error,) = errors
    assert error.startswith(f"{file}:{line_of(lines, needle)}: {key or ''}"), error
    at = 0
    for part in says:
        at = error.index(part, at)  # present, in this order


# -- a variant's failure is said of the entry the file has -------------------------------------


def test_a_variant_failure_names_the_entry_of_the_file_and_what_its_when_lets_through(
    tmp_path, capsys
):
    """In the variants where dist = sign, 1b.value's mistakes[2] (its when: dist != sign) is
    left out, so the mistake after it is the box's mistakes[2] there: a failure of it must
    still name mistakes[3] at its own line. A when that is there but too wide is said so
    (not 'add a when')."""
    content, lines = with_file(
        tmp_path, "p1.toml", WRONG_CONSTANT, WRONG_CONSTANT.replace("!= sign", "!= uniform")
    )
    code, out, err = run_cli(["validate", str(content), "--variants", "1"], capsys)
    assert code == 1 and "Traceback" not in out + err
    shown = out.splitlines()
    header = line_of(lines, 'when = "dist != uniform"') - 3  # [[boxes."1b.value".mistakes]]
    assert lines[header - 1] == '[[boxes."1b.value".mistakes]]'
    (n,) = [n for n, x in enumerate(shown) if x.startswith("FAIL") and ".mistakes[" in x]
    assert shown[n].startswith(
        f'FAIL p1.toml:{header}: boxes."1b.value".mistakes[3] in variant seed 1 (dist = sign, '
    ), shown[n]
    assert "expected mistake 'wrong-constant'" in shown[n]
    fix = shown[n + 1].strip()
    assert fix.startswith(
        "fix: the handout passes, so in this variant two formulas meet, and the mistake's when "
        "('dist != uniform') holds here: narrow the when"
    ), fix


# -- the coverage rules of section 6, by box kind, each at its box's line ----------------------


def guide_example() -> str:
    """The complete problem of content/README.md, section 8 (it passes validate --strict)."""
    from test_content_guide import example_file

    return example_file()


def test_a_box_without_an_unmatched_or_an_invalid_test_fails_strict_at_its_line(tmp_path, capsys):
    """8 tests (5 correct, 3 known mistakes) are not the coverage section 6 asks for: it needs
    an unmatched wrong answer and an invalid input too. Plain validate warns, --strict fails,
    each shortfall at the line of the box."""
    text = guide_example()
    text = text.replace(
        'input = "sqrt(eta)"\nverdict = "incorrect"\nnote = "incorrect"',
        'input = "eta*1"\nverdict = "correct"',
    ).replace(
        'input = "eta +"\nverdict = "invalid"\nnote = "invalid:syntax"',
        'input = "1*eta"\nverdict = "correct"',
    )
    (tmp_path / "p7.toml").write_text(text, encoding="utf-8")
    box = line_of(text.splitlines(), '[boxes."7a.rms"]')
    shortfalls = [
        f'p7.toml:{box}: boxes."7a.rms": coverage: no test of an invalid input '
        '(verdict = "invalid"); write one',
        f'p7.toml:{box}: boxes."7a.rms": coverage: no test of an unmatched wrong answer '
        '(verdict = "incorrect", note = "incorrect"); write one',
    ]
    code, out, _ = run_cli(["validate", str(tmp_path)], capsys)
    assert code == 0 and "content OK" in out, out
    warned = [x for x in out.splitlines() if x.startswith("warning p7.toml")]
    assert warned == [f"warning {s}" for s in shortfalls], out
    code, out, _ = run_cli(["validate", str(tmp_path), "--strict"], capsys)
    assert code == 1 and "content has failures" in out, out
    assert [x for x in out.splitlines() if x.startswith("FAIL p7.toml")] == [
        f"FAIL {s}" for s in shortfalls
    ]


def shipped_box(box_id: str, **changes) -> BoxSpec:
    from dataclasses import replace

    import shipped_content

    return replace(shipped_content.handout().boxes[box_id], **changes)


def without(box_id: str, drop) -> BoxSpec:
    """A shipped box without the question tests ``drop(test)`` picks."""
    import shipped_content

    tests = shipped_content.handout().boxes[box_id].tests
    return shipped_box(box_id, tests=tuple(t for t in tests if not drop(t)))


def test_every_box_needs_its_reference_other_correct_answers_and_an_invalid_input():
    """The rules every kind has, value, choice, proof and derivation boxes alike."""
    what = {
        "5a.fwd": "answers",
        "3c.why": "answers",
        "1b.proof": "orders",
        "5c.derive": "derivations",
    }
    for box_id, others in what.items():
        assert box_shortfalls(shipped_box(box_id)) == [], box_id
        answer = "".join(shipped_box(box_id).answer.split())

        def as_written(t, answer=answer):
            return "".join(t.input.split()) == answer

        said = box_shortfalls(without(box_id, as_written))
        assert any(s.startswith("no test of the reference answer as written") for s in said)
        said = box_shortfalls(without(box_id, lambda t: t.verdict == "invalid"))
        assert 'no test of an invalid input (verdict = "invalid"); write one' in said
        only = without(box_id, lambda t, w=as_written: t.verdict == "correct" and not w(t))
        said = box_shortfalls(only)
        assert (
            f"0 other correct {others} tested (written unlike the reference answer); write at least 2"
            in said
        ), said


def test_a_value_box_needs_three_different_mistakes_and_an_unmatched_answer_tested():
    box = shipped_box("5a.fwd")
    assert len({t.note for t in box.tests if (t.note or "").startswith("mistake:")}) >= 3
    one = box.mistakes[0].note
    same = without(
        "5a.fwd", lambda t: (t.note or "").startswith("mistake:") and t.note != f"mistake:{one}"
    )
    assert box_shortfalls(same) == [
        '1 known mistakes tested (tests with different notes "mistake:..."); test at least 3'
    ]
    unmatched = without("5a.fwd", lambda t: t.note == "incorrect")
    assert box_shortfalls(unmatched) == [
        'no test of an unmatched wrong answer (verdict = "incorrect", note = "incorrect"); '
        "write one"
    ]


def test_a_choice_box_tests_its_wrong_choices_and_has_no_unmatched_answer():
    """Every wrong choice is a known mistake (section 3), so a choice box has no unmatched
    wrong answer to test; with three options it tests both wrong ones."""
    box = shipped_box("3c.why")
    assert not any(t.note == "incorrect" for t in box.tests) and box_shortfalls(box) == []
    right = box.answer.strip()
    wrong = [c for c in box.choices if c.key != right]
    three = shipped_box(
        "3c.why", choices=tuple(c for c in box.choices if c.key == right) + tuple(wrong[:2])
    )
    kept = {
        f"mistake:{m.note}" for m in box.mistakes if m.answer.strip() in {c.key for c in wrong[:2]}
    }
    tests = tuple(
        t for t in box.tests if not (t.note or "").startswith("mistake:") or t.note in kept
    )
    assert box_shortfalls(shipped_box("3c.why", choices=three.choices, tests=tests)) == []
    one = tuple(t for t in tests if t.note != sorted(kept)[0])
    assert box_shortfalls(shipped_box("3c.why", choices=three.choices, tests=one)) == [
        '1 known mistakes tested (tests with different notes "mistake:..."); test at least 2'
    ]
