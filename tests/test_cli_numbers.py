"""Numbers on the command line: one argument type per kind (a time bound, a count), so every
option refuses what makes no sense (``nan``, ``inf``, ``0``, ``-1``, ``1e308``) in one line,
never with a traceback, and never runs with a value that makes every check fail."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from cli_helpers import run_in_process

from tutor.cli.options import MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS

ROOT = Path(__file__).resolve().parent.parent
BAD_SECONDS = ("nan", "inf", "-inf", "0", "-1", "1e308", "0.01", "3601", "abc", "")


def one_line_refusal(r, option: str) -> str:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert f"argument {option}:" in last, r.stderr
    return last


@pytest.mark.parametrize("value", BAD_SECONDS)
@pytest.mark.parametrize(
    "command", [["validate"], ["grade", "5a.fwd", "20"], ["grade", "--batch", "-"]]
)
def test_every_timeout_refuses_what_is_no_time_bound(command, value):
    r = run_in_process([*command, f"--timeout={value}"])
    last = one_line_refusal(r, "--timeout")
    assert (
        f"give a number of seconds from {MIN_TIMEOUT_SECONDS:g} to {MAX_TIMEOUT_SECONDS:,g}" in last
    )
    assert repr(value) in last  # says what it was given


def test_a_timeout_in_range_is_taken():
    r = run_in_process(["grade", "5a.fwd", "20", "--timeout", "2.5", "--json"])
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["verdict"] == "correct"


@pytest.mark.parametrize(
    ("argv", "option", "said"),
    [
        (["review", "--top", "0"], "--top", "from 1 to 1,000, not '0'"),
        (["review", "--top", "nan"], "--top", "not 'nan'"),
        (["review", "--top", "1e9"], "--top", "not '1e9'"),
        (["review", "--jobs", "3"], "--jobs", "from 1 to 2, not '3'"),
        (["gradebook", ".", "--jobs", "0"], "--jobs", "from 1 to 2, not '0'"),
        (["validate", "--variants", "-1"], "--variants", "from 1 to 10,000, not '-1'"),
        (["validate", "--variants", "inf"], "--variants", "not 'inf'"),
    ],
)
def test_counts_say_their_range(argv, option, said):
    assert said in one_line_refusal(run_in_process(argv), option)


def _numeric_options(path: Path) -> list[str]:
    """``add_argument`` calls in ``path`` whose type is the bare ``int`` or ``float``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument":
            for kw in node.keywords:
                if kw.arg == "type" and isinstance(kw.value, ast.Name):
                    if kw.value.id in ("int", "float"):
                        found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_option_takes_a_bare_int_or_float():
    """Every numeric option, the commands' and the benchmarks' (``--runs``, sizes), goes
    through the shared types in ``tutor.cli.options``, which bound it."""
    files = [*sorted((ROOT / "tutor" / "cli").glob("*.py"))]
    files += sorted((ROOT / "benchmarks").glob("*.py"))
    files += sorted((ROOT / "scripts").glob("*.py"))
    bare = [where for path in files for where in _numeric_options(path)]
    assert bare == []
