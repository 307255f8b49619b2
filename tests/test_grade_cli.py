"""hw3-tutor grade: single answers, --json, --batch JSON Lines, and its exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata

import pytest
import shipped_content
from cli_helpers import run_in_process

# the answers come from the shipped key, so editing the content does not break these tests
KEY = shipped_content.handout().boxes
FWD, DISK, VALUE = KEY["5a.fwd"], KEY["5c.loaddisk"], KEY["1b.value"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``hw3-tutor grade ARGS`` in-process (the checks run in the checker's own process)."""
    return run_in_process(["grade", *args], stdin or "")


def test_single_answer_for_a_person():
    p = run("5a.fwd", f"{FWD.answer} {FWD.nouns[0]}")  # the key with one of its nouns
    assert p.returncode == 0
    assert "correct" in p.stdout and "read as" in p.stdout


def test_invalid_answer_points_at_the_column():
    p = run("1b.value", "d1 + q")
    assert p.returncode == 0
    lines = p.stdout.splitlines()
    caret = next(line for line in lines if line.strip() == "^")
    answer_line = next(line for line in lines if "answer:" in line)
    assert answer_line[caret.index("^")] == "q"


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize(
    "answer, pointed_at",
    [
        ("d1 + " * 90 + "q + d1", "q"),  # 456 characters, the unknown name near the end
        ("d₂²·d₁ + " * 12 + "d1 + d2 + q" + " + d1" * 12, "q"),  # cut on both sides
        ("1/d1" + " + x" * 30_000, None),  # 120,004 characters: too long to read at all
    ],
)
def test_a_long_answer_is_echoed_as_a_window_with_the_caret_under_the_error(answer, pointed_at):
    p = run("1b.value", answer)
    assert p.returncode == 0 and "invalid" in p.stdout
    lines = p.stdout.splitlines()
    assert len(p.stdout) < 500  # the answer is never printed whole
    shown = next(line for line in lines if "answer:" in line)
    caret = next(line for line in lines if line.strip() == "^")
    assert cells(shown) <= 80 and cells(caret) <= 80  # one terminal line each: no wrapping
    at = cells(caret) - 1  # the cell of the caret: the character printed in that cell
    above = next(c for i, c in enumerate(shown) if cells(shown[:i]) == at)
    if pointed_at is not None:
        assert above == pointed_at
    else:  # where reading stopped: the answer's own text either side, cut marks at both ends
        assert shown.split("answer:", 1)[1].strip().startswith("…") and shown.endswith("…")
        assert above in "+ x"


def test_a_long_reading_is_echoed_by_its_start_and_its_end():
    answer = "d1 + " * 90 + "d2"
    p = run("1b.value", answer)
    read_as = next(line for line in p.stdout.splitlines() if "read as:" in line)
    assert len(read_as) <= 80 and read_as.endswith("d₁ + d₂")
    assert read_as.split("read as:", 1)[1].strip().startswith("d₁ + d₁")
    assert re.search(r" … \((\d+) characters\) … ", read_as)


def test_json_output_has_the_stable_fields():
    p = run("5c.loaddisk", f"at most {DISK.answer} {DISK.unit}", "--json")
    data = json.loads(p.stdout)
    assert set(data) == {"id", "box", "verdict", "feedback", "interpreted", "note", "ms"}
    assert data["verdict"] == "correct" and data["box"] == "5c.loaddisk"


def test_batch_keeps_order_and_reports_bad_lines():
    lines = [
        json.dumps({"id": 1, "box": "5a.fwd", "answer": FWD.answer}),
        "{not json",
        json.dumps({"id": "x", "box": "9z.nope", "answer": "1"}),
        json.dumps({"id": 4, "box": "5b.loadmem"}),
        json.dumps({"id": 5, "box": "1b.value", "answer": VALUE.answer}),
    ]
    p = run("--batch", "-", stdin="\n".join(lines) + "\n")
    assert p.returncode == 0
    out = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(out) == 5
    assert out[0]["id"] == 1 and out[0]["verdict"] == "correct"
    assert set(out[0]) == {"id", "box", "verdict", "feedback", "interpreted", "note", "ms"}
    assert "error" in out[1] and out[1]["line"] == 2
    assert out[2]["id"] == "x" and "unknown box" in out[2]["error"]
    assert out[3]["id"] == 4 and "answer" in out[3]["error"]
    assert out[4]["id"] == 5 and out[4]["verdict"] == "correct"


def test_batch_from_a_file(tmp_path):
    f = tmp_path / "answers.jsonl"
    mistake = FWD.mistakes[0]
    line = {"id": 7, "box": "5a.fwd", "answer": mistake.answer}
    f.write_text(json.dumps(line) + "\n", encoding="utf-8")
    p = run("--batch", str(f))
    assert json.loads(p.stdout)["note"] == f"mistake:{mistake.note}"


def test_usage_errors_exit_2_with_one_line():
    for args in (("9z.nope", "1"), ("5a.fwd",), ("--batch", "/no/such/file")):
        p = run(*args)
        assert p.returncode == 2, args
        assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


@pytest.mark.parametrize("answer", ["-1/sqrt(d1)", "-d1", "-(1/sqrt(d1))"])
def test_an_answer_starting_with_a_minus_sign_is_the_answer_not_an_option(answer):
    p = run("1a.constant", answer)
    assert p.returncode == 0, p.stderr
    assert "read as" in p.stdout and "unrecognized" not in p.stderr
    assert run("1a.constant", answer, "--json").returncode == 0


def test_a_stray_argument_says_how_to_pass_an_answer_starting_with_minus():
    p = run("1a.value", "d1", "-x")  # the answer is d1: -x is left over
    assert p.returncode == 2 and "unrecognized arguments: -x" in p.stderr
    assert "--" in p.stderr


def test_an_answer_with_bytes_that_are_not_utf8_is_refused_with_what_it_is():
    import os

    from tutor.cli.entry import main

    raw = os.fsdecode(b"\xff\xfe f(x)")  # what the command line gives for such bytes
    assert main(["grade", "4a.g", raw]) == 2


def test_a_part_without_parameters_names_the_handouts_numbers_not_an_empty_variant():
    done = run_in_process(["grade", "4d.gradF", "x", "--seed", "0"])
    assert done.returncode == 0
    assert done.stdout.rstrip().endswith("variant handout: the handout's numbers")
