"""A practice variant's declarations that cannot be computed (a constraint that is no
comparison, an unknown name, an unclosed bracket, a derived value that divides by zero for some
seed's parameters) are each reported once, at the line of the declaration, with the column in
its expression and what to do, by the real ``validate``: never once a part or a seed, never a
traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_helpers import run_cli, run_in_process

from tutor.paths import packaged_content_dir


def with_file(
    tmp_path: Path, name: str, old: str, new: str, content: Path | None = None
) -> tuple[Path, list[str]]:
    """The packaged content copied (or the copy ``content`` already made), with ``old`` replaced
    by ``new`` in the file ``name``; the copy and the changed file's lines."""
    if content is None:
        content = tmp_path / "content"
        shutil.copytree(packaged_content_dir(), content)
    path = content / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return content, path.read_text(encoding="utf-8").splitlines()


def with_p5(tmp_path: Path, old: str, new: str) -> tuple[Path, list[str]]:
    """The packaged content copied, with ``old`` replaced by ``new`` in p5.toml; its lines."""
    return with_file(tmp_path, "p5.toml", old, new)


def line_of(lines: list[str], needle: str) -> int:
    (number,) = [n for n, line in enumerate(lines, start=1) if needle in line]
    return number


FIRST = '"2*every <= layers",'

# (what replaces what, the line that holds it, the key, what the message says, in order)
LOAD_ERRORS = {
    "two operators": (
        FIRST,
        FIRST + '\n    "every >>= 2",',
        '"every >>= 2"',
        "problem.constraints[1]",
        ["'every >>= 2': '>' then '>=' at column 7 is not a comparison", "write one of < <= > >= = !="],
    ),
    "a misspelt name on a side": (
        FIRST,
        '"2*every <= lyers",',
        "lyers",
        "problem.constraints[0]",
        ["the word 'lyers' at column 12 with a number", "did you mean 'layers'?"],
    ),
    "a misspelt name in a sum": (
        FIRST,
        '"2*every <= layers + lyers",',
        "lyers",
        "problem.constraints[0]",
        ["unknown name 'lyers' at column 21", "did you mean 'layers'?", "declared above it"],
    ),
    "an unclosed bracket": (
        '"(per_fwd - t_mem)^2 >= 1",',
        '"(per_fwd - t_mem^2 >= 1",',
        "(per_fwd - t_mem^2",
        "problem.constraints[7]",
        ["'(per_fwd - t_mem^2 >= 1': cannot be read: '(' at column 1 is never closed"],
    ),
    "no comparison": (
        FIRST,
        '"2*every",',
        '"2*every"',
        "problem.constraints[0]",
        ["'2*every': not a comparison; write e.g. 'every < layers'"],
    ),
    "a derived value with an unknown name": (
        'every_1 = "every + 1"',
        'every_1 = "2*evry + 1"',
        "every_1 =",
        "problem.derived.every_1",
        ["'2*evry + 1': unknown name 'evry' at column 3", "did you mean 'every'?"],
    ),
    "a derived value dividing by zero for the handout": (
        'every_1 = "every + 1"',
        'every_1 = "every + 1/(layers - 10)"',
        "every_1 =",
        "problem.derived.every_1",
        ["a division by zero (the '/' at column 10)", "layers = 10"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(LOAD_ERRORS))
def test_a_declaration_that_cannot_be_computed_is_one_error_at_its_line_and_column(tmp_path, case):
    old, new, needle, key, says = LOAD_ERRORS[case]
    content, lines = with_p5(tmp_path, old, new)
    r = run_in_process(["validate", str(content)])
    assert r.returncode == 1 and "Traceback" not in r.stdout + r.stderr, r.stderr
    errors = [x.strip() for x in r.stdout.splitlines() if x.startswith("  ")]
    # once, though problem 5's three parts each compute it
    assert len(errors) == 1, r.stdout
    assert errors[0].startswith(f"p5.toml:{line_of(lines, needle)}: {key}: "), errors[0]
    at = 0
    for part in says:
        at = errors[0].index(part, at)  # present, in this order
    assert r.stdout.rstrip().endswith(f"then run 'hw3-tutor validate {content}' again")
    # the tutor's other commands refuse the content with the same line
    grade = run_in_process(["grade", "5a.fwd", "20", "--content", str(content)])
    assert grade.returncode == 1 and errors[0] in grade.stderr + grade.stdout


@pytest.mark.slow
def test_a_derived_value_dividing_by_zero_for_some_seed_is_one_failure(tmp_path, capsys):
    """The handout is fine (layers = 10); some parameter sets of problem 5 have layers = 12.
    Found without --variants (validate computes every parameter set of a part with at most a
    few thousand), reported once
    however many seeds and parts meet it, and gone with the constraint the failure asks for."""
    content, lines = with_p5(
        tmp_path, 'every_1 = "every + 1"', 'every_1 = "every + 1"\nodd = "1/(layers - 12)"'
    )
    code, out, err = run_cli(["validate", str(content)], capsys)
    assert code == 1 and "Traceback" not in out + err, err
    shown = out.splitlines()
    ours = [n for n, x in enumerate(shown) if "odd" in x]
    assert len(ours) == 1, out
    fail, fix = shown[ours[0]], shown[ours[0] + 1]
    assert fail.startswith(f"FAIL p5.toml:{line_of(lines, 'odd =')}: problem.derived.odd: ")
    assert (
        "expected a value for every parameter set the constraints allow; got it cannot be " in fail
    )
    assert "parameter sets (every one was tried; the first that fails: " in fail
    assert "'1/(layers - 12)': a division by zero (the '/' at column 2)" in fail
    assert "layers = 12" in fail
    assert fix.strip().startswith("fix: add a constraint that rules these parameters out")
    assert sum(x.startswith("FAIL") for x in shown) == 1, out
    assert "content has failures" in out

    text = (content / "p5.toml").read_text(encoding="utf-8")
    (content / "p5.toml").write_text(text.replace(FIRST, FIRST + ' "layers != 12",'))
    code, out, _ = run_cli(["validate", str(content)], capsys)
    assert code == 0 and "content OK" in out, out
