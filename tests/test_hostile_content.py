"""Content is input too: a content file nested thousands deep, one of many megabytes, or a box
whose reading makes the parser backtrack is one clear content error for ``validate``, ``grade``
and the tutor, never a RecursionError, a runaway memory bill or minutes of waiting; and what
``validate`` prints from the content shows escape sequences, never obeys them."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_helpers import run_cli
from test_content import CARDS, PROBLEM, write

ROOT = Path(__file__).resolve().parent.parent

EXPRESSION_BOX = """
[[parts]]
id = "7c"
title = "A formula"
statement = "Which one?"
boxes = ["7c.f"]
solution = "This one."

[boxes."7c.f"]
kind = "expression"
prompt = "f"
answer = "2*X"
symbols = { x = {} }
definitions = { X = "{definition}" }
hints = ["nudge", "closer", "the key step"]

[[boxes."7c.f".tests]]
input = "2*X"
verdict = "correct"
"""


def content_with(tmp_path: Path, extra: str = "", definition: str = "x") -> Path:
    problem = PROBLEM + EXPRESSION_BOX.replace("{definition}", definition) + extra
    return write(tmp_path / "content", {"p7.toml": problem, "cards.toml": CARDS})


@pytest.mark.parametrize("depth", [20, 5_000])
def test_content_nested_too_deep_is_a_content_error_everywhere(tmp_path, capsys, depth):
    nested = "[" * depth + "]" * depth
    directory = content_with(tmp_path, f'\n[[boxes."7c.f".tests]]\ninput = {nested}\n')
    for argv in (
        ["validate", str(directory)],
        ["grade", "--content", str(directory), "7a.n", "20"],
        ["--content", str(directory)],  # the tutor itself: the report, no screen
    ):
        code, out, err = run_cli(argv, capsys)
        assert code == 1, (argv, out, err)
        assert "p7.toml: (file): nests lists or tables more than 16 deep" in out + err, argv


def test_an_oversized_content_file_is_refused_before_it_is_read(tmp_path, capsys):
    directory = content_with(tmp_path, "\n# " + "x" * (3 * 2**20) + "\n")
    code, out, _ = run_cli(["validate", str(directory)], capsys)
    assert code == 1 and "p7.toml: (file): is 3.0 MB; a content file holds at most 2 MB" in out


@dataclass(frozen=True)
class FakeVerdict:
    verdict: str
    note: str
    feedback: str = ""


def test_a_box_whose_reading_runs_out_of_time_is_one_error_and_checked_no_further(tmp_path):
    from tutor.authoring.validate import validate_content
    from tutor.content.loader import load_content

    content = load_content(content_with(tmp_path))
    calls: list[tuple[str, str]] = []

    def check(box, answer):
        calls.append((box.id, answer))
        if box.id == "7c.f":  # its reading never finishes: the worker's time bound answers
            return FakeVerdict("invalid", "invalid:timeout")
        return FakeVerdict(*{"20": ("correct", "correct")}.get(answer, ("incorrect", "x")))

    report = validate_content(content, check)
    mine = [f for f in report.failures if f.key.startswith('boxes."7c.f"')]
    assert len(mine) == 1 and mine[0].key == 'boxes."7c.f".definitions'
    assert "did not finish" in mine[0].got and "plain expression" in mine[0].fix
    assert [a for b, a in calls if b == "7c.f"] == ["2*X"]  # once, not once per check


SLOW_DEFINITION = "x not " + "aand" * 26 + "a!"  # the claim pattern backtracks on this


def test_validate_bounds_a_backtracking_definition_in_time(tmp_path):
    from tutor.content.loader import load_content
    from tutor.inputlang.reader import box_names, parse_answer
    from tutor.inputlang.values import ParseError

    box = load_content(content_with(tmp_path / "probe", definition="x")).boxes["7c.f"]
    probe = "x not " + "aand" * 18 + "a!"  # the same pattern, short enough to time
    t0 = time.perf_counter()
    try:
        parse_answer(probe, box_names(box))
    except ParseError:
        pass  # unreadable, as it should be: the question is how long that took
    if time.perf_counter() - t0 < 0.05:
        pytest.skip("the parser no longer backtracks on this pattern: nothing to bound")
    directory = content_with(tmp_path, definition=SLOW_DEFINITION)
    r = subprocess.run(
        [sys.executable, "-m", "tutor", "validate", str(directory), "--timeout", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    failing = [x for x in r.stdout.splitlines() if x.startswith("FAIL") and "7c.f" in x]
    # one failure for the box: its reading ran out of time, or (on a machine quick enough to
    # finish it) the definition was read and refused; never a hang, never one per check
    assert len(failing) == 1, r.stdout
    assert "did not finish" in failing[0] or "can't be read" in failing[0], r.stdout


def test_validate_prints_content_text_escaped(tmp_path, capsys):
    escape = "\\u001b]52;c;Y3VybCBldmlsIHwgc2g=\\u0007\\u202e"
    directory = content_with(tmp_path, f'\n[cards."{escape}"]\ntitle = "t"\nbody = "b"\nx = 1\n')
    code, out, err = run_cli(["validate", str(directory)], capsys)
    assert code == 1
    assert all(ch == "\n" or ch.isprintable() for ch in out + err), out
    assert "\\x1b]52;c;" in out
    code, out, err = run_cli(["validate", str(directory), "--json"], capsys)
    assert "\x1b" not in out and "\u202e" not in out


def test_a_symbol_domain_bound_that_is_not_finite_says_so(tmp_path):
    from tutor.content.issues import ContentError
    from tutor.content.loader import load_content

    directory = content_with(tmp_path)
    p7 = directory / "p7.toml"
    p7.write_text(
        p7.read_text().replace("symbols = { x = {} }", "symbols = { x = { domain = [1, inf] } }")
    )
    with pytest.raises(ContentError) as info:
        load_content(directory)
    [issue] = [i for i in info.value.issues if "domain" in i.key]
    assert "inf is not allowed: give a finite bound" in issue.message
